package main

import (
	"math"
	"net/http"
	"os"
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

func TestCalcQuery(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		status int
		result float64 // when status is 200
		error  string  // when status is not 200
	}{
		{"add", "num1=1&num2=2&operator=add", 200, 3, ""},
		{"plus sign encoded", "num1=1&num2=2&operator=%2B", 200, 3, ""},
		{"plus sign decoded to space", "num1=1&num2=2&operator=+", 200, 3, ""},
		{"subtract", "num1=1&num2=2.5&operator=subtract", 200, -1.5, ""},
		{"minus sign", "num1=1&num2=2&operator=-", 200, -1, ""},
		{"multiply", "num1=-3&num2=4&operator=multiply", 200, -12, ""},
		{"star", "num1=3&num2=4&operator=*", 200, 12, ""},
		{"divide", "num1=1&num2=4&operator=divide", 200, 0.25, ""},
		{"slash", "num1=9&num2=3&operator=/", 200, 3, ""},
		{"operator case and spaces", "num1=2&num2=3&operator=%20ADD%20", 200, 5, ""},
		{"exponent notation", "num1=1e3&num2=.5&operator=multiply", 200, 500, ""},
		{"negative zero normalised", "num1=0&num2=-1&operator=multiply", 200, 0, ""},
		{"divide by zero", "num1=1&num2=0&operator=divide", 400, 0, "Cannot divide by zero"},
		{"divide by negative zero", "num1=1&num2=-0&operator=/", 400, 0, "Cannot divide by zero"},
		{"unknown operator", "num1=1&num2=2&operator=pow", 400, 0, "Invalid operator"},
		{"empty operator", "num1=1&num2=2&operator=", 400, 0, "Invalid operator"},
		{"missing num1", "num2=2&operator=add", 400, 0, "Invalid input"},
		{"missing num2", "num1=2&operator=add", 400, 0, "Invalid input"},
		{"missing operator", "num1=1&num2=2", 400, 0, "Invalid input"},
		{"nothing at all", "", 400, 0, "Invalid input"},
		{"repeated num1", "num1=1&num1=2&num2=2&operator=add", 400, 0, "Invalid input"},
		{"repeated operator", "num1=1&num2=2&operator=add&operator=add", 400, 0, "Invalid input"},
		{"non-numeric", "num1=abc&num2=2&operator=add", 400, 0, "Invalid input"},
		{"empty number", "num1=&num2=2&operator=add", 400, 0, "Invalid input"},
		{"NaN", "num1=NaN&num2=2&operator=add", 400, 0, "Invalid input"},
		{"Inf", "num1=Inf&num2=2&operator=add", 400, 0, "Invalid input"},
		{"infinity", "num1=-infinity&num2=2&operator=add", 400, 0, "Invalid input"},
		{"hex float", "num1=0x1p3&num2=2&operator=add", 400, 0, "Invalid input"},
		{"underscore digits", "num1=1_000&num2=2&operator=add", 400, 0, "Invalid input"},
		{"overflowing literal", "num1=1e400&num2=2&operator=add", 400, 0, "Invalid input"},
		{"overflowing result", "num1=1e308&num2=1e308&operator=add", 400, 0, "Invalid input"},
		{"very long number", "num1=" + strings.Repeat("9", 100) + "&num2=1&operator=add", 400, 0, "Invalid input"},
		{"bad percent-encoding", "num1=%zz&num2=1&operator=add", 400, 0, "Invalid request"},
		{"expr", "expr=(1%2B2)*3^2", 200, 27, ""},
		{"expr with literal plus decodes to space", "expr=1+2", 400, 0, "Invalid input"},
		{"expr and operands", "expr=1&num1=1", 400, 0, "Invalid input"},
		{"expr divide by zero", "expr=1/(2-2)", 400, 0, "Cannot divide by zero"},
		{"expr repeated", "expr=1&expr=2", 400, 0, "Invalid input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := apigwtest.Invoke(t, "calc", handler(), apigwtest.Event("GET", "/calc?"+tc.query, nil, ""))
			if tc.status != http.StatusOK {
				res.CheckJSONError(t, tc.status)
				if res.ErrorText() != tc.error {
					t.Fatalf("error %q, want %q (body %s)", res.ErrorText(), tc.error, res.Body)
				}
				return
			}
			if res.Status != 200 {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			got, ok := res.JSON["result"].(float64)
			if !ok || got != tc.result {
				t.Fatalf("body %s, want result %v", res.Body, tc.result)
			}
			if strings.Contains(string(res.Body), "-0") && tc.result == 0 {
				t.Fatalf("negative zero in %s", res.Body)
			}
		})
	}
}

func TestCalcSeedContractBodies(t *testing.T) {
	// The seed's clients compare whole bodies; keep them byte for byte.
	res := apigwtest.Invoke(t, "calc", handler(), apigwtest.Event("GET", "/calc?num1=1&num2=2&operator=add", nil, ""))
	if string(res.Body) != `{"result":3}` {
		t.Fatalf("body %s", res.Body)
	}
	if res.Header["Content-Type"] != "application/json; charset=utf-8" {
		t.Fatalf("content type %q", res.Header["Content-Type"])
	}
	res = apigwtest.Invoke(t, "calc", handler(), apigwtest.Event("GET", "/calc?num1=1&num2=0&operator=divide", nil, ""))
	if string(res.Body) != `{"error":"Cannot divide by zero"}` {
		t.Fatalf("body %s", res.Body)
	}
}

