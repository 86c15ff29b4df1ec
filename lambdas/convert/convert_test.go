package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"cloudtools/internal/chinese/segmenter/segtest"
	"cloudtools/internal/chinese/zhconvert"
	"cloudtools/internal/chinese/zhconvert/opencccases"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
	"cloudtools/internal/layout"
)

var (
	svcOnce sync.Once
	svc     *service
	svcErr  error
)

// testService converts with the layer the build compiles.
func testService(t testing.TB) *service {
	t.Helper()
	dir := segtest.DictDir(t)
	svcOnce.Do(func() {
		var conv *zhconvert.Converter
		conv, svcErr = zhconvert.Open(filepath.Join(dir, layout.ConvertFile))
		svc = &service{conv: conv}
	})
	if svcErr != nil {
		t.Fatal(svcErr)
	}
	return svc
}

// TestRequests: the route through the Lambda adapter, as API Gateway calls
// it; the cases, every direction, options and errors.
func TestRequests(t *testing.T) {
	s := testService(t)
	q := url.QueryEscape
	for _, tc := range []struct {
		method, target, contentType, body string
		status                            int
		want                              string
	}{
		{"GET", "/convert?text=" + q("头发和发展"), "", "", 200, `{"text":"頭髮和發展","config":"s2t"}`},
		{"GET", "/convert?to=tw&text=" + q("软件"), "", "", 200, `{"text":"軟體","config":"s2twp"}`},
		{"GET", "/convert?to=tw&phrases=false&text=" + q("软件"), "", "", 200, `{"text":"軟件","config":"s2tw"}`},
		{"GET", "/convert?to=hk&text=" + q("宽带"), "", "", 200, `{"text":"寬頻","config":"s2hkp"}`},
		{"GET", "/convert?to=hk&phrases=false&text=" + q("宽带"), "", "", 200, `{"text":"寬帶","config":"s2hk"}`},
		{"GET", "/convert?to=s&from=hk&text=" + q("寬頻"), "", "", 200, `{"text":"宽带","config":"hk2sp"}`},
		{"GET", "/convert?from=t&to=tw&text=" + q("着"), "", "", 200, `{"text":"著","config":"t2tw"}`},
		{"GET", "/convert?from=t&to=hk&phrases=false&text=" + q("着"), "", "", 200, `"config":"t2hk"`},
		{"GET", "/convert?from=tw&to=t&text=" + q("著"), "", "", 200, `"config":"tw2t"`},
		{"GET", "/convert?from=hk&to=t&text=" + q("着"), "", "", 200, `"config":"hk2t"`},
		{"GET", "/convert?from=t&to=jp&text=" + q("舊字體"), "", "", 200, `{"text":"旧字体","config":"t2jp"}`},
		{"GET", "/convert?from=jp&to=t&text=" + q("旧字体"), "", "", 200, `{"text":"舊字體","config":"jp2t"}`},
		{"GET", "/convert?to=s&text=" + q("計算機"), "", "", 200, `{"text":"计算机","config":"t2s"}`},
		{"GET", "/convert?to=s&from=tw&text=" + q("軟體"), "", "", 200, `{"text":"软件","config":"tw2sp"}`},
		{"GET", "/convert?to=s&from=tw&phrases=false&text=" + q("軟體"), "", "", 200, `{"text":"软体","config":"tw2s"}`},
		{"GET", "/convert?to=s&from=hk&phrases=false&text=" + q("着數"), "", "", 200, `{"text":"着数","config":"hk2s"}`},
		{"GET", "/convert?text=" + q("Hello, 世界!"), "", "", 200, `{"text":"Hello, 世界!","config":"s2t"}`},
		{"POST", "/convert", "application/json", `{"text":"头发","to":"tw","offsets":true}`, 200,
			`{"text":"頭髮","config":"s2twp","segments":[{"source":"头发","text":"頭髮","start":0,"end":2}]}`},
		{"POST", "/convert?to=s", "text/plain", "頭髮", 200, `{"text":"头发","config":"t2s"}`},
		{"POST", "/convert", "application/x-www-form-urlencoded", "to=tw&text=" + q("内存"), 200, `{"text":"記憶體","config":"s2twp"}`},
		{"GET", "/convert", "", "", 400, `"detail":"text is required"`},
		{"GET", "/convert?to=ko&text=a", "", "", 400, `"detail":"to must be s, t, tw, hk or jp"`},
		{"GET", "/convert?from=x&text=a", "", "", 400, `"detail":"from must be s, t, tw, hk or jp"`},
		{"GET", "/convert?to=jp&text=a", "", "", 400, `"detail":"from=s to=jp is not a direction /convert has; from→to may be s→t, s→tw, s→hk, t→s, tw→s, hk→s, t→tw, t→hk, tw→t, hk→t, t→jp, jp→t"`},
		{"GET", "/convert?to=tw&from=hk&text=a", "", "", 400, `from=hk to=tw is not a direction`},
		{"GET", "/convert?to=s&from=s&text=a", "", "", 400, `from=s to=s is not a direction`},
		{"GET", "/convert?from=jp&to=s&text=a", "", "", 400, `from=jp to=s is not`},
		{"GET", "/convert?to=t&to=s&text=a", "", "", 400, `"error":"Invalid input"`},
		{"POST", "/convert", "application/json", `{"text":"a","to":1}`, 400, `to: must be a string`},
		{"POST", "/convert", "image/png", "x", 415, `"error":"Unsupported content type"`},
		{"DELETE", "/convert?text=a", "", "", 405, `"error":"Method not allowed"`},
		{"GET", "/convert?text=" + strings.Repeat("a", maxTextBytes+1), "", "", 413, `"error":"Text too large"`},
		{"GET", "/convert?text=" + strings.Repeat("%E5%A4%B4", maxTextBytes), "", "", 414, `"error":"Query string too long"`},
	} {
		headers := map[string]string{}
		if tc.contentType != "" {
			headers["content-type"] = tc.contentType
		}
		res := apigwtest.Invoke(t, "convert", s.handle, apigwtest.Event(tc.method, tc.target, headers, tc.body))
		if res.Status != tc.status || !strings.Contains(string(res.Body), tc.want) {
			t.Errorf("%s %.70s: %d %s, want %d %s", tc.method, tc.target, res.Status, res.Body, tc.status, tc.want)
		}
	}
}

