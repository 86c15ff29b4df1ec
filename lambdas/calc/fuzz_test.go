package main

import (
	"math"
	"testing"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// FuzzEval: any expression either evaluates to a finite number or fails with
// one of the calculator's 400 errors; it never panics or recurses unbounded.
func FuzzEval(f *testing.F) {
	for _, s := range []string{"1+2", "(1+2)*3^2", "-2^-2", "1e308*10", "((((1))))", "1 2", "7%0", ".5e-3", "1e+", "--+-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Eval(s)
		if err != nil {
			if p, ok := err.(*apigw.Problem); !ok || p.Status != 400 {
				t.Fatalf("Eval(%q): error of type %T: %v", s, err, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Eval(%q) = %v", s, v)
		}
	})
}

// FuzzCalcRequest: any query string or body gets a 200 or a 4xx JSON error,
// never a 5xx.
func FuzzCalcRequest(f *testing.F) {
	f.Add("GET", "num1=1&num2=2&operator=add", "", "")
	f.Add("GET", "expr=(1%2B2)*3", "", "")
	f.Add("POST", "", "application/json", `{"num1":1,"num2":"2","operator":"/"}`)
	f.Add("POST", "", "application/x-www-form-urlencoded", "num1=1&num2=0&operator=divide")
	f.Add("POST", "", "text/plain", "\xff")
	f.Add("GET", "num1=%zz", "", "")
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		ev := apigwtest.FuzzEvent(method, "/calc", query, contentType, body)
		res := apigwtest.Invoke(t, "calc", handler(), ev)
		if res.Status == 200 {
			if _, ok := res.JSON["result"].(float64); !ok {
				t.Fatalf("200 without a numeric result: %s", res.Body)
			}
			return
		}
		if res.Status < 400 || res.Status >= 500 || res.ErrorText() == "" {
			t.Fatalf("status %d body %s", res.Status, res.Body)
		}
	})
}
