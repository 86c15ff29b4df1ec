// Package segtest gives tests the real compiled dictionary: the one the
// build puts in the layer, compiled first if the build has not run (the
// build skips the work when its inputs are unchanged).
package segtest

import (
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"cloudtools/internal/lambdabuild"
	"cloudtools/internal/segmenter"
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
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..", "..")
		layer := filepath.Join(root, "build", "layers", "dictionary")
		err = lambdabuild.BuildDictionaryLayer(root, layer)
		dir = filepath.Join(layer, "dict")
	})
	if err != nil {
		tb.Fatalf("build the dictionary layer: %v", err)
	}
	return dir
}

var (
	segOnce sync.Once
	seg     *segmenter.Segmenter
	segErr  error
)

// Segmenter returns a Segmenter over the built dictionary, shared by the
// tests of a package (it is safe for concurrent use).
func Segmenter(tb testing.TB) *segmenter.Segmenter {
	tb.Helper()
	d := DictDir(tb)
	segOnce.Do(func() { seg, segErr = segmenter.Load(d, segmenter.Options{}) })
	if segErr != nil {
		tb.Fatal(segErr)
	}
	return seg
}

var (
	jiebaOnce sync.Once
	jieba     *segmenter.Segmenter
	jiebaErr  error
)

// Jieba returns a Segmenter in jieba's style over the same dictionary.
func Jieba(tb testing.TB) *segmenter.Segmenter {
	tb.Helper()
	s := Segmenter(tb)
	jiebaOnce.Do(func() { jieba, jiebaErr = segmenter.New(s.Dict(), segmenter.Options{Jieba: true}) })
	if jiebaErr != nil {
		tb.Fatal(jiebaErr)
	}
	return jieba
}
