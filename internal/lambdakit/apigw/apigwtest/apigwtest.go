// Package apigwtest builds payload 2.0 events the way API Gateway does and
// invokes tool handlers through the same adapter Lambda uses, so handler
// tests exercise the path a real request takes.
package apigwtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"cloudtools/internal/lambdakit/apievent"
	"cloudtools/internal/lambdakit/apigw"
)

// The adapter logs a line per request; tests make thousands. TEST_LOGS=1
// shows them.
func init() {
	if os.Getenv("TEST_LOGS") == "" {
		slog.SetDefault(slog.New(slog.DiscardHandler))
	}
}

// Event returns the payload 2.0 event API Gateway sends for method
// path?query with headers and body: built by package apievent, as local
// mode's gateway builds its events, so a handler test sees what a
// deployed function sees (query '+' kept in queryStringParameters, bodies
// base64-encoded by content type, forwarding headers added).
func Event(method, target string, headers map[string]string, body string) events.APIGatewayV2HTTPRequest {
	path, rawQuery, _ := strings.Cut(target, "?")
	return event(method, path, rawQuery, headers, body)
}

// FuzzEvent builds an event from parts a fuzzer chose: the method (GET unless
// it is POST), the raw query string (used as given, however malformed), the
// content type and the body.
func FuzzEvent(method, path, rawQuery, contentType, body string) events.APIGatewayV2HTTPRequest {
	if method != "POST" {
		method = "GET"
	}
	return event(method, path, rawQuery, map[string]string{"Content-Type": contentType}, body)
}

func event(method, path, rawQuery string, headers map[string]string, body string) events.APIGatewayV2HTTPRequest {
	r := &http.Request{
		Method: method, URL: &url.URL{Path: path, RawQuery: rawQuery}, Proto: "HTTP/1.1",
		Header: http.Header{}, Host: host, RemoteAddr: "192.0.2.1:50000",
	}
	if escaped, err := url.PathUnescape(path); err == nil {
		r.URL.Path, r.URL.RawPath = escaped, path
	}
	r.Header.Set("User-Agent", "apigwtest")
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return apievent.FromHTTP(r, []byte(body), apievent.Route{Key: method + " " + path},
		apievent.Context{AccountID: "123456789012", APIID: "apigwtest", RequestID: "test-request", Time: time.Now(), Proto: "https"})
}

// host is the domain handler tests' events name.
const host = "apigwtest.execute-api.us-east-1.amazonaws.com"

// Result is a decoded response.
type Result struct {
	Status int
	Header map[string]string
	Body   []byte
	JSON   map[string]any // nil unless the body is a JSON object
}

// Invoke runs h through apigw.Lambda with ev and decodes the response.
func Invoke(t testing.TB, tool string, h apigw.Handler, ev events.APIGatewayV2HTTPRequest) Result {
	t.Helper()
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return InvokeRaw(t, tool, h, raw)
}

// InvokeRaw runs h with a raw payload 2.0 event.
func InvokeRaw(t testing.TB, tool string, h apigw.Handler, raw []byte) Result {
	t.Helper()
	return InvokeDirect(t, tool, h, apigw.Direct{}, raw)
}

// InvokeDirect runs h with a raw event of either kind, plain events
// reaching it as direct says.
func InvokeDirect(t testing.TB, tool string, h apigw.Handler, direct apigw.Direct, raw []byte) Result {
	t.Helper()
	out, err := apigw.Lambda(tool, h, direct)(context.Background(), raw)
	if err != nil {
		t.Fatalf("handler returned an error: %v", err)
	}
	res := Result{Status: out.StatusCode, Header: out.Headers, Body: []byte(out.Body)}
	if out.IsBase64Encoded {
		if res.Body, err = base64.StdEncoding.DecodeString(out.Body); err != nil {
			t.Fatalf("response body is not base64: %v", err)
		}
	}
	var obj map[string]any
	if json.Unmarshal(res.Body, &obj) == nil {
		res.JSON = obj
	}
	return res
}

// ErrorText returns the "error" field of a JSON error response.
func (r Result) ErrorText() string {
	s, _ := r.JSON["error"].(string)
	return s
}

// CheckJSONError fails unless r is a JSON error with the given status.
func (r Result) CheckJSONError(t testing.TB, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	if ct := r.Header["Content-Type"]; ct != apigw.ContentTypeJSON {
		t.Fatalf("Content-Type %q, want %q", ct, apigw.ContentTypeJSON)
	}
	if r.ErrorText() == "" {
		t.Fatalf("no error message in %s", r.Body)
	}
}
