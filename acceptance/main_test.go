package acceptance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/localmode"
	"cloudtools/internal/testsupport/faults"
	"cloudtools/internal/testsupport/syncbuf"
)

// repoRoot is the module root, where openapi.json and build/ are.
var repoRoot = ".."

// Environment variables that point the suite at a deployed API.
const (
	// EnvURL is the API's base URL (the ApiUrl output). Unset: the suite
	// starts local mode and tests that.
	EnvURL = "SMOKE_URL"
	// EnvRate is the most requests per second the suite sends to EnvURL
	// (default 4: under the stage's 20 and the slowest route's 5).
	EnvRate = "SMOKE_RATE"
	// EnvMaxRequests bounds how many requests it sends in all (default 600).
	EnvMaxRequests = "SMOKE_MAX_REQUESTS"
)

// target is the API under test.
var target struct {
	URL string // base URL, no trailing slash
	// Remote: a deployed stack (or any server at EnvURL), tested read-only
	// and paced; the local-only tests skip.
	Remote bool
	// Local mode's server, its output and the fault scenarios' handle on
	// it; nil when Remote.
	Local  *localmode.Server
	Output *syncbuf.Buffer
	Faults faults.Host

	client *http.Client
	stats  *requestStats
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	target.stats = &requestStats{byStatus: map[int]int{}}
	began := time.Now()
	if base := os.Getenv(EnvURL); base != "" {
		if err := useRemote(base); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	} else {
		stop, err := startLocal()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer stop()
	}
	code := m.Run()
	if target.Remote {
		// A clear summary for `make smoke`, whatever -v says.
		fmt.Printf("\nsmoke test of %s: %s in %s; %s\n", target.URL, map[bool]string{true: "PASS", false: "FAIL"}[code == 0],
			time.Since(began).Round(time.Second), target.stats)
	}
	return code
}

// useRemote points the suite at a deployed API.
func useRemote(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s=%q is not an http(s) URL", EnvURL, base)
	}
	rate, err := envFloat(EnvRate, 4)
	if err != nil {
		return err
	}
	budget, err := envFloat(EnvMaxRequests, 600)
	if err != nil {
		return err
	}
	target.URL, target.Remote = strings.TrimSuffix(base, "/"), true
	target.client = newClient(&pacer{interval: time.Duration(float64(time.Second) / rate), budget: int(budget)})
	return nil
}

// startLocal serves the app as `make local` does: Prepare (the host build
// and a synth, skipped when nothing changed), then local mode with its S3
// behind the fault scenarios' switch.
func startLocal() (stop func(), err error) {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return nil, err
	}
	var progress syncbuf.Buffer
	if err := localmode.Prepare(context.Background(), root, layout.LocalDir, &progress); err != nil {
		return nil, fmt.Errorf("%v\n%s", err, progress.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	target.Output = &syncbuf.Buffer{}
	srv, host, err := faults.StartLocal(ctx, localmode.Options{Assembly: filepath.Join(root, layout.LocalAssembly), Output: target.Output, LambdaAddr: "127.0.0.1:0"})
	if err != nil {
		return nil, fmt.Errorf("start local mode: %v\n%s", err, target.Output.String())
	}
	target.URL, target.Local, target.Faults = srv.URL, srv, host
	target.client = newClient(&pacer{})
	return func() { srv.Close() }, nil
}

// newClient sends through p (which counts every request into
// target.stats) and hands redirects back to the test.
func newClient(p *pacer) *http.Client {
	p.next, p.stats = http.DefaultTransport, target.stats
	return &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     p,
	}
}

// localOnly skips a test that needs local mode's insides (its processes,
// its output, its S3) or injects faults: never against a deployed stack.
func localOnly(t *testing.T) {
	t.Helper()
	if target.Remote {
		t.Skipf("local mode only: %s is set", EnvURL)
	}
}

func envFloat(name string, def float64) (float64, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	var f float64
	if _, err := fmt.Sscan(v, &f); err != nil || f <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive number", name, v)
	}
	return f, nil
}

// pacer sends the suite's requests one interval apart at most and refuses
// any beyond the budget, so a smoke test stays under the stage's
// throttling and its cost stays bounded; it counts every answer.
type pacer struct {
	next     http.RoundTripper
	interval time.Duration // 0: unpaced
	budget   int           // 0: unbounded
	stats    *requestStats

	mu   sync.Mutex
	last time.Time
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	p.mu.Lock()
	if p.budget > 0 && p.stats.sent() >= p.budget {
		p.mu.Unlock()
		return nil, fmt.Errorf("request budget of %d spent (%s)", p.budget, EnvMaxRequests)
	}
	if wait := p.interval - time.Since(p.last); p.interval > 0 && wait > 0 {
		time.Sleep(wait)
	}
	p.last = time.Now()
	p.stats.request()
	p.mu.Unlock()
	resp, err := p.next.RoundTrip(req)
	if err == nil {
		p.stats.answer(resp.StatusCode)
	}
	return resp, err
}

// requestStats counts requests sent and answers by status.
type requestStats struct {
	mu       sync.Mutex
	requests int
	byStatus map[int]int
}

func (s *requestStats) request() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
}

func (s *requestStats) answer(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byStatus[status]++
}

func (s *requestStats) sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *requestStats) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	codes := make([]int, 0, len(s.byStatus))
	answered := 0
	for c, n := range s.byStatus {
		codes = append(codes, c)
		answered += n
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", s.byStatus[c], c)
	}
	return fmt.Sprintf("%d requests, %d answered (%s)", s.requests, answered, strings.Join(parts, " "))
}
