// Command pinyin is the pinyin Lambda: GET|POST /pinyin. At init it maps
// the segmentation dictionary and the compiled readings from the layer at
// /opt/dict, which costs header checks.
package main

import (
	"log/slog"
	"os"
	"path/filepath"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/layout"
)

func main() {
	dir := layout.DictDir()
	seg, err := segmenter.Load(dir, segmenter.Options{})
	if err == nil {
		var r *pinyin.Reader
		if r, err = pinyin.Open(filepath.Join(dir, layout.PinyinFile), seg); err == nil {
			apigw.Start("pinyin", (&service{reader: r}).handle, direct)
			return
		}
	}
	// Fail the init with the reason: Lambda reports it and retries on the
	// next request; a bad file never gives wrong answers.
	slog.Error("load dictionaries", "dir", dir, "error", err.Error())
	os.Exit(1)
}
