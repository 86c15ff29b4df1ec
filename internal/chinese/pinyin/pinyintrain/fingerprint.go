package pinyintrain

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"strings"

	"cloudtools/internal/chinese/pinyin"
)

// Fingerprint is what the code computes on a fixed sample of the training
// data: the hash of every candidate's features (pinyin.FeatureVersion's
// business) and of the weights training learns from them
// (TrainerVersion's). `make pinyin-model` stores it beside the weights; a
// test computes it again while the inputs' digest holds, and a difference
// means code changed what training computes without its version.
//
// Arch is the GOARCH that computed it: Go may fuse a multiply and an add
// into one instruction on arm64 and not on amd64, so floating-point
// results, and the hashes, are only comparable on the same architecture.
type Fingerprint struct {
	Features, Trainer, Arch string
}

func (f Fingerprint) String() string {
	return "features " + f.Features + " trainer " + f.Trainer + " arch " + f.Arch
}

// ParseFingerprint reads what String wrote.
func ParseFingerprint(s string) (Fingerprint, error) {
	var f Fingerprint
	fields := strings.Fields(s)
	if len(fields) != 6 || fields[0] != "features" || fields[2] != "trainer" || fields[4] != "arch" {
		return f, fmt.Errorf("fingerprint %q: not \"features HASH trainer HASH arch GOARCH\"", s)
	}
	f.Features, f.Trainer, f.Arch = fields[1], fields[3], fields[5]
	return f, nil
}

// sampleEvery picks the fingerprint's sample: one example in this many of
// each sentence source, a few hundred in all, so that computing it takes
// about a second.
const sampleEvery = 40

// Fingerprint computes the code's fingerprint on the sample.
func (e *Env) Fingerprint() Fingerprint {
	sources := e.Data.Sources(HeldOutFold)
	var sample []Source
	for _, src := range sources {
		if src.Phrases {
			continue
		}
		picked := src
		picked.Examples = nil
		for i, ex := range src.Examples {
			if i%sampleEvery == 0 {
				picked.Examples = append(picked.Examples, ex)
			}
		}
		sample = append(sample, picked)
	}
	h := sha256.New()
	var buf [8]byte
	put := func(x uint64) {
		binary.LittleEndian.PutUint64(buf[:], x)
		h.Write(buf[:])
	}
	rm := e.Reader.WithModel(pinyin.NewModel(e.Data.Network, e.Data.Counts, Support(sources)))
	for _, src := range sample {
		for _, ex := range src.Examples {
			c := rm.Analyze(ex.Text)
			if ex.At >= len(c.Runes) || c.Runes[ex.At] != ex.Char {
				put(math.MaxUint64)
				continue
			}
			ctx := c.ContextFeatures(nil, ex.At)
			for k, cand := range c.Candidates(ex.At) {
				h.Write([]byte(cand))
				for _, f := range c.CandidateFeatures(nil, ctx, ex.At, k, cand) {
					put(f)
				}
				put(uint64(k))
			}
		}
	}
	features := hex.EncodeToString(h.Sum(nil))[:32]
	m, _ := Train(e.Reader, e.Data.Network, e.Data.Counts, sample, DefaultOptions)
	h.Reset()
	keys, weights := m.WeightTable()
	for i, k := range keys {
		put(k)
		put(uint64(math.Float32bits(weights[i])))
	}
	return Fingerprint{Features: features, Trainer: hex.EncodeToString(h.Sum(nil))[:32], Arch: runtime.GOARCH}
}
