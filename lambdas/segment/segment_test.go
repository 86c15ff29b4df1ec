package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode"

	"cloudtools/internal/chinese/segmenter/segtest"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// testService serves with the real compiled dictionary (the build's).
func testService(t *testing.T) *service {
	t.Helper()
	svc, err := newService(segtest.Segmenter(t))
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

type segResult struct {
	Words  []string `json:"words"`
	Tokens []token  `json:"tokens"`
}

func call(t *testing.T, method, target, contentType, body string) (apigwtest.Result, segResult) {
	t.Helper()
	headers := map[string]string{}
	if contentType != "" {
		headers["content-type"] = contentType
	}
	res := apigwtest.Invoke(t, "segment", testService(t).handle, apigwtest.Event(method, target, headers, body))
	var out segResult
	if res.Status == 200 {
		if err := json.Unmarshal(res.Body, &out); err != nil {
			t.Fatalf("body %s: %v", res.Body, err)
		}
		if out.Words == nil {
			t.Fatalf("words is null in %s", res.Body)
		}
	}
	return res, out
}

func TestSegmentModes(t *testing.T) {
	tests := []struct {
		name, target string
		want         string // words joined by "/"
	}{
		{"accurate", "/segment?text=我来到北京清华大学", "我/来到/北京/清华大学"},
		{"accurate without hmm", "/segment?text=我来到北京清华大学&hmm=false", "我/来到/北京/清华大学"},
		{"explicit accurate", "/segment?mode=accurate&text=中华人民共和国", "中华人民共和国"},
		{"full", "/segment?mode=full&text=我来到北京清华大学", "我/来到/北京/清华/清华大学/华大/大学"},
		{"search", "/segment?mode=search&text=我来到北京清华大学", "我/来到/北京/清华/华大/大学/清华大学"},
		{"search long word", "/segment?mode=search&text=中华人民共和国", "中华/华人/人民/共和/共和国/中华人民共和国"},
		{"whitespace is not a word", "/segment?text=%20我%09来到%0A北京%20", "我/来到/北京"},
		{"empty text", "/segment?text=", ""},
		{"only spaces", "/segment?text=%20%20", ""},
		{"latin and digits kept", "/segment?text=我是hello123", "我/是/hello123"},
		{"user dictionary", "/segment?text=云原生", "云原生"},
		{"case kept", "/segment?text=Go语言", "Go/语言"},
		// style: the default rules, or jieba 0.42.1's algorithm and word list.
		{"default style", "/segment?text=" + url.QueryEscape("这是1996年的信息技术"), "这/是/1996年/的/信息/技术"},
		{"explicit default style", "/segment?style=default&text=" + url.QueryEscape("這是１９９６年"), "這/是/１９９６年"},
		{"jieba style", "/segment?style=jieba&text=" + url.QueryEscape("这是1996年的信息技术"), "这是/1996/年/的/信息技术"},
		{"jieba style search", "/segment?style=jieba&mode=search&text=" + url.QueryEscape("信息技术"), "信息/技术/信息技术"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, out := call(t, "GET", tc.target, "", "")
			if res.Status != 200 {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			if got := strings.Join(out.Words, "/"); got != tc.want {
				t.Fatalf("words %q, want %q", got, tc.want)
			}
			if out.Tokens != nil {
				t.Fatalf("tokens without pos or offsets: %s", res.Body)
			}
		})
	}
}

func TestSegmentTokens(t *testing.T) {
	_, out := call(t, "GET", "/segment?text=我来到%20北京&pos=true&offsets=true", "", "")
	want := []token{{"我", 0, 1, "r"}, {"来到", 1, 3, "v"}, {"北京", 4, 6, "ns"}}
	if len(out.Tokens) != len(want) {
		t.Fatalf("tokens %+v", out.Tokens)
	}
	for i := range want {
		if out.Tokens[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, out.Tokens[i], want[i])
		}
	}
	_, out = call(t, "GET", "/segment?text=abc%2012.5&pos=true", "", "")
	if len(out.Tokens) != 2 || out.Tokens[0].POS != "eng" || out.Tokens[1].POS != "m" {
		t.Fatalf("tokens %+v", out.Tokens)
	}
	_, out = call(t, "GET", "/segment?text=哈哈哈哈&mode=full&offsets=true", "", "")
	for _, tok := range out.Tokens {
		if string([]rune("哈哈哈哈")[tok.Start:tok.End]) != tok.Word {
			t.Fatalf("full-mode offsets wrong: %+v", out.Tokens)
		}
	}
}

