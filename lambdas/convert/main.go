// Command convert is the simplified/traditional conversion Lambda:
// GET|POST /convert. At init it maps OpenCC's compiled dictionaries from
// the layer at /opt/dict, which costs a header check.
package main

import (
	"log/slog"
	"os"
	"path/filepath"

	"cloudtools/internal/chinese/zhconvert"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/layout"
)

func main() {
	dir := layout.DictDir()
	conv, err := zhconvert.Open(filepath.Join(dir, layout.ConvertFile))
	if err != nil {
		// Fail the init with the reason: Lambda reports it and retries on
		// the next request; a bad file never gives wrong answers.
		slog.Error("load conversion dictionaries", "dir", dir, "error", err.Error())
		os.Exit(1)
	}
	apigw.Start("convert", (&service{conv: conv}).handle, direct)
}
