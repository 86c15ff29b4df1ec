package local

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestS3Outage: with S3 unreachable, fresh random-image and random-quote
// containers answer 503 with a clear error (never a hang or a 500), and
// both recover as soon as S3 is back, since errors are not cached.
func TestS3Outage(t *testing.T) {
	codeDir := map[string]string{}
	for _, f := range app.App.Functions {
		codeDir[f.Name] = f.CodeDir
	}
	tools := map[string]struct{ path, outage string }{
		"random-image": {"/random-image", "Image store unavailable"},
		"random-quote": {"/random-quote", "Quote store unavailable"},
	}
	app.S3.SetAvailable(false)
	defer app.S3.SetAvailable(true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for tool := range tools {
		// A new container: nothing cached from earlier tests.
		app.Functions[tool].Restart(codeDir[tool])
		if err := app.Functions[tool].Ready(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for tool, tc := range tools {
		start := time.Now()
		r := do(t, "GET", app.URL+tc.path, "")
		if r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), `{"error":"`+tc.outage+`"}`) {
			t.Errorf("%s during the outage: %d %s", tool, r.status, r.body)
		}
		t.Logf("%s answered %d after %v of retries", tool, r.status, time.Since(start).Round(time.Millisecond))
	}
	app.S3.SetAvailable(true)
	for tool, tc := range tools {
		if r := do(t, "GET", app.URL+tc.path, ""); r.status != http.StatusOK {
			t.Errorf("%s after the outage: %d %s", tool, r.status, r.body)
		}
	}
}

// TestProcessKilledUnderLoad: killing calc's processes while requests flow
// fails at most the requests in flight (502, the crash answer); every
// request sent after the respawn succeeds.
func TestProcessKilledUnderLoad(t *testing.T) {
	const workers, perWorker = 4, 100
	calc := app.Functions["calc"]
	var (
		mu       sync.Mutex
		failed   []int // statuses of failed requests
		killedAt time.Time
		lastFail time.Time
	)
	var done atomic.Int64
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perWorker {
				status := 0
				resp, err := client.Get(app.URL + "/calc?num1=6&num2=7&operator=multiply")
				if err == nil {
					status = resp.StatusCode
					resp.Body.Close()
				}
				if status != http.StatusOK {
					mu.Lock()
					failed = append(failed, status)
					lastFail = time.Now()
					mu.Unlock()
				}
				if done.Add(1) == workers*perWorker/4 {
					mu.Lock()
					for _, pid := range calc.PIDs() {
						syscall.Kill(pid, syscall.SIGKILL)
					}
					killedAt = time.Now()
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if killedAt.IsZero() {
		t.Fatal("no process was killed")
	}
	for _, s := range failed {
		if s != http.StatusBadGateway {
			t.Errorf("a failed request answered %d, want 502 (the crash answer)", s)
		}
	}
	// In flight at the kill: at most one request per worker, each on a
	// killed process.
	if len(failed) > workers {
		t.Errorf("%d requests failed, more than the %d in flight", len(failed), workers)
	}
	if len(failed) > 0 && lastFail.Sub(killedAt) > 2*time.Second {
		t.Errorf("requests still failed %v after the kill", lastFail.Sub(killedAt))
	}
	t.Logf("%d requests, %d failed (%v) at the kill", workers*perWorker, len(failed), failed)
	if r := do(t, "GET", app.URL+"/calc?num1=1&num2=2&operator=add", ""); r.status != 200 {
		t.Errorf("after the kill: %d %s", r.status, r.body)
	}
}
