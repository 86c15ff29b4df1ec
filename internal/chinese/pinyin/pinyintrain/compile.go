package pinyintrain

import (
	"fmt"
	"log"
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
	digest, err := Digest(root, dir, filepath.Join(dictDir, layout.DictFile), pinyincompile.Sources(filepath.Join(root, pinyincompile.SourceDir)))
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

// Model is the shipped model: the committed weights when they were
// trained from these inputs, else a model trained now (with a warning:
// `make pinyin-model` commits it, and keeps training out of the build).
func (e *Env) Model() (*pinyin.Model, error) {
	digest, weights, err := ReadTrained(filepath.Join(e.Dir, TrainedFile))
	if err == nil && digest == e.Digest {
		m := pinyin.NewModel(e.Data.Network, e.Data.Counts, Support(e.Data.Sources(HeldOutFold)))
		m.SetWeights(weights)
		return m, nil
	}
	reason := "its inputs changed"
	if err != nil {
		reason = err.Error()
	}
	log.Printf("pinyin context model: training (%s/%s is stale: %s; `make pinyin-model` commits a new one)", Dir, TrainedFile, reason)
	m, _ := e.Train()
	return m, nil
}

// Compile writes the layer's context file: the shipped model, its
// counts and g2pM's network. It reads the layer's compiled dictionaries
// in dictDir.
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
