package apigw

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestAccept(t *testing.T) {
	called := 0
	h := Accept(Rules{Methods: []string{"GET", "POST"}, MaxQueryBytes: 10, MaxBodyBytes: 5}, func(context.Context, *Request) Response {
		called++
		return JSON(200, map[string]bool{"ok": true})
	})
	for _, tc := range []struct {
		name, method, query, body string
		status                    int
		errText                   string
	}{
		{"within both", "GET", "a=1&b=2", "12345", 200, ""},
		{"query at the limit", "POST", strings.Repeat("q", 10), "", 200, ""},
		{"query over", "GET", strings.Repeat("q", 11), "", 414, `{"error":"Query string too long","detail":"11 bytes; the limit is 10"}`},
		{"body over", "GET", "", "123456", 413, `{"error":"Request too large","detail":"the body may hold at most 5 bytes"}`},
		{"both over: the query is named", "GET", strings.Repeat("q", 11), "123456", 414, "Query string too long"},
		{"method first", "DELETE", strings.Repeat("q", 11), "", 405, `{"error":"Method not allowed","detail":"use GET or POST"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := called
			resp := h(context.Background(), &Request{Method: tc.method, RawQuery: tc.query, Body: []byte(tc.body)})
			if resp.Status != tc.status || !strings.Contains(string(resp.Body), tc.errText) {
				t.Errorf("%d %s, want %d %q", resp.Status, resp.Body, tc.status, tc.errText)
			}
			if reached := called > before; reached != (tc.status == 200) {
				t.Errorf("handler reached: %v", reached)
			}
		})
	}
	if resp := Accept(Rules{}, func(context.Context, *Request) Response { return JSON(200, nil) })(context.Background(),
		&Request{Method: "PATCH", RawQuery: strings.Repeat("q", 1e5), Body: make([]byte, 1e6)}); resp.Status != 200 {
		t.Errorf("zero rules refused a request: %d %s", resp.Status, resp.Body)
	}
}

func TestBodyKind(t *testing.T) {
	all := []BodyKind{NoBody, JSONBody, FormBody, TextBody}
	for _, tc := range []struct {
		name, contentType, body string
		accept                  []BodyKind
		want                    BodyKind
		status                  int // 0: accepted
	}{
		{"empty", "application/xml", "", all, NoBody, 0},
		{"json", "application/json; charset=utf-8", `{"a":1}`, all, JSONBody, 0},
		{"+json", "application/vnd.api+json", `{}`, all, JSONBody, 0},
		{"form", "application/x-www-form-urlencoded", "a=1", all, FormBody, 0},
		{"text", "Text/Plain; charset=utf-8", "你好", all, TextBody, 0},
		{"JSON sent as a form by curl -d", "application/x-www-form-urlencoded", ` {"a":1}`, all, JSONBody, 0},
		{"JSON-looking form where JSON is not taken", "application/x-www-form-urlencoded", `{"a":1}`, []BodyKind{FormBody}, FormBody, 0},
		{"no type, JSON object", "", `{"a":1}`, all, JSONBody, 0},
		{"no type, not JSON", "", "a=1", all, FormBody, 0},
		{"text where only JSON is taken", "text/plain", "x", []BodyKind{JSONBody}, TextBody, 415},
		{"binary", "application/octet-stream", "\x00", all, -1, 415},
		{"unparsable type", "a/b; ===", "x", all, -1, 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &Request{Header: http.Header{}, Body: []byte(tc.body)}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			got, p := req.BodyKind(tc.accept...)
			switch {
			case tc.status == 0 && (p != nil || got != tc.want):
				t.Errorf("got %v %v, want %v", got, p, tc.want)
			case tc.status != 0 && (p == nil || p.Status != tc.status || p.Message != MsgUnsupportedType || !strings.Contains(p.Detail, "send ")):
				t.Errorf("got %v %v, want a %d", got, p, tc.status)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		detail     string // "" when it decodes
	}{
		{"object", `{"a": 1}`, ""},
		{"whitespace after", "{\"a\": 1}\n\t ", ""},
		{"trailing object", `{"a": 1} {}`, "malformed JSON body: trailing data after the object"},
		{"trailing garbage", `{"a": 1}x`, "malformed JSON body: trailing data after the object"},
		{"truncated", `{"a": `, "malformed JSON body: unexpected EOF"},
		{"array", `[1]`, "malformed JSON body: the body must be a JSON object"},
		{"wrong field type", `{"a": "x"}`, "malformed JSON body: a cannot be a JSON string"},
		{"empty", ``, "malformed JSON body: EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				A int `json:"a"`
			}
			p := DecodeJSON([]byte(tc.body), &v)
			switch {
			case tc.detail == "" && p != nil:
				t.Errorf("refused: %v", p)
			case tc.detail != "" && (p == nil || p.Status != 400 || p.Message != MsgInvalidInput || p.Detail != tc.detail):
				t.Errorf("got %v, want 400 %q", p, tc.detail)
			}
		})
	}
}

func TestRespond(t *testing.T) {
	req := &Request{RequestID: "r"}
	if r := Respond(context.Background(), req, Invalid("x is %d", 1)); r.Status != 400 || string(r.Body) != `{"error":"Invalid input","detail":"x is 1"}` {
		t.Errorf("problem: %d %s", r.Status, r.Body)
	}
	if r := Respond(context.Background(), req, http.ErrBodyNotAllowed); r.Status != 500 || strings.Contains(string(r.Body), "body") {
		t.Errorf("other error: %d %s (its text must stay in the log)", r.Status, r.Body)
	}
}
