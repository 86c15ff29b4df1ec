package pinyintrain

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/pinyincompile"
	"cloudtools/internal/chinese/sections"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
)

// Env is what training and compiling read: the dictionary's Reader (the
// layer's compiled segmentation dictionary and pinyin tables), the data,
// and the digest of it all.
type Env struct {
	Reader *pinyin.Reader
	Data   *Data
	Digest string
	Dir    string
}

// Load reads the training inputs under root, with the compiled
// dictionaries in dictDir (the layer's dict/ folder).
func Load(root, dictDir string) (*Env, error) {
	seg, err := segmenter.Load(dictDir, segmenter.Options{})
	if err != nil {
		return nil, err
	}
	r, err := pinyin.Open(filepath.Join(dictDir, layout.PinyinFile), seg)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, Dir)
	data, err := ReadData(dir, filepath.Join(root, pinyincompile.SourceDir, pinyincompile.PhraseFile), ReadingsOf(r))
	if err != nil {
		return nil, err
	}
	digest, err := Digest(dir, filepath.Join(root, pinyincompile.SourceDir, pinyincompile.PhraseFile), dictDir)
	if err != nil {
		return nil, err
	}
	return &Env{Reader: r, Data: data, Digest: digest, Dir: dir}, nil
}

// Train trains the shipped model: every source but CPP dev's held-out
// fold.
func (e *Env) Train() (*pinyin.Model, Stats) {
	return Train(e.Reader, e.Data.Network, e.Data.Counts, e.Data.Sources(HeldOutFold), DefaultOptions)
}

// ErrStale says the committed weights were trained from other inputs:
// `make pinyin-model` trains them again. No build trains.
var ErrStale = errors.New("stale")

// Trained reads the committed weights, and fails with ErrStale unless they
// were trained from these inputs.
func (e *Env) Trained() (*Trained, error) {
	path := filepath.Join(Dir, TrainedFile)
	t, err := ReadTrained(filepath.Join(e.Dir, TrainedFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s is missing: run `make pinyin-model`: %w", path, ErrStale)
	case err != nil:
		return nil, fmt.Errorf("%s: %v: run `make pinyin-model`: %w", path, err, ErrStale)
	case t.Digest != e.Digest:
		return nil, fmt.Errorf("%s is %w: its inputs changed since it was trained; run `make pinyin-model` and commit it", path, ErrStale)
	}
	return t, nil
}

// Model is the shipped model, from the committed weights.
func (e *Env) Model() (*pinyin.Model, error) {
	t, err := e.Trained()
	if err != nil {
		return nil, err
	}
	m := pinyin.NewModel(e.Data.Network, e.Data.Counts, Support(e.Data.Sources(HeldOutFold)))
	m.SetWeights(t.Weights)
	return m, nil
}

// Compile writes the layer's context file: the shipped model, its
// counts and g2pM's network. It reads the layer's compiled dictionaries
// in dictDir, and fails (ErrStale) where the committed weights are stale.
func Compile(root, dictDir string) ([]byte, error) {
	env, err := Load(root, dictDir)
	if err != nil {
		return nil, fmt.Errorf("pinyin context model: %w", err)
	}
	m, err := env.Model()
	if err != nil {
		return nil, err
	}
	data, err := m.Encode()
	if err != nil {
		return nil, err
	}
	return data, Verify(data)
}

// Verify checks a compiled context file whole.
func Verify(data []byte) error {
	f, err := sections.Parse(sections.Aligned(data))
	if err != nil {
		return err
	}
	m, err := pinyin.ParseModel(f)
	if err != nil {
		return err
	}
	return m.Verify()
}
