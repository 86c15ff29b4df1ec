package acceptance

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/testsupport/poll"
)

// Every route of the real app: the path a user's curl takes.
func TestRoutesHappyPaths(t *testing.T) {
	u := target.URL
	tests := []struct {
		name, method, target, body string
		headers                    []string
		status                     int
		contains                   string
	}{
		{"calc GET", "GET", "/calc?num1=1&num2=2&operator=add", "", nil, 200, `{"result":3}`},
		{"calc expr", "GET", "/calc?expr=" + url.QueryEscape("(1+2)*3^2"), "", nil, 200, `{"result":27}`},
		{"calc POST json", "POST", "/calc", `{"num1":6,"num2":7,"operator":"*"}`, []string{"Content-Type: application/json"}, 200, `{"result":42}`},
		{"echo GET", "GET", "/echo?x=1", "", nil, 200, `"rawQueryString": "x=1"`},
		{"echo proxy path", "PUT", "/echo/a/b/c", "hello", []string{"Content-Type: text/plain"}, 200, `"proxy": "a/b/c"`},
		{"random image", "GET", "/random-image?seed=e2e&count=2", "", nil, 200, `"key":"images/`},
		{"segment GET", "GET", "/segment?text=" + url.QueryEscape("我来到北京清华大学"), "", nil, 200, `{"words":["我","来到","北京","清华大学"]}`},
		{"segment POST text", "POST", "/segment?mode=search", "清华大学", []string{"Content-Type: text/plain; charset=utf-8"}, 200, `{"words":["清华","华大","大学","清华大学"]}`},
		{"keywords GET", "GET", "/keywords?top=2&text=" + url.QueryEscape("云原生应用运行在无服务器平台上，无服务器平台按请求计费"), "", nil, 200, `{"keywords":[{"word":"无服务器"`},
		{"keywords textrank POST", "POST", "/keywords", `{"text":"小明在北京的清华大学学习计算机科学，清华大学位于北京","method":"textrank","top":1}`, []string{"Content-Type: application/json"}, 200, `{"keywords":[{"word":"`},
		{"keywords bad top", "GET", "/keywords?top=0&text=a", "", nil, 400, `"error":"Invalid input"`},
		{"random quote", "GET", "/random-quote?c=poetry&seed=e2e", "", nil, 200, `"category":"poetry"`},
		{"random quote as text", "GET", "/random-quote?c=proverb&encode=text&max_length=8", "", nil, 200, `。`},
		{"playground page", "GET", "/", "", nil, 200, `<form id="quote-form">`},
		{"openapi", "GET", "/openapi.json", "", nil, 200, `"openapi": "3.1.0"`},
		{"segment with tokens", "GET", "/segment?pos=true&offsets=true&text=" + url.QueryEscape("我来到北京"), "", nil, 200, `"tokens":[{"word":"我","start":0,"end":1,"pos":"r"}`},
		{"calc POST form", "POST", "/calc", "expr=2%5E10", []string{"Content-Type: application/x-www-form-urlencoded"}, 200, `{"result":1024}`},
		{"segment user dictionary from the layer", "GET", "/segment?text=" + url.QueryEscape("大语言模型"), "", nil, 200, `{"words":["大语言模型"]}`},
		{"segment traditional, default style", "GET", "/segment?text=" + url.QueryEscape("這是1996年的資訊技術"), "", nil, 200, `{"words":["這","是","1996年","的","資訊","技術"]}`},
		{"segment jieba style", "POST", "/segment", `{"text":"这是1996年的信息技术","style":"jieba"}`, []string{"Content-Type: application/json"}, 200, `{"words":["这是","1996","年","的","信息技术"]}`},
		{"segment with words of the request's own", "GET", "/segment?style=jieba&hmm=false&words=" + url.QueryEscape("台中,中/将") + "&text=" + url.QueryEscape("「台中」如果放到post中将出错"), "", nil, 200,
			`{"words":["「","台中","」","如果","放到","post","中","将","出错"]}`},
		{"keywords with words of the request's own", "POST", "/keywords", `{"text":"量子退火机解决优化问题，量子退火机很快","top":1,"words":["量子退火机"]}`, []string{"Content-Type: application/json"}, 200, `{"keywords":[{"word":"量子退火机"`},
		{"pinyin heteronyms by word", "GET", "/pinyin?text=" + url.QueryEscape("银行行走重庆长大"), "", nil, 200, `"text":"yín háng xíng zǒu chóng qìng zhǎng dà"`},
		{"pinyin numbers POST", "POST", "/pinyin", `{"text":"我爱Go","style":"number","heteronym":true}`, []string{"Content-Type: application/json"}, 200, `"pinyin":["wo3","ai4","Go"]`},
		{"pinyin in context", "GET", "/pinyin?text=" + url.QueryEscape("他控制得太多了"), "", nil, 200, `"text":"tā kòng zhì de tài duō le"`},
		{"pinyin as spoken", "POST", "/pinyin", `{"text":"你好，一点儿","tone_sandhi":true,"erhua":true}`, []string{"Content-Type: application/json"}, 200, `"text":"ní hǎo ， yì diǎnr"`},
		{"pinyin initials form", "POST", "/pinyin", "style=initials&text=" + url.QueryEscape("中国银行"), []string{"Content-Type: application/x-www-form-urlencoded"}, 200, `"text":"zh g y h"`},
		{"convert to traditional", "GET", "/convert?text=" + url.QueryEscape("头发和发展"), "", nil, 200, `{"text":"頭髮和發展","config":"s2t"}`},
		{"convert to Taiwan phrases", "GET", "/convert?to=tw&text=" + url.QueryEscape("软件"), "", nil, 200, `{"text":"軟體","config":"s2twp"}`},
		{"convert to simplified", "POST", "/convert?to=s", "計算機", []string{"Content-Type: text/plain; charset=utf-8"}, 200, `{"text":"计算机","config":"t2s"}`},
		{"convert to Hong Kong phrases", "GET", "/convert?to=hk&text=" + url.QueryEscape("宽带"), "", nil, 200, `{"text":"寬頻","config":"s2hkp"}`},
		{"convert to shinjitai", "GET", "/convert?from=t&to=jp&text=" + url.QueryEscape("舊字體"), "", nil, 200, `{"text":"旧字体","config":"t2jp"}`},
		{"convert with offsets", "POST", "/convert", `{"text":"U盘头发","to":"tw","offsets":true}`, []string{"Content-Type: application/json"}, 200,
			`"segments":[{"source":"U盘","text":"隨身碟","start":0,"end":2},{"source":"头发","text":"頭髮","start":2,"end":4}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, tc.method, u+tc.target, tc.body, tc.headers...)
			if r.Status != tc.status || !strings.Contains(string(r.Body), tc.contains) {
				t.Fatalf("%d %s, want %d containing %s", r.Status, r.Body, tc.status, tc.contains)
			}
			checkContract(t, tc.method, tc.target, tc.headers, r)
		})
	}
}

func TestMainErrors(t *testing.T) {
	u := target.URL
	tests := []struct {
		name, method, target, body string
		headers                    []string
		status                     int
		body2                      string // expected substring
	}{
		{"divide by zero", "GET", "/calc?num1=1&num2=0&operator=divide", "", nil, 400, `{"error":"Cannot divide by zero"}`},
		{"bad operator", "GET", "/calc?num1=1&num2=2&operator=pow", "", nil, 400, `"error":"Invalid operator"`},
		{"calc wrong content type", "POST", "/calc", "x", []string{"Content-Type: text/plain"}, 415, `"error"`},
		{"segment missing text", "GET", "/segment", "", nil, 400, `"error":"Invalid input"`},
		{"segment too large", "POST", "/segment", strings.Repeat("字", 30000), []string{"Content-Type: text/plain"}, 413, `"error":"Text too large"`},
		{"segment invalid utf-8", "GET", "/segment?text=%FF", "", nil, 400, `"error"`},
		{"segment unknown style", "GET", "/segment?style=pku&text=a", "", nil, 400, `"detail":"style must be default or jieba"`},
		{"random image bad count", "GET", "/random-image?count=0", "", nil, 400, `"error":"Invalid input"`},
		{"random quote none matches", "GET", "/random-quote?min_length=9999", "", nil, 404, `{"error":"No quote matches"}`},
		{"random quote max below min", "GET", "/random-quote?min_length=9&max_length=3", "", nil, 400, `"error":"Invalid input"`},
		{"random quote unknown category", "GET", "/random-quote?c=songs", "", nil, 400, `known: ci, classic, poetry, proverb`},
		{"keywords bad method", "POST", "/keywords", `{"text":"a","method":"lda"}`, []string{"Content-Type: application/json"}, 400, `"error":"Invalid input"`},
		{"random quote query over 4 KiB", "GET", "/random-quote?c=poetry&x=" + strings.Repeat("q", 4100), "", nil, 414, `"error":"Query string too long"`},
		{"random image with a 5 KB body", "GET", "/random-image", strings.Repeat("b", 5000), []string{"Content-Type: text/plain"}, 413, `"error":"Request too large"`},
		{"page with a 5 KB body", "GET", "/", strings.Repeat("b", 5000), []string{"Content-Type: text/plain"}, 413, `"error":"Request too large"`},
		{"openapi query over 4 KiB", "GET", "/openapi.json?" + strings.Repeat("q", 4100), "", nil, 414, `"error":"Query string too long"`},
		{"segment words list too long", "GET", "/segment?text=a&words=" + strings.Repeat("词,", 101), "", nil, 400, `"detail":"words: 101 words; at most 100"`},
		{"pinyin unknown style", "GET", "/pinyin?style=ipa&text=a", "", nil, 400, `"detail":"style must be tone, number, none or initials"`},
		{"pinyin too large", "POST", "/pinyin", strings.Repeat("字", 30000), []string{"Content-Type: text/plain"}, 413, `"error":"Text too large"`},
		{"convert unknown target", "GET", "/convert?to=ko&text=a", "", nil, 400, `"detail":"to must be s, t, tw, hk or jp"`},
		{"convert direction OpenCC lacks", "GET", "/convert?to=jp&text=a", "", nil, 400, `"detail":"from=s to=jp is not a direction /convert has; from→to may be s→t, s→tw, s→hk, t→s, tw→s, hk→s, t→tw, t→hk, tw→t, hk→t, t→jp, jp→t"`},
		{"convert too large", "POST", "/convert", strings.Repeat("字", 30000), []string{"Content-Type: text/plain"}, 413, `"error":"Text too large"`},
		{"unknown route", "GET", "/nope", "", nil, 404, `{"message":"Not Found"}`},
		{"unrouted method", "DELETE", "/calc", "", nil, 404, `{"message":"Not Found"}`},
		{"trailing slash is another path", "GET", "/calc/", "", nil, 404, `{"message":"Not Found"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, tc.method, u+tc.target, tc.body, tc.headers...)
			if r.Status != tc.status || !strings.Contains(string(r.Body), tc.body2) {
				t.Fatalf("%d %s, want %d containing %s", r.Status, r.Body, tc.status, tc.body2)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q", ct)
			}
			if r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "message") {
				checkContract(t, tc.method, tc.target, tc.headers, r) // API Gateway's own 404 is not ours
			}
		})
	}
}

