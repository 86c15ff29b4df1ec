// Command pinyin is the pinyin Lambda: GET|POST /pinyin. At init it maps
// the segmentation dictionary, the compiled readings and the context model
// for polyphonic characters from the layer at /opt/dict, which costs
// header checks.
package main

import (
	"log/slog"
	"os"

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
		if r, err = pinyin.Load(dir, seg); err == nil {
			apigw.Start("pinyin", (&service{reader: r}).handle, direct)
			return
		}
	}
	// Fail the init with the reason: Lambda reports it and retries on the
	// next request; a bad file never gives wrong answers.
	slog.Error("load dictionaries", "dir", dir, "error", err.Error())
	os.Exit(1)
}
