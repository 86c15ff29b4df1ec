package pinyin

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/sections"
)

// The build side of the model: g2pM's released weights read, a model
// assembled in memory for training, and written out for the layer.

// g2pM's special tokens (its BOS and EOS are Hangul syllables).
const (
	netUnknown = "<UNK>"
	netBegin   = "시"
	netEnd     = "끝"
)

// ReadNetwork reads g2pM's weights as convert_g2pm.py writes them and
// precomputes each character's input projections.
func ReadNetwork(path string) (*Network, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	bad := func(what string) (*Network, error) { return nil, fmt.Errorf("%s: %s", path, what) }
	if len(data) < 8 || string(data[:8]) != "G2PMWTS1" {
		return bad("not a g2pM weights file")
	}
	p := data[8:]
	u32 := func() (uint32, bool) {
		if len(p) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(p)
		p = p[4:]
		return v, true
	}
	strs := func() ([]string, bool) {
		n, ok := u32()
		if !ok {
			return nil, false
		}
		out := make([]string, 0, n)
		for range n {
			if len(p) < 1 || len(p) < 1+int(p[0]) {
				return nil, false
			}
			out = append(out, string(p[1:1+int(p[0])]))
			p = p[1+int(p[0]):]
		}
		return out, true
	}
	chars, ok1 := strs()
	classes, ok2 := strs()
	if !ok1 || !ok2 {
		return bad("truncated vocabulary")
	}
	tensors := map[string][]float32{}
	shapes := map[string][]int{}
	n, ok := u32()
	for range n {
		if !ok || len(p) < 1 || len(p) < 2+int(p[0]) {
			return bad("truncated tensors")
		}
		name := string(p[1 : 1+int(p[0])])
		dims := int(p[1+int(p[0])])
		p = p[2+int(p[0]):]
		size := 1
		var shape []int
		for range dims {
			d, ok := u32()
			if !ok {
				return bad("truncated tensors")
			}
			shape = append(shape, int(d))
			size *= int(d)
		}
		if len(p) < 4*size {
			return bad("truncated tensor " + name)
		}
		t := make([]float32, size)
		for i := range t {
			t[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
		}
		p = p[4*size:]
		tensors[name], shapes[name] = t, shape
	}
	emb, embShape := tensors["embedding.weight"], shapes["embedding.weight"]
	whh := shapes["lstm.weight_hh_l0"]
	fc0, fc1 := shapes["logit_layer.0.weight"], shapes["logit_layer.2.weight"]
	if len(embShape) != 2 || embShape[0] != len(chars) || len(whh) != 2 || whh[0] != 4*whh[1] ||
		len(fc0) != 2 || fc0[1] != 2*whh[1] || len(fc1) != 2 || fc1[0] != len(classes) || fc1[1] != fc0[0] {
		return bad("unexpected tensor shapes")
	}
	rows, width, h := embShape[0], embShape[1], whh[1]
	m := &Network{hidden: h,
		whhFw: tensors["lstm.weight_hh_l0"], whhBw: tensors["lstm.weight_hh_l0_reverse"],
		fc0w: tensors["logit_layer.0.weight"], fc0b: tensors["logit_layer.0.bias"],
		fc1w: tensors["logit_layer.2.weight"], fc1b: tensors["logit_layer.2.bias"]}
	project := func(wih, bih, bhh []float32) []float32 {
		out := make([]float32, rows*4*h)
		for r := range rows {
			e := emb[r*width : (r+1)*width]
			for g := range 4 * h {
				w := wih[g*width : (g+1)*width]
				s := bih[g] + bhh[g]
				for k, x := range e {
					s += float32(w[k] * x)
				}
				out[r*4*h+g] = s
			}
		}
		return out
	}
	m.projFw = project(tensors["lstm.weight_ih_l0"], tensors["lstm.bias_ih_l0"], tensors["lstm.bias_hh_l0"])
	m.projBw = project(tensors["lstm.weight_ih_l0_reverse"], tensors["lstm.bias_ih_l0_reverse"], tensors["lstm.bias_hh_l0_reverse"])
	type entry struct{ c, row uint32 }
	var vocab []entry
	specials := map[string]*uint32{netUnknown: &m.unk, netBegin: &m.bos, netEnd: &m.eos}
	for i, c := range chars {
		if dst, ok := specials[c]; ok {
			*dst = uint32(i)
			delete(specials, c)
			continue
		}
		if r, n := utf8.DecodeRuneInString(c); n == len(c) && r != utf8.RuneError {
			vocab = append(vocab, entry{uint32(r), uint32(i)})
		}
	}
	if len(specials) > 0 {
		return bad("special tokens missing")
	}
	slices.SortFunc(vocab, func(a, b entry) int { return int(a.c) - int(b.c) })
	for _, e := range vocab {
		m.vocab = append(m.vocab, e.c)
		m.vocabIndex = append(m.vocabIndex, e.row)
	}
	var names strings.Builder
	for _, c := range classes {
		names.WriteString(normalizeClass(c) + "\n")
	}
	m.classText = []byte(names.String())
	return m, nil
}

// normalizeClass writes g2pM's class (lu:4, le5) as Numbered does (lü4).
func normalizeClass(c string) string {
	return strings.ReplaceAll(strings.ReplaceAll(c, "u:", "ü"), "v", "ü")
}

// NewModel assembles a model in memory, without weights (training reads
// contexts with it): the network, the readings counted in labelled text,
// and each character's labelled examples.
func NewModel(net *Network, counts map[rune]map[string]int, support map[rune]int) *Model {
	m := &Model{net: net, countText: encodeCounts(counts), counts: counts, index: buildIndex(nil)}
	m.countsOnce.Do(func() {})
	chars := slices.Sorted(maps.Keys(support))
	for _, c := range chars {
		if support[c] > 0 {
			m.chars = append(m.chars, uint32(c))
			m.support = append(m.support, uint32(support[c]))
		}
	}
	return m
}

// SetWeights replaces the model's weights (zeros dropped).
func (m *Model) SetWeights(w map[uint64]float32) {
	m.keys, m.weights = m.keys[:0], m.weights[:0]
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if w[k] != 0 {
			m.keys = append(m.keys, k)
			m.weights = append(m.weights, w[k])
		}
	}
	m.index = buildIndex(m.keys)
}

