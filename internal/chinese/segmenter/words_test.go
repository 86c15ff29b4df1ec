package segmenter_test

import (
	"errors"
	"strings"
	"testing"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// TestCustomWordsJieba: in jieba's style a call's words give what python
// jieba 0.42.1 gives after jieba.suggest_freq(entry, tune=True) (checked
// with Debian's python3-jieba), except that a forced split also holds
// against the HMM, which in jieba may join the parts again.
func TestCustomWordsJieba(t *testing.T) {
	seg := segtest.Jieba(t)
	for _, tc := range []struct {
		words []string
		text  string
		mode  segmenter.Mode
		hmm   bool
		want  string
	}{
		{nil, "如果放到post中将出错。", segmenter.Accurate, false, "如果/放到/post/中将/出错/。"},
		{[]string{"中/将"}, "如果放到post中将出错。", segmenter.Accurate, false, "如果/放到/post/中/将/出错/。"},
		{[]string{"中/将"}, "如果放到post中将出错。", segmenter.Accurate, true, "如果/放到/post/中/将/出错/。"},
		{[]string{"中/将"}, "如果放到post中将出错。", segmenter.Full, false, "如果/放到/post/中将/出错/。"},
		{[]string{"台中"}, "「台中」正确应该不会被切开", segmenter.Accurate, false, "「/台中/」/正确/应该/不会/被/切开"},
		{[]string{"台中"}, "「台中」正确应该不会被切开", segmenter.Full, false, "「/台中/」/正确/确应/应该/不会/被/切开"},
		{[]string{"云原生", "无服务器"}, "云原生应用运行在无服务器平台上", segmenter.Accurate, true, "云原生/应用/运行/在/无服务器/平台/上"},
		{[]string{"云原生", "无服务器"}, "云原生应用运行在无服务器平台上", segmenter.Search, true, "原生/云原生/应用/运行/在/服务/务器/服务器/无服务器/平台/上"},
		// jieba gives 我们/中出/了/… here: its HMM joins the parts again.
		{[]string{"中/出"}, "我们中出了一个叛徒", segmenter.Accurate, true, "我们/中/出/了/一个/叛徒"},
		// A word made only of other words' parts, and Latin.
		{[]string{"C++编程", "Go语言"}, "学习C++编程和Go语言", segmenter.Accurate, true, "学习/C++编程/和/Go语言"},
	} {
		words, err := seg.CustomWords(tc.words)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(segmenter.Words(seg.TokenizeWith(nil, tc.text, tc.mode, tc.hmm, words)), "/")
		if got != tc.want {
			t.Errorf("%v %s(%q, hmm=%v) = %s, want %s", tc.words, tc.mode, tc.text, tc.hmm, got, tc.want)
		}
	}
}

// TestCustomWordsDefaultStyle: the default style matches a call's words as
// it matches the dictionary (traditional and full-width forms fold), and
// its own rules do not split a word the call asked for.
func TestCustomWordsDefaultStyle(t *testing.T) {
	seg := segtest.Segmenter(t)
	for _, tc := range []struct {
		words []string
		text  string
		want  string
	}{
		{[]string{"台中"}, "「臺中」正確應該不會被切開", "「/臺中/」/正確/應該/不會/被/切開"},
		{[]string{"中/将"}, "如果放到ｐｏｓｔ中將出錯。", "如果/放到/ｐｏｓｔ/中/將/出錯/。"},
		{[]string{"三个"}, "三个人", "三个/人"}, // the numeral + measure rule would split it
		{nil, "三个人", "三/个/人"},
	} {
		words, err := seg.CustomWords(tc.words)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(segmenter.Words(seg.TokenizeWith(nil, tc.text, segmenter.Accurate, true, words)), "/")
		if got != tc.want {
			t.Errorf("%v (%q) = %s, want %s", tc.words, tc.text, got, tc.want)
		}
	}
}

// TestCustomWordsOffsets: tokens keep their offsets through forced splits.
func TestCustomWordsOffsets(t *testing.T) {
	seg := segtest.Segmenter(t)
	words, err := seg.CustomWords([]string{"中/将/出"})
	if err != nil {
		t.Fatal(err)
	}
	text := "他说中将出错"
	pos := 0
	for _, tok := range seg.TokenizeWith(nil, text, segmenter.Accurate, true, words) {
		if tok.Start != pos || text[tok.Byte:tok.Byte+len(tok.Word)] != tok.Word {
			t.Fatalf("token %+v at %d", tok, pos)
		}
		pos = tok.End
	}
	if pos != 6 {
		t.Errorf("tokens end at %d", pos)
	}
}

func TestCustomWordsRefused(t *testing.T) {
	seg := segtest.Segmenter(t)
	for _, entry := range []string{"", "/", "中/", "/中", "a b", "中。", "中\x00"} {
		if _, err := seg.CustomWords([]string{entry}); err == nil {
			t.Errorf("%q was accepted", entry)
		}
	}
	if _, err := seg.CustomWords([]string{"你 好"}); !errors.Is(err, segmenter.ErrWordChars) {
		t.Errorf("a space: %v", err)
	}
}

// FuzzCustomWords: whatever words a request brings, they are refused with
// an error or the cut keeps its properties (tokens point into the text and
// tile it), and no accurate token is a forced split's word.
func FuzzCustomWords(f *testing.F) {
	f.Add("台中,中/将", "「台中」正确应该不会被切开，如果放到post中将出错。")
	f.Add("云原生,无服务器,C++编程", "云原生应用运行在无服务器平台上，学习C++编程")
	f.Add("臺/中,ＡＢ,a/b/c", "臺中ＡＢabc臺中")
	f.Add("中/出,中出,/,,", "我们中出了一个叛徒")
	f.Fuzz(func(t *testing.T, entries, text string) {
		for _, seg := range []*segmenter.Segmenter{segtest.Segmenter(t), segtest.Jieba(t)} {
			list := strings.Split(entries, ",")
			words, err := seg.CustomWords(list)
			if err != nil {
				continue
			}
			checkProperties(t, seg, text, words)
			split := map[string]bool{}
			for _, e := range list {
				if strings.Contains(e, segmenter.Separator) {
					split[strings.ReplaceAll(e, segmenter.Separator, "")] = true
				}
			}
			for _, tk := range seg.TokenizeWith(nil, text, segmenter.Accurate, true, words) {
				if split[tk.Word] && !words.Keeps(tk.Word) {
					t.Fatalf("%q with %q: a forced split's word %q is a token", text, entries, tk.Word)
				}
			}
		}
	})
}
