package main

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/segmenter/segtest"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

var (
	svcOnce sync.Once
	svc     *service
	svcErr  error
)

// testService reads with the layer the build compiles.
func testService(t testing.TB) *service {
	t.Helper()
	dir, seg := segtest.DictDir(t), segtest.Segmenter(t)
	svcOnce.Do(func() {
		var r *pinyin.Reader
		r, svcErr = pinyin.Load(dir, seg)
		svc = &service{reader: r}
	})
	if svcErr != nil {
		t.Fatal(svcErr)
	}
	return svc
}

// TestRequests: the route through the Lambda adapter, as API Gateway calls
// it; the heteronyms, every style, options and errors.
func TestRequests(t *testing.T) {
	s := testService(t)
	q := url.QueryEscape
	for _, tc := range []struct {
		method, target, contentType, body string
		status                            int
		want                              string
	}{
		{"GET", "/pinyin?text=" + q("银行"), "", "", 200, `"pinyin":["yín","háng"],"text":"yín háng"`},
		{"GET", "/pinyin?text=" + q("行走"), "", "", 200, `"text":"xíng zǒu"`},
		{"GET", "/pinyin?text=" + q("重庆"), "", "", 200, `"text":"chóng qìng"`},
		{"GET", "/pinyin?text=" + q("长大"), "", "", 200, `"text":"zhǎng dà"`},
		{"GET", "/pinyin?style=number&text=" + q("银行"), "", "", 200, `"text":"yin2 hang2"`},
		{"GET", "/pinyin?style=none&text=" + q("女儿"), "", "", 200, `"text":"nü er"`},
		{"GET", "/pinyin?style=initials&text=" + q("中国银行"), "", "", 200, `"text":"zh g y h"`},
		{"GET", "/pinyin?text=" + q("我爱Go语言"), "", "", 200,
			`"words":[{"word":"我","start":0,"end":1,"pinyin":["wǒ"]},{"word":"爱","start":1,"end":2,"pinyin":["ài"]},{"word":"Go","start":2,"end":4,"pinyin":["Go"]},{"word":"语言","start":4,"end":6,"pinyin":["yǔ","yán"]}]`},
		{"GET", "/pinyin?heteronym=true&text=" + q("银行"), "", "", 200, `"readings":[["yín"],["háng","xíng",`},
		{"POST", "/pinyin", "application/json", `{"text":"重庆","style":"number","heteronym":true}`, 200, `"readings":[["chong2","zhong4","tong2"],["qing4"]]`},
		{"POST", "/pinyin?style=number", "text/plain", "行走", 200, `"text":"xing2 zou3"`},
		{"POST", "/pinyin", "application/x-www-form-urlencoded", "text=" + q("长大"), 200, `"text":"zhǎng dà"`},
		{"GET", "/pinyin?text=" + q("他控制得太多了"), "", "", 200, `"text":"tā kòng zhì de tài duō le"`}, // the context model
		{"GET", "/pinyin?tone_sandhi=true&text=" + q("你好，不要一个"), "", "", 200, `"text":"ní hǎo ， bú yào yí gè"`},
		{"GET", "/pinyin?erhua=true&text=" + q("一点儿"), "", "", 200, `"words":[{"word":"一点儿","start":0,"end":3,"pinyin":["yì","diǎnr"]}]`},
		{"POST", "/pinyin", "application/json", `{"text":"一点儿","erhua":true,"tone_sandhi":true,"style":"number"}`, 200, `"pinyin":["yi4","dianr3"]`},
		{"GET", "/pinyin?erhua=yes&text=a", "", "", 400, `erhua must be true or false`},
		{"GET", "/pinyin?text=", "", "", 200, `{"pinyin":[],"text":"","words":[]}`},
		{"GET", "/pinyin", "", "", 400, `"detail":"text is required"`},
		{"GET", "/pinyin?style=ipa&text=a", "", "", 400, `"detail":"style must be tone, number, none or initials"`},
		{"GET", "/pinyin?heteronym=maybe&text=a", "", "", 400, `heteronym must be true or false`},
		{"POST", "/pinyin", "application/json", `{"text":["a"]}`, 400, `text must be a string`},
		{"POST", "/pinyin", "image/png", "x", 415, `"error":"Unsupported content type"`},
		{"PUT", "/pinyin?text=a", "", "", 405, `"error":"Method not allowed"`},
		{"GET", "/pinyin?text=" + strings.Repeat("a", maxTextBytes+1), "", "", 413, `"error":"Text too large"`},
	} {
		headers := map[string]string{}
		if tc.contentType != "" {
			headers["content-type"] = tc.contentType
		}
		res := apigwtest.Invoke(t, "pinyin", s.handle, apigwtest.Event(tc.method, tc.target, headers, tc.body))
		if res.Status != tc.status || !strings.Contains(string(res.Body), tc.want) {
			t.Errorf("%s %.70s: %d %s, want %d %s", tc.method, tc.target, res.Status, res.Body, tc.status, tc.want)
		}
	}
}

// TestWordsTileTheText: the words are the text in order with character
// offsets, and each Han character has one syllable.
func TestWordsTileTheText(t *testing.T) {
	s := testService(t)
	text := "他 说：“我在银行工作。” OK 😀 𠀀"
	res := apigwtest.Invoke(t, "pinyin", s.handle, apigwtest.Event("GET", "/pinyin?text="+url.QueryEscape(text), nil, ""))
	var r result
	if err := json.Unmarshal(res.Body, &r); err != nil || res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	runes, pos := []rune(text), 0
	for _, w := range r.Words {
		if w.Start != pos || string(runes[w.Start:w.End]) != w.Word {
			t.Fatalf("word %+v at %d", w, pos)
		}
		pos = w.End
	}
	if pos != len(runes) {
		t.Errorf("words end at %d of %d", pos, len(runes))
	}
}

// TestEvents: event.json and console-event.json both read.
func TestEvents(t *testing.T) {
	s := testService(t)
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	if res := apigwtest.InvokeRaw(t, "pinyin", s.handle, raw); res.Status != 200 || !strings.Contains(string(res.Body), `"text":"yín háng"`) {
		t.Errorf("event.json: %d %s", res.Status, res.Body)
	}
	raw, err = os.ReadFile("console-event.json")
	if err != nil {
		t.Fatal(err)
	}
	if res := apigwtest.InvokeDirect(t, "pinyin", s.handle, direct, raw); res.Status != 200 || !strings.Contains(string(res.Body), `"text":"wo3 zai4 yin2 hang2 gong1 zuo4 ， ta1 zhang3 da4 le 。"`) {
		t.Errorf("console-event.json: %d %s", res.Status, res.Body)
	}
}