// TestSegmentProperties checks, over varied texts and every mode, that
// offsets point at their words, that accurate words concatenate to the text
// minus whitespace, and that search words cover accurate words.
func TestSegmentProperties(t *testing.T) {
	texts := []string{
		"我来到北京清华大学", "他来到了网易杭研大厦", "中华人民共和国是人民的共和国",
		"Hello, 世界! 123 abc。", "  空格  与\t制表符\n", "😀表情👩‍👩‍👧与组合字符é",
		"哈哈哈哈哈", "a", "，。！？", strings.Repeat("清华大学", 100),
	}
	for _, text := range texts {
		runes := []rune(text)
		modes := map[string][]token{}
		for _, mode := range []string{"accurate", "full", "search"} {
			for _, hmm := range []string{"true", "false"} {
				body, _ := json.Marshal(map[string]any{"text": text, "mode": mode, "hmm": hmm == "true", "offsets": true})
				res, out := call(t, "POST", "/segment", "application/json", string(body))
				if res.Status != 200 {
					t.Fatalf("%q %s: status %d", text, mode, res.Status)
				}
				for _, tok := range out.Tokens {
					if tok.Start < 0 || tok.End > len(runes) || string(runes[tok.Start:tok.End]) != tok.Word {
						t.Fatalf("%q %s: token %+v does not match the text", text, mode, tok)
					}
					if strings.TrimSpace(tok.Word) == "" {
						t.Fatalf("%q %s: whitespace token", text, mode)
					}
				}
				if hmm == "true" {
					modes[mode] = out.Tokens
				}
				if mode == "accurate" {
					want := strings.Map(func(r rune) rune {
						if unicode.IsSpace(r) {
							return -1
						}
						return r
					}, text)
					if got := strings.Join(out.Words, ""); got != want {
						t.Fatalf("%q hmm=%s: words %q do not concatenate to the text", text, hmm, out.Words)
					}
				}
			}
		}
		search := map[token]bool{}
		for _, tok := range modes["search"] {
			search[tok] = true
		}
		for _, tok := range modes["accurate"] {
			if !search[tok] {
				t.Fatalf("%q: accurate token %+v missing from search mode", text, tok)
			}
		}
	}
}

