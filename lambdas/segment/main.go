// Command segment is the Chinese word segmentation Lambda: GET|POST
// /segment and /keywords. At init it maps the compiled dictionary from the
// layer at /opt/dict, which takes milliseconds and little memory.
package main

import (
	"log/slog"
	"os"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/layout"
)

func main() {
	dir := layout.DictDir()
	seg, err := segmenter.Load(dir, segmenter.Options{})
	if err != nil {
		// Fail the init with the reason: Lambda reports it and retries on
		// the next request; a bad dictionary never gives wrong answers.
		slog.Error("load dictionary", "dir", dir, "error", err.Error())
		os.Exit(1)
	}
	svc, err := newService(seg)
	if err != nil {
		slog.Error("load dictionary", "dir", dir, "error", err.Error())
		os.Exit(1)
	}
	apigw.Start("segment", svc.handle, direct)
}
