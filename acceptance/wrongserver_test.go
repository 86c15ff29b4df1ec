package acceptance

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestSmokeAgainstWrongServers runs this suite the way `make smoke URL=`
// does (the compiled suite, SMOKE_URL set) against servers in front of
// local mode: one that forwards faithfully must pass, and each that breaks
// one promise must fail in the test that guards it. A smoke test that
// cannot fail proves nothing.
func TestSmokeAgainstWrongServers(t *testing.T) {
	localOnly(t)
	if testing.Short() {
		t.Skip("builds and runs the suite several times")
	}
	// This very binary is the compiled suite make smoke runs.
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	upstream, err := url.Parse(target.URL)
	if err != nil {
		t.Fatal(err)
	}
	// The contract tests; the browser tests add minutes and no new check
	// of a wrong server.
	contract := "^(TestRoutesHappyPaths|TestMainErrors|TestCORS|TestHostileRequests|TestRandomImageURLServesTheDeployedImage)$"
	for _, tc := range []struct {
		name string
		// wrong breaks one promise in an answer (nil: forward as is).
		wrong func(r *http.Response, body []byte) []byte
		// failing: the test that must fail ("" for the faithful server).
		failing string
	}{
		{"faithful", nil, ""},
		{"a client error answered as a 500", func(r *http.Response, body []byte) []byte {
			if r.StatusCode == http.StatusBadRequest {
				r.StatusCode = http.StatusInternalServerError
			}
			return body
		}, "TestMainErrors"},
		{"a wrong result", func(r *http.Response, body []byte) []byte {
			return bytes.ReplaceAll(body, []byte(`{"result":42}`), []byte(`{"result":41}`))
		}, "TestRoutesHappyPaths"},
		{"an answer that breaks openapi.json", func(r *http.Response, body []byte) []byte {
			if strings.HasPrefix(r.Request.URL.Path, "/keywords") && r.StatusCode == http.StatusOK {
				return bytes.ReplaceAll(body, []byte(`"weight":`), []byte(`"score":`))
			}
			return body
		}, "TestRoutesHappyPaths"},
		{"CORS headers dropped", func(r *http.Response, body []byte) []byte {
			r.Header.Del("Access-Control-Allow-Origin")
			return body
		}, "TestCORS"},
		{"an error that is not JSON", func(r *http.Response, body []byte) []byte {
			if r.StatusCode == http.StatusRequestURITooLong {
				r.Header.Set("Content-Type", "text/html")
				return []byte("<h1>URI too long</h1>")
			}
			return body
		}, "TestMainErrors"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each has its own proxy and suite process
			proxy := httputil.NewSingleHostReverseProxy(upstream)
			if tc.wrong != nil {
				proxy.ModifyResponse = func(r *http.Response) error {
					body, err := io.ReadAll(r.Body)
					r.Body.Close()
					if err != nil {
						return err
					}
					body = tc.wrong(r, body)
					r.Body = io.NopCloser(bytes.NewReader(body))
					r.ContentLength = int64(len(body))
					r.Header.Set("Content-Length", strconv.Itoa(len(body)))
					return nil
				}
			}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			cmd := exec.Command(bin, "-test.run", contract, "-test.count", "1")
			cmd.Env = append(os.Environ(), EnvURL+"="+srv.URL+"/", EnvRate+"=1000")
			out, err := cmd.CombinedOutput()
			if !strings.Contains(string(out), "smoke test of "+srv.URL) {
				t.Fatalf("no summary in the output:\n%s", out)
			}
			if tc.failing == "" {
				if err != nil {
					t.Fatalf("the suite failed against a faithful server: %v\n%s", err, out)
				}
				return
			}
			if err == nil {
				t.Fatalf("the suite passed against a server with %s:\n%s", tc.name, out)
			}
			if !strings.Contains(string(out), "--- FAIL: "+tc.failing) {
				t.Fatalf("%s did not fail (with %s):\n%s", tc.failing, tc.name, out)
			}
		})
	}
}
