package pinyin

import (
	"strings"
	"unicode/utf8"
)

// How the dictionary reading of a character was found (Context.From).
const (
	FromNone   byte = 0   // not a Han character the table reads
	FromWord   byte = 'W' // its whole word is in the phrase table
	FromPhrase byte = 'P' // a phrase of the table inside its word
	FromChar   byte = 'C' // the character's first reading
)

// What the features read beyond the text's ends (Context.at).
const (
	boundaryRun = '^' // before the text
	endRun      = '$' // after it
)

// Context is one text read by the dictionary, with what the context model
// reads around a character: the characters, the words with their tags,
// and the dictionary's reading of each character and where it came from.
type Context struct {
	r      *Reader
	model  *Model
	dense  map[int][]float32 // the network's dense layer at characters the model reads
	probs  map[int][]float32 // its probabilities of their candidates (−1: a reading it lacks)
	Runes  []rune
	Words  []Word
	Tags   []string // per word: the segmenter's POS ("" for whitespace)
	WordOf []int    // per character: its word's index
	Base   []string // per character: the dictionary's syllable ("" for other text)
	From   []byte   // per character: FromWord, FromPhrase, FromChar or FromNone
}

// analyze reads text by the dictionary alone.
func (r *Reader) analyze(text string) *Context {
	words := r.readDictionary(text)
	c := &Context{r: r, model: r.model, Words: words, Tags: make([]string, len(words))}
	n := utf8.RuneCountInString(text)
	c.Runes = make([]rune, 0, n)
	c.WordOf = make([]int, 0, n)
	c.Base = make([]string, 0, n)
	c.From = make([]byte, 0, n)
	for wi, w := range words {
		if strings.TrimSpace(w.Text) != "" && r.seg != nil {
			c.Tags[wi] = r.seg.POS(w.Text)
		}
		for _, it := range w.Items {
			for _, ch := range it.Text {
				c.Runes = append(c.Runes, ch)
				c.WordOf = append(c.WordOf, wi)
				if it.Han {
					c.Base = append(c.Base, it.Syllable)
					c.From = append(c.From, it.from)
				} else {
					c.Base = append(c.Base, "")
					c.From = append(c.From, FromNone)
				}
			}
		}
	}
	return c
}

// runNetwork runs the model's network over each sentence, keeping its
// output at every character the model reads (training reads them all).
func (c *Context) runNetwork() {
	var want []int
	for i := range c.Runes {
		if c.From[i] != FromNone && c.model != nil && c.model.supportOf(c.Runes[i]) > 0 {
			want = append(want, i)
		}
	}
	c.runNetworkAt(want)
}

// runNetworkAt runs the network over the sentences holding the
// characters at want (ascending), keeping its output there.
func (c *Context) runNetworkAt(want []int) {
	if c.model == nil || c.model.net == nil || len(want) == 0 {
		return
	}
	if c.dense == nil {
		c.dense = map[int][]float32{}
	}
	k := 0
	for start := 0; start < len(c.Runes) && k < len(want); {
		end := sentenceEnd(c.Runes, start)
		var in []int
		for ; k < len(want) && want[k] < end; k++ {
			in = append(in, want[k]-start)
		}
		if len(in) > 0 {
			for i, d := range c.model.net.run(c.Runes[start:end], in) {
				c.dense[start+i] = d
			}
		}
		start = end
	}
}

// maxSentence bounds the characters the network reads at once; the CPP
// sentences it was trained on average 33.
const maxSentence = 200

// sentenceEnd is where the sentence starting at start ends: after its
// final punctuation or a line break, or maxSentence characters on.
func sentenceEnd(runes []rune, start int) int {
	for i := start; i < len(runes); i++ {
		if i-start+1 >= maxSentence {
			return i + 1
		}
		switch runes[i] {
		case '。', '！', '？', '!', '?', '；', ';', '\n', '…':
			j := i + 1
			for j < len(runes) && (runes[j] == '”' || runes[j] == '’' || runes[j] == '」' || runes[j] == '』' || runes[j] == '）' || runes[j] == ')') {
				j++
			}
			return j
		}
	}
	return len(runes)
}

// Analyze reads text by the dictionary alone (the model's input; training
// reads it too).
// It runs the network at every character the model reads; Read runs it
// only where it could change a reading.
func (r *Reader) Analyze(text string) *Context {
	c := r.analyze(text)
	c.runNetwork()
	return c
}

// Candidates are the readings of the character at i, the table's first
// reading first; nil when it is not a Han character the table reads.
func (c *Context) Candidates(i int) []string {
	if c.From[i] == FromNone {
		return nil
	}
	var buf [utf8.UTFMax]byte
	v, _ := c.r.chars.Get(string(buf[:utf8.EncodeRune(buf[:], c.Runes[i])]))
	out := strings.Split(v, ",")
	for _, s := range out {
		if s == c.Base[i] {
			return out
		}
	}
	// A phrase's reading the character's list lacks (a neutral tone).
	return append(out, c.Base[i])
}

