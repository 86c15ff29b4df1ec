package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

func TestEchoReturnsEvent(t *testing.T) {
	tests := []struct {
		name, method, target, body string
		headers                    map[string]string
	}{
		{"get", "GET", "/echo?a=1&a=2&b=x", "", nil},
		{"post json", "POST", "/echo", `{"hello":"world"}`, map[string]string{"content-type": "application/json"}},
		{"proxy path", "PUT", "/echo/a/b/c", "text", nil},
		{"binary body", "POST", "/echo", "\x00\xff\xfe", map[string]string{"content-type": "application/octet-stream"}},
		{"emoji", "PATCH", "/echo/%F0%9F%98%80", "👩‍👩‍👧", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := apigwtest.Event(tc.method, tc.target, tc.headers, tc.body)
			res := apigwtest.Invoke(t, "echo", handle, ev)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			want, _ := json.Marshal(ev)
			var wantMap map[string]any
			json.Unmarshal(want, &wantMap)
			for _, k := range []string{"rawPath", "rawQueryString", "body", "isBase64Encoded", "routeKey"} {
				if !jsonEqual(res.JSON[k], wantMap[k]) {
					t.Errorf("%s = %v, want %v", k, res.JSON[k], wantMap[k])
				}
			}
			rc, _ := res.JSON["requestContext"].(map[string]any)
			httpDesc, _ := rc["http"].(map[string]any)
			if httpDesc["method"] != tc.method {
				t.Errorf("requestContext.http.method = %v", httpDesc["method"])
			}
			if !strings.Contains(string(res.Body), "\n  \"") {
				t.Errorf("body is not pretty-printed: %s", res.Body)
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestEchoRedactsCredentials(t *testing.T) {
	ev := apigwtest.Event("GET", "/echo", map[string]string{
		"Authorization":       "Bearer secret-token",
		"proxy-authorization": "Basic c2VjcmV0",
		"cookie":              "session=secret-session; theme=dark",
		"x-api-key":           "secret-key",
		"x-custom":            "visible",
	}, "")
	ev.Cookies = []string{"session=secret-session", "theme=dark", "novalue"}
	res := apigwtest.Invoke(t, "echo", handle, ev)
	if res.Status != 200 {
		t.Fatalf("status %d", res.Status)
	}
	for _, secret := range []string{"secret-token", "c2VjcmV0", "secret-session", "secret-key", "dark"} {
		if strings.Contains(string(res.Body), secret) {
			t.Errorf("%q leaked in %s", secret, res.Body)
		}
	}
	headers := res.JSON["headers"].(map[string]any)
	if headers["authorization"] != redacted || headers["x-custom"] != "visible" {
		t.Errorf("headers = %v", headers)
	}
	cookies := res.JSON["cookies"].([]any)
	if cookies[0] != "session="+redacted || cookies[2] != "novalue="+redacted {
		t.Errorf("cookies = %v", cookies)
	}
}

func TestEchoErrors(t *testing.T) {
	big := apigwtest.Event("POST", "/echo", nil, strings.Repeat("x", rules.MaxBodyBytes+1))
	apigwtest.Invoke(t, "echo", handle, big).CheckJSONError(t, http.StatusRequestEntityTooLarge)

	bad := apigwtest.Event("POST", "/echo", nil, "")
	bad.Body, bad.IsBase64Encoded = "!!!not base64", true
	apigwtest.Invoke(t, "echo", handle, bad).CheckJSONError(t, http.StatusBadRequest)

	apigwtest.InvokeRaw(t, "echo", handle, []byte(`[1,2,3]`)).CheckJSONError(t, http.StatusBadRequest)
}

func TestEventExample(t *testing.T) {
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	res := apigwtest.InvokeRaw(t, "echo", handle, raw)
	if res.Status != 200 || res.JSON["rawPath"] != "/echo/hello/world" || strings.Contains(string(res.Body), "example-token") {
		t.Fatalf("event.json: %d %s", res.Status, res.Body)
	}
	// Everything but the redacted values comes back as sent.
	var sent map[string]any
	json.Unmarshal(raw, &sent)
	redact(sent)
	if !jsonEqual(sent, res.JSON) {
		t.Fatalf("echo differs from the redacted event:\n%s", res.Body)
	}
}
