package apigw

import (
	"context"
	"strings"
	"testing"
)

func TestLimit(t *testing.T) {
	called := 0
	h := Limit(Limits{MaxQueryBytes: 10, MaxBodyBytes: 5}, func(context.Context, *Request) Response {
		called++
		return JSON(200, map[string]bool{"ok": true})
	})
	for _, tc := range []struct {
		name, query, body string
		status            int
		errText           string
	}{
		{"within both", "a=1&b=2", "12345", 200, ""},
		{"query at the limit", strings.Repeat("q", 10), "", 200, ""},
		{"query over", strings.Repeat("q", 11), "", 414, "Query string too long"},
		{"body over", "", "123456", 413, "Request body too large"},
		{"both over: the query is named", strings.Repeat("q", 11), "123456", 414, "Query string too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := called
			resp := h(context.Background(), &Request{RawQuery: tc.query, Body: []byte(tc.body)})
			if resp.Status != tc.status || !strings.Contains(string(resp.Body), tc.errText) {
				t.Errorf("%d %s, want %d %q", resp.Status, resp.Body, tc.status, tc.errText)
			}
			if reached := called > before; reached != (tc.status == 200) {
				t.Errorf("handler reached: %v", reached)
			}
		})
	}
}
