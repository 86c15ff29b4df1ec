// Package pinyin gives the Hanyu Pinyin of Chinese text. First by the
// dictionary, as pypinyin does: the text is cut into words by the
// segmenter; a word found in the phrase table takes its reading; a word
// that is not is read by longest match on the phrase table inside it; a
// character left over takes its most common reading. The data are
// mozillazg's pinyin-data (per character) and phrase-pinyin-data (per
// phrase), MIT, compiled by pinyincompile into one phrasemap file.
//
// Then, with a Model (Load), a context model reads each polyphonic
// character it was trained on (行 in 银行 háng, in 行走 xíng; 得 in 控制得
// de): an averaged perceptron over the features of context.go, g2pM's
// network among them (lstm.go), trained by pinyintrain and compiled into
// a sections file.
package pinyin

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/segmenter"
)

// Table names in the compiled file.
const (
	// CharTable maps a character to its readings, most common first,
	// comma-separated, tone-marked (行 → "xíng,háng,héng,xìng,hàng").
	CharTable = "chars"
	// PhraseTable maps a phrase to one reading a character,
	// space-separated (银行 → "yín háng").
	PhraseTable = "phrases"
)

// Reader reads text aloud in pinyin; it is safe for concurrent use.
type Reader struct {
	file    *phrasemap.File
	chars   *phrasemap.Table
	phrases *phrasemap.Table
	seg     *segmenter.Segmenter
	model   *Model // nil: the dictionary alone
}

