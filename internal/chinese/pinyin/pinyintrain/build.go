package pinyintrain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/g2peval"
	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/sections"
)

// Dir holds the training data, g2pM's weights and the trained weights,
// relative to the module root.
const Dir = "assets/dict/pinyin/context"

// Files in Dir.
const (
	CPPDev         = "cpp-dev"      // .sent and .lb: CPP's dev split
	CPPTrainLabels = "cpp-train.lb" // CPP's training labels (its sentences are not in the repository)
	G2pLTrain      = "g2pl-train"   // .sent and .lb: g2pL's training split
	G2pLDev        = "g2pl-dev"     // .sent and .lb: g2pL's dev split, never trained on
	NetworkFile    = "g2pM.weights" // g2pM's network (convert_g2pm.py)
	TrainedFile    = "perceptron.weights"
)

// Folds of CPP's dev split: the k-th example of the split is in fold k mod
// Folds. The shipped model never trains on HeldOutFold, which tests and
// cmd/eval/pinyineval measure it on.
const (
	Folds       = 5
	HeldOutFold = 4
)

// Data is everything training reads.
type Data struct {
	CPPDev    []g2peval.Example
	G2pLTrain []g2peval.Example
	Counts    map[rune]map[string]int
	Network   *pinyin.Network
	// Phrases are the phrase table's words, each alone, with a reading of
	// a character the sentences label (PhraseWeight scales them).
	Phrases      []g2peval.Example
	PhraseWeight float32
}

// ReadData reads dir and counts CPP's training labels per character
// (CountLabels); readings lists a character's readings, tone-marked.
func ReadData(dir, phrases string, readings func(rune) []string) (*Data, error) {
	var d Data
	var err error
	if d.CPPDev, err = g2peval.Read(filepath.Join(dir, CPPDev)); err != nil {
		return nil, err
	}
	if d.G2pLTrain, err = g2peval.Read(filepath.Join(dir, G2pLTrain)); err != nil {
		return nil, err
	}
	if d.Network, err = pinyin.ReadNetwork(filepath.Join(dir, NetworkFile)); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(filepath.Join(dir, CPPTrainLabels))
	if err != nil {
		return nil, err
	}
	dev := map[rune][]string{}
	for _, ex := range d.CPPDev {
		dev[ex.Char] = append(dev[ex.Char], ex.Label)
	}
	d.Counts, err = CountLabels(d.CPPDev, strings.Fields(string(raw)), func(c rune) []string {
		var out []string
		for _, s := range readings(c) {
			out = append(out, pinyin.Numbered(s))
		}
		return append(out, dev[c]...)
	}, 80)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CPPTrainLabels, err)
	}
	known := map[rune]bool{}
	for _, ex := range append(d.CPPDev[:len(d.CPPDev):len(d.CPPDev)], d.G2pLTrain...) {
		known[ex.Char] = true
	}
	if d.Phrases, err = phraseExamples(phrases, known); err != nil {
		return nil, err
	}
	d.PhraseWeight = PhraseWeight
	return &d, nil
}

// PhraseWeight scales the phrase table's words as training examples.
var PhraseWeight float32 = 0.05

// phraseExamples reads the phrase table's source ("银行: yín háng" lines)
// into one example per character the sentences label.
func phraseExamples(path string, known map[rune]bool) ([]g2peval.Example, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []g2peval.Example
	for _, line := range strings.Split(string(raw), "\n") {
		line, _, _ = strings.Cut(line, "#")
		phrase, reading, ok := strings.Cut(line, ":")
		phrase = strings.TrimSpace(phrase)
		syllables := strings.Fields(reading)
		if !ok || len(syllables) != utf8.RuneCountInString(phrase) {
			continue
		}
		i := 0
		for _, c := range phrase {
			if known[c] {
				out = append(out, g2peval.Example{Text: phrase, At: i, Char: c, Label: pinyin.Numbered(syllables[i])})
			}
			i++
		}
	}
	return out, nil
}

// Sources are the training sources without CPP dev's fold held (−1: all
// of it).
func (d *Data) Sources(held int) []Source {
	var cpp []g2peval.Example
	for i, ex := range d.CPPDev {
		if i%Folds != held {
			cpp = append(cpp, ex)
		}
	}
	out := []Source{{Examples: cpp}, {Examples: d.G2pLTrain, Curated: true}}
	if d.PhraseWeight > 0 {
		out = append(out, Source{Examples: d.Phrases, Phrases: true, Weight: d.PhraseWeight})
	}
	return out
}

// Fold is CPP dev's k-th fold.
func (d *Data) Fold(k int) []g2peval.Example {
	var out []g2peval.Example
	for i, ex := range d.CPPDev {
		if i%Folds == k {
			out = append(out, ex)
		}
	}
	return out
}

// ReadingsOf lists a character's readings with r.
func ReadingsOf(r *pinyin.Reader) func(rune) []string {
	return func(c rune) []string {
		var out []string
		for _, s := range r.Readings(pinyin.Item{Text: string(c), Han: true}) {
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	}
}

// Digest is a SHA-256 over everything the trained weights depend on: the
// training data and network in dir, the pinyin data, the compiled
// segmentation dictionary, and the Go code of the packages that read
// them (under root).
func Digest(root, dir, segdict string, pinyinSources []string) (string, error) {
	files := []string{
		filepath.Join(dir, CPPDev+".sent"), filepath.Join(dir, CPPDev+".lb"),
		filepath.Join(dir, CPPTrainLabels),
		filepath.Join(dir, G2pLTrain+".sent"), filepath.Join(dir, G2pLTrain+".lb"),
		filepath.Join(dir, NetworkFile), segdict,
	}
	files = append(files, pinyinSources...)
	// The packages' own files (not their subpackages'): what reads the
	// data and computes the features.
	for _, pkg := range []string{"internal/chinese/pinyin", "internal/chinese/pinyin/pinyintrain", "internal/chinese/segmenter",
		"internal/chinese/segdict", "internal/chinese/g2peval", "internal/chinese/sections"} {
		entries, err := os.ReadDir(filepath.Join(root, pkg))
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				files = append(files, filepath.Join(root, pkg, n))
			}
		}
	}
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, f)
		if strings.HasPrefix(rel, "..") {
			rel = filepath.Base(f)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Trained weights file sections.
const (
	secDigest  = "digest"
	secKeys    = "keys"
	secWeights = "weights"
)

// WriteTrained writes a model's weights with the digest of its inputs.
func WriteTrained(path, digest string, m *pinyin.Model) error {
	var b sections.Builder
	keys, weights := m.WeightTable()
	for _, err := range []error{b.Add(secDigest, []byte(digest)), b.AddUint64s(secKeys, keys), b.AddFloat32s(secWeights, weights)} {
		if err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// ReadTrained reads the weights WriteTrained wrote, and their digest.
func ReadTrained(path string) (digest string, weights map[uint64]float32, err error) {
	f, err := sections.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	if err := f.Verify(); err != nil {
		return "", nil, err
	}
	d, ok := f.Bytes(secDigest)
	keys, err1 := f.Uint64s(secKeys)
	ws, err2 := f.Float32s(secWeights)
	if !ok || err1 != nil || err2 != nil || len(keys) != len(ws) {
		return "", nil, fmt.Errorf("%s: %w", path, sections.ErrFormat)
	}
	weights = make(map[uint64]float32, len(keys))
	for i, k := range keys {
		weights[k] = ws[i]
	}
	return string(d), weights, nil
}
