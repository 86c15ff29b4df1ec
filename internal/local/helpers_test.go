package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
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
	contractOnce sync.Once
	contract     validator.Validator
	contractErr  error
)

// checkContract validates a reply against lambdas/home/openapi.json, the
// description GET /openapi.json serves: status, content type and schema.
func checkContract(t *testing.T, method, target string, headers []string, r reply) {
	t.Helper()
	contractOnce.Do(func() {
		raw, err := os.ReadFile(filepath.Join("..", "..", "lambdas", "home", "openapi.json"))
		if err != nil {
			contractErr = err
			return
		}
		doc, err := libopenapi.NewDocument(raw)
		if err != nil {
			contractErr = err
			return
		}
		var errs []error
		if contract, errs = validator.NewValidator(doc); len(errs) > 0 {
			contractErr = errors.Join(errs...)
		}
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
	resp := &http.Response{StatusCode: r.status, Header: r.header, Body: io.NopCloser(bytes.NewReader(r.body)), Request: req}
	if ok, errs := contract.ValidateHttpResponse(req, resp); !ok {
		for _, e := range errs {
			t.Errorf("%s %s → %d does not match openapi.json: %s (%s)", method, target, r.status, e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", se.FieldPath, se.Reason)
			}
		}
	}
}
