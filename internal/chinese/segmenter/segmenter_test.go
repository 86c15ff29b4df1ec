package segmenter_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/chinese/segmenter/segtest"
)

func jiebaSeg(t testing.TB) *segmenter.Segmenter {
	return segtest.Jieba(t)
}

// TestJiebaGolden: with Options.Jieba the output is python jieba 0.42.1's
// on these lines (its dictionary and gse's agree on their words).
func TestJiebaGolden(t *testing.T) {
	tests := []struct {
		text string
		mode segmenter.Mode
		hmm  bool
		want string
	}{
		{"我来到北京清华大学", segmenter.Accurate, true, "我/来到/北京/清华大学"},
		{"我来到北京清华大学", segmenter.Full, false, "我/来到/北京/清华/清华大学/华大/大学"},
		{"我来到北京清华大学", segmenter.Search, true, "我/来到/北京/清华/华大/大学/清华大学"},
		{"他来到了网易杭研大厦", segmenter.Accurate, true, "他/来到/了/网易/杭研/大厦"},
		{"他来到了网易杭研大厦", segmenter.Accurate, false, "他/来到/了/网易/杭/研/大厦"},
		{"他来到了网易杭研大厦", segmenter.Full, false, "他/来到/了/网易/杭/研/大厦"},
		{"这是一个位于北京市的博物馆，成为了16,250名游客的第6站，门票8000万元",
			segmenter.Accurate, true, "这是/一个/位于/北京市/的/博物馆/，/成为/了/16/,/250/名/游客/的/第/6/站/，/门票/8000/万元"},
		{"这是一个位于北京市的博物馆，成为了16,250名游客的第6站，门票8000万元",
			segmenter.Full, false, "这/是/一个/个位/位于/北京/北京市/京市/的/博物/博物馆/，/成为/为了/16/,/250/名/游客/的/第/6/站/，/门票/8000/万元"},
		{"这是一个位于北京市的博物馆", segmenter.Search, true, "这是/一个/位于/北京/京市/北京市/的/博物/博物馆"},
		{"我爱Python3.12和C++，也爱Go语言！", segmenter.Accurate, true, "我/爱/Python3.12/和/C++/，/也/爱/Go/语言/！"},
		{"我爱Python3.12和C++，也爱Go语言！", segmenter.Accurate, false, "我/爱/Python3/./12/和/C++/，/也/爱/Go/语言/！"},
		{"我爱Python3.12和C++，也爱Go语言！", segmenter.Full, false, "我/爱/Python3/./12/和/C++/，/也/爱/Go/语言/！"},
		{"  空格\t与\n换行  ", segmenter.Accurate, true, "空格/与/换行"},
		{"", segmenter.Accurate, true, ""},
	}
	seg := jiebaSeg(t)
	for _, tc := range tests {
		got := strings.Join(segmenter.Words(seg.Tokenize(nil, tc.text, tc.mode, tc.hmm)), "/")
		if got != tc.want {
			t.Errorf("%s %v hmm=%v:\n got %s\nwant %s", tc.text, tc.mode, tc.hmm, got, tc.want)
		}
	}
}

