package apigw

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// captureLogs routes slog to a buffer for one test.
func captureLogs(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return &buf
}

func invoke(t *testing.T, h Handler, ev any) events.APIGatewayV2HTTPResponse {
	t.Helper()
	raw, _ := json.Marshal(ev)
	out, err := Lambda("test", h, Direct{Method: "POST", Path: "/test"})(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name      string
		ev        events.APIGatewayV2HTTPRequest
		wantQuery string // url.Values encoded
		wantBody  string
		wantErr   string
	}{
		{name: "repeated keys kept apart", ev: events.APIGatewayV2HTTPRequest{RawQueryString: "a=1&a=2&b=x+y"}, wantQuery: "a=1&a=2&b=x+y"},
		{name: "map only, as hand-written events", ev: events.APIGatewayV2HTTPRequest{QueryStringParameters: map[string]string{"a": "1"}}, wantQuery: "a=1"},
		{name: "base64 body", ev: events.APIGatewayV2HTTPRequest{Body: "AP8=", IsBase64Encoded: true}, wantBody: "\x00\xff"},
		{name: "plain body", ev: events.APIGatewayV2HTTPRequest{Body: "héllo"}, wantBody: "héllo"},
		{name: "bad base64", ev: events.APIGatewayV2HTTPRequest{Body: "@@", IsBase64Encoded: true}, wantErr: "base64"},
		{name: "bad percent-encoding", ev: events.APIGatewayV2HTTPRequest{RawQueryString: "a=%zz"}, wantErr: `invalid percent-encoding "%zz"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := Decode(nil, &tc.ev)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := req.Query.Encode(); got != tc.wantQuery {
				t.Errorf("query %q, want %q", got, tc.wantQuery)
			}
			if string(req.Body) != tc.wantBody {
				t.Errorf("body %q, want %q", req.Body, tc.wantBody)
			}
		})
	}
}

func TestRequestHelpers(t *testing.T) {
	ev := events.APIGatewayV2HTTPRequest{
		RawQueryString: "one=1&two=a&two=b",
		Headers:        map[string]string{"content-type": "Application/JSON; charset=utf-8"},
	}
	req, err := Decode(nil, &ev)
	if err != nil {
		t.Fatal(err)
	}
	if ct := req.ContentType(); ct != "application/json" || !IsJSON(ct) || !IsJSON("application/problem+json") || IsJSON("text/plain") {
		t.Errorf("content type %q", ct)
	}
	if v, ok, err := req.Single("one"); v != "1" || !ok || err != nil {
		t.Errorf("Single(one) = %q %v %v", v, ok, err)
	}
	if _, ok, err := req.Single("two"); !ok || err == nil {
		t.Errorf("Single(two) must reject a repeated key")
	}
	if _, ok, err := req.Single("none"); ok || err != nil {
		t.Errorf("Single(none) = %v %v", ok, err)
	}
}

func TestLambdaResponsesAndLogs(t *testing.T) {
	logs := captureLogs(t)
	ev := events.APIGatewayV2HTTPRequest{
		RouteKey: "GET /x", RawQueryString: "q=secret-text",
		RequestContext: events.APIGatewayV2HTTPRequestContext{RequestID: "req-1",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET"}},
	}
	out := invoke(t, func(_ context.Context, r *Request) Response {
		return ErrorDetail(http.StatusBadRequest, "Invalid input", "q is odd")
	}, ev)
	if out.StatusCode != 400 || out.Body != `{"error":"Invalid input","detail":"q is odd"}` || out.Headers["Content-Type"] != ContentTypeJSON {
		t.Fatalf("response %+v", out)
	}
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log is not one JSON line: %q", logs)
	}
	for k, want := range map[string]any{"msg": "request", "level": "WARN", "tool": "test", "requestId": "req-1",
		"status": 400.0, "route": "GET /x", "inputBytes": 13.0, "error": "Invalid input: q is odd"} {
		if line[k] != want {
			t.Errorf("log %s = %v, want %v", k, line[k], want)
		}
	}
	if strings.Contains(logs.String(), "secret-text") {
		t.Errorf("the log holds the request's text: %s", logs)
	}
}

func TestPanicBecomesGeneric500(t *testing.T) {
	logs := captureLogs(t)
	out := invoke(t, func(context.Context, *Request) Response { panic("boom: internal detail") }, events.APIGatewayV2HTTPRequest{})
	if out.StatusCode != 500 || out.Body != `{"error":"Internal error"}` {
		t.Fatalf("response %+v", out)
	}
	if !strings.Contains(logs.String(), "boom: internal detail") {
		t.Errorf("the panic is not logged: %s", logs)
	}
}

func TestNotAnEvent(t *testing.T) {
	captureLogs(t)
	for _, raw := range []string{`"hello"`, `[1,2]`, `null`, `42`, `{"text":`, ``} {
		out, err := Lambda("test", func(context.Context, *Request) Response { return JSON(200, nil) },
			Direct{Method: "POST", Path: "/test"})(context.Background(), []byte(raw))
		if err != nil || out.StatusCode != 400 || !strings.Contains(out.Body, "Invalid event") ||
			!strings.Contains(out.Body, "payload 2.0") || !strings.Contains(out.Body, "plain JSON object") {
			t.Errorf("%s: response %+v %v", raw, out, err)
		}
	}
}

// TestDirectEvents: a plain JSON event (the Lambda console's test event)
// reaches the tool as the request direct describes.
func TestDirectEvents(t *testing.T) {
	captureLogs(t)
	echo := func(_ context.Context, r *Request) Response {
		return JSON(200, map[string]any{"method": r.Method, "path": r.Path, "query": r.Query, "body": string(r.Body), "ct": r.ContentType()})
	}
	get := Direct{Method: "GET", Path: "/random-quote"}
	post := Direct{Method: "POST", Path: "/segment", Routes: []string{"/keywords"}}
	tests := []struct {
		name   string
		direct Direct
		event  string
		status int
		want   string // in the body
	}{
		{"post body", post, `{"text":"我来到北京清华大学"}`, 200, `"body":"{\"text\":\"我来到北京清华大学\"}","ct":"application/json","method":"POST","path":"/segment"`},
		{"route", post, `{"route":"/keywords","text":"a","top":5}`, 200, `"path":"/keywords"`},
		{"route to the default path", post, `{"route":"/segment","text":"a"}`, 200, `"path":"/segment"`},
		{"unknown route", post, `{"route":"/calc","text":"a"}`, 400, `route`},
		{"route not a string", post, `{"route":1}`, 400, `route`},
		{"get query", get, `{"seed":"x","min_length":5,"c":["poetry","ci"],"exact":true}`, 200,
			`"query":{"c":["poetry","ci"],"exact":["true"],"min_length":["5"],"seed":["x"]}`},
		{"empty object", get, `{}`, 200, `"method":"GET","path":"/random-quote","query":{}`},
		{"nested object", get, `{"seed":{"a":1}}`, 400, `seed`},
		{"null field", get, `{"seed":null}`, 400, `must not be null`},
		{"any json", Direct{Method: "POST", Path: "/echo", Any: true}, `[1,"two"]`, 200, `"body":"[1,\"two\"]"`},
		{"malformed http event", post, `{"version":"2.0","headers":"x"}`, 400, `Invalid event`},
		{"http event still decoded", post, `{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"PUT"}}}`, 200, `"method":"PUT","path":"/x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Lambda("test", echo, tc.direct)(context.Background(), []byte(tc.event))
			if err != nil || out.StatusCode != tc.status || !strings.Contains(out.Body, tc.want) {
				t.Fatalf("%d %s, want %d with %s (%v)", out.StatusCode, out.Body, tc.status, tc.want, err)
			}
		})
	}
}

func TestBinaryResponse(t *testing.T) {
	out := Response{Status: 200, Body: []byte{0, 255}, Binary: true}.Event()
	if !out.IsBase64Encoded || out.Body != "AP8=" {
		t.Fatalf("%+v", out)
	}
}