// TestDirections: the directions reach every one of OpenCC's configs, each
// by one request.
func TestDirections(t *testing.T) {
	seen := map[string]int{}
	for _, d := range directions {
		seen[d.phrases]++
		if d.variants != "" {
			seen[d.variants]++
		}
	}
	for name := range zhconvert.Configs {
		if seen[name] != 1 {
			t.Errorf("config %s is reached by %d directions", name, seen[name])
		}
	}
	if len(seen) != len(zhconvert.Configs) {
		t.Errorf("directions name %d configs, zhconvert has %d", len(seen), len(zhconvert.Configs))
	}
}

// TestOpenCCCases: OpenCC's own test suite through the handler, each case
// by the request docs/API.md's directions table gives its config.
func TestOpenCCCases(t *testing.T) {
	s := testService(t)
	cases, err := opencccases.Cases()
	if err != nil {
		t.Fatal(err)
	}
	request := map[string]string{}
	for _, d := range directions {
		request[d.phrases] = "from=" + d.from + "&to=" + d.to
		if d.variants != "" {
			request[d.variants] = request[d.phrases] + "&phrases=false"
		}
	}
	for _, tc := range cases {
		res := apigwtest.Invoke(t, "convert", s.handle, apigwtest.Event("GET", "/convert?"+request[tc.Config]+"&text="+url.QueryEscape(tc.Input), nil, ""))
		var r result
		if err := json.Unmarshal(res.Body, &r); err != nil || res.Status != 200 || r.Text != tc.Want || r.Config != tc.Config {
			t.Errorf("%s %s: %d %s, want %q", tc.ID, tc.Config, res.Status, res.Body, tc.Want)
		}
	}
}

// TestOffsetsTileTheSource: with offsets, the segments' sources are the
// text in order and their converted texts are the answer.
func TestOffsetsTileTheSource(t *testing.T) {
	s := testService(t)
	text := "我的头发很长，软件在发展。U盘😀"
	res := apigwtest.Invoke(t, "convert", s.handle, apigwtest.Event("GET", "/convert?to=tw&offsets=true&text="+url.QueryEscape(text), nil, ""))
	var r result
	if err := json.Unmarshal(res.Body, &r); err != nil || res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	runes := []rune(text)
	var src, out strings.Builder
	for _, sg := range r.Segments {
		if string(runes[sg.Start:sg.End]) != sg.Source {
			t.Errorf("segment %+v is not the source at its offsets", sg)
		}
		src.WriteString(sg.Source)
		out.WriteString(sg.Text)
	}
	if src.String() != text || out.String() != r.Text {
		t.Errorf("segments hold %q → %q; the answer is %q", src.String(), out.String(), r.Text)
	}
}

// TestEvents: event.json (what API Gateway sends) and console-event.json
// (the Lambda console's test event) both convert.
func TestEvents(t *testing.T) {
	s := testService(t)
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	if res := apigwtest.InvokeRaw(t, "convert", s.handle, raw); res.Status != 200 || !strings.Contains(string(res.Body), `"text":"頭髮"`) {
		t.Errorf("event.json: %d %s", res.Status, res.Body)
	}
	raw, err = os.ReadFile("console-event.json")
	if err != nil {
		t.Fatal(err)
	}
	if res := apigwtest.InvokeDirect(t, "convert", s.handle, direct, raw); res.Status != 200 || !strings.Contains(string(res.Body), `"text":"頭髮和發展，軟體"`) {
		t.Errorf("console-event.json: %d %s", res.Status, res.Body)
	}
}
