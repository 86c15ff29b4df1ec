// Package faults runs local mode's fault scenarios under concurrent load
// and judges what every request got: a function's processes killed
// mid-run (Kill), and S3 made unreachable and restored (S3Outage). The
// end-to-end tests run them small; `make bench` runs them at wrk's scale.
package faults

import (
	"context"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Host is what the scenarios need of a running local API.
type Host struct {
	URL string
	// PIDs lists a tool's live function processes.
	PIDs func(tool string) []int
	// Recycle gives a tool a fresh container: new processes, nothing cached.
	Recycle func(tool string)
	// SetS3Available makes S3 answer (true) or drop every request (false).
	SetS3Available func(up bool)
}

// Sample is one request of a load: when it was sent and answered, relative
// to the start of the load, and what came back.
type Sample struct {
	Path       string
	Start, End time.Duration
	Status     int    // 0: no answer (connection error or client timeout)
	Body       string // the start of a non-2xx answer, or the client error
}

// requestTimeout bounds one request: longer means the API hung.
const requestTimeout = 15 * time.Second

// load is a running load: workers each send GETs back to back on their own
// keep-alive connection until the context ends.
type load struct {
	began   time.Time
	wg      sync.WaitGroup
	mu      sync.Mutex
	samples []Sample
}

// startLoad starts workers; worker i requests base+paths[i%len(paths)].
func startLoad(ctx context.Context, base string, paths []string, workers int) *load {
	l := &load{began: time.Now()}
	for i := range workers {
		path := paths[i%len(paths)]
		client := &http.Client{Timeout: requestTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer client.CloseIdleConnections()
			var mine []Sample
			for ctx.Err() == nil {
				mine = append(mine, l.get(client, base, path))
			}
			l.mu.Lock()
			l.samples = append(l.samples, mine...)
			l.mu.Unlock()
		}()
	}
	return l
}

func (l *load) get(client *http.Client, base, path string) Sample {
	s := Sample{Path: path, Start: l.now()}
	// Not the load's context: a request under way when the load ends is
	// answered and counted, not cancelled into a false failure.
	resp, err := client.Get(base + path)
	if err != nil {
		s.End, s.Body = l.now(), err.Error()
		return s
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	s.End, s.Status = l.now(), resp.StatusCode
	if resp.StatusCode/100 != 2 {
		s.Body = string(body[:min(len(body), 200)])
	}
	return s
}

func (l *load) now() time.Duration { return time.Since(l.began) }

// wait returns every request once the load's context has ended, by start.
func (l *load) wait() []Sample {
	l.wg.Wait()
	sort.Slice(l.samples, func(i, j int) bool { return l.samples[i].Start < l.samples[j].Start })
	return l.samples
}

// sleepCtx sleeps d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
