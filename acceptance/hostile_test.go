package acceptance

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// hostile is one hostile request.
type hostile struct {
	name, method, target, body string
	headers                    []string
}

// hostileRequests are requests a public URL receives from scanners, fuzzers
// and broken clients, across every route openapi.json documents.
func hostileRequests(t *testing.T) []hostile {
	var hs []hostile
	add := func(name, method, target, body string, headers ...string) {
		hs = append(hs, hostile{name, method, target, body, headers})
	}
	deepJSON := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	deepObject := strings.Repeat(`{"text":`, 5000) + `"x"` + strings.Repeat("}", 5000)
	emoji := "👩‍👩‍👧‍👦🏳️‍🌈👍🏽" + "e\u0301\u0302\u0303\u0304" + strings.Repeat("\u0300", 500) + "中文\u200d\u200b\ufeff"
	queries := map[string]string{
		"huge query":             "x=" + strings.Repeat("a", 60000),
		"many keys":              strings.Repeat("a=1&", 5000),
		"lone percent":           "%",
		"bad escape":             "text=%ZZ&num1=%G1",
		"truncated utf-8 escape": "text=%E5%8C&expr=%E5",
		"invalid utf-8":          "text=%FF%FE%FD&c=%C0%AF&seed=%80",
		"nul bytes":              "text=a%00b&num1=1%00&seed=%00",
		"empty keys":             "=&==&&&=x",
		"semicolons":             "text=a;b;c&num1=1;2",
		"repeated keys":          "text=a&text=b&num1=1&num1=2&seed=x&seed=y&c=poetry&count=2&count=3",
		"emoji and combining":    "text=" + url.QueryEscape(emoji) + "&seed=" + url.QueryEscape(emoji) + "&c=" + url.QueryEscape(emoji),
		"overlong numbers":       "num1=" + strings.Repeat("9", 5000) + "&num2=1e999999&operator=add&count=99999999999999999999&top=1e100&min_length=-0",
		"negative and hex":       "num1=-0x10&num2=0b1&operator=%2B&count=-1&top=-5&max_length=0x10",
		"nan and inf":            "num1=NaN&num2=Inf&operator=multiply&top=NaN",
		"deep expression":        "expr=" + url.QueryEscape(strings.Repeat("(", 20000)+"1"+strings.Repeat(")", 20000)),
		"long expression":        "expr=" + strings.Repeat("1%2B", 30000) + "1",
		"expression bomb":        "expr=" + url.QueryEscape(strings.Repeat("9^", 200)+"9"),
		"absurd options":         "mode=" + strings.Repeat("full", 1000) + "&hmm=yes&pos=2&format=" + strings.Repeat("x", 10000),
		"script injection":       "text=" + url.QueryEscape("<script>alert(1)</script>") + "&c=" + url.QueryEscape("\"><img src=x>"),
	}
	// Every route, GET with every hostile query.
	for _, path := range documentedPaths(t, "GET") {
		for name, q := range queries {
			add("GET "+path+" "+name, "GET", path+"?"+q, "")
		}
	}
	// Bodies on the routes that read them.
	bodies := []struct {
		name, contentType, body string
	}{
		{"deep JSON array", "application/json", deepJSON},
		{"deep JSON object", "application/json", deepObject},
		{"JSON with NUL", "application/json", "{\"text\":\"a\u0000b\",\"num1\":1}"},
		{"JSON invalid utf-8", "application/json", "{\"text\":\"\xff\xfe\"}"},
		{"JSON huge number", "application/json", `{"num1":1` + strings.Repeat("0", 400) + `,"num2":1,"operator":"add","top":1e400}`},
		{"JSON wrong types", "application/json", `{"text":["a"],"num1":{},"operator":7,"mode":null,"hmm":"true","top":"3"}`},
		{"JSON trailing garbage", "application/json", `{"text":"a"}{"text":"b"}`},
		{"JSON duplicate keys", "application/json", `{"text":"a","text":"b"}`},
		{"JSON emoji", "application/json", `{"text":` + jsString(emoji) + `}`},
		{"binary as text", "text/plain", "\x00\x01\x02\xff\xfe\xfd"},
		{"binary octet-stream", "application/octet-stream", "\x89PNG\r\n\x1a\n\x00\x00"},
		{"wrong content type", "application/xml", "<text>a</text>"},
		{"no content type", "", "text=abc"},
		{"bogus content type", "this/is;;not=a type", "abc"},
		{"form with bad escapes", "application/x-www-form-urlencoded", "text=%ZZ&num1=%"},
		{"multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\na\r\n--x--"},
		{"huge text", "text/plain; charset=utf-8", strings.Repeat("字", 200000)},
		{"charset lie", "text/plain; charset=latin1", "caf\xe9"},
	}
	for _, path := range documentedPaths(t, "POST") {
		for _, b := range bodies {
			var hdrs []string
			if b.contentType != "" {
				hdrs = append(hdrs, "Content-Type: "+b.contentType)
			}
			add("POST "+path+" "+b.name, "POST", path, b.body, hdrs...)
		}
	}
	// Traversal attempts and odd paths.
	for _, p := range []string{
		"/echo/../../etc/passwd", "/echo/%2e%2e/%2e%2e/etc/passwd", "/echo/..%2f..%2fetc%2fpasswd", "/echo/%00", "/echo/a%2Fb",
		"/echo/" + strings.Repeat("a/", 2000), "/echo/%ff%fe", "/echo/;jsessionid=1", "/echo/~root", "/echo/.git/config",
		"/../calc", "//calc", "/calc/..", "/calc%2f", "/CALC", "/segment/", "/random-image/../../", "/%2e%2e/openapi.json",
		"/openapi.json.bak", "/index.html", "/.env", "/wp-login.php", "/admin", "/" + strings.Repeat("x", 5000),
	} {
		add("path "+p[:min(len(p), 40)], "GET", p, "")
	}
	// Unknown methods on every route.
	for _, m := range []string{"DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
		for _, path := range documentedPaths(t, "GET") {
			if loadContract(t).Paths.Find(path).GetOperation(m) != nil {
				continue // echo answers every method
			}
			add(m+" "+path, m, path, "")
		}
	}
	// Hostile headers.
	add("huge header", "GET", "/echo", "", "X-Big: "+strings.Repeat("h", 30000))
	add("many cookies", "GET", "/echo", "", "Cookie: "+strings.Repeat("a=b; ", 2000))
	add("authorization", "GET", "/echo", "", "Authorization: Bearer secret-token")
	add("bad host", "GET", "/calc?num1=1&num2=2&operator=add", "", "Host: evil.example")
	add("bad origin preflight", "OPTIONS", "/calc", "", "Origin: null", "Access-Control-Request-Method: DELETE")
	return hs
}

