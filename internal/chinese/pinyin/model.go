package pinyin

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"cloudtools/internal/chinese/sections"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
)

// Model is the context model for polyphonic characters: an averaged
// perceptron's weights over the features of context.go (the characters
// and words around the character, the phrase table's matches, how often
// each reading occurs in labelled running text, and g2pM's network's
// probabilities), for the characters it was trained on. A Reader with a
// Model reads those characters by it.
type Model struct {
	file    *sections.File // nil for a model built in memory
	keys    []uint64       // sorted feature keys
	weights []float32
	// index[p] is where the keys whose top indexBits bits are p start
	// (index[p+1] where they end): a lookup searches a few keys, not all.
	index   []uint32
	chars   []uint32 // sorted characters the model was trained on
	support []uint32 // their labelled examples
	net     *Network

	spanOnce sync.Once
	spans    [8]float32 // per support bucket: networkSpan's answer

	countText  []byte // "行\thang2:60,xing2:240\n" lines
	countsOnce sync.Once
	counts     map[rune]map[string]int
}

// Section names of the model in the context file.
const (
	secKeys    = "model.keys"
	secWeights = "model.weights"
	secChars   = "model.chars"
	secSupport = "model.support"
	secCounts  = "model.counts"
	secIndex   = "model.index"
)

// indexBits is the number of a key's top bits the index splits by.
const indexBits = 16

