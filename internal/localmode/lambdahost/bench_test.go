package lambdahost

import (
	"context"
	"testing"
)

// BenchmarkInvoke measures one warm invocation through the Runtime API with
// a function that answers at once.
func BenchmarkInvoke(b *testing.B) {
	f, err := Start(Config{Name: "bench", CodeDir: testCodeDir})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := f.Ready(context.Background()); err != nil {
		b.Fatal(err)
	}
	payload := event(map[string]string{"do": "bare"})
	for b.Loop() {
		if _, err := f.Invoke(context.Background(), payload); err != nil {
			b.Fatal(err)
		}
	}
}
