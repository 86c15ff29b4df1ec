package spoken_test

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/spoken"
	"cloudtools/internal/chinese/segmenter/segtest"
)

var (
	once   sync.Once
	reader *pinyin.Reader
	err    error
)

func read(t *testing.T, text string, opt spoken.Options) string {
	t.Helper()
	once.Do(func() { reader, err = pinyin.Load(segtest.DictDir(t), segtest.Segmenter(t)) })
	if err != nil {
		t.Fatal(err)
	}
	words := reader.Read(text)
	spoken.Apply(words, opt)
	var out []string
	for _, w := range words {
		for _, it := range w.Items {
			if strings.TrimSpace(it.Text) != "" {
				out = append(out, it.Syllable)
			}
		}
	}
	return strings.Join(out, " ")
}

// TestToneSandhi: golden rows, one or more per rule of the package
// comment.
func TestToneSandhi(t *testing.T) {
	sandhi := spoken.Options{ToneSandhi: true}
	for _, tc := range []struct{ text, want string }{
		{"不要", "bú yào"},             // 不 before a fourth tone
		{"不好", "bù hǎo"},             // before a third
		{"不来", "bù lái"},             // before a second
		{"好不好", "hǎo bu hǎo"},        // between the same characters
		{"不。", "bù 。"},               // before punctuation
		{"一个", "yí gè"},              // 一 before a fourth tone
		{"一天", "yì tiān"},            // before a first
		{"一年", "yì nián"},            // a second
		{"一起", "yì qǐ"},              // a third
		{"看一看", "kàn yi kàn"},        // between the same characters
		{"第一", "dì yī"},              // ordinal
		{"十一", "shí yī"},             // after a numeral
		{"一九八四", "yī jiǔ bā sì"},     // a number read digit by digit
		{"统一", "tǒng yī"},            // last in its word
		{"一", "yī"},                  // alone
		{"你好", "ní hǎo"},             // third-tone sandhi in a two-syllable word
		{"水果", "shuí guǒ"},           //
		{"展览馆", "zhǎn lǎn guǎn"},     // a longer word: left as it is
		{"我很好", "wǒ hěn hǎo"},        // across words: left as it is
		{"我们一起去", "wǒ men yì qǐ qù"}, // in running text
	} {
		if got := read(t, tc.text, sandhi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestErhua: a word-final 儿 after a character of its word merges into the
// syllable and the item; a word's own ér stays; off, nothing changes.
func TestErhua(t *testing.T) {
	for _, tc := range []struct {
		text string
		opt  spoken.Options
		want string
	}{
		{"一点儿", spoken.Options{Erhua: true}, "yì diǎnr"},
		{"一点儿", spoken.Options{Erhua: true, ToneSandhi: true}, "yì diǎnr"},
		{"你好，一点儿", spoken.Options{Erhua: true}, "nǐ hǎo ， yì diǎnr"}, // whatever 儿 reads alone
		{"他去哪儿了", spoken.Options{Erhua: true}, "tā qù nǎr le"},
		{"花儿很美", spoken.Options{Erhua: true}, "huār hěn měi"},
		{"女儿", spoken.Options{Erhua: true}, "nǚ ér"},
		{"婴儿", spoken.Options{Erhua: true}, "yīng ér"},
		{"我的小女儿", spoken.Options{Erhua: true}, "wǒ de xiǎo nǚ ér"},
		{"儿子", spoken.Options{Erhua: true}, "ér zi"},
	} {
		if got := read(t, tc.text, tc.opt); got != tc.want {
			t.Errorf("%s %+v: %q, want %q", tc.text, tc.opt, got, tc.want)
		}
	}
	// Off, nothing changes: 儿 keeps its own syllable, whichever reading
	// the context model gives it.
	for _, text := range []string{"一点儿", "他去哪儿了", "花儿很美"} {
		got := read(t, text, spoken.Options{})
		var plain []string
		for _, w := range reader.Read(text) {
			for _, it := range w.Items {
				plain = append(plain, it.Syllable)
			}
		}
		if want := strings.Join(plain, " "); got != want || len(plain) != utf8.RuneCountInString(text) {
			t.Errorf("%s with erhua off: %q, want the reader's own %q, a syllable a character", text, got, want)
		}
	}
	words := reader.Read("一点儿")
	spoken.Apply(words, spoken.Options{Erhua: true})
	if last := words[len(words)-1]; last.Items[len(last.Items)-1].Text != "点儿" {
		t.Errorf("the merged item holds %q, want 点儿", last.Items[len(last.Items)-1].Text)
	}
}
