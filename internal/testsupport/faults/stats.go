package faults

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Stats summarises the requests of a span of a load.
type Stats struct {
	Requests      int
	PerSecond     float64
	P50, P99, Max time.Duration
	Statuses      map[int]int
}

// Summarize gives the stats of samples sent over a span of time.
func Summarize(samples []Sample, span time.Duration) Stats {
	s := Stats{Requests: len(samples), Statuses: map[int]int{}}
	if len(samples) == 0 {
		return s
	}
	lat := make([]time.Duration, len(samples))
	for i, x := range samples {
		lat[i] = x.End - x.Start
		s.Statuses[x.Status]++
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	s.P50, s.P99, s.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	if span > 0 {
		s.PerSecond = float64(len(samples)) / span.Seconds()
	}
	return s
}

// StatusText lists the statuses seen, e.g. "200×1200, 503×40" (0 is no
// answer).
func (s Stats) StatusText() string {
	codes := make([]int, 0, len(s.Statuses))
	for c := range s.Statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", c, s.Statuses[c])
	}
	return strings.Join(parts, ", ")
}

// row is a markdown table row: requests, req/s, p50, p99, max, statuses.
func (s Stats) row(label string) string {
	return fmt.Sprintf("| %s | %d | %.0f | %s | %s | %s | %s |\n", label, s.Requests, s.PerSecond,
		ms(s.P50), ms(s.P99), ms(s.Max), s.StatusText())
}

const tableHead = "| requests sent | n | req/s | p50 ms | p99 ms | max ms | statuses |\n|---|---|---|---|---|---|---|\n"

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// between are the samples sent in [from, to).
func between(samples []Sample, from, to time.Duration) []Sample {
	var out []Sample
	for _, s := range samples {
		if s.Start >= from && s.Start < to {
			out = append(out, s)
		}
	}
	return out
}

// violations collects what broke a scenario's promises, with examples.
type violations struct {
	n        int
	examples []string
}

func (v *violations) add(s Sample, why string) {
	v.n++
	if len(v.examples) < 8 {
		v.examples = append(v.examples, fmt.Sprintf("%s sent at %s ms, answered at %s ms: %d %q: %s",
			s.Path, ms(s.Start), ms(s.End), s.Status, s.Body, why))
	}
}

func (v *violations) err() error {
	if v.n == 0 {
		return nil
	}
	return fmt.Errorf("%d requests broke the promise:\n  %s", v.n, strings.Join(v.examples, "\n  "))
}
