package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
	"cloudtools/internal/layout"
)

// TestLoadErrors: a dictionary that is missing, truncated, foreign, of
// another version or with a corrupt header fails the init with a message
// naming the problem.
func TestLoadErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(testDictDir(t), layout.DictFile))
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	corrupt[100] ^= 0x40 // in the header
	version := append([]byte(nil), good...)
	version[8]++
	tests := map[string]struct {
		data []byte // nil: no file
		want string
	}{
		"missing":       {nil, "no such file"},
		"truncated":     {good[:len(good)/3], "truncated"},
		"corrupt":       {corrupt, "checksum mismatch"},
		"not ours":      {[]byte(strings.Repeat("word 1 n\n", 100)), "bad magic"},
		"other version": {version, "rebuild the dictionary"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.data != nil {
				if err := os.WriteFile(filepath.Join(dir, layout.DictFile), tc.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := segmenter.Load(dir, segmenter.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

// TestCorruptPage: a page of the dictionary that changed after the build
// passes the init (which does not read it) but is never used for an
// answer: the request that reads it gets a 500, and others still work.
func TestCorruptPage(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(testDictDir(t), layout.DictFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, layout.DictFile)
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	seg, err := segmenter.Load(dir, segmenter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Find the page that 信息 reads last in the Standard lexicon, and
	// corrupt it in a fresh copy.
	bad := append([]byte(nil), good...)
	off := pageOfWord(t, seg, "信息")
	bad[off+100] ^= 0x01
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	seg, err = segmenter.Load(dir, segmenter.Options{})
	if err != nil {
		t.Fatalf("init with a corrupt trie page: %v", err)
	}
	svc, err := newService(seg)
	if err != nil {
		t.Fatal(err)
	}
	res := apigwtest.Invoke(t, "segment", svc.handle, apigwtest.Event("GET", "/segment?text=信息", nil, ""))
	res.CheckJSONError(t, 500)
	res = apigwtest.Invoke(t, "segment", svc.handle, apigwtest.Event("GET", "/segment?style=jieba&text=abc", nil, ""))
	if res.Status != 200 {
		t.Fatalf("a request that reads no corrupt page: %d %s", res.Status, res.Body)
	}
}

// pageOfWord is the file offset of the page holding the trie node that
// ends word in the Standard lexicon.
func pageOfWord(t *testing.T, seg *segmenter.Segmenter, word string) int {
	t.Helper()
	lex := seg.Lexicon()
	node := segdict.Root
	for _, r := range word {
		var ok bool
		if node, ok = lex.Next(node, lex.Code(r)); !ok {
			t.Fatalf("%s is not in the lexicon", word)
		}
	}
	off, ok := lex.NodeOffset(node)
	if !ok {
		t.Fatal("no node offset")
	}
	return off &^ 4095
}