func TestCalcPost(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		result      float64
	}{
		{"json numbers", "application/json", `{"num1": 6, "num2": 7, "operator": "multiply"}`, 200, 42},
		{"json strings", "application/json; charset=utf-8", `{"num1": "6", "num2": "7", "operator": "*"}`, 200, 42},
		{"json expr", "application/json", `{"expr": "2^10"}`, 200, 1024},
		{"json without content type", "", `{"expr": "1+1"}`, 200, 2},
		{"json sent as form by curl -d", "application/x-www-form-urlencoded", `{"expr": "1+1"}`, 200, 2},
		{"form", "application/x-www-form-urlencoded", "num1=1&num2=2&operator=%2B", 200, 3},
		{"empty body falls back to query", "application/json", "", 400, 0},
		{"malformed json", "application/json", `{"num1": 1,`, 400, 0},
		{"json array", "application/json", `[1,2]`, 400, 0},
		{"json trailing data", "application/json", `{"expr":"1"} {}`, 400, 0},
		{"json boolean", "application/json", `{"num1": true, "num2": 1, "operator": "add"}`, 400, 0},
		{"json NaN string", "application/json", `{"num1": "NaN", "num2": 1, "operator": "add"}`, 400, 0},
		{"json null is missing", "application/json", `{"num1": null, "num2": 1, "operator": "add"}`, 400, 0},
		{"json divide by zero", "application/json", `{"num1": 1, "num2": 0, "operator": "/"}`, 400, 0},
		{"wrong content type", "text/plain", "num1=1&num2=2&operator=add", 415, 0},
		{"binary body", "application/octet-stream", "\xff\xfe\x00", 415, 0},
		{"oversize body", "application/json", `{"expr":"` + strings.Repeat("1", rules.MaxBodyBytes) + `"}`, 413, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			headers := map[string]string{}
			if tc.contentType != "" {
				headers["content-type"] = tc.contentType
			}
			res := apigwtest.Invoke(t, "calc", handler(), apigwtest.Event("POST", "/calc", headers, tc.body))
			if tc.status != 200 {
				res.CheckJSONError(t, tc.status)
				return
			}
			if res.Status != 200 || res.JSON["result"] != tc.result {
				t.Fatalf("status %d body %s, want result %v", res.Status, res.Body, tc.result)
			}
		})
	}
}

func TestCalcMethodNotAllowed(t *testing.T) {
	res := apigwtest.Invoke(t, "calc", handler(), apigwtest.Event("DELETE", "/calc?num1=1&num2=2&operator=add", nil, ""))
	res.CheckJSONError(t, http.StatusMethodNotAllowed)
}

func TestEval(t *testing.T) {
	tests := []struct {
		expr string
		want float64
	}{
		{"1+2", 3},
		{"(1+2)*3^2", 27},
		{"2^3^2", 512},
		{"-2^2", -4},
		{"2^-1", 0.5},
		{"--3", 3},
		{"+3", 3},
		{"7 % 4", 3},
		{"-7 % 4", -3},
		{"10 / 4", 2.5},
		{"1 - 2 - 3", -4},
		{"2 * (3 + 4) * 5", 70},
		{" ( ( 1 ) ) ", 1},
		{"1.5e2 + 1e-1", 150.1},
		{"1e+2", 100},
		{".5 * 4", 2},
		{"3.", 3},
		{strings.Repeat("(", 30) + "1" + strings.Repeat(")", 30), 1},
	}
	for _, tc := range tests {
		got, err := Eval(tc.expr)
		if err != nil || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Eval(%q) = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		expr, msg, detail string
	}{
		{"", msgInvalidInput, "expr is empty"},
		{"   ", msgInvalidInput, "expr is empty"},
		{"1 2", msgInvalidInput, "in a query string write + as %2B"},
		{"1 +", msgInvalidInput, "ends too early"},
		{"(1+2", msgInvalidInput, "unclosed parenthesis"},
		{"1+2)", msgInvalidInput, "unexpected ')'"},
		{"()", msgInvalidInput, "unexpected ')'"},
		{"1/0", msgDivideByZero, ""},
		{"5 % 0", msgDivideByZero, ""},
		{"0^-1", msgInvalidInput, "not a finite number"},
		{"(-8)^(1/3)", msgInvalidInput, "not a finite number"},
		{"10^400", msgInvalidInput, "not a finite number"},
		{"1e400", msgInvalidInput, "out of range"},
		{"1e", msgInvalidInput, "not a number"},
		{"1..2", msgInvalidInput, "not a number"},
		{"x", msgInvalidInput, "unexpected 'x'"},
		{"NaN", msgInvalidInput, "unexpected 'N'"},
		{"2**3", msgInvalidInput, "unexpected '*'"},
		{"1" + strings.Repeat("+1", maxExprLen), msgInvalidInput, "longer than"},
		{strings.Repeat("(", maxExprDepth+1) + "1" + strings.Repeat(")", maxExprDepth+1), msgInvalidInput, "nests deeper"},
		{strings.Repeat("-", maxExprDepth+1) + "1", msgInvalidInput, "nests deeper"},
	}
	for _, tc := range tests {
		_, err := Eval(tc.expr)
		ce, ok := err.(*apigw.Problem)
		if !ok || ce.Message != tc.msg || !strings.Contains(ce.Detail, tc.detail) {
			t.Errorf("Eval(%q) error = %v; want %q containing %q", tc.expr, err, tc.msg, tc.detail)
		}
	}
}

func TestEventExample(t *testing.T) {
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	res := apigwtest.InvokeRaw(t, "calc", handler(), raw)
	if res.Status != 200 || string(res.Body) != `{"result":42}` {
		t.Fatalf("event.json: %d %s", res.Status, res.Body)
	}
}
