package localmode

import (
	"context"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"
)

// Latency benchmarks for `make bench`: the same /calc request answered
// through the whole local API (HTTP → payload 2.0 → warm process → HTTP)
// and straight through the function's Runtime API, so the difference is
// what local mode's gateway adds. Each reports p50 and p99 in µs.

const calcQuery = "/calc?num1=1&num2=2&operator=add"

// calcEvent is the payload 2.0 event of calcQuery, for direct invocations.
const calcEvent = `{"version":"2.0","routeKey":"GET /calc","rawPath":"/calc","rawQueryString":"num1=1&num2=2&operator=add",` +
	`"headers":{"host":"127.0.0.1"},"requestContext":{"http":{"method":"GET","path":"/calc"},"requestId":"bench"}}`

func reportPercentiles(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	if len(d) == 0 {
		return
	}
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1000, "p99-µs")
}

func BenchmarkCalcThroughLocalHTTP(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	url := sharedApp(b).URL + calcQuery
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

func BenchmarkCalcThroughRuntimeAPI(b *testing.B) {
	fn := sharedApp(b).Functions["calc"]
	payload := []byte(calcEvent)
	lat := make([]time.Duration, 0, b.N)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		res, err := fn.Invoke(ctx, payload)
		if err != nil || res.FunctionError {
			b.Fatalf("%v %s", err, res.Payload)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

// BenchmarkCalcRuntimeAPIParallel is the ceiling for the gateway: the
// function's Runtime API alone under concurrent invocations (the pool
// grows as under wrk), no HTTP front.
func BenchmarkCalcRuntimeAPIParallel(b *testing.B) {
	fn := sharedApp(b).Functions["calc"]
	payload := []byte(calcEvent)
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res, err := fn.Invoke(context.Background(), payload); err != nil || res.FunctionError {
				b.Fatalf("%v %s", err, res.Payload)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "invocations/s")
}