func TestSegmentBodies(t *testing.T) {
	tests := []struct {
		name, target, contentType, body string
		want                            string
	}{
		{"json", "/segment", "application/json", `{"text":"我来到北京"}`, "我/来到/北京"},
		{"json mode", "/segment", "application/json; charset=utf-8", `{"text":"清华大学","mode":"search"}`, "清华/华大/大学/清华大学"},
		{"json options from query", "/segment?mode=full", "application/json", `{"text":"清华大学"}`, "清华/清华大学/华大/大学"},
		{"json wins over query", "/segment?mode=full", "application/json", `{"text":"清华大学","mode":"accurate"}`, "清华大学"},
		{"json empty text", "/segment", "application/json", `{"text":""}`, ""},
		{"text/plain", "/segment?mode=accurate", "text/plain; charset=utf-8", "我来到北京", "我/来到/北京"},
		{"form", "/segment", "application/x-www-form-urlencoded", "text=%E5%8C%97%E4%BA%AC&hmm=0", "北京"},
		{"post without body reads the query", "/segment?text=北京", "", "", "北京"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, out := call(t, "POST", tc.target, tc.contentType, tc.body)
			if res.Status != 200 {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			if got := strings.Join(out.Words, "/"); got != tc.want {
				t.Fatalf("words %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSegmentBadInput(t *testing.T) {
	big := strings.Repeat("北", maxTextBytes/3+1)
	tests := []struct {
		name, method, target, contentType, body string
		status                                  int
	}{
		{"missing text", "GET", "/segment", "", "", 400},
		{"missing text with options", "GET", "/segment?mode=full", "", "", 400},
		{"repeated text", "GET", "/segment?text=a&text=b", "", "", 400},
		{"repeated mode", "GET", "/segment?text=a&mode=full&mode=full", "", "", 400},
		{"unknown mode", "GET", "/segment?text=a&mode=fast", "", "", 400},
		{"bad hmm", "GET", "/segment?text=a&hmm=maybe", "", "", 400},
		{"bad pos", "GET", "/segment?text=a&pos=2", "", "", 400},
		{"invalid utf-8 in query", "GET", "/segment?text=%FF%FE", "", "", 400},
		{"bad percent-encoding", "GET", "/segment?text=%E5%8C", "", "", 400},
		{"truncated escape", "GET", "/segment?text=%", "", "", 400},
		{"too large query", "GET", "/segment?text=" + big, "", "", 413},
		{"too large json", "POST", "/segment", "application/json", `{"text":"` + big + `"}`, 413},
		{"too large body", "POST", "/segment", "text/plain", strings.Repeat("x", rules.MaxBodyBytes+1), 413},
		{"too large text/plain", "POST", "/segment", "text/plain", big, 413},
		{"invalid utf-8 text/plain", "POST", "/segment", "text/plain", "北\xff京", 400},
		{"invalid utf-8 json", "POST", "/segment", "application/json", "{\"text\":\"\xff\"}", 400},
		{"malformed json", "POST", "/segment", "application/json", `{"text":`, 400},
		{"json without text", "POST", "/segment", "application/json", `{"mode":"full"}`, 400},
		{"json text not a string", "POST", "/segment", "application/json", `{"text":123}`, 400},
		{"json hmm not a bool", "POST", "/segment", "application/json", `{"text":"a","hmm":"yes"}`, 400},
		{"json array", "POST", "/segment", "application/json", `["a"]`, 400},
		{"json trailing", "POST", "/segment", "application/json", `{"text":"a"}x`, 400},
		{"json bad mode", "POST", "/segment", "application/json", `{"text":"a","mode":"x"}`, 400},
		{"wrong content type", "POST", "/segment", "application/xml", "<text>a</text>", 415},
		{"binary body", "POST", "/segment", "application/octet-stream", "\x00\x01", 415},
		{"put", "PUT", "/segment?text=a", "", "", 405},
		{"unknown style", "GET", "/segment?text=a&style=pku", "", "", 400},
		{"empty style", "GET", "/segment?text=a&style=", "", "", 400},
		{"json style not a string", "POST", "/segment", "application/json", `{"text":"a","style":true}`, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := call(t, tc.method, tc.target, tc.contentType, tc.body)
			res.CheckJSONError(t, tc.status)
		})
	}
}

func TestSegmentStatusOK(t *testing.T) {
	res, _ := call(t, "GET", "/segment?text=北京", "", "")
	if res.Status != http.StatusOK || res.Header["Content-Type"] != "application/json; charset=utf-8" {
		t.Fatalf("status %d headers %v", res.Status, res.Header)
	}
}

func TestEventExample(t *testing.T) {
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	res := apigwtest.InvokeRaw(t, "segment", testService(t).handle, raw)
	if res.Status != 200 || !strings.Contains(string(res.Body), `"words":["我","来到","北京","清华大学"]`) ||
		!strings.Contains(string(res.Body), `"pos":"ns"`) {
		t.Fatalf("event.json: %d %s", res.Status, res.Body)
	}
}

func testDictDir(t *testing.T) string { return segtest.DictDir(t) }

type kwResult struct {
	Keywords []struct {
		Word   string  `json:"word"`
		Weight float64 `json:"weight"`
	} `json:"keywords"`
}

func TestKeywords(t *testing.T) {
	text := "云原生应用运行在无服务器平台上。无服务器平台按请求计费，云原生应用因此便宜。"
	tests := []struct {
		name, method, target, contentType, body string
		wantFirst                               string
		wantLen                                 int
	}{
		{"tfidf GET", "GET", "/keywords?top=3&text=" + url.QueryEscape(text), "", "", "云原生", 3},
		{"default top", "GET", "/keywords?text=" + url.QueryEscape(text), "", "", "云原生", 6}, // every term: fewer than 10
		{"textrank JSON", "POST", "/keywords", "application/json", `{"text":"` + text + `","method":"textrank","top":2}`, "", 2},
		{"form", "POST", "/keywords", "application/x-www-form-urlencoded", "top=1&text=" + url.QueryEscape(text), "云原生", 1},
		{"no candidates", "GET", "/keywords?text=" + url.QueryEscape("的了吗"), "", "", "", 0},
		{"empty", "GET", "/keywords?text=", "", "", "", 0},
		{"jieba style", "GET", "/keywords?style=jieba&top=1&text=" + url.QueryEscape("信息技术，信息技术，网络"), "", "", "信息技术", 1},
		{"default style", "GET", "/keywords?style=default&text=" + url.QueryEscape("信息技术，信息技术，网络"), "", "", "信息技术", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			headers := map[string]string{}
			if tc.contentType != "" {
				headers["content-type"] = tc.contentType
			}
			res := apigwtest.Invoke(t, "segment", testService(t).handle, apigwtest.Event(tc.method, tc.target, headers, tc.body))
			var out kwResult
			if res.Status != 200 || json.Unmarshal(res.Body, &out) != nil || out.Keywords == nil {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
			if len(out.Keywords) != tc.wantLen {
				t.Fatalf("%d keywords, want %d: %s", len(out.Keywords), tc.wantLen, res.Body)
			}
			if tc.wantFirst != "" && out.Keywords[0].Word != tc.wantFirst {
				t.Fatalf("first keyword %q, want %q: %s", out.Keywords[0].Word, tc.wantFirst, res.Body)
			}
			for i, k := range out.Keywords {
				if k.Weight <= 0 || i > 0 && k.Weight > out.Keywords[i-1].Weight {
					t.Fatalf("weights not positive and descending: %s", res.Body)
				}
			}
		})
	}
}

func TestKeywordsBadInput(t *testing.T) {
	for name, target := range map[string]string{
		"missing text":  "/keywords?top=3",
		"top zero":      "/keywords?text=a&top=0",
		"top too large": "/keywords?text=a&top=101",
		"top not int":   "/keywords?text=a&top=1.5",
		"bad method":    "/keywords?text=a&method=lda",
		"repeated top":  "/keywords?text=a&top=1&top=2",
	} {
		t.Run(name, func(t *testing.T) {
			res := apigwtest.Invoke(t, "segment", testService(t).handle, apigwtest.Event("GET", target, nil, ""))
			res.CheckJSONError(t, 400)
		})
	}
	res := apigwtest.Invoke(t, "segment", testService(t).handle,
		apigwtest.Event("POST", "/keywords", map[string]string{"content-type": "application/json"}, `{"text":"a","top":"3"}`))
	res.CheckJSONError(t, 400)
}

// TestCustomWords: the words option on both routes, in every form a
// request can carry it, and its limits.
func TestCustomWords(t *testing.T) {
	s := testService(t)
	q := url.QueryEscape
	text := q("「台中」正确应该不会被切开，如果放到post中将出错。")
	for _, tc := range []struct {
		name, method, target, contentType, body string
		status                                  int
		want                                    string
	}{
		{"none", "GET", "/segment?style=jieba&hmm=false&text=" + text, "", "", 200, `"post","中将","出错"`},
		{"query, comma-separated", "GET", "/segment?style=jieba&hmm=false&words=" + q("台中,中/将") + "&text=" + text, "", "", 200,
			`{"words":["「","台中","」","正确","应该","不会","被","切开","，","如果","放到","post","中","将","出错","。"]}`},
		{"query, repeated, full-width comma", "GET", "/segment?style=jieba&hmm=false&words=" + q("台中，") + "&words=" + q("中/将") + "&text=" + text, "", "", 200,
			`"「","台中","」"`},
		{"JSON list", "POST", "/segment", "application/json", `{"text":"如果放到post中将出错。","words":["中/将"],"style":"jieba"}`, 200, `"post","中","将","出错"`},
		{"form", "POST", "/segment", "application/x-www-form-urlencoded", "words=" + q("中/将") + "&text=" + q("如果放到post中将出错。"), 200, `"post","中","将","出错"`},
		{"text body, words in the query", "POST", "/segment?words=" + q("量子退火机"), "text/plain", "量子退火机很快", 200, `"量子退火机"`},
		{"a new word is a noun", "GET", "/segment?pos=true&words=" + q("量子退火机") + "&text=" + q("量子退火机"), "", "", 200, `{"word":"量子退火机","start":0,"end":5,"pos":"n"}`},
		{"keywords", "GET", "/keywords?top=1&words=" + q("量子退火机") + "&text=" + q("量子退火机和量子退火机的应用"), "", "", 200, `{"keywords":[{"word":"量子退火机"`},
		{"keywords textrank", "POST", "/keywords", "application/json", `{"text":"量子退火机解决优化问题，量子退火机很快","method":"textrank","top":3,"words":["量子退火机"]}`, 200, `"word":"量子退火机"`},
		{"too many", "GET", "/segment?text=a&words=" + strings.Repeat("词,", 101), "", "", 400, `"detail":"words: 101 words; at most 100"`},
		{"too long", "GET", "/segment?text=a&words=" + strings.Repeat("长", 33), "", "", 400, `a word holds 1 to 32 characters`},
		{"empty part", "GET", "/segment?text=a&words=" + q("中/"), "", "", 400, `"error":"Invalid input"`},
		{"a space", "POST", "/segment", "application/json", `{"text":"a","words":["你 好"]}`, 400, `can join into a word`},
		{"not a list", "POST", "/keywords", "application/json", `{"text":"a","words":{"a":1}}`, 400, `words: must be an array of strings`},
	} {
		headers := map[string]string{}
		if tc.contentType != "" {
			headers["content-type"] = tc.contentType
		}
		res := apigwtest.Invoke(t, "segment", s.handle, apigwtest.Event(tc.method, tc.target, headers, tc.body))
		if res.Status != tc.status || !strings.Contains(string(res.Body), tc.want) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, res.Status, res.Body, tc.status, tc.want)
		}
	}
}
