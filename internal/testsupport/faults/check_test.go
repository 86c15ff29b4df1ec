package faults

import (
	"strings"
	"testing"
	"time"
)

const msec = time.Millisecond

func sample(path string, start, end, status int, body string) Sample {
	return Sample{Path: path, Start: time.Duration(start) * msec, End: time.Duration(end) * msec, Status: status, Body: body}
}

// Kills at 100 ms and 200 ms, their exits seen 10 ms later.
func killRun(samples ...Sample) KillResult {
	return KillResult{Tool: "calc", End: 300 * msec, Samples: samples, Kills: []Kill{
		{PIDs: []int{42}, At: 100 * msec, ExitSeenAt: 110 * msec},
		{PIDs: []int{43, 44}, At: 200 * msec, ExitSeenAt: 210 * msec},
	}}
}

func TestKillCheck(t *testing.T) {
	ok1, ok2 := sample("/calc", 150, 160, 200, ""), sample("/calc", 250, 260, 200, "")
	for _, tc := range []struct {
		name    string
		run     KillResult
		wantErr string // "" when the run keeps the promise
	}{
		{"in flight at a kill fails with 502", killRun(sample("/calc", 90, 105, 502, "crashed"), sample("/calc", 199, 201, 502, ""), ok1, ok2), ""},
		{"handed to a dead process before its exit was seen", killRun(sample("/calc", 105, 112, 502, ""), ok1, ok2), ""},
		{"nothing failed", killRun(sample("/calc", 90, 95, 200, ""), ok1, ok2), ""},
		{"a failure sent after the exits were seen", killRun(sample("/calc", 111, 120, 502, ""), ok1, ok2), "in flight at no kill"},
		{"a failure before any kill", killRun(sample("/calc", 10, 20, 502, ""), ok1, ok2), "in flight at no kill"},
		{"in flight, but a 500", killRun(sample("/calc", 90, 105, 500, ""), ok1, ok2), "not the crash answer"},
		{"in flight, but no answer", killRun(sample("/calc", 90, 105, 0, "EOF"), ok1, ok2), "not the crash answer"},
		{"no success after the last kill", killRun(ok1), "no request succeeded after kill 2"},
		{"a kill that found nothing", KillResult{Samples: []Sample{ok1}, Kills: []Kill{{At: 100 * msec, ExitSeenAt: 100 * msec}}}, "kill 1 found no process"},
		{"no kill", KillResult{Samples: []Sample{ok1}}, "nothing was killed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkErr(t, tc.run.Check(), tc.wantErr)
		})
	}
}

// S3 down at 100 ms, fresh containers at 200 ms, back at 300 ms.
func s3Run(samples ...Sample) S3Result {
	return S3Result{
		Tools:  []S3Tool{{Name: "random-quote", Path: "/q", OutageError: "Quote store unavailable"}},
		DownAt: 100 * msec, FreshAt: 200 * msec, UpAt: 300 * msec, End: 400 * msec, Samples: samples,
	}
}

func TestS3OutageCheck(t *testing.T) {
	const outage = `{"error":"Quote store unavailable"}`
	fresh503 := sample("/q", 210, 220, 503, outage)
	back := sample("/q", 310, 320, 200, "")
	for _, tc := range []struct {
		name    string
		run     S3Result
		wantErr string
	}{
		{"the promised run", s3Run(sample("/q", 10, 20, 200, ""), sample("/q", 150, 160, 200, ""), fresh503, sample("/q", 290, 305, 200, ""), back), ""},
		{"a warm container may also say 503", s3Run(sample("/q", 150, 160, 503, outage), fresh503, back), ""},
		{"a 500 during the outage", s3Run(sample("/q", 210, 220, 500, `{"error":"x"}`), fresh503, back), "neither 200 nor 503"},
		{"no answer", s3Run(sample("/q", 210, 220, 0, "timeout"), fresh503, back), "neither 200 nor 503"},
		{"a 503 without the clear error", s3Run(sample("/q", 210, 220, 503, `{"error":"Service Unavailable"}`), fresh503, back), "503 without the error"},
		{"a 503 before the outage", s3Run(sample("/q", 10, 20, 503, outage), fresh503, back), "before the outage"},
		{"a fresh container answering 200 without S3", s3Run(sample("/q", 210, 220, 200, ""), fresh503, back), "answered without S3"},
		{"a 503 after S3 came back", s3Run(fresh503, sample("/q", 305, 310, 503, outage), back), "after S3 was back"},
		{"no outage answer", s3Run(back), "no request was answered by a fresh container"},
		{"no recovery", s3Run(fresh503), "no request succeeded after S3 came back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkErr(t, tc.run.Check(), tc.wantErr)
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected: %v", err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("err %v, want one saying %q", err, want)
	}
}

func TestSummarize(t *testing.T) {
	var samples []Sample
	for i := range 100 {
		status := 200
		if i%50 == 0 {
			status = 503
		}
		samples = append(samples, sample("/x", i*10, i*10+i+1, status, ""))
	}
	s := Summarize(samples, time.Second)
	if s.Requests != 100 || s.PerSecond != 100 || s.P50 != 51*msec || s.P99 != 100*msec || s.Max != 100*msec {
		t.Errorf("%+v", s)
	}
	if got := s.StatusText(); got != "200×98, 503×2" {
		t.Errorf("statuses %q", got)
	}
}
