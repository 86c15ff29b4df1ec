package pinyin

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"cloudtools/internal/chinese/sections"
)

// Network is g2pM's network (Park & Lee, Interspeech 2020; Apache-2.0): a
// one-layer bidirectional LSTM over the characters of a sentence (64-wide
// embeddings, 32 units a direction) and two dense layers, trained on the
// CPP benchmark's 79,117 training sentences to name the reading of a
// polyphonic character. The context model reads its probabilities, over
// the character's candidates only, as features.
//
// The file stores each vocabulary character's input projection
// (W_ih·embedding + b_ih + b_hh) instead of its embedding, so a step costs
// the recurrent product alone.
type Network struct {
	vocab      []uint32 // sorted characters
	vocabIndex []uint32 // their rows
	unk, bos   uint32
	eos        uint32
	hidden     int       // units a direction (H)
	projFw     []float32 // rows × 4H, gates in PyTorch's order i, f, g, o
	projBw     []float32
	whhFw      []float32 // 4H × H
	whhBw      []float32
	fc0w, fc0b []float32 // F × 2H, F
	fc1w, fc1b []float32 // classes × F, classes
	classText  []byte    // class names, newline-separated, numbered (lü4)

	classesOnce sync.Once
	classes     map[string]int
}

// Section names of the network in the context file.
const (
	secLSTMMeta   = "lstm.meta" // unk, bos, eos, hidden, rows, dense width, classes
	secLSTMVocab  = "lstm.vocab"
	secLSTMRows   = "lstm.rows"
	secLSTMProjFw = "lstm.proj.fw"
	secLSTMProjBw = "lstm.proj.bw"
	secLSTMWhhFw  = "lstm.whh.fw"
	secLSTMWhhBw  = "lstm.whh.bw"
	secLSTMFc0w   = "lstm.fc0.w"
	secLSTMFc0b   = "lstm.fc0.b"
	secLSTMFc1w   = "lstm.fc1.w"
	secLSTMFc1b   = "lstm.fc1.b"
	secLSTMClass  = "lstm.classes"
)

func openLSTM(f *sections.File) (*Network, error) {
	meta, err := f.Uint32s(secLSTMMeta)
	if err != nil {
		return nil, err
	}
	if len(meta) != 7 {
		return nil, fmt.Errorf("%w: lstm.meta has %d values", sections.ErrFormat, len(meta))
	}
	m := &Network{unk: meta[0], bos: meta[1], eos: meta[2], hidden: int(meta[3])}
	rows, dense, classes := int(meta[4]), int(meta[5]), int(meta[6])
	h := m.hidden
	for _, s := range []struct {
		name string
		dst  *[]float32
		n    int
	}{
		{secLSTMProjFw, &m.projFw, rows * 4 * h}, {secLSTMProjBw, &m.projBw, rows * 4 * h},
		{secLSTMWhhFw, &m.whhFw, 4 * h * h}, {secLSTMWhhBw, &m.whhBw, 4 * h * h},
		{secLSTMFc0w, &m.fc0w, dense * 2 * h}, {secLSTMFc0b, &m.fc0b, dense},
		{secLSTMFc1w, &m.fc1w, classes * dense}, {secLSTMFc1b, &m.fc1b, classes},
	} {
		if *s.dst, err = f.Float32s(s.name); err != nil {
			return nil, err
		}
		if len(*s.dst) != s.n {
			return nil, fmt.Errorf("%w: %s has %d values, want %d", sections.ErrFormat, s.name, len(*s.dst), s.n)
		}
	}
	if m.vocab, err = f.Uint32s(secLSTMVocab); err != nil {
		return nil, err
	}
	if m.vocabIndex, err = f.Uint32s(secLSTMRows); err != nil {
		return nil, err
	}
	if len(m.vocab) != len(m.vocabIndex) || max(m.unk, m.bos, m.eos) >= uint32(rows) {
		return nil, fmt.Errorf("%w: lstm vocabulary", sections.ErrFormat)
	}
	for _, r := range m.vocabIndex {
		if r >= uint32(rows) {
			return nil, fmt.Errorf("%w: lstm vocabulary row %d of %d", sections.ErrFormat, r, rows)
		}
	}
	var ok bool
	if m.classText, ok = f.Bytes(secLSTMClass); !ok || strings.Count(string(m.classText), "\n") != classes {
		return nil, fmt.Errorf("%w: lstm classes", sections.ErrFormat)
	}
	return m, nil
}

// class is the index of a numbered reading (lü4, le5), or −1.
func (m *Network) class(numbered string) int {
	m.classesOnce.Do(func() {
		names := strings.Split(strings.TrimSuffix(string(m.classText), "\n"), "\n")
		m.classes = make(map[string]int, len(names))
		for i, n := range names {
			m.classes[n] = i
		}
	})
	if i, ok := m.classes[numbered]; ok {
		return i
	}
	return -1
}

func (m *Network) row(c rune) int {
	if i, ok := slices.BinarySearch(m.vocab, uint32(c)); ok {
		return int(m.vocabIndex[i])
	}
	return int(m.unk)
}

