package main

import (
	"context"
	"os"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// memoryObject serves the quotes from memory, for fuzzing without S3.
type memoryObject []byte

func (m memoryObject) Get(context.Context) ([]byte, error) { return m, nil }

// FuzzRandomQuoteRequest: any query gets a quote, a 404, or a 4xx JSON
// error; never a 5xx or a panic.
func FuzzRandomQuoteRequest(f *testing.F) {
	data, err := os.ReadFile("../../assets/quotes/quotes.json")
	if err != nil {
		f.Fatal(err)
	}
	s := newService(memoryObject(data))
	for _, q := range []string{"", "c=poetry&c=ci", "min_length=5&max_length=3", "encode=text&seed=x", "c=%FF", "max_length=99999999999999999999", "c=,,,"} {
		f.Add("GET", q)
	}
	f.Fuzz(func(t *testing.T, method, query string) {
		res := apigwtest.Invoke(t, "random-quote", s.handle, apigwtest.FuzzEvent(method, "/random-quote", query, "", ""))
		switch {
		case res.Status == 200:
		case res.Status >= 400 && res.Status < 500 && res.ErrorText() != "":
		default:
			t.Fatalf("%s %q: %d %s", method, query, res.Status, res.Body)
		}
	})
}