// FeatureVersion names what the context model's features are: what
// Analyze, ContextFeatures and CandidateFeatures compute from a text with
// a model's network, counts and support. Trained weights hold for one
// version, so bump it with any change to that code (templates, hashing,
// the network's reading, the dictionary's analysis), then run `make
// pinyin-model`. pinyintrain's TestFeaturesKeepTheirVersion fails when the
// features of a fixed sample change and the version did not.
const FeatureVersion = 1

// feature hashing: FNV-1a over 64 bits, each feature a template number and
// its values, so no feature is a string at run time.
type fhash uint64

const (
	fnvOffset fhash = 14695981039346656037
	fnvPrime  fhash = 1099511628211
)

func (h fhash) b(x byte) fhash { return (h ^ fhash(x)) * fnvPrime }

func (h fhash) r(x rune) fhash {
	var buf [utf8.UTFMax]byte
	for _, b := range buf[:utf8.EncodeRune(buf[:], x)] {
		h = h.b(b)
	}
	return h.b(0xFF) // a separator no UTF-8 byte is
}

func (h fhash) s(x string) fhash {
	for i := 0; i < len(x); i++ {
		h = h.b(x[i])
	}
	return h.b(0xFF)
}

// Templates of the features (one byte each; changing them retrains).
const (
	tBias byte = iota + 1
	tChar
	tBigram
	tWord
	tWordPlace
	tPrevWord
	tNextWord
	tTag
	tPrevTag
	tNextTag
	tTags
	tBase
	tSharedBase
	tSharedMatch
	tSharedRank
	tSharedTonePrev
	tSharedToneTag
	tSharedToneNext
	tSharedSylPrev
	tSharedPrior
	tSharedNetwork
	tSharedSupport
)

// at is the character at i, folded: digits to 0, Latin letters to a, and
// the text's ends to ^ and $.
func (c *Context) at(i int) rune {
	switch {
	case i < 0:
		return boundaryRun
	case i >= len(c.Runes):
		return endRun
	}
	ch := c.Runes[i]
	switch {
	case ch >= '0' && ch <= '9', ch >= '０' && ch <= '９':
		return '0'
	case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= 'ａ' && ch <= 'ｚ', ch >= 'Ａ' && ch <= 'Ｚ':
		return 'a'
	}
	return ch
}

// word is the index of the word of character i, skipping whitespace words
// in direction step from w; -1 past the ends.
func (c *Context) word(w, step int) int {
	for w += step; w >= 0 && w < len(c.Words); w += step {
		if strings.TrimSpace(c.Words[w].Text) != "" {
			return w
		}
	}
	return -1
}

func (c *Context) wordText(w int) string {
	if w < 0 {
		return "^"
	}
	return c.Words[w].Text
}

func (c *Context) tag(w int) string {
	if w < 0 {
		return "^"
	}
	return c.Tags[w]
}

// ContextFeatures appends the features of the character at i that do not
// depend on the candidate reading; each is scored with a candidate by
// pair. They all include the character, so they are its own.
func (c *Context) ContextFeatures(dst []uint64, i int) []uint64 {
	ch := c.Runes[i]
	base := fnvOffset.r(ch)
	add := func(h fhash) { dst = append(dst, uint64(h)) }
	add(base.b(tBias))
	for _, off := range [...]int{-3, -2, -1, 1, 2, 3} {
		add(base.b(tChar).b(byte(off + 8)).r(c.at(i + off)))
	}
	for _, off := range [...]int{-2, -1, 1} {
		add(base.b(tBigram).b(byte(off + 8)).r(c.at(i + off)).r(c.at(i + off + 1)))
	}
	add(base.b(tBigram).b(0).r(c.at(i - 1)).r(c.at(i + 1)))
	w := c.WordOf[i]
	prev, next := c.word(w, -1), c.word(w, 1)
	place := i - c.Words[w].Start
	add(base.b(tWord).s(c.Words[w].Text))
	add(base.b(tWordPlace).b(byte(min(place, 7))).b(byte(min(c.Words[w].End-c.Words[w].Start, 7))))
	add(base.b(tPrevWord).s(c.wordText(prev)))
	add(base.b(tNextWord).s(c.wordText(next)))
	add(base.b(tTag).s(c.Tags[w]))
	add(base.b(tPrevTag).s(c.tag(prev)))
	add(base.b(tNextTag).s(c.tag(next)))
	add(base.b(tTags).s(c.tag(prev)).s(c.Tags[w]).s(c.tag(next)))
	add(base.b(tBase).b(c.From[i]).s(c.Base[i]))
	return dst
}

// pair is a context feature scored for one candidate reading.
func pair(feature uint64, candidate string) uint64 {
	return uint64(fhash(feature).s(candidate).b(0xFE))
}

