// Package segtest gives tests the real compiled dictionary: the one the
// build puts in the layer, compiled first if the build has not run (the
// build skips the work when its inputs are unchanged).
package segtest

import (
	"path/filepath"
	"sync"
	"testing"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

var (
	once sync.Once
	dir  string
	err  error
)

// DictDir returns the folder holding the built dictionary.
func DictDir(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		var root string
		if root, err = layout.ModuleRoot(); err != nil {
			return
		}
		layer := layout.DictionaryLayer(filepath.Join(root, layout.BuildDir))
		err = lambdabuild.BuildDictionaryLayer(root, layer)
		dir = filepath.Join(layer, layout.LayerDictDir)
	})
	if err != nil {
		tb.Fatalf("build the dictionary layer: %v", err)
	}
	return dir
}

// loaded holds the two styles' segmenters over the built dictionary,
// shared by the tests of a package (they are safe for concurrent use).
var loaded struct {
	once       sync.Once
	def, jieba *segmenter.Segmenter
	err        error
}

func load(tb testing.TB) {
	tb.Helper()
	d := DictDir(tb)
	loaded.once.Do(func() {
		if loaded.def, loaded.err = segmenter.Load(d, segmenter.Options{}); loaded.err == nil {
			loaded.jieba, loaded.err = segmenter.New(loaded.def.Dict(), segmenter.Options{Jieba: true})
		}
	})
	if loaded.err != nil {
		tb.Fatal(loaded.err)
	}
}

// Segmenter returns the default style's Segmenter over the built
// dictionary.
func Segmenter(tb testing.TB) *segmenter.Segmenter {
	tb.Helper()
	load(tb)
	return loaded.def
}

// Jieba returns a Segmenter in jieba's style over the same dictionary.
func Jieba(tb testing.TB) *segmenter.Segmenter {
	tb.Helper()
	load(tb)
	return loaded.jieba
}
