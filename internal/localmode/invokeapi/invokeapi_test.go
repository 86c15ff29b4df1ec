package invokeapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// fake answers by payload: {"fail":…} reports a function error,
// {"slow":…} times out, {"broken":…} gives no answer at all.
type fake struct{ calls atomic.Int32 }

func (f *fake) Invoke(_ context.Context, payload []byte) (Result, error) {
	f.calls.Add(1)
	p := string(payload)
	switch {
	case strings.Contains(p, `"fail"`):
		return Result{FunctionError: true, Payload: []byte(`{"errorMessage":"asked to fail","errorType":"errorString"}`)}, nil
	case strings.Contains(p, `"slow"`):
		return Result{}, fmt.Errorf("%w: after 3s", ErrTimeout)
	case strings.Contains(p, `"broken"`):
		return Result{}, errors.New("process exited")
	}
	return Result{Payload: append([]byte(`{"got":`), append(payload, '}')...)}, nil
}

func TestInvokeAPI(t *testing.T) {
	f := &fake{}
	const arn = "arn:aws:lambda:us-east-1:123456789012:function:Calc1234"
	api := New([]Function{{Names: []string{"calc", "Calc1234", "CalcLogical"}, ARN: arn, Target: f}})
	srv := httptest.NewServer(api)
	defer srv.Close()
	for _, tc := range []struct {
		name, method, path, invocationType, body string
		status                                   int
		header, headerValue, want                string
	}{
		{"by tool name", "POST", "calc", "", `{"a":1}`, 200, "X-Amz-Executed-Version", "$LATEST", `{"got":{"a":1}}`},
		{"by physical name", "POST", "Calc1234", "", `{}`, 200, "", "", `{"got":{}}`},
		{"by logical id", "POST", "CalcLogical", "", `{}`, 200, "", "", `{"got":{}}`},
		{"by ARN", "POST", arn, "", `{}`, 200, "", "", `{"got":{}}`},
		{"by the live alias ARN", "POST", arn + ":live", "", `{}`, 200, "X-Amz-Executed-Version", "1", `{"got":{}}`},
		{"by partial ARN", "POST", "123456789012:function:calc", "", `{}`, 200, "", "", `{"got":{}}`},
		{"by name:qualifier", "POST", "calc:live", "", `{}`, 200, "", "", `{"got":{}}`},
		{"Qualifier parameter", "POST", "calc?Qualifier=live", "", `{}`, 200, "X-Amz-Executed-Version", "1", `{"got":{}}`},
		{"two qualifiers that differ", "POST", "calc:live?Qualifier=2", "", `{}`, 404, "X-Amzn-ErrorType", "ResourceNotFoundException", `differ`},
		{"no payload", "POST", "calc", "", ``, 200, "", "", `{"got":{}}`},
		{"a function error", "POST", "calc", "", `{"fail":1}`, 200, "X-Amz-Function-Error", "Unhandled", `"errorMessage":"asked to fail"`},
		{"a timeout", "POST", "calc", "", `{"slow":1}`, 200, "X-Amz-Function-Error", "Unhandled", `"errorType":"Sandbox.Timedout"`},
		{"no answer", "POST", "calc", "", `{"broken":1}`, 502, "X-Amzn-ErrorType", "ServiceException", `process exited`},
		{"unknown function", "POST", "nope", "", `{}`, 404, "X-Amzn-ErrorType", "ResourceNotFoundException", `"Message":"Function not found: nope"`},
		{"not JSON", "POST", "calc", "", `{`, 400, "X-Amzn-ErrorType", "InvalidRequestContentException", `Could not parse request body into json`},
		{"too large", "POST", "calc", "", `"` + strings.Repeat("x", MaxPayloadBytes) + `"`, 413, "X-Amzn-ErrorType", "RequestTooLargeException", `smaller than`},
		{"Event too large", "POST", "calc", "Event", `"` + strings.Repeat("x", MaxEventPayloadBytes) + `"`, 413, "X-Amzn-ErrorType", "RequestTooLargeException", `Event`},
		{"unknown invocation type", "POST", "calc", "Later", `{}`, 400, "X-Amzn-ErrorType", "InvalidParameterValueException", `not Later`},
		{"DryRun", "POST", "calc", "DryRun", `{}`, 204, "", "", ``},
		{"GET", "GET", "calc", "", ``, 405, "", "", `POST`},
	} {
		path, query, _ := strings.Cut(tc.path, "?")
		target := srv.URL + "/2015-03-31/functions/" + strings.ReplaceAll(path, "/", "%2F") + "/invocations"
		if query != "" {
			target += "?" + query
		}
		req, _ := http.NewRequest(tc.method, target, strings.NewReader(tc.body))
		if tc.invocationType != "" {
			req.Header.Set("X-Amz-Invocation-Type", tc.invocationType)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) || (tc.header != "" && res.Header.Get(tc.header) != tc.headerValue) {
			t.Errorf("%s: %d %s %s=%q, want %d %s %s=%q", tc.name, res.StatusCode, truncate(body), tc.header, res.Header.Get(tc.header), tc.status, tc.want, tc.header, tc.headerValue)
		}
	}

	// Event: 202 at once, the invocation runs behind it.
	before := f.calls.Load()
	req, _ := http.NewRequest("POST", srv.URL+"/2015-03-31/functions/calc/invocations", strings.NewReader(`{"later":1}`))
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusAccepted {
		t.Fatalf("Event: %v %v", res, err)
	}
	api.Wait()
	if f.calls.Load() != before+1 {
		t.Errorf("the Event invocation ran %d times", f.calls.Load()-before)
	}
	// DryRun did not invoke (counted above: every other case did once).
	if res, _ := http.Post(srv.URL+"/2015-03-31/functions/calc/nope", "application/json", nil); res.StatusCode != 404 || res.Header.Get("X-Amzn-ErrorType") != "UnknownOperationException" {
		t.Errorf("another path: %d %s", res.StatusCode, res.Header.Get("X-Amzn-ErrorType"))
	}
}

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func TestSplitQualifier(t *testing.T) {
	for in, want := range map[string][2]string{
		"calc":                         {"calc", ""},
		"calc:live":                    {"calc", "live"},
		"123456789012:function:calc":   {"calc", ""},
		"123456789012:function:calc:7": {"calc", "7"},
		"arn:aws:lambda:us-east-1:123456789012:function:calc":      {"arn:aws:lambda:us-east-1:123456789012:function:calc", ""},
		"arn:aws:lambda:us-east-1:123456789012:function:calc:live": {"arn:aws:lambda:us-east-1:123456789012:function:calc", "live"},
	} {
		if b, q := splitQualifier(in); b != want[0] || q != want[1] {
			t.Errorf("splitQualifier(%q) = %q %q, want %q %q", in, b, q, want[0], want[1])
		}
	}
}