// sharedFeatures appends the features of candidate (the k-th reading of
// the character at i) that hold for every character: whether the
// dictionary reads it so, where from, the candidate's rank in the table,
// and its tone beside the words' tags (neutral-tone particles after verbs).
func (c *Context) sharedFeatures(dst []uint64, i, k int, candidate string) []uint64 {
	add := func(h fhash) { dst = append(dst, uint64(h)) }
	prior, top := float32(-1), false
	if c.model != nil {
		prior, top = share(c.model.countsOf(c.Runes[i]), candidate)
	}
	if prior >= 0 {
		bucket := byte(0)
		for _, edge := range [...]float32{0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95} {
			if prior > edge {
				bucket++
			}
		}
		add(fnvOffset.b(tSharedPrior).b(bucket))
		add(fnvOffset.b(tSharedPrior).b(bucket).b(c.From[i]))
		if top {
			add(fnvOffset.b(tSharedPrior).b('T'))
			add(fnvOffset.b(tSharedPrior).b('T').b(c.From[i]))
		}
	}
	if candidate == c.Base[i] {
		add(fnvOffset.b(tSharedBase).b(c.From[i]))
	}
	// Phrases of the table over the character, across word boundaries.
	w := c.Words[c.WordOf[i]]
	for a := max(0, i-3); a <= i; a++ {
		for b := max(i+1, a+2); b <= min(len(c.Runes), a+4); b++ {
			v, ok := c.r.phrases.Get(string(c.Runes[a:b]))
			if !ok {
				continue
			}
			syl := strings.Fields(v)
			if len(syl) != b-a || syl[i-a] != candidate {
				continue
			}
			kind := byte('x') // crosses a word boundary
			switch {
			case a == w.Start && b == w.End:
				kind = 'w'
			case a >= w.Start && b <= w.End:
				kind = 'i'
			}
			add(fnvOffset.b(tSharedMatch).b(byte(b - a)).b(kind))
		}
	}
	add(fnvOffset.b(tSharedRank).b(byte(min(k, 7))))
	tone := toneOf(candidate)
	wi := c.WordOf[i]
	prev, next := c.word(wi, -1), c.word(wi, 1)
	add(fnvOffset.b(tSharedTonePrev).b(tone).s(c.tag(prev)).b(byte(min(w.End-w.Start, 3))))
	add(fnvOffset.b(tSharedToneTag).b(tone).s(c.Tags[wi]).b(byte(min(w.End-w.Start, 3))))
	add(fnvOffset.b(tSharedToneNext).b(tone).s(c.tag(next)))
	add(fnvOffset.b(tSharedSylPrev).s(candidate).s(c.tag(prev)))
	if p, top, ok := c.networkSays(i, k); ok {
		bucket := byte(0)
		for _, edge := range networkEdges {
			if p > edge {
				bucket++
			}
		}
		add(fhash(networkKey(bucket)))
		if top {
			add(fhash(networkKey('T')))
		}
	}
	return dst
}

// networkSays is the network's probability of the k-th candidate of the
// character at i, over the candidates, and whether it is the highest.
func (c *Context) networkSays(i, k int) (p float32, top, ok bool) {
	dense, ok := c.dense[i]
	if !ok {
		return 0, false, false
	}
	if c.probs == nil {
		c.probs = map[int][]float32{}
	}
	probs, ok := c.probs[i]
	if !ok {
		cands := c.Candidates(i)
		classes := make([]int, len(cands))
		for j, cand := range cands {
			classes[j] = c.model.net.class(Numbered(cand))
		}
		probs = c.model.net.probabilities(dense, classes)
		for j, cl := range classes {
			if cl < 0 {
				probs[j] = -1 // a reading the network does not know
			}
		}
		c.probs[i] = probs
	}
	if k >= len(probs) || probs[k] < 0 {
		return 0, false, false
	}
	top = true
	for j, q := range probs {
		if j != k && q > probs[k] {
			top = false
		}
	}
	return probs[k], top, true
}

// toneOf is a tone-marked syllable's tone, '5' for the neutral one.
func toneOf(syl string) byte {
	n := Format(syl, Number)
	if last := n[len(n)-1]; last >= '1' && last <= '4' {
		return last
	}
	return '5'
}

// networkEdges bucket the network's probability of a candidate.
var networkEdges = [...]float32{0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}

// networkKey is the shared feature of a probability bucket, or 'T' for
// the network's top candidate.
func networkKey(bucket byte) uint64 { return uint64(fnvOffset.b(tSharedNetwork).b(bucket)) }

// supportKey conjoins a shared feature with a support bucket (as
// CandidateFeatures does).
func supportKey(f uint64, bucket byte) uint64 { return uint64(fhash(f).b(tSharedSupport).b(bucket)) }
