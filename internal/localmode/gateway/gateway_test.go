package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRouteMatching(t *testing.T) {
	keys := []string{"GET /calc", "POST /calc", "ANY /echo", "ANY /echo/{proxy+}", "GET /items/{id}", "GET /items/special", "$default"}
	var routes []Route
	for _, k := range keys {
		routes = append(routes, Route{Key: k})
	}
	g, err := New(routes, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path, want string
		params             map[string]string
	}{
		{"GET", "/calc", "GET /calc", nil},
		{"POST", "/calc", "POST /calc", nil},
		{"DELETE", "/calc", "$default", nil},
		{"PUT", "/echo", "ANY /echo", nil},
		{"GET", "/echo/a/b", "ANY /echo/{proxy+}", map[string]string{"proxy": "a/b"}},
		{"GET", "/items/7", "GET /items/{id}", map[string]string{"id": "7"}},
		{"GET", "/items/special", "GET /items/special", nil},
		{"GET", "/items/", "$default", nil},
		{"GET", "/", "$default", nil},
		{"GET", "/calc/", "$default", nil},
	}
	for _, tc := range tests {
		r, params := g.match(tc.method, tc.path)
		if r == nil || r.key != tc.want {
			t.Errorf("%s %s matched %v, want %s", tc.method, tc.path, r, tc.want)
			continue
		}
		if len(params) != len(tc.params) || (tc.params != nil && params[firstKey(tc.params)] != tc.params[firstKey(tc.params)]) {
			t.Errorf("%s %s params %v, want %v", tc.method, tc.path, params, tc.params)
		}
	}
	if _, err := New([]Route{{Key: "GET /a/{p+}/b"}}, nil); err == nil {
		t.Error("a greedy parameter before the end was accepted")
	}
	if _, err := New([]Route{{Key: "calc"}}, nil); err == nil {
		t.Error("a key without a method was accepted")
	}
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

func TestParseResponse(t *testing.T) {
	tests := []struct {
		payload string
		status  int
		body    string
		header  http.Header
		err     bool
	}{
		{`{"statusCode":201,"headers":{"x-a":"1"},"body":"hi"}`, 201, "hi", http.Header{"X-A": {"1"}}, false},
		{`{"statusCode":200,"body":"AP8=","isBase64Encoded":true}`, 200, "\x00\xff", http.Header{}, false},
		{`{"statusCode":200,"cookies":["a=1","b=2"],"multiValueHeaders":{"x-m":["1","2"]}}`, 200, "", http.Header{"Set-Cookie": {"a=1", "b=2"}, "X-M": {"1", "2"}}, false},
		{`{"result":3}`, 200, `{"result":3}`, http.Header{"Content-Type": {"application/json"}}, false},
		{`"plain"`, 200, `"plain"`, http.Header{"Content-Type": {"application/json"}}, false},
		{`not json`, 0, "", nil, true},
		{`{"statusCode":1000}`, 0, "", nil, true},
		{`{"statusCode":200,"body":"!","isBase64Encoded":true}`, 0, "", nil, true},
	}
	for _, tc := range tests {
		r, err := parseResponse([]byte(tc.payload))
		if tc.err {
			if err == nil {
				t.Errorf("%s: accepted", tc.payload)
			}
			continue
		}
		if err != nil || r.status != tc.status || string(r.body) != tc.body {
			t.Errorf("%s: %+v %v", tc.payload, r, err)
			continue
		}
		for k, vs := range tc.header {
			if got := r.header.Values(k); len(got) != len(vs) || got[0] != vs[0] || got[len(got)-1] != vs[len(vs)-1] {
				t.Errorf("%s: header %s = %v, want %v", tc.payload, k, got, vs)
			}
		}
	}
}

// pathRecorder answers 200 and keeps the rawPath of the events it gets.
type pathRecorder struct{ rawPaths []string }

func (p *pathRecorder) Invoke(_ context.Context, payload []byte) (Invocation, error) {
	var ev struct{ RawPath string }
	json.Unmarshal(payload, &ev)
	p.rawPaths = append(p.rawPaths, ev.RawPath)
	return Invocation{Payload: []byte(`{"statusCode":200,"body":"ok"}`)}, nil
}

// TestRequestTargetsStartingWithTwoSlashes: "//calc" is a path with an
// empty first segment, not a URL with host "calc" (as Go's parser reads
// it), so it matches no route rather than reaching GET / with path "".
func TestRequestTargetsStartingWithTwoSlashes(t *testing.T) {
	home, echo := &pathRecorder{}, &pathRecorder{}
	g, err := New([]Route{{Key: "GET /", Target: home}, {Key: "ANY /echo/{proxy+}", Target: echo}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target  string
		status  int
		rawPath string // seen by echo
	}{
		{"//calc", 404, ""},
		{"//", 404, ""},
		{"//echo/a?x=1", 404, ""},
		{"/echo//a?x=1", 200, "/echo//a"},
		{"/", 200, ""},
	} {
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest("GET", tc.target, nil))
		if rec.Code != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.target, rec.Code, rec.Body, tc.status)
		}
		if tc.rawPath != "" && (len(echo.rawPaths) == 0 || echo.rawPaths[len(echo.rawPaths)-1] != tc.rawPath) {
			t.Errorf("%s: echo saw %v, want rawPath %s", tc.target, echo.rawPaths, tc.rawPath)
		}
	}
	if len(home.rawPaths) != 1 {
		t.Errorf("GET / was invoked for %v, want only for /", home.rawPaths)
	}
}
