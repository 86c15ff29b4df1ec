package apievent

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestQueryParameters(t *testing.T) {
	got := QueryParameters("a=1&a=2&b=x+y&c=%41&d&e=%zz&&")
	want := map[string]string{"a": "1,2", "b": "x+y", "c": "A", "d": "", "e": "%zz"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestIsText(t *testing.T) {
	for ct, want := range map[string]bool{
		"": true, "text/plain": true, "application/json; charset=utf-8": true, "application/problem+json": true,
		"application/x-www-form-urlencoded": true, "image/png": false, "application/octet-stream": false, "bad;;": false,
	} {
		if got := IsText(ct, []byte("hello")); got != want {
			t.Errorf("IsText(%q) = %v", ct, got)
		}
	}
	if IsText("text/plain", []byte{0xff}) {
		t.Error("invalid UTF-8 passed as text")
	}
}

// TestEventMatchesAPIGatewayFixture builds the event of the request behind
// each of aws-lambda-go's payload 2.0 fixtures and compares the two field
// by field. Ids, times,
// the client address, the API id, the trace id and the parts an authorizer
// or mutual TLS would add are what differ by nature.
func TestEventMatchesAPIGatewayFixture(t *testing.T) {
	fixtureDir := moduleDir(t, "github.com/aws/aws-lambda-go")
	for _, tc := range []struct {
		fixture string
		method  string
		target  string
		body    string
		headers []string
		// drop: fields the fixture sets from configuration local mode does
		// not have (its pathParameters do not fit its own path; stage
		// variables belong to a stage).
		drop []string
	}{
		// A capture of a real request made with curl.
		{"apigw-v2-request-no-authorizer.json", "GET", "/", "", []string{"User-Agent: curl/7.58.0", "Accept: */*"}, nil},
		// A documentation example: repeated query keys, cookies, a body.
		{"apigw-v2-request-iam.json", "GET", "/my/path?parameter1=value1&parameter1=value2&parameter2=value", "{\r\n\t\"a\": 1\r\n}",
			[]string{"Header1: value1", "Header2: value2", "Cookie: cookie1; cookie2", "User-Agent: agent"},
			[]string{"pathParameters", "stageVariables"}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(fixtureDir, "events", "testdata", tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			json.Unmarshal(raw, &want)
			wantCtx := want["requestContext"].(map[string]any)
			host := wantCtx["domainName"].(string)
			r := httptest.NewRequest(tc.method, "http://"+host+tc.target, strings.NewReader(tc.body))
			for _, h := range tc.headers {
				k, v, _ := strings.Cut(h, ": ")
				r.Header.Add(k, v)
			}
			ev := FromHTTP(r, []byte(tc.body), Route{Key: "$default"}, Context{AccountID: wantCtx["accountId"].(string), Time: time.Now(), Proto: "https"})
			raw, _ = json.Marshal(ev)
			var got map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.drop {
				delete(want, k)
				delete(got, k)
			}
			normalise(want, got)
			if !reflect.DeepEqual(want, got) {
				w, _ := json.MarshalIndent(want, "", " ")
				g, _ := json.MarshalIndent(got, "", " ")
				t.Fatalf("event differs from the fixture\nwant %s\ngot  %s", w, g)
			}
		})
	}
}

// normalise removes from both events what cannot be equal.
func normalise(want, got map[string]any) {
	// API Gateway lower-cases header names; a hand-written fixture may not.
	lower := map[string]any{}
	for k, v := range want["headers"].(map[string]any) {
		lower[strings.ToLower(k)] = v
	}
	want["headers"] = lower
	for _, ev := range []map[string]any{want, got} {
		rc := ev["requestContext"].(map[string]any)
		for _, k := range []string{"requestId", "time", "timeEpoch", "apiId", "authorizer", "authentication"} {
			delete(rc, k)
		}
		delete(rc["http"].(map[string]any), "sourceIp")
		h := ev["headers"].(map[string]any)
		for _, k := range []string{"x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "accept-encoding"} {
			delete(h, k)
		}
		// Fixtures carry headers curl sent that Go's client does not.
		if _, ok := want["headers"].(map[string]any)["content-length"]; !ok {
			delete(h, "content-length")
		}
	}
	// Header sets: compare only the fixture's header names.
	gh, wh := got["headers"].(map[string]any), want["headers"].(map[string]any)
	for k := range gh {
		if _, ok := wh[k]; !ok {
			delete(gh, k)
		}
	}
	sortList(want, "cookies")
	sortList(got, "cookies")
}

func sortList(m map[string]any, k string) {
	if l, ok := m[k].([]any); ok {
		sort.Slice(l, func(i, j int) bool { return l[i].(string) < l[j].(string) })
	}
}

func moduleDir(t *testing.T, module string) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", module, err)
	}
	return strings.TrimSpace(string(out))
}
