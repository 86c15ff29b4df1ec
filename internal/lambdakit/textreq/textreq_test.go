package textreq

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw"
)

func TestRead(t *testing.T) {
	reader := Reader{MaxTextBytes: 16}
	type got struct {
		text  string
		style string
		pos   bool
		words []string
	}
	for _, tc := range []struct {
		name          string
		method, query string
		contentType   string
		body          string
		want          got
		status        int
		errText       string
	}{
		{name: "query", method: "GET", query: "text=%E4%BD%A0%E5%A5%BD&style=b&pos=true&words=a,b&words=c",
			want: got{text: "你好", style: "b", pos: true, words: []string{"a", "b", "c"}}},
		{name: "full-width comma", method: "GET", query: "text=x&words=" + url.QueryEscape("台中，正确 , "),
			want: got{text: "x", style: "a", words: []string{"台中", "正确"}}},
		{name: "json", method: "POST", query: "style=b", contentType: "application/json",
			body: `{"text":"x","pos":true,"words":["a,b","c"]}`,
			want: got{text: "x", style: "b", pos: true, words: []string{"a,b", "c"}}},
		{name: "json string list", method: "POST", contentType: "application/json", body: `{"text":"x","words":"a, b"}`,
			want: got{text: "x", style: "a", words: []string{"a", "b"}}},
		{name: "text body", method: "POST", query: "pos=1", contentType: "text/plain", body: "hello",
			want: got{text: "hello", style: "a", pos: true}},
		{name: "form", method: "POST", contentType: "application/x-www-form-urlencoded", body: "text=hi&style=b",
			want: got{text: "hi", style: "b"}},
		{name: "no body", method: "POST", query: "text=q", want: got{text: "q", style: "a"}},
		{name: "missing text", method: "GET", query: "pos=true", status: 400, errText: "text is required"},
		{name: "repeated scalar", method: "GET", query: "text=a&text=b", status: 400},
		{name: "bad enum", method: "GET", query: "text=a&style=c", status: 400, errText: "style must be a or b"},
		{name: "bad bool in json", method: "POST", contentType: "application/json", body: `{"text":"x","pos":"yes"}`,
			status: 400, errText: "pos: must be true or false"},
		{name: "bad list in json", method: "POST", contentType: "application/json", body: `{"text":"x","words":[1]}`,
			status: 400, errText: "words: must be an array of strings"},
		{name: "text not a string", method: "POST", contentType: "application/json", body: `{"text":1}`, status: 400},
		{name: "too large", method: "GET", query: "text=" + strings.Repeat("a", 17), status: 413},
		{name: "invalid utf-8", method: "POST", contentType: "text/plain", body: "\xff", status: 400},
		{name: "bad type", method: "POST", contentType: "image/png", body: "x", status: 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := got{style: "a"}
			opts := []Option{
				EnumOption("style", &g.style, "a", "b"),
				BoolOption("pos", &g.pos),
				{Key: "words", Kind: List, SetList: func(items []string) *apigw.Problem { g.words = items; return nil }},
			}
			q, _ := url.ParseQuery(tc.query)
			req := &apigw.Request{Method: tc.method, Path: "/t", Query: q, Body: []byte(tc.body),
				Header: http.Header{}}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			text, p := reader.Read(req, opts)
			g.text = text
			if tc.status != 0 {
				if p == nil || p.Status != tc.status || !strings.Contains(p.Error(), tc.errText) {
					t.Fatalf("problem %v, want %d %q", p, tc.status, tc.errText)
				}
				return
			}
			if p != nil {
				t.Fatalf("problem %v", p)
			}
			if g.text != tc.want.text || g.style != tc.want.style || g.pos != tc.want.pos || !slices.Equal(g.words, tc.want.words) {
				t.Errorf("got %+v, want %+v", g, tc.want)
			}
		})
	}
}
