package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-ego/gse"

	"cloudtools/internal/dictlayer"
)

// gseSegmenter adapts gse to the segmenter interface.
type gseSegmenter struct{ seg *gse.Segmenter }

// loadGse loads the layer's dictionary files from dir; never gse's embedded
// copy nor a path into the module cache.
func loadGse(dir string) (*gseSegmenter, error) {
	// gse lower-cases input by default, a package-level switch; words must
	// keep the caller's text exactly so that offsets point into it.
	gse.ToLower = false
	paths := make([]string, len(dictlayer.Files))
	for i, f := range dictlayer.Files {
		paths[i] = filepath.Join(dir, f)
		if _, err := os.Stat(paths[i]); err != nil {
			return nil, fmt.Errorf("dictionary file: %w", err)
		}
		if strings.Contains(paths[i], ",") {
			return nil, fmt.Errorf("dictionary path %q contains a comma, which gse cannot load", paths[i])
		}
	}
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDict(strings.Join(paths, ",")); err != nil {
		return nil, err
	}
	return &gseSegmenter{seg: seg}, nil
}

func (g *gseSegmenter) Cut(text string, hmm bool) []string { return g.seg.Cut(text, hmm) }
func (g *gseSegmenter) CutAll(text string) []string        { return g.seg.CutAll(text) }

func (g *gseSegmenter) Lookup(word string) (pos string, ok bool) {
	freq, pos, ok := g.seg.Find(word)
	return pos, ok && freq > 0
}
