package pinyintrain_test

import (
	"path/filepath"
	"runtime"
	"testing"

	"cloudtools/internal/chinese/g2peval"
	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/chinese/segmenter/segtest"
)

func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
}

// TestShippedModel: the committed weights are the ones the build would
// train from today's inputs (so no build trains), and the layer's model
// reads polyphones at the targets on sentences it never trained on: CPP
// dev's held-out fold (≥ 97.5 %) and g2pL's dev split (≥ 97 %).
func TestShippedModel(t *testing.T) {
	dict := segtest.DictDir(t)
	env, err := pinyintrain.Load(moduleRoot(), dict)
	if err != nil {
		t.Fatal(err)
	}
	digest, _, err := pinyintrain.ReadTrained(filepath.Join(env.Dir, pinyintrain.TrainedFile))
	if err != nil || digest != env.Digest {
		t.Fatalf("%s is stale (%v): its inputs changed; run `make pinyin-model` and commit it", pinyintrain.TrainedFile, err)
	}
	r, err := pinyin.Load(dict, segtest.Segmenter(t))
	if err != nil {
		t.Fatal(err)
	}
	gdev, err := g2peval.Read(filepath.Join(env.Dir, pinyintrain.G2pLDev))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		exs   []g2peval.Example
		floor float64
	}{
		{"CPP dev, held-out fold", env.Data.Fold(pinyintrain.HeldOutFold), 0.975},
		{"g2pL dev", gdev, 0.97},
	} {
		res := g2peval.Score(tc.exs, func(ex g2peval.Example) string { return pinyin.SyllableAt(r.Read(ex.Text), ex.At) }, nil)
		t.Logf("%s: %.2f %% of %d", tc.name, 100*res.Accuracy(), res.Total)
		if res.Accuracy() < tc.floor {
			t.Errorf("%s: %.2f %%, under %.1f %%", tc.name, 100*res.Accuracy(), 100*tc.floor)
		}
	}
}
