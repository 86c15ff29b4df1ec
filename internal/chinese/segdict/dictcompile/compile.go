package dictcompile

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// Entry is one dictionary line: a word, its corpus frequency and POS tag.
type Entry struct {
	Word string
	Freq int64
	POS  string
}

// Source is everything a compiled dictionary is made from.
type Source struct {
	// Words in load order; a later entry for the same word replaces an
	// earlier one (a user dictionary read last wins). Words with frequency 0
	// are kept as keys but never segmented as words, as in jieba.
	Words []Entry
	// IDF is the keyword extractor's inverse document frequency per word.
	IDF map[string]float64
	// Fold maps a traditional character to its simplified twin for the
	// Standard lexicon (see standard.go); full-width forms are folded
	// without it. FoldAmbiguous are characters that are simplified too,
	// folded only where the word list hardly uses them.
	Fold, FoldAmbiguous map[rune]rune
	// HMM for unknown words: start, transition and emission
	// log-probabilities, indexed by State*.
	Start [ff.NumStates]float64
	Trans [ff.NumStates][ff.NumStates]float64
	Emit  [ff.NumStates]map[rune]float64
}

// lexicon is one word list laid out for the file.
type lexicon struct {
	keys     []Entry // by id
	logTotal float64
	trie     *doubleArray
	logp     []float64
	pos      []uint8
	idf      []float32
	pages    []uint16
	blocks   []uint16
	flags    []uint8
}

// Compile lays out src as a compiled dictionary file.
func Compile(src *Source) ([]byte, error) {
	jieba, err := mergeWords(src.Words, src.IDF)
	if err != nil {
		return nil, err
	}
	fold := newFolder(src.Fold, src.FoldAmbiguous, jieba)
	stdWords, stdIDF := standardWords(jieba, src.IDF, fold)
	std, err := mergeWords(stdWords, stdIDF)
	if err != nil {
		return nil, err
	}
	codes, err := assignCodes(append(slices.Clip(jieba), std...), src.Emit)
	if err != nil {
		return nil, err
	}
	posNames, posIndex := posTable(append(slices.Clip(jieba), std...))
	// Every rune with a code, and every rune that folds onto one, sorted.
	runes := fold.sources()
	for r := range codes {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	runes = slices.Compact(runes)
	var lex [ff.NumKinds]*lexicon
	for k, keys := range [ff.NumKinds][]Entry{segdict.Jieba: jieba, segdict.Standard: std} {
		runeCode, idf := func(r rune) int32 { return codes[r] }, src.IDF
		if segdict.Kind(k) == segdict.Standard {
			runeCode, idf = func(r rune) int32 { return codes[fold.rune(r)] }, stdIDF
		}
		if lex[k], err = layOut(keys, idf, runes, runeCode, posIndex); err != nil {
			return nil, err
		}
	}

	numCodes := len(codes) + 1 // code 0: unknown rune
	emit := make([]float64, ff.NumStates*numCodes)
	for i := range emit {
		emit[i] = ff.MinLogProb
	}
	for s := range ff.NumStates {
		for r, p := range src.Emit[s] {
			emit[int(codes[r])*ff.NumStates+s] = p
		}
	}
	for k := range ff.NumKinds {
		lex[k].flags = codeFlags(lex[k], numCodes, codes)
	}

	var w writer
	w.init(numCodes, medianIDF(src.IDF), src)
	for k, l := range lex {
		w.lexiconHeader(segdict.Kind(k), len(l.keys), len(l.trie.base), l.logTotal)
	}
	w.section(ff.SecPOSNames, joinNames(posNames))
	for k, l := range lex {
		w.section(ff.LexSection(k, ff.LexPages), u16bytes(l.pages))
		w.section(ff.LexSection(k, ff.LexBlocks), u16bytes(l.blocks))
		w.section(ff.LexSection(k, ff.LexFlags), l.flags)
	}
	w.section(ff.SecEmit, f64bytes(emit))
	for k, l := range lex {
		w.section(ff.LexSection(k, ff.LexNodes), nodeBytes(l.trie, l.logp))
		w.section(ff.LexSection(k, ff.LexValue), i32bytes(l.trie.value))
		w.section(ff.LexSection(k, ff.LexLogP), f64bytes(l.logp))
		w.section(ff.LexSection(k, ff.LexPOS), l.pos)
		w.section(ff.LexSection(k, ff.LexIDF), f32bytes(l.idf))
	}
	return w.finish(), nil
}

// layOut numbers keys in code order, builds their trie and per-word
// columns, and the rune → code tables through runeCode.
func layOut(keys []Entry, idf map[string]float64, runes []rune, runeCode func(rune) int32, posIndex map[string]uint8) (*lexicon, error) {
	encoded := make([][]int32, len(keys))
	for i, k := range keys {
		encoded[i] = make([]int32, 0, len(k.Word))
		for _, r := range k.Word {
			encoded[i] = append(encoded[i], runeCode(r))
		}
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(encoded[a], encoded[b]) })
	sorted := make([][]int32, len(keys))
	for id, i := range order {
		sorted[id] = encoded[i]
		if id > 0 && slices.Equal(sorted[id], sorted[id-1]) {
			return nil, fmt.Errorf("dictionary words %q and %q have the same codes", keys[order[id-1]].Word, keys[i].Word)
		}
	}
	trie, err := buildTrie(sorted)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, k := range keys {
		total += k.Freq
	}
	l := &lexicon{
		keys: make([]Entry, len(keys)), logTotal: math.Log(float64(total)), trie: trie,
		logp: make([]float64, len(keys)), pos: make([]uint8, len(keys)), idf: make([]float32, len(keys)),
	}
	for id, i := range order {
		k := keys[i]
		l.keys[id] = k
		l.logp[id] = math.NaN()
		if k.Freq > 0 {
			l.logp[id] = math.Log(float64(k.Freq)) - l.logTotal
		}
		l.pos[id] = posIndex[k.POS]
		l.idf[id] = float32(math.NaN())
		if v, ok := idf[k.Word]; ok {
			l.idf[id] = float32(v)
		}
	}
	l.pages, l.blocks = runeTables(runes, runeCode)
	return l, nil
}

