// Package apigwtest builds payload 2.0 events the way API Gateway does and
// invokes tool handlers through the same adapter Lambda uses, so handler
// tests exercise the path a real request takes.
package apigwtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"cloudtools/internal/lambdakit/apigw"
)

// The adapter logs a line per request; tests make thousands. TEST_LOGS=1
// shows them.
func init() {
	if os.Getenv("TEST_LOGS") == "" {
		slog.SetDefault(slog.New(slog.DiscardHandler))
	}
}

// Event returns a payload 2.0 event for method, path?query, with headers
// (lower-cased, as API Gateway delivers them) and body. A body that is not
// valid UTF-8 is base64-encoded, as API Gateway does for binary bodies.
func Event(method, target string, headers map[string]string, body string) events.APIGatewayV2HTTPRequest {
	path, rawQuery, _ := strings.Cut(target, "?")
	ev := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       method + " " + path,
		RawPath:        path,
		RawQueryString: rawQuery,
		Headers:        map[string]string{},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RequestID: "test-request",
			Stage:     "$default",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "192.0.2.1", UserAgent: "apigwtest",
			},
		},
	}
	if q, err := url.ParseQuery(rawQuery); err == nil && len(q) > 0 {
		ev.QueryStringParameters = map[string]string{}
		for k, v := range q {
			ev.QueryStringParameters[k] = strings.Join(v, ",")
		}
	}
	for k, v := range headers {
		ev.Headers[strings.ToLower(k)] = v
	}
	if utf8.ValidString(body) {
		ev.Body = body
	} else {
		ev.Body = base64.StdEncoding.EncodeToString([]byte(body))
		ev.IsBase64Encoded = true
	}
	return ev
}

// FuzzEvent builds an event from parts a fuzzer chose: the method (GET unless
// it is POST), the raw query string, the content type and the body.
func FuzzEvent(method, path, rawQuery, contentType, body string) events.APIGatewayV2HTTPRequest {
	if method != "POST" {
		method = "GET"
	}
	ev := Event(method, path, map[string]string{"content-type": contentType}, body)
	ev.RawQueryString = rawQuery
	return ev
}

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
