package lambdabuild

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/layout"
)

const repoRoot = "../../.."

func TestToolsFindsEveryLambda(t *testing.T) {
	tools, err := Tools(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"calc", "echo", "random-image", "segment"} {
		if !slices.Contains(tools, want) {
			t.Errorf("tools %v lack %s", tools, want)
		}
	}
}

// treeHash hashes every file's relative path and content under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestBuildIsReproducible builds into two different folders: the outputs
// must be identical, whatever the output path (asset hashes depend on it)
// or the working directory, and no build trains the pinyin model. The
// Lambda is built twice; the layer, the costly part, is compiled once here
// from the repository's absolute path and compared with the main build's
// (make build's, compiled by another process in another folder from the
// repository's root, or by this test from a relative path when it is
// missing).
func TestBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a Lambda")
	}
	trained := pinyintrain.Trainings()
	main := layout.DictionaryLayer(filepath.Join(repoRoot, layout.BuildDir))
	if err := BuildDictionaryLayer(repoRoot, main); err != nil {
		t.Fatal(err)
	}
	// Compile the dictionary here, not copy the main build's.
	reuseMainBuild = false
	defer func() { reuseMainBuild = true }()
	a, b := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two", "nested")
	for _, out := range []string{a, b} {
		if err := BuildLambda(repoRoot, out, Lambda, "calc"); err != nil {
			t.Fatal(err)
		}
	}
	abs, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	before := compiles.Load()
	if err := BuildDictionaryLayer(abs, filepath.Join(a, "layers", "dictionary")); err != nil {
		t.Fatal(err)
	}
	if n, want := compiles.Load()-before, len(compiledFiles(abs, "", "")); n != int64(want) {
		t.Fatalf("compiled %d layer files, want all %d", n, want)
	}
	if n := pinyintrain.Trainings() - trained; n != 0 {
		t.Fatalf("the build trained the pinyin model %d times", n)
	}
	if ha, hb := treeHash(t, filepath.Join(a, "lambdas")), treeHash(t, filepath.Join(b, "lambdas")); ha != hb {
		t.Fatalf("Lambdas differ: %s vs %s", ha, hb)
	}
	if ha, hm := treeHash(t, filepath.Join(a, "layers", "dictionary")), treeHash(t, main); ha != hm {
		t.Fatalf("the layer compiled here differs from the main build's: %s vs %s", ha, hm)
	}
	bin, err := os.ReadFile(filepath.Join(a, "lambdas", "calc", "bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	// An ELF for arm64 (e_machine 183), with no trace of the build folder.
	if len(bin) < 20 || string(bin[1:4]) != "ELF" || bin[18] != 183 {
		t.Fatalf("bootstrap is not a linux/arm64 ELF")
	}
	if strings.Contains(string(bin), a) {
		t.Fatalf("bootstrap embeds its output path")
	}
	for _, f := range layout.DictFiles {
		if st, err := os.Stat(filepath.Join(a, "layers", "dictionary", "dict", f)); err != nil || st.Size() == 0 {
			t.Errorf("layer file %s: %v", f, err)
		}
	}
}

// TestLayerReusesTheMainBuild: a layer built elsewhere from the same inputs
// (local mode's) takes the main build's compiled dictionary instead of
// compiling it again, and the copy passes the full check.
func TestLayerReusesTheMainBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dictionary layer")
	}
	main := layout.DictionaryLayer(filepath.Join(repoRoot, layout.BuildDir))
	if err := BuildDictionaryLayer(repoRoot, main); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "layers", "dictionary")
	before := compiles.Load()
	if err := BuildDictionaryLayer(repoRoot, other); err != nil {
		t.Fatal(err)
	}
	if n := compiles.Load() - before; n != 0 {
		t.Errorf("compiled %d times instead of copying the main build's", n)
	}
	if treeHash(t, main) != treeHash(t, other) {
		t.Error("the layers differ")
	}
}