// Weights is the number of weights.
func (m *Model) Weights() int { return len(m.keys) }

// Encode writes the model as the context file.
func (m *Model) Encode() ([]byte, error) {
	var b sections.Builder
	n := m.net
	rows := len(n.projFw) / (4 * n.hidden)
	steps := []error{
		b.AddUint64s(secKeys, m.keys), b.AddFloat32s(secWeights, m.weights),
		b.AddUint32s(secChars, m.chars), b.AddUint32s(secSupport, m.support),
		b.Add(secCounts, m.countText), b.AddUint32s(secIndex, m.index),
		b.AddUint32s(secLSTMMeta, []uint32{n.unk, n.bos, n.eos, uint32(n.hidden), uint32(rows), uint32(len(n.fc0b)), uint32(len(n.fc1b))}),
		b.AddUint32s(secLSTMVocab, n.vocab), b.AddUint32s(secLSTMRows, n.vocabIndex),
		b.AddFloat32s(secLSTMProjFw, n.projFw), b.AddFloat32s(secLSTMProjBw, n.projBw),
		b.AddFloat32s(secLSTMWhhFw, n.whhFw), b.AddFloat32s(secLSTMWhhBw, n.whhBw),
		b.AddFloat32s(secLSTMFc0w, n.fc0w), b.AddFloat32s(secLSTMFc0b, n.fc0b),
		b.AddFloat32s(secLSTMFc1w, n.fc1w), b.AddFloat32s(secLSTMFc1b, n.fc1b),
		b.Add(secLSTMClass, n.classText),
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// WeightTable is the model's sorted keys and their weights.
func (m *Model) WeightTable() ([]uint64, []float32) { return m.keys, m.weights }