func TestRandomImageURLServesTheDeployedImage(t *testing.T) {
	r := do(t, "GET", target.URL+"/random-image?format=redirect&seed=x", "")
	if r.Status != http.StatusFound || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", r.Status, r.Header)
	}
	img := do(t, "GET", r.Header.Get("Location"), "")
	if img.Status != 200 || img.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(img.Body), "\x89PNG") {
		t.Fatalf("image: %d %s %q", img.Status, img.Header.Get("Content-Type"), img.Body[:min(8, len(img.Body))])
	}
}

func TestCORS(t *testing.T) {
	pre := do(t, "OPTIONS", target.URL+"/calc", "", "Origin: http://example.test",
		"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type")
	if pre.Status != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "content-type") ||
		pre.Header.Get("Access-Control-Max-Age") != "86400" {
		t.Fatalf("preflight %d %v", pre.Status, pre.Header)
	}
	// The preflight is answered without a function, even for unrouted paths.
	if r := do(t, "OPTIONS", target.URL+"/nope", "", "Origin: http://x.test", "Access-Control-Request-Method: GET"); r.Status != 204 {
		t.Fatalf("preflight on an unrouted path: %d", r.Status)
	}
	got := do(t, "GET", target.URL+"/calc?num1=1&num2=1&operator=add", "", "Origin: http://example.test")
	if got.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("actual request: %v", got.Header)
	}
}

