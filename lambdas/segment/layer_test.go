package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudtools/internal/segdict"
	"cloudtools/internal/segmenter"
)

// TestLoadErrors: a dictionary that is missing, truncated or corrupt
// fails the init with a message naming the problem.
func TestLoadErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(testDictDir(t), segdict.FileName))
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	corrupt[len(corrupt)/2] ^= 0x40
	tests := map[string]struct {
		data []byte // nil: no file
		want string
	}{
		"missing":   {nil, "no such file"},
		"truncated": {good[:len(good)/3], "truncated"},
		"corrupt":   {corrupt, "checksum mismatch"},
		"not ours":  {[]byte(strings.Repeat("word 1 n\n", 100)), "bad magic"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.data != nil {
				if err := os.WriteFile(filepath.Join(dir, segdict.FileName), tc.data, 0o644); err != nil {
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