// TestHostileRequests sends every hostile request: each gets a 2xx/3xx, or
// a 4xx whose body is a JSON error; none gets a 5xx or hangs; and, in local
// mode, every function's warm process is still the same afterwards.
func TestHostileRequests(t *testing.T) {
	reqs := hostileRequests(t)
	if len(reqs) < 150 {
		t.Fatalf("%d hostile requests, want at least 150", len(reqs))
	}
	before := map[string][]int{}
	if target.Local != nil {
		for name, f := range target.Local.Functions {
			before[name] = f.PIDs()
		}
	}
	statuses := map[int]int{}
	for _, h := range reqs {
		req, err := http.NewRequest(h.method, target.URL, strings.NewReader(h.body))

		if err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		// Send the path as written: no cleaning by the client.
		req.URL.Opaque = h.target
		if i := strings.IndexByte(h.target, '?'); i >= 0 {
			req.URL.Opaque, req.URL.RawQuery = h.target[:i], h.target[i+1:]
		}
		for _, hdr := range h.headers {
			k, v, _ := strings.Cut(hdr, ": ")
			if k == "Host" {
				req.Host = v
				continue
			}
			req.Header.Add(k, v)
		}
		r, err := target.client.Do(req)
		if err != nil {
			t.Errorf("%s: no answer: %v", h.name, err)
			continue
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body.Close()
		statuses[r.StatusCode]++
		if testing.Verbose() {
			t.Logf("%-50.50s %d %.80q", h.name, r.StatusCode, body)
		}
		switch {
		case r.StatusCode >= 500:
			t.Errorf("%s: %d %.200s", h.name, r.StatusCode, body)
		case r.StatusCode >= 400:
			var e map[string]any
			if err := json.Unmarshal(body, &e); err != nil || (e["error"] == nil && e["message"] == nil) {
				t.Errorf("%s: %d without a JSON error: %.200q", h.name, r.StatusCode, body)
			}
		}
	}
	if target.Local == nil {
		t.Logf("%d hostile requests; answers by status: %v", len(reqs), statuses)
		return
	}
	for name, f := range target.Local.Functions {
		after := f.PIDs()
		for _, pid := range before[name] {
			if !slices.Contains(after, pid) {
				t.Errorf("%s: process %d is gone after the hostile requests (now %v)", name, pid, after)
			}
		}
	}
	t.Logf("%d hostile requests; answers by status: %v", len(reqs), statuses)
}