// run reads runes (one sentence) and keeps the dense layer's output at
// the indices want.
func (m *Network) run(runes []rune, want []int) map[int][]float32 {
	n := len(runes) + 2 // BOS, the characters, EOS
	rows := make([]int, n)
	rows[0], rows[n-1] = int(m.bos), int(m.eos)
	for i, c := range runes {
		rows[i+1] = m.row(c)
	}
	h := m.hidden
	// A state at t depends on the steps before it (forward) or after it
	// (backward) only: the forward pass stops at the last wanted index,
	// the backward one at the first. Forward states are kept; backward
	// ones are read as the pass reaches each wanted index.
	first, last := n, 0
	need := make([]bool, n)
	for _, w := range want {
		need[w+1] = true
		first, last = min(first, w+1), max(last, w+1)
	}
	out := make(map[int][]float32, len(want))
	if len(want) == 0 {
		return out
	}
	fw := make([]float32, (last+1)*h)
	state := make([]float32, 2*h) // h, c
	gates := make([]float32, 4*h)
	for t := 0; t <= last; t++ {
		m.step(m.projFw, m.whhFw, rows[t], state, gates)
		copy(fw[t*h:], state[:h])
	}
	clear(state)
	cat := make([]float32, 2*h)
	for t := n - 1; t >= first; t-- {
		m.step(m.projBw, m.whhBw, rows[t], state, gates)
		if !need[t] {
			continue
		}
		copy(cat, fw[t*h:(t+1)*h])
		copy(cat[h:], state[:h])
		dense := make([]float32, len(m.fc0b))
		for j := range dense {
			dense[j] = max(m.fc0b[j]+dot(m.fc0w[j*2*h:(j+1)*2*h], cat), 0)
		}
		out[t-1] = dense
	}
	return out
}

// step advances one direction by one character: state holds h then c.
// The products are rounded one by one (float32(a*b)), so no architecture
// fuses them and arm64 reads as amd64 does.
func (m *Network) step(proj, whh []float32, row int, state, gates []float32) {
	h := m.hidden
	copy(gates, proj[row*4*h:(row+1)*4*h])
	prev := state[:h]
	for g := range gates {
		gates[g] += dot(whh[g*h:(g+1)*h], prev)
	}
	c := state[h:]
	for k := 0; k < h; k++ {
		i := sigmoid(gates[k])
		f := sigmoid(gates[h+k])
		g := tanh32(gates[2*h+k])
		o := sigmoid(gates[3*h+k])
		c[k] = float32(f*c[k]) + float32(i*g)
		state[k] = float32(o * tanh32(c[k]))
	}
}

// dot is the dot product of two vectors of the same length, in four
// running sums (the loop the network spends its time in).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	k := 0
	for ; k+4 <= len(a); k += 4 {
		s0 += float32(a[k] * b[k])
		s1 += float32(a[k+1] * b[k+1])
		s2 += float32(a[k+2] * b[k+2])
		s3 += float32(a[k+3] * b[k+3])
	}
	for ; k < len(a); k++ {
		s0 += float32(a[k] * b[k])
	}
	return (s0 + s1) + (s2 + s3)
}

// probabilities are the network's probabilities of the classes given (−1:
// a class it lacks, probability 0), normalized over them.
func (m *Network) probabilities(dense []float32, classes []int) []float32 {
	out := make([]float32, len(classes))
	best := float32(math.Inf(-1))
	for k, cl := range classes {
		if cl < 0 {
			continue
		}
		s := m.fc1b[cl] + dot(m.fc1w[cl*len(dense):(cl+1)*len(dense)], dense)
		out[k] = s
		best = max(best, s)
	}
	var z float32
	for k, cl := range classes {
		if cl < 0 {
			out[k] = 0
			continue
		}
		out[k] = float32(math.Exp(float64(out[k] - best)))
		z += out[k]
	}
	for k := range out {
		if z > 0 {
			out[k] /= z
		}
	}
	return out
}

// tanh32 is a rational approximation of tanh (Eigen's, max error about
// 1e-6 on float32), far cheaper than math.Tanh in the recurrent loop.
func tanh32(x float32) float32 {
	const clamp = 7.90531110763549805
	x = min(max(x, -clamp), clamp)
	x2 := x * x
	p := float32(-2.76076847742355e-16)
	p = float32(p*x2) + 2.00018790482477e-13
	p = float32(p*x2) + -8.60467152213735e-11
	p = float32(p*x2) + 5.12229709037114e-08
	p = float32(p*x2) + 1.48572235717979e-05
	p = float32(p*x2) + 6.37261928875436e-04
	p = float32(p*x2) + 4.89352455891786e-03
	p = float32(p * x)
	q := float32(1.19825839466702e-06)
	q = float32(q*x2) + 1.18534705686654e-04
	q = float32(q*x2) + 2.26843463243900e-03
	q = float32(q*x2) + 4.89352518554385e-03
	return p / q
}

func sigmoid(x float32) float32 { return 0.5 + float32(0.5*tanh32(0.5*x)) }