func TestRepeatedQueryKeysAndCookiesReachTheEvent(t *testing.T) {
	r := do(t, "GET", target.URL+"/echo/x?a=1&a=2&b=%20c", "", "Cookie: session=abc; theme=dark", "X-Dup: one", "X-Dup: two")
	ev := r.JSON(t)
	qs := ev["queryStringParameters"].(map[string]any)
	if ev["rawQueryString"] != "a=1&a=2&b=%20c" || qs["a"] != "1,2" || qs["b"] != " c" {
		t.Fatalf("query: %v %v", ev["rawQueryString"], qs)
	}
	headers := ev["headers"].(map[string]any)
	if headers["x-dup"] != "one,two" || headers["cookie"] != nil {
		t.Fatalf("headers: %v", headers)
	}
	cookies := fmt.Sprint(ev["cookies"])
	if cookies != "[session=[REDACTED] theme=[REDACTED]]" {
		t.Fatalf("cookies: %v", cookies)
	}
	if ev["routeKey"] != "ANY /echo/{proxy+}" || ev["pathParameters"].(map[string]any)["proxy"] != "x" {
		t.Fatalf("route: %v %v", ev["routeKey"], ev["pathParameters"])
	}
}

func TestBinaryRequestBodyIsBase64(t *testing.T) {
	bin := "\x00\x01\xfe\xff"
	ev := do(t, "POST", target.URL+"/echo", bin, "Content-Type: application/octet-stream").JSON(t)
	if ev["isBase64Encoded"] != true || ev["body"] != base64.StdEncoding.EncodeToString([]byte(bin)) {
		t.Fatalf("binary body: %v %v", ev["isBase64Encoded"], ev["body"])
	}
	ev = do(t, "POST", target.URL+"/echo", `{"a":1}`, "Content-Type: application/json").JSON(t)
	if ev["isBase64Encoded"] != false || ev["body"] != `{"a":1}` {
		t.Fatalf("text body: %v %v", ev["isBase64Encoded"], ev["body"])
	}
}

func TestFunctionOutputIsShownWithItsName(t *testing.T) {
	localOnly(t)
	do(t, "GET", target.URL+"/calc?num1=1&num2=2&operator=add", "")
	if !poll.Until(2*time.Second, func() bool { return strings.Contains(target.Output.String(), `[calc] {"time"`) }) {
		t.Fatalf("no [calc] log line in:\n%s", target.Output.String())
	}
}
