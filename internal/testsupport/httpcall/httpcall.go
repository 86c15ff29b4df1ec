// Package httpcall sends one HTTP request from a test and reads the answer
// whole: the helper the acceptance suite and local mode's tests share.
package httpcall

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Reply is an HTTP response read whole.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as a JSON object, failing the test if it is not one.
func (r Reply) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// NoRedirects is a client that hands redirects back instead of following
// them, so a test sees the 302 itself.
var NoRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Do sends method url with body through client; headers are "Name: value"
// strings ("Host: …" sets the request's host).
func Do(t testing.TB, client *http.Client, method, url, body string, headers ...string) Reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Add(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return Reply{resp.StatusCode, resp.Header, b}
}
