package faults

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// S3Tool is a tool that reads S3: the path to load and the error its 503
// carries while S3 is unreachable.
type S3Tool struct {
	Name, Path, OutageError string
}

// S3Readers are the toolkit's tools that read S3, with their outage errors.
var S3Readers = []S3Tool{
	{Name: "random-image", Path: "/random-image", OutageError: "Image store unavailable"},
	{Name: "random-quote", Path: "/random-quote?c=poetry", OutageError: "Quote store unavailable"},
}

// S3Result is what an S3Outage run saw.
type S3Result struct {
	Tools []S3Tool
	// DownAt: S3 stops answering. FreshAt: every tool has a fresh
	// container (nothing cached), as after a cold start. UpAt: S3 answers
	// again.
	DownAt, FreshAt, UpAt, End time.Duration
	Samples                    []Sample
}

// S3Outage loads the tools' paths with workers through four phases of
// the given length: S3 up; S3 down with warm containers; S3 down with
// fresh containers; S3 back.
func S3Outage(ctx context.Context, h Host, tools []S3Tool, workers int, phase time.Duration) S3Result {
	r := S3Result{Tools: tools}
	paths := make([]string, len(tools))
	for i, t := range tools {
		paths[i] = t.Path
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l := startLoad(ctx, h.URL, paths, workers)
	defer h.SetS3Available(true)
	sleepCtx(ctx, phase)
	h.SetS3Available(false)
	r.DownAt = l.now()
	sleepCtx(ctx, phase)
	var wg sync.WaitGroup
	for _, t := range tools {
		wg.Go(func() { h.Recycle(t.Name) })
	}
	wg.Wait()
	r.FreshAt = l.now()
	sleepCtx(ctx, phase)
	h.SetS3Available(true)
	r.UpAt = l.now()
	sleepCtx(ctx, phase)
	cancel()
	r.Samples = l.wait()
	r.End = l.now()
	return r
}

// Check holds the run to its promise: only 200 or a 503 carrying the
// tool's outage error, never another status or no answer; all 200 before
// the outage; all 503 from fresh containers while S3 is down; all 200 for
// requests sent once S3 is back.
func (r S3Result) Check() error {
	byPath := map[string]S3Tool{}
	for _, t := range r.Tools {
		byPath[t.Path] = t
	}
	var v violations
	outageAnswers, recovered := 0, 0
	for _, s := range r.Samples {
		t := byPath[s.Path]
		switch {
		case s.Status != http.StatusOK && s.Status != http.StatusServiceUnavailable:
			v.add(s, "neither 200 nor 503")
		case s.Status == http.StatusServiceUnavailable && !strings.Contains(s.Body, `"error":"`+t.OutageError+`"`):
			v.add(s, "503 without the error "+t.OutageError)
		case s.End < r.DownAt && s.Status != http.StatusOK:
			v.add(s, "failed before the outage")
		case s.Start >= r.FreshAt && s.End < r.UpAt && s.Status != http.StatusServiceUnavailable:
			v.add(s, "a fresh container answered without S3")
		case s.Start >= r.UpAt && s.Status != http.StatusOK:
			v.add(s, "failed though sent after S3 was back")
		}
		if s.Start >= r.FreshAt && s.End < r.UpAt {
			outageAnswers++
		}
		if s.Start >= r.UpAt && s.Status == http.StatusOK {
			recovered++
		}
	}
	var errs []error
	if outageAnswers == 0 {
		errs = append(errs, errors.New("no request was answered by a fresh container during the outage"))
	}
	if recovered == 0 {
		errs = append(errs, errors.New("no request succeeded after S3 came back"))
	}
	return errors.Join(append(errs, v.err())...)
}

// Recovery is, per tool, the time from S3's return to the answer of the
// first request sent after it that succeeded.
func (r S3Result) Recovery() map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, t := range r.Tools {
		for _, s := range r.Samples {
			if s.Path == t.Path && s.Start >= r.UpAt && s.Status == http.StatusOK {
				out[t.Name] = s.End - r.UpAt
				break
			}
		}
	}
	return out
}

// Table reports the run in markdown, per phase and tool.
func (r S3Result) Table() string {
	var b strings.Builder
	b.WriteString(tableHead)
	phases := []struct {
		name     string
		from, to time.Duration
	}{
		{"S3 up", 0, r.DownAt},
		{"S3 down, warm containers", r.DownAt, r.FreshAt},
		{"S3 down, fresh containers", r.FreshAt, r.UpAt},
		{"S3 back", r.UpAt, r.End},
	}
	for _, p := range phases {
		for _, t := range r.Tools {
			var mine []Sample
			for _, s := range between(r.Samples, p.from, p.to) {
				if s.Path == t.Path {
					mine = append(mine, s)
				}
			}
			b.WriteString(Summarize(mine, p.to-p.from).row(p.name + ", " + t.Name))
		}
	}
	rec := r.Recovery()
	names := make([]string, 0, len(rec))
	for n := range rec {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\n%s: first success %s ms after S3 returned.", n, ms(rec[n]))
	}
	b.WriteString("\n")
	return b.String()
}