// TestStandardGolden: the default style, one table row per rule class
// (docs/CHINESE.md, "How each rule class moves F1"). Each class is general: a
// character class, a frequency rule or the dictionary's own tags.
func TestStandardGolden(t *testing.T) {
	tests := []struct {
		class, text string
		mode        segmenter.Mode
		hmm         bool
		want        string
	}{
		// 1. Full-width digits and letters count as their ASCII twins; the
		// output keeps the input's characters.
		{"width", "１９９６年３月１５日，ＡＢＣ公司发布了１２．５％的增长", segmenter.Accurate, true,
			"１９９６年/３月/１５日/，/ＡＢＣ/公司/发布/了/１２．５％/的/增长"},
		{"width", "ｉＰｈｏｎｅ１５和Ｃ＋＋", segmenter.Accurate, false, "ｉＰｈｏｎｅ１５/和/Ｃ＋＋"},
		// 2. Phrases of two frequent words are not words.
		{"phrases", "信息技术推动三峡工程", segmenter.Accurate, true, "信息/技术/推动/三峡/工程"},
		{"phrases", "他一心一意", segmenter.Accurate, true, "他/一心一意"}, // an idiom stays
		// 3. The HMM does not glue function characters (jieba: 这是).
		{"hmm", "这是一个", segmenter.Accurate, true, "这/是/一/个"},
		{"hmm", "他们都用微信", segmenter.Accurate, true, "他们/都/用/微信"},
		// 4. The majority's conventions: verb + 于/为 whole, numeral +
		// measure word split, written numbers and dates whole.
		{"standards", "这是一个位于北京市的博物馆，成为了16,250名游客的第6站", segmenter.Accurate, true,
			"这/是/一/个/位于/北京市/的/博物馆/，/成为/了/16,250/名/游客/的/第6/站"},
		{"standards", "1996年3月15日，门票8000万元，人口约1.3万。", segmenter.Accurate, true,
			"1996年/3月/15日/，/门票/8000/万元/，/人口/约/1.3万/。"},
		{"standards", "1,2345", segmenter.Accurate, true, "1/,/2345"}, // not a thousands group
		{"standards", "AK-47步枪和COVID-19疫情，Wi-Fi与Ｔｕ－１６", segmenter.Accurate, true, "AK-47/步枪/和/COVID-19/疫情/，/Wi-Fi/与/Ｔｕ－１６"},
		{"standards", "a-和-b", segmenter.Accurate, true, "a/-/和/-/b"}, // a hyphen joins Latin only
		{"standards", "第一个和这种", segmenter.Accurate, true, "第一/个/和/这/种"},
		{"standards", "我认为因为他的行为一样，我们一起走", segmenter.Accurate, true, "我/认为/因为/他/的/行为/一样/，/我们/一起/走"},
		// 5. Traditional script segments as its simplified twin.
		{"script", "這是一個位於北京市的博物館，成為了16,250名遊客的第6站", segmenter.Accurate, true,
			"這/是/一/個/位於/北京市/的/博物館/，/成為/了/16,250/名/遊客/的/第6/站"},
		{"script", "電腦軟體與資訊技術", segmenter.Accurate, true, "電腦/軟體/與/資訊/技術"},
		// Modes.
		{"modes", "这是一个位于北京市的博物馆", segmenter.Search, true, "这/是/一/个/位于/北京/京市/北京市/的/博物/博物馆"},
		{"modes", "我来到北京清华大学", segmenter.Accurate, true, "我/来到/北京/清华大学"},
		{"modes", "我来到北京清华大学", segmenter.Full, false, "我/来到/北京/清华/清华大学/华大/大学"},
		{"modes", "我來到北京清華大學", segmenter.Full, false, "我/來到/北京/清華/清華大學/華大/大學"},
	}
	seg := segtest.Segmenter(t)
	for _, tc := range tests {
		got := strings.Join(segmenter.Words(seg.Tokenize(nil, tc.text, tc.mode, tc.hmm)), "/")
		if got != tc.want {
			t.Errorf("%s: %s %v hmm=%v:\n got %s\nwant %s", tc.class, tc.text, tc.mode, tc.hmm, got, tc.want)
		}
	}
}

// TestFullWidthOffsets: offsets stay rune offsets into the original text.
func TestFullWidthOffsets(t *testing.T) {
	text := "ＡＢＣ公司１９９６年"
	toks := segtest.Segmenter(t).Tokenize(nil, text, segmenter.Accurate, true)
	want := []segmenter.Token{{"ＡＢＣ", 0, 3, 0}, {"公司", 3, 5, 9}, {"１９９６年", 5, 10, 15}}
	if fmt.Sprint(toks) != fmt.Sprint(want) {
		t.Fatalf("%v, want %v", toks, want)
	}
}

func TestPOS(t *testing.T) {
	seg := segtest.Segmenter(t)
	for word, want := range map[string]string{
		"北京": "ns", "清华大学": "nt", "来到": "v", "12.5": "m", "16,250": "m", "iPhone": "eng",
		"杭研": "n", "，": "x", "😀": "x", "": "x", "１２．５": "m", "資訊": "n", ".": "x",
		"1996年": "t", "１５日": "t", "8000万": "m", "第6": "m", "年": "m",
	} {
		if got := seg.POS(word); got != want {
			t.Errorf("POS(%q) = %q, want %q", word, got, want)
		}
	}
}