// mergeWords applies later-wins to words, adds IDF-only words as keys,
// and checks that some word has a frequency (jieba's total).
func mergeWords(words []Entry, idf map[string]float64) ([]Entry, error) {
	index := map[string]int{}
	var keys []Entry
	for _, e := range words {
		if e.Word == "" || !utf8.ValidString(e.Word) {
			return nil, fmt.Errorf("dictionary word %q: empty or not UTF-8", e.Word)
		}
		if e.Freq < 0 {
			return nil, fmt.Errorf("dictionary word %q: negative frequency %d", e.Word, e.Freq)
		}
		if i, ok := index[e.Word]; ok {
			keys[i] = e
			continue
		}
		index[e.Word] = len(keys)
		keys = append(keys, e)
	}
	idfWords := make([]string, 0)
	for w := range idf {
		if _, ok := index[w]; !ok && w != "" && utf8.ValidString(w) {
			idfWords = append(idfWords, w)
		}
	}
	slices.Sort(idfWords) // deterministic output
	for _, w := range idfWords {
		keys = append(keys, Entry{Word: w})
	}
	var total int64
	for _, k := range keys {
		total += k.Freq
	}
	if total <= 0 {
		return nil, fmt.Errorf("dictionary has no word with a frequency")
	}
	return keys, nil
}

// assignCodes numbers every rune of the keys and the HMM tables densely from 1, the most frequent first, so that the trie's busy
// nodes pack tightly.
func assignCodes(keys []Entry, emit [ff.NumStates]map[rune]float64) (map[rune]int32, error) {
	count := map[rune]int{}
	for _, k := range keys {
		for _, r := range k.Word {
			count[r]++
		}
	}
	for _, m := range emit {
		for r := range m {
			if _, ok := count[r]; !ok {
				count[r] = 0
			}
		}
	}
	runes := make([]rune, 0, len(count))
	for r := range count {
		runes = append(runes, r)
	}
	slices.SortFunc(runes, func(a, b rune) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(runes) >= math.MaxUint16 {
		return nil, fmt.Errorf("dictionary uses %d distinct characters; the format holds %d", len(runes), math.MaxUint16-1)
	}
	codes := make(map[rune]int32, len(runes))
	for i, r := range runes {
		codes[r] = int32(i + 1)
	}
	return codes, nil
}

// runeTables is the two-level rune → code map: a page per 256 runes that
// map to a code, and the page table pointing at them.
func runeTables(runes []rune, runeCode func(rune) int32) (pages []uint16, blocks []uint16) {
	pages = make([]uint16, ff.NumPages)
	for _, r := range runes {
		if runeCode(r) == 0 {
			continue
		}
		p := r >> 8
		if pages[p] == 0 {
			blocks = append(blocks, make([]uint16, 256)...)
			pages[p] = uint16(len(blocks) / 256)
		}
		blocks[int(pages[p]-1)*256+int(r&0xff)] = uint16(runeCode(r))
	}
	return pages, blocks
}

// posTable numbers the POS tags; "" (no tag) is always 0.
func posTable(keys []Entry) ([]string, map[string]uint8) {
	set := map[string]bool{"": true}
	for _, k := range keys {
		set[k.POS] = true
	}
	names := slices.Sorted(maps.Keys(set))
	index := make(map[string]uint8, len(names))
	for i, n := range names {
		index[n] = uint8(i)
	}
	return names, index
}

// medianIDF is jieba's default IDF for words the table lacks: the middle
// value of the sorted table.
func medianIDF(idf map[string]float64) float64 {
	if len(idf) == 0 {
		return 0
	}
	vals := make([]float64, 0, len(idf))
	for _, v := range idf {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	return vals[len(vals)/2]
}
