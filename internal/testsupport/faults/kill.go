package faults

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// Kill is one SIGKILL of every process of a tool.
type Kill struct {
	PIDs []int
	// At is when SIGKILL was sent; ExitSeenAt is when the host had seen
	// every killed process exit. Until then a dead process's pending
	// Runtime API call can still be handed a request, which then fails:
	// that request was in flight at the crash too.
	At, ExitSeenAt time.Duration
}

// KillResult is what a KillUnderLoad run saw.
type KillResult struct {
	Tool    string
	Kills   []Kill
	End     time.Duration
	Samples []Sample
}

// KillUnderLoad loads path with workers for d and kills every process of
// tool with SIGKILL n times, evenly spaced.
func KillUnderLoad(ctx context.Context, h Host, tool, path string, workers, n int, d time.Duration) KillResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	l := startLoad(ctx, h.URL, []string{path}, workers)
	r := KillResult{Tool: tool}
	for i := range n {
		sleepCtx(ctx, d*time.Duration(i+1)/time.Duration(n+1)-l.now())
		// At is read before the signal: after it, a busy machine may
		// deschedule this goroutine while the crash is already answered
		// (a 502 seen 0.3 ms before a late At, on a loaded CI machine).
		k := Kill{PIDs: h.PIDs(tool), At: l.now()}
		for _, pid := range k.PIDs {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill() // SIGKILL on Unix
			}
		}
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if !slices.ContainsFunc(h.PIDs(tool), func(pid int) bool { return slices.Contains(k.PIDs, pid) }) {
				break
			}
		}
		k.ExitSeenAt = l.now()
		r.Kills = append(r.Kills, k)
	}
	r.Samples = l.wait()
	r.End = l.now()
	return r
}

// Check holds the run to its promise: a kill fails only requests in
// flight (sent before the host saw the exits, still unanswered at the
// kill), each with the crash answer 502, and after every kill requests
// succeed again.
func (r KillResult) Check() error {
	var v violations
	for _, s := range r.Samples {
		if s.Status/100 == 2 {
			continue
		}
		inFlight := slices.ContainsFunc(r.Kills, func(k Kill) bool { return s.Start < k.ExitSeenAt && s.End >= k.At })
		switch {
		case !inFlight:
			v.add(s, "failed though in flight at no kill")
		case s.Status != http.StatusBadGateway:
			v.add(s, "in flight at a kill, but not the crash answer 502")
		}
	}
	var errs []error
	for i, k := range r.Kills {
		if len(k.PIDs) == 0 {
			errs = append(errs, fmt.Errorf("kill %d found no process", i+1))
		}
		if r.recovery(k) < 0 {
			errs = append(errs, fmt.Errorf("no request succeeded after kill %d", i+1))
		}
	}
	if len(r.Kills) == 0 {
		errs = append(errs, errors.New("nothing was killed"))
	}
	return errors.Join(append(errs, v.err())...)
}

// recovery is the time from a kill to the answer of the first request
// sent after it that succeeded, or -1.
func (r KillResult) recovery(k Kill) time.Duration {
	for _, s := range r.Samples {
		if s.Start >= k.ExitSeenAt && s.Status/100 == 2 {
			return s.End - k.At
		}
	}
	return -1
}

// Table reports the run in markdown.
func (r KillResult) Table() string {
	var b strings.Builder
	b.WriteString("| kill | at ms | processes | exit seen after ms | requests failed | first success after ms |\n|---|---|---|---|---|---|\n")
	for i, k := range r.Kills {
		failed := 0
		for _, s := range r.Samples {
			if s.Status/100 != 2 && s.Start < k.ExitSeenAt && s.End >= k.At {
				failed++
			}
		}
		fmt.Fprintf(&b, "| %d | %s | %d | %s | %d | %s |\n", i+1, ms(k.At), len(k.PIDs), ms(k.ExitSeenAt-k.At), failed, ms(r.recovery(k)))
	}
	b.WriteString("\n" + tableHead)
	b.WriteString(Summarize(r.Samples, r.End).row("all, " + r.Tool))
	return b.String()
}