// OpenModel maps the compiled context file at path.
func OpenModel(path string) (*Model, error) {
	f, err := sections.Open(path)
	if err != nil {
		return nil, err
	}
	m, err := ParseModel(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseModel reads a model from an open file (which it then owns).
func ParseModel(f *sections.File) (*Model, error) {
	m := &Model{file: f}
	var err error
	if m.keys, err = f.Uint64s(secKeys); err != nil {
		return nil, err
	}
	if m.weights, err = f.Float32s(secWeights); err != nil {
		return nil, err
	}
	if m.chars, err = f.Uint32s(secChars); err != nil {
		return nil, err
	}
	if m.support, err = f.Uint32s(secSupport); err != nil {
		return nil, err
	}
	if m.index, err = f.Uint32s(secIndex); err != nil {
		return nil, err
	}
	if len(m.index) != 1<<indexBits+1 || m.index[1<<indexBits] != uint32(len(m.keys)) {
		return nil, fmt.Errorf("%w: model index", sections.ErrFormat)
	}
	if len(m.keys) != len(m.weights) || len(m.chars) != len(m.support) {
		return nil, fmt.Errorf("%w: model sections of different lengths", sections.ErrFormat)
	}
	var ok bool
	if m.countText, ok = f.Bytes(secCounts); !ok {
		return nil, fmt.Errorf("%w: no section %q", sections.ErrFormat, secCounts)
	}
	if m.net, err = openLSTM(f); err != nil {
		return nil, err
	}
	return m, nil
}

// Close unmaps the file.
func (m *Model) Close() error {
	if m.file == nil {
		return nil
	}
	return m.file.Close()
}

// Verify checks the file's CRC and that every part reads.
func (m *Model) Verify() error {
	if m.file != nil {
		if err := m.file.Verify(); err != nil {
			return err
		}
	}
	if !slices.IsSorted(m.keys) || !slices.IsSorted(m.chars) || !slices.Equal(m.index, buildIndex(m.keys)) {
		return fmt.Errorf("%w: model keys not sorted or not indexed", sections.ErrFormat)
	}
	_, err := parseCounts(m.countText)
	return err
}

// weight is a feature key's weight, 0 for a key the model lacks.
func (m *Model) weight(key uint64) float32 {
	p := key >> (64 - indexBits)
	lo, hi := m.index[p], m.index[p+1]
	if lo > hi || hi > uint32(len(m.keys)) {
		return 0 // a damaged index: a miss, never a crash
	}
	if i, ok := slices.BinarySearch(m.keys[lo:hi], key); ok {
		return m.weights[int(lo)+i]
	}
	return 0
}

// buildIndex is the index of sorted keys.
func buildIndex(keys []uint64) []uint32 {
	index := make([]uint32, 1<<indexBits+1)
	k := 0
	for p := range index {
		for k < len(keys) && keys[k]>>(64-indexBits) < uint64(p) {
			k++
		}
		index[p] = uint32(k)
	}
	return index
}

// supportOf is the number of labelled examples the model was trained on
// for ch; 0: it does not read ch.
func (m *Model) supportOf(ch rune) int {
	if i, ok := slices.BinarySearch(m.chars, uint32(ch)); ok {
		return int(m.support[i])
	}
	return 0
}

// countsOf are ch's readings counted in labelled running text (numbered,
// as g2peval writes them: lü4, le5), nil when not counted.
func (m *Model) countsOf(ch rune) map[string]int {
	m.countsOnce.Do(func() {
		m.counts, _ = parseCounts(m.countText) // Verify reports errors
	})
	return m.counts[ch]
}

// Numbered writes a tone-marked syllable as the counts and the network's
// classes do: tone digit, 5 for the neutral tone.
func Numbered(syllable string) string {
	n := Format(syllable, Number)
	if last := n[len(n)-1]; last < '1' || last > '4' {
		n += "5"
	}
	return n
}

// encodeCounts writes counts as the model stores them, sorted.
func encodeCounts(counts map[rune]map[string]int) []byte {
	var b strings.Builder
	for _, c := range slices.Sorted(maps.Keys(counts)) {
		b.WriteRune(c)
		b.WriteByte('\t')
		for i, r := range slices.Sorted(maps.Keys(counts[c])) {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(r + ":" + strconv.Itoa(counts[c][r]))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func parseCounts(text []byte) (map[rune]map[string]int, error) {
	out := map[rune]map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		if line == "" {
			continue
		}
		ch, rest, ok := strings.Cut(line, "\t")
		c, n := utf8.DecodeRuneInString(ch)
		if !ok || n != len(ch) {
			return nil, fmt.Errorf("%w: counts line %q", sections.ErrFormat, line)
		}
		m := map[string]int{}
		for _, kv := range strings.Split(rest, ",") {
			r, x, ok := strings.Cut(kv, ":")
			v, err := strconv.Atoi(x)
			if !ok || err != nil || v < 0 {
				return nil, fmt.Errorf("%w: counts line %q", sections.ErrFormat, line)
			}
			m[r] = v
		}
		out[c] = m
	}
	return out, nil
}

// share is cand's share of ch's counted readings (−1 when ch is not
// counted), and whether it is the most counted.
func share(counts map[string]int, cand string) (float32, bool) {
	total, most := 0, 0
	for _, x := range counts {
		total += x
		most = max(most, x)
	}
	if total == 0 {
		return -1, false
	}
	n := counts[Numbered(cand)]
	return float32(n) / float32(total), n == most
}

// Load opens the layer's readings and context model in dir (the layer's
// dict/ folder): the Reader /pinyin reads with.
func Load(dir string, seg *segmenter.Segmenter) (*Reader, error) {
	r, err := Open(filepath.Join(dir, layout.PinyinFile), seg)
	if err != nil {
		return nil, err
	}
	m, err := OpenModel(filepath.Join(dir, layout.PinyinContextFile))
	if err != nil {
		r.Close()
		return nil, err
	}
	return r.WithModel(m), nil
}

// networkSpan bounds how much the network's features can move the lead
// of one candidate over another, for a character with support labelled
// examples: the widest gap between what they add to one candidate (a
// probability bucket, maybe the top mark, each also conjoined with the
// support bucket) and to another. A lead above it stands whatever the
// network says.
func (m *Model) networkSpan(support int) float32 {
	m.spanOnce.Do(func() {
		for sb := range m.spans {
			both := func(f uint64) float32 { return m.weight(f) + m.weight(supportKey(f, byte(sb))) }
			top := max(0, both(networkKey('T'))) // only one candidate can be the top
			lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
			for b := 0; b <= len(networkEdges); b++ {
				w := both(networkKey(byte(b)))
				lo, hi = min(lo, w), max(hi, w)
			}
			lo += min(0, both(networkKey('T')))
			// A candidate the network has no class for gets nothing.
			m.spans[sb] = max(hi+top, 0) - min(lo, 0)
		}
	})
	return m.spans[supportBucket(support)]
}
