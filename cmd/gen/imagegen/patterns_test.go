package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestCommittedImagesAreGenerated: assets/images holds exactly this
// generator's output (checked on amd64, where they were made), each a valid
// PNG under 200 KB.
func TestCommittedImagesAreGenerated(t *testing.T) {
	dir := t.TempDir()
	names, err := WriteAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 8 {
		t.Fatalf("%d images, want at least 8", len(names))
	}
	for _, name := range names {
		fresh, _ := os.ReadFile(filepath.Join(dir, name))
		committed, err := os.ReadFile(filepath.Join("..", "..", "..", "assets", "images", name))
		if err != nil {
			t.Fatalf("%s is not committed (run make images): %v", name, err)
		}
		// Other architectures may fuse multiply-adds and shift a pixel.
		if runtime.GOARCH == "amd64" && !bytes.Equal(fresh, committed) {
			t.Errorf("assets/images/%s differs from the generator's output (run make images)", name)
		}
		if len(fresh) > 200<<10 {
			t.Errorf("%s is %d bytes, over 200 KB", name, len(fresh))
		}
		img, err := png.Decode(bytes.NewReader(fresh))
		if err != nil || img.Bounds().Dx() != width || img.Bounds().Dy() != height {
			t.Errorf("%s does not decode as a %dx%d PNG: %v", name, width, height, err)
		}
	}
}
