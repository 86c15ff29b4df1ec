package main

import (
	"context"
	"testing"
	"time"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// memoryStore lists fixed keys and signs fake URLs, for fuzzing without S3.
type memoryStore []string

func (m memoryStore) List(context.Context) ([]string, error) { return m, nil }
func (m memoryStore) PresignGet(_ context.Context, key string, _ time.Duration) (string, error) {
	return "https://bucket.example/" + key + "?sig=x", nil
}

// FuzzRandomImageRequest: any query gets images, a redirect, or a 4xx JSON
// error; never a 5xx or a panic.
func FuzzRandomImageRequest(f *testing.F) {
	s := newService(memoryStore{"images/a.png", "images/b.png", "images/c.png"})
	for _, q := range []string{"", "format=redirect&seed=x", "count=10", "count=0", "format=redirect&count=2", "seed=%FF", "count=1e3"} {
		f.Add("GET", q)
	}
	f.Fuzz(func(t *testing.T, method, query string) {
		res := apigwtest.Invoke(t, "random-image", s.handle, apigwtest.FuzzEvent(method, "/random-image", query, "", ""))
		switch {
		case res.Status == 200 || res.Status == 302:
		case res.Status >= 400 && res.Status < 500 && res.ErrorText() != "":
		default:
			t.Fatalf("%s %q: %d %s", method, query, res.Status, res.Body)
		}
	})
}
