package pinyintrain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/g2peval"
	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/sections"
	"cloudtools/internal/layout"
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
	Network   *pinyin.Network
	// Counts are each character's readings in CPP's training labels,
	// aligned with every CPP dev fold but HeldOutFold (CountsWithout).
	Counts map[rune]map[string]int
	// phrases are the phrase table's words, each alone, one example per
	// character (Sources keeps those of characters the sentences label).
	phrases      []g2peval.Example
	PhraseWeight float32
	cppLabels    []string
	readings     func(rune) []string
}

// ReadData reads dir and counts CPP's training labels per character
// (CountsWithout); readings lists a character's readings, tone-marked.
func ReadData(dir, phrases string, readings func(rune) []string) (*Data, error) {
	d := Data{readings: readings, PhraseWeight: PhraseWeight}
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
	d.cppLabels = strings.Fields(string(raw))
	if d.Counts, err = d.CountsWithout(HeldOutFold); err != nil {
		return nil, err
	}
	if d.phrases, err = phraseExamples(phrases); err != nil {
		return nil, err
	}
	return &d, nil
}

// CountsWithout counts CPP's training labels per character (CountLabels),
// aligned with CPP dev without its fold held: the held fold's sentences
// take no part in the blocks' sizes or in the readings a label may be.
// Every character of CPP dev keeps its block, in the order the training
// labels follow: one whose dev examples are all in the held fold stands
// there with the least size (one) and its dictionary readings, so that its
// training labels are still its own, not folded into its neighbours'.
func (d *Data) CountsWithout(held int) (map[rune]map[string]int, error) {
	known := d.withoutFold(held)
	seen := map[rune][]string{}
	for _, ex := range known {
		seen[ex.Char] = append(seen[ex.Char], ex.Label)
	}
	var blocks []g2peval.Example
	for i, ex := range d.CPPDev {
		switch {
		case i%Folds != held:
			blocks = append(blocks, ex)
		case len(seen[ex.Char]) == 0 && (len(blocks) == 0 || blocks[len(blocks)-1].Char != ex.Char):
			blocks = append(blocks, g2peval.Example{Char: ex.Char}) // its place, not its sentence or label
		}
	}
	counts, err := CountLabels(blocks, slices.Clone(d.cppLabels), func(c rune) []string {
		var out []string
		for _, s := range d.readings(c) {
			out = append(out, pinyin.Numbered(s))
		}
		return append(out, seen[c]...)
	}, 80)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CPPTrainLabels, err)
	}
	return counts, nil
}

// PhraseWeight scales the phrase table's words as training examples.
var PhraseWeight float32 = 0.05

// phraseExamples reads the phrase table's source ("银行: yín háng" lines)
// into one example per character.
func phraseExamples(path string) ([]g2peval.Example, error) {
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
			out = append(out, g2peval.Example{Text: phrase, At: i, Char: c, Label: pinyin.Numbered(syllables[i])})
			i++
		}
	}
	return out, nil
}

// Sources are the training sources without CPP dev's fold held (−1: all
// of it): its other folds, g2pL's training split, and the phrase table's
// words for the characters those label.
func (d *Data) Sources(held int) []Source {
	cpp := d.withoutFold(held)
	out := []Source{{Examples: cpp}, {Examples: d.G2pLTrain, Curated: true}}
	if d.PhraseWeight > 0 {
		known := map[rune]bool{}
		for _, ex := range append(cpp[:len(cpp):len(cpp)], d.G2pLTrain...) {
			known[ex.Char] = true
		}
		var phrases []g2peval.Example
		for _, ex := range d.phrases {
			if known[ex.Char] {
				phrases = append(phrases, ex)
			}
		}
		out = append(out, Source{Examples: phrases, Phrases: true, Weight: d.PhraseWeight})
	}
	return out
}

// withoutFold is CPP dev without its k-th fold (−1: all of it).
func (d *Data) withoutFold(k int) []g2peval.Example {
	var out []g2peval.Example
	for i, ex := range d.CPPDev {
		if i%Folds != k {
			out = append(out, ex)
		}
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

// TrainerVersion names what training computes from the features: the
// averaged perceptron, the curated sets' weights, the label counts' alignment.
// Bump it with any change to that code (TestFeaturesKeepTheirVersion fails
// otherwise), then run `make pinyin-model`. Options are in the digest as
// values.
const TrainerVersion = 2

// Digest is a SHA-256 over what the trained weights depend on, by content
// only (no path, no name of a folder the build chose): the training data
// and network in dir, the phrase table's source, the layer's compiled
// segmentation dictionary and readings in dictDir, the feature and trainer
// versions and the training options. So a layer built in any folder, from
// any working directory, on any OS, finds the committed weights current,
// and only a change to what training computes makes them stale.
func Digest(dir, phrases, dictDir string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "features %d\ntrainer %d\noptions %+v phrase-weight %g folds %d held %d\n",
		pinyin.FeatureVersion, TrainerVersion, DefaultOptions, PhraseWeight, Folds, HeldOutFold)
	inputs := []struct{ what, path string }{
		{"cpp dev sentences", filepath.Join(dir, CPPDev+".sent")},
		{"cpp dev labels", filepath.Join(dir, CPPDev+".lb")},
		{"cpp train labels", filepath.Join(dir, CPPTrainLabels)},
		{"g2pl train sentences", filepath.Join(dir, G2pLTrain+".sent")},
		{"g2pl train labels", filepath.Join(dir, G2pLTrain+".lb")},
		{"network", filepath.Join(dir, NetworkFile)},
		{"phrase table source", phrases},
		{"segmentation dictionary", filepath.Join(dictDir, layout.DictFile)},
		{"readings", filepath.Join(dictDir, layout.PinyinFile)},
	}
	for _, in := range inputs {
		data, err := os.ReadFile(in.path)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", in.what, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Trained weights file sections.
const (
	secDigest      = "digest"
	secFingerprint = "fingerprint"
	secKeys        = "keys"
	secWeights     = "weights"
)

// Trained is what `make pinyin-model` commits: the weights, the digest of
// the inputs they were trained from, and the fingerprint of the feature
// and training code on a fixed sample (Fingerprint).
type Trained struct {
	Digest      string
	Fingerprint Fingerprint
	Weights     map[uint64]float32
}

// WriteTrained writes a model's weights with the digest of its inputs and
// the code's fingerprint.
func WriteTrained(path, digest string, fp Fingerprint, m *pinyin.Model) error {
	var b sections.Builder
	keys, weights := m.WeightTable()
	for _, err := range []error{b.Add(secDigest, []byte(digest)), b.Add(secFingerprint, []byte(fp.String())),
		b.AddUint64s(secKeys, keys), b.AddFloat32s(secWeights, weights)} {
		if err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// ReadTrained reads the weights WriteTrained wrote, with their digest and
// fingerprint.
func ReadTrained(path string) (*Trained, error) {
	f, err := sections.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := f.Verify(); err != nil {
		return nil, err
	}
	d, ok := f.Bytes(secDigest)
	fp, ok2 := f.Bytes(secFingerprint)
	keys, err1 := f.Uint64s(secKeys)
	ws, err2 := f.Float32s(secWeights)
	if !ok || !ok2 || err1 != nil || err2 != nil || len(keys) != len(ws) {
		return nil, fmt.Errorf("%s: %w", path, sections.ErrFormat)
	}
	t := &Trained{Digest: string(d), Weights: make(map[uint64]float32, len(keys))}
	if t.Fingerprint, err = ParseFingerprint(string(fp)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, k := range keys {
		t.Weights[k] = ws[i]
	}
	return t, nil
}
