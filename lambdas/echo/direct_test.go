package main

import (
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestDirectEvents: echo answers any JSON event with the event itself.
func TestDirectEvents(t *testing.T) {
	for event, want := range map[string]string{
		`{"hello": "world", "n": 1.50}`: "\"hello\": \"world\",\n  \"n\": 1.50",
		`[1, "two"]`:                    "[\n  1,\n  \"two\"\n]",
		`"text"`:                        `"text"`,
		`{"headers": {"authorization": "secret"}}`: `"authorization": "[REDACTED]"`,
	} {
		res := apigwtest.InvokeDirect(t, "echo", handle, direct, []byte(event))
		if res.Status != 200 || !strings.Contains(string(res.Body), want) {
			t.Errorf("%s: %d %s, want %s", event, res.Status, res.Body, want)
		}
	}
	apigwtest.InvokeDirect(t, "echo", handle, direct, []byte(`{"x":`)).CheckJSONError(t, 400)
}