var propertyTexts = []string{
	"我来到北京清华大学", "他来到了网易杭研大厦", "中华人民共和国是人民的共和国",
	"Hello, 世界! 123 abc。", "  空格  与\t制表符\n", "😀表情👩‍👩‍👧与组合字符é",
	"哈哈哈哈哈", "a", "，。！？", strings.Repeat("清华大学", 100), "第", "1,", ",250", "第6",
	"e\u0301\u0301天", "\xff北\xfe京", "㐀㐁〇零", "16,250,000万", "ＡＢＣ１２３",
	"１９９６年３月１５日，１２．５％的ｉＰｈｏｎｅ", "這是一個於是乾隆萬億", "第１２３号", "１，２３４，５６７萬", "１２．",
}

// TestProperties: in every mode and option, tokens point at their words
// and carry no whitespace; accurate words concatenate to the text minus
// whitespace; search mode's words include accurate mode's.
func TestProperties(t *testing.T) {
	for _, seg := range []*segmenter.Segmenter{segtest.Segmenter(t), jiebaSeg(t)} {
		for _, text := range propertyTexts {
			checkProperties(t, seg, text, nil)
		}
	}
}

func checkProperties(t *testing.T, seg *segmenter.Segmenter, text string, words *segmenter.CustomWords) {
	t.Helper()
	runeOffsets := []int{} // rune index → byte offset
	for i := range text {
		runeOffsets = append(runeOffsets, i)
	}
	runeOffsets = append(runeOffsets, len(text))
	// Invalid bytes decode as one rune each, as range does.
	for _, mode := range []segmenter.Mode{segmenter.Accurate, segmenter.Full, segmenter.Search} {
		for _, hmm := range []bool{true, false} {
			toks := seg.TokenizeWith(nil, text, mode, hmm, words)
			for _, tk := range toks {
				if tk.Start < 0 || tk.End > len(runeOffsets)-1 || tk.Start >= tk.End ||
					text[runeOffsets[tk.Start]:runeOffsets[tk.End]] != tk.Word || runeOffsets[tk.Start] != tk.Byte {
					t.Fatalf("%q %v: token %+v does not match the text", text, mode, tk)
				}
				if strings.ContainsFunc(tk.Word, unicode.IsSpace) {
					t.Fatalf("%q %v: token %q holds whitespace", text, mode, tk.Word)
				}
			}
			if mode == segmenter.Accurate {
				want := strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) {
						return -1
					}
					return r
				}, text)
				got := strings.Join(segmenter.Words(toks), "")
				if utf8.ValidString(text) && got != want {
					t.Fatalf("%q hmm=%v: words %q do not concatenate to the text", text, hmm, segmenter.Words(toks))
				}
				search := map[segmenter.Token]bool{}
				for _, tk := range seg.TokenizeWith(nil, text, segmenter.Search, hmm, words) {
					search[tk] = true
				}
				for _, tk := range toks {
					if !search[tk] {
						t.Fatalf("%q: accurate token %+v missing from search mode", text, tk)
					}
				}
			}
		}
	}
}

// FuzzTokenize checks the properties on any input, valid UTF-8 or not.
func FuzzTokenize(f *testing.F) {
	for _, s := range propertyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, seg := range []*segmenter.Segmenter{segtest.Segmenter(t), jiebaSeg(t)} {
			checkProperties(t, seg, text, nil)
		}
	})
}

// TestConcurrentUse: one Segmenter serves goroutines at once with the
// same results (run with -race).
func TestConcurrentUse(t *testing.T) {
	seg := segtest.Segmenter(t)
	want := map[string]string{}
	for _, text := range propertyTexts {
		want[text] = strings.Join(seg.Cut(text, true), "/")
	}
	done := make(chan error)
	for range 8 {
		go func() {
			for range 50 {
				for _, text := range propertyTexts {
					if got := strings.Join(seg.Cut(text, true), "/"); got != want[text] {
						done <- errorf("%q: %s, want %s", text, got, want[text])
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
