package localmode

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// eventually polls cond for up to two seconds (logs are flushed in batches).
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// reply is an HTTP response read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

// do sends a request to base+target; headers are "Name: value" strings.
func do(t *testing.T, method, url, body string, headers ...string) reply {
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
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, b}
}

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error
)

// checkContract validates a reply against lambdas/home/openapi.json, the
// description GET /openapi.json serves, with kin-openapi: the status must
// be documented, and the body must match its content type's schema.
func checkContract(t *testing.T, method, target string, headers []string, r reply) {
	t.Helper()
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join("..", "..", "lambdas", "home", "openapi.json"))
		if err != nil {
			contractErr = err
			return
		}
		contractRouter, contractErr = legacy.NewRouter(doc)
		// The page's HTML is a document, not data: check its type only.
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
	})
	if contractErr != nil {
		t.Fatalf("OpenAPI document: %v", contractErr)
	}
	// OpenAPI path parameters hold one segment; API Gateway's {proxy+}
	// takes the rest of the path. Validate /echo/a/b/c as /echo/a.
	if rest, ok := strings.CutPrefix(target, "/echo/"); ok {
		if i := strings.IndexAny(rest, "/?"); i >= 0 && rest[i] == '/' {
			target = "/echo/" + rest[:i]
		}
	}
	req := httptest.NewRequest(method, target, nil)
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	route, params, err := contractRouter.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: not in openapi.json: %v", method, target, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v", method, target, r.status, err)
	}
}
