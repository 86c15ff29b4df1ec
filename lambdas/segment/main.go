// Command segment is the Chinese word segmentation Lambda: GET|POST /segment.
// It reads its dictionary from the layer at /opt/dict once, at init.
package main

import (
	"log/slog"
	"os"

	"cloudtools/internal/apigw"
	"cloudtools/internal/dictlayer"
)

func main() {
	dir := os.Getenv(dictlayer.EnvDir)
	if dir == "" {
		dir = dictlayer.DefaultDir
	}
	seg, err := loadGse(dir)
	if err != nil {
		// Fail the init: Lambda reports it and retries on the next request.
		slog.Error("load dictionary", "dir", dir, "error", err.Error())
		os.Exit(1)
	}
	apigw.Start("segment", newService(seg).handle)
}
