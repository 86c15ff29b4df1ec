package acceptance

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"cloudtools/internal/testsupport/httpcall"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// do sends a request to the API under test (paced and counted when it is
// a deployed one); headers are "Name: value" strings.
func do(t *testing.T, method, url, body string, headers ...string) httpcall.Reply {
	t.Helper()
	return httpcall.Do(t, target.client, method, url, body, headers...)
}

var (
	contractOnce   sync.Once
	contractDoc    *openapi3.T
	contractRouter routers.Router
	contractErr    error
)

// loadContract reads lambdas/home/openapi.json once.
func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	contractOnce.Do(func() {
		contractDoc, contractErr = openapi3.NewLoader().LoadFromFile(filepath.Join(repoRoot, "lambdas", "home", "openapi.json"))
		if contractErr != nil {
			return
		}
		// Its servers name local mode's address; the contract holds
		// wherever the API is, so routes match on the path alone.
		contractDoc.Servers = nil
		contractRouter, contractErr = legacy.NewRouter(contractDoc)
		// The page's HTML is a document, not data: check its type only.
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
	})
	if contractErr != nil {
		t.Fatalf("OpenAPI document: %v", contractErr)
	}
	return contractDoc
}

// documentedPaths are the paths without parameters that openapi.json
// documents method on, sorted: the hostile table reaches every tool,
// scaffolded ones included, through them.
func documentedPaths(t *testing.T, method string) []string {
	var out []string
	for path, item := range loadContract(t).Paths.Map() {
		if !strings.Contains(path, "{") && item.GetOperation(method) != nil {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

// checkContract validates a reply against lambdas/home/openapi.json, the
// description GET /openapi.json serves, with kin-openapi: the status must
// be documented, and the body must match its content type's schema.
func checkContract(t *testing.T, method, path string, headers []string, r httpcall.Reply) {
	t.Helper()
	loadContract(t)
	// OpenAPI path parameters hold one segment: openapi.json writes API
	// Gateway's greedy {proxy+} as {proxy}, marked x-greedy. Validate
	// /echo/a/b/c as /echo/a.
	if rest, ok := strings.CutPrefix(path, "/echo/"); ok {
		if i := strings.IndexAny(rest, "/?"); i >= 0 && rest[i] == '/' {
			path = "/echo/" + rest[:i]
		}
	}
	req := httptest.NewRequest(method, path, nil)
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	route, params, err := contractRouter.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: not in openapi.json: %v", method, path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.Status,
		Header:                 r.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v", method, path, r.Status, err)
	}
}
