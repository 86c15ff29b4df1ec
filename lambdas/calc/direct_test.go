package main

import (
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestDirectEvents: the Lambda console's test events reach calc and get
// the same answers as through the API.
func TestDirectEvents(t *testing.T) {
	for _, tc := range []struct {
		event  string
		status int
		body   string
	}{
		{`{"num1": 1, "num2": 2, "operator": "add"}`, 200, `{"result":3}`},
		{`{"num1": "6", "num2": "7", "operator": "*"}`, 200, `{"result":42}`},
		{`{"num1": 1, "num2": 0, "operator": "divide"}`, 400, `{"error":"Cannot divide by zero"}`},
		{`{"expr": "(1+2)*3^2"}`, 200, `{"result":27}`},
		{`{"num1": 1}`, 400, `"error":"Invalid input"`},
	} {
		res := apigwtest.InvokeDirect(t, "calc", handler(), direct, []byte(tc.event))
		if res.Status != tc.status || !strings.Contains(string(res.Body), tc.body) {
			t.Errorf("%s: %d %s, want %d %s", tc.event, res.Status, res.Body, tc.status, tc.body)
		}
	}
	apigwtest.InvokeDirect(t, "calc", handler(), direct, []byte(`[1, 2]`)).CheckJSONError(t, 400)
}