// Open maps the compiled file at path; seg cuts the text into words.
func Open(path string, seg *segmenter.Segmenter) (*Reader, error) {
	f, err := phrasemap.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := New(f, seg)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// New uses an open file.
func New(f *phrasemap.File, seg *segmenter.Segmenter) (*Reader, error) {
	r := &Reader{file: f, chars: f.Table(CharTable), phrases: f.Table(PhraseTable), seg: seg}
	if r.chars == nil || r.phrases == nil {
		return nil, fmt.Errorf("%w: want tables %q and %q", phrasemap.ErrFormat, CharTable, PhraseTable)
	}
	return r, nil
}

// Close unmaps the file.
func (r *Reader) Close() error { return r.file.Close() }

// Item is one character of Chinese with its reading, or a run of other
// text (Han is false; Syllable is the run itself).
type Item struct {
	Text     string
	Syllable string // tone-marked
	Han      bool
	from     byte // FromWord, FromPhrase or FromChar, for a Han character
}

// Word is one word of the segmentation: its items, and its place in the
// text in characters (code points).
type Word struct {
	Text       string
	Start, End int
	Items      []Item
}

// readDictionary cuts text into words and reads each by the dictionary
// alone. The words tile the text: the whitespace between the segmenter's
// words is a word of its own.
func (r *Reader) readDictionary(text string) []Word {
	tokens := r.seg.Tokenize(nil, text, segmenter.Accurate, true)
	words := make([]Word, 0, len(tokens))
	at, runes := 0, 0 // where the last word ended, in bytes and in characters
	gap := func(to, toRunes int) {
		if to > at {
			words = append(words, Word{Text: text[at:to], Start: runes, End: toRunes, Items: []Item{{Text: text[at:to], Syllable: text[at:to]}}})
		}
	}
	for _, t := range tokens {
		gap(t.Byte, t.Start)
		words = append(words, Word{Text: t.Word, Start: t.Start, End: t.End, Items: r.readWord(t.Word)})
		at, runes = t.Byte+len(t.Word), t.End
	}
	gap(len(text), runes+utf8.RuneCountInString(text[at:]))
	return words
}

// readWord reads one word: Han runs by phrase, then character; other runs
// as they are.
func (r *Reader) readWord(word string) []Item {
	var items []Item
	for i := 0; i < len(word); {
		c, size := utf8.DecodeRuneInString(word[i:])
		if !r.isHan(c) {
			j := i + size
			for j < len(word) {
				c, n := utf8.DecodeRuneInString(word[j:])
				if r.isHan(c) {
					break
				}
				j += n
			}
			items = append(items, Item{Text: word[i:j], Syllable: word[i:j]})
			i = j
			continue
		}
		j := i + size
		for j < len(word) {
			c, n := utf8.DecodeRuneInString(word[j:])
			if !r.isHan(c) {
				break
			}
			j += n
		}
		items = r.readHan(items, word[i:j])
		i = j
	}
	return items
}

// isHan: a character the table reads.
func (r *Reader) isHan(c rune) bool {
	if c < 0x2E80 || !unicode.Is(unicode.Han, c) && c != '〇' {
		return false
	}
	var buf [utf8.UTFMax]byte
	_, ok := r.chars.Get(string(buf[:utf8.EncodeRune(buf[:], c)]))
	return ok
}

// readHan reads a run of Han characters: the whole run as a phrase, else
// longest phrases from the left, else each character's first reading.
func (r *Reader) readHan(items []Item, run string) []Item {
	if v, ok := r.phrases.Get(run); ok {
		if out, ok := phraseItems(items, run, v, FromWord); ok {
			return out
		}
	}
	for i := 0; i < len(run); {
		if n, v := r.phrases.Longest(run[i:]); n > 0 {
			if out, ok := phraseItems(items, run[i:i+n], v, FromPhrase); ok && utf8.RuneCountInString(run[i:i+n]) > 1 {
				items, i = out, i+n
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(run[i:])
		ch := run[i : i+size]
		items = append(items, Item{Text: ch, Syllable: r.first(ch), Han: true, from: FromChar})
		i += size
	}
	return items
}

// phraseItems appends a phrase's characters with its syllables; false
// when the reading does not have one syllable a character.
func phraseItems(items []Item, phrase, reading string, from byte) ([]Item, bool) {
	syllables := strings.Fields(reading)
	if len(syllables) != utf8.RuneCountInString(phrase) {
		return items, false
	}
	k := 0
	for _, c := range phrase {
		items = append(items, Item{Text: string(c), Syllable: syllables[k], Han: true, from: from})
		k++
	}
	return items, true
}

// first is a character's most common reading.
func (r *Reader) first(ch string) string {
	v, _ := r.chars.Get(ch)
	if r.model != nil {
		c, _ := utf8.DecodeRuneInString(ch)
		if counts := r.model.countsOf(c); counts != nil {
			best, bestN := "", 0
			for _, s := range strings.Split(v, ",") {
				if n := counts[Numbered(s)]; n > bestN {
					best, bestN = s, n
				}
			}
			if best != "" {
				return best
			}
		}
	}
	if i := strings.IndexByte(v, ','); i >= 0 {
		return v[:i]
	}
	return v
}

// Readings are every reading of a Han character, the one given first, then
// the table's in its order; for other text, the text itself.
func (r *Reader) Readings(it Item) []string {
	if !it.Han {
		return []string{it.Text}
	}
	v, _ := r.chars.Get(it.Text)
	out := []string{it.Syllable}
	for _, s := range strings.Split(v, ",") {
		if s != "" && s != it.Syllable {
			out = append(out, s)
		}
	}
	return out
}

// WithModel is a Reader that reads polyphonic characters with m (nil: by
// the dictionary alone), sharing r's tables.
func (r *Reader) WithModel(m *Model) *Reader {
	out := *r
	out.model = m
	return &out
}

// Read cuts text into words and reads each: by the dictionary, then each
// polyphonic character the context model was trained on by the model. The
// words tile the text: the whitespace between the segmenter's words is a
// word of its own.
func (r *Reader) Read(text string) []Word {
	if r.model == nil {
		return r.readDictionary(text)
	}
	c := r.analyze(text)
	// First without the network; then, where its features could change
	// the answer (Model.networkSpan), with them: the network runs once per
	// sentence, over the characters that need it.
	type open struct {
		item    *Item
		i       int
		cands   []string
		context []uint64
	}
	var unsure []open
	i := 0
	for wi := range c.Words {
		items := c.Words[wi].Items
		for k := range items {
			it := &items[k]
			if it.Han && r.model.supportOf(c.Runes[i]) > 0 {
				if cands := c.Candidates(i); len(cands) > 1 {
					context := c.ContextFeatures(nil, i)
					best, lead := c.best(context, i, cands)
					it.Syllable = cands[best]
					if r.model.net != nil && lead <= r.model.networkSpan(r.model.supportOf(c.Runes[i])) {
						unsure = append(unsure, open{it, i, cands, context})
					}
				}
			}
			i += utf8.RuneCountInString(it.Text)
		}
	}
	if len(unsure) == 0 {
		return c.Words
	}
	want := make([]int, len(unsure))
	for k, u := range unsure {
		want[k] = u.i
	}
	c.runNetworkAt(want)
	for _, u := range unsure {
		best, _ := c.best(u.context, u.i, u.cands)
		u.item.Syllable = u.cands[best]
	}
	return c.Words
}

// SyllableAt is the numbered syllable (Numbered) of the character at index
// at of the text words tile, "" when it is not a Han character.
func SyllableAt(words []Word, at int) string {
	for _, w := range words {
		if at < w.Start || at >= w.End {
			continue
		}
		p := w.Start
		for _, it := range w.Items {
			n := utf8.RuneCountInString(it.Text)
			if at < p+n {
				if !it.Han {
					return ""
				}
				return Numbered(it.Syllable)
			}
			p += n
		}
	}
	return ""
}
