//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cloudtools/internal/chinese/segeval"
	"cloudtools/internal/lambdakit/s3client"
	"cloudtools/internal/layout"
	"cloudtools/internal/localmode/assembly"
	"cloudtools/internal/testsupport/benchenv"
)

// Timeouts are set from measured durations: for each tool, the CPU its
// process spends on the heaviest requests its limits allow, cold (a fresh
// process, caches empty) and warm, projected to the function's memory
// (Lambda gives 1 vCPU at 1,769 MB, proportionally less below), plus the
// bound on S3 calls for the tools that read S3. The timeout must be at
// least timeoutMargin times that; the benchmark fails otherwise.

const (
	fullVCPUMB    = 1769
	timeoutMargin = 3
	coldRounds    = 5  // fresh processes per tool
	warmRequests  = 10 // per request kind and round
)

// heavyRequest is one of the costliest requests a tool accepts.
type heavyRequest struct {
	label, method, path, contentType string
	body                             []byte
}

// heavyRequests are, per tool, requests at the documented limits.
func heavyRequests() map[string][]heavyRequest {
	text := chineseText(64 << 10) // /segment and /keywords: 64 KiB of text
	form := func(k, v string) []byte { return []byte(url.Values{k: {v}}.Encode()) }
	expr := strings.Repeat("(", 63) + "1" + strings.Repeat(")", 63) // depth 64
	expr += strings.Repeat("+2^0.5*3", (1000-len(expr))/8)          // up to 1,000 characters
	return map[string][]heavyRequest{
		"calc": {{label: "1,000-character expression, depth 64", method: "POST", path: "/calc",
			contentType: "application/x-www-form-urlencoded", body: form("expr", expr)}},
		"echo": {{label: "256 KiB binary body", method: "POST", path: "/echo/a/b?x=1",
			contentType: "application/octet-stream", body: bytes.Repeat([]byte{0, 0xff, 'x', 0x80}, 64<<10)}},
		"random-image": {{label: "count=10", method: "GET", path: "/random-image?count=10"}},
		"random-quote": {{label: "every category, length filter", method: "GET", path: "/random-quote?c=poetry,ci,classic,proverb&min_length=1&max_length=10000"}},
		"segment": {
			{label: "/segment 64 KiB, search mode", method: "POST", path: "/segment?mode=search",
				contentType: "text/plain; charset=utf-8", body: text},
			{label: "/segment 64 KiB, full mode", method: "POST", path: "/segment?mode=full",
				contentType: "text/plain; charset=utf-8", body: text},
			{label: "/keywords 64 KiB, textrank top 100", method: "POST", path: "/keywords?method=textrank&top=100",
				contentType: "text/plain; charset=utf-8", body: text},
		},
		"home": {{label: "the page", method: "GET", path: "/"}, {label: "openapi.json", method: "GET", path: "/openapi.json"}},
		"convert": {
			{label: "64 KiB to Taiwan, with phrases and offsets", method: "POST", path: "/convert?to=tw&offsets=true",
				contentType: "text/plain; charset=utf-8", body: text},
			{label: "64 KiB from Taiwan to simplified, with phrases and offsets", method: "POST", path: "/convert?to=s&from=tw&offsets=true",
				contentType: "text/plain; charset=utf-8", body: text},
		},
		"pinyin": {{label: "16 KiB, every reading, as spoken", method: "POST", path: "/pinyin?heteronym=true&style=number&tone_sandhi=true&erhua=true",
			contentType: "text/plain; charset=utf-8", body: chineseText(16 << 10)}},
	}
}

// eventRequest is a tool's lambdas/<tool>/event.json as a request: the
// heaviest request of a tool no one has listed above yet (a new one).
func eventRequest(tool string) []heavyRequest {
	raw, err := os.ReadFile(filepath.Join(layout.ToolSource(".", tool), "event.json"))
	if err != nil {
		log.Fatalf("no heavy requests for %s, and no event.json: %v", tool, err)
	}
	var ev struct {
		RawPath, RawQueryString string
		RequestContext          struct{ HTTP struct{ Method string } }
	}
	if err := json.Unmarshal(raw, &ev); err != nil || ev.RawPath == "" {
		log.Fatalf("no heavy requests for %s, and its event.json is not an API event", tool)
	}
	path := ev.RawPath
	if ev.RawQueryString != "" {
		path += "?" + ev.RawQueryString
	}
	return []heavyRequest{{label: "event.json (list its heaviest request in heavyRequests)", method: ev.RequestContext.HTTP.Method, path: path}}
}

// chineseText is running text of n bytes (segeval.RunningText).
func chineseText(n int) []byte {
	s, err := segeval.RunningText(".", n)
	if err != nil {
		log.Fatal(err)
	}
	return []byte(s)
}

// measureTimeouts reports, per tool, the measured CPU of its heaviest
// requests, the projection, and the timeout it needs beside the one set.
func measureTimeouts(s *server, asmDir string, only []string) {
	app, err := assembly.LoadApp(asmDir)
	if err != nil {
		log.Fatal(err)
	}
	requests := heavyRequests()
	fmt.Printf("\n## Timeouts from measured durations\n\n")
	fmt.Printf("CPU of the tool's processes per request (median of %d warm, and the worst over %d fresh processes incl. their first request), "+
		"projected to the memory's share of a vCPU (memory / %d MB), plus, for tools reading S3, the %s bound on S3 calls; "+
		"the timeout must cover %d× the CPU projection and that bound.\n\n", warmRequests*coldRounds, coldRounds, fullVCPUMB, s3client.CallTimeout, timeoutMargin)
	fmt.Println("| tool | heaviest request | init CPU ms | warm CPU ms | worst CPU ms | memory MB | projected worst ms | needs ≥ s | timeout s | timeout / worst |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	short := false
	for _, fn := range app.Functions {
		if len(only) > 0 && !slices.Contains(only, fn.Name) {
			continue
		}
		reqs, ok := requests[fn.Name]
		if !ok {
			reqs = eventRequest(fn.Name)
		}
		_, readsS3 := fn.Environment[layout.EnvDataBucket]
		for _, req := range reqs {
			init, warm, worst := s.requestCPU(fn.Name, req)
			share := float64(fn.MemoryMB) / fullVCPUMB
			projected := time.Duration(float64(worst) / share)
			worstWait := projected // the longest this request can take there
			need := timeoutMargin * projected
			if readsS3 {
				worstWait += s3client.CallTimeout
				need += s3client.CallTimeout
			}
			needSec := math.Max(1, math.Ceil(need.Seconds()))
			fmt.Printf("| %s | %s | %.1f | %.2f | %.2f | %d | %.0f | %.0f | %.0f | %.1f× |\n", fn.Name, req.label,
				msf(init), msf(warm), msf(worst), fn.MemoryMB, msf(worstWait), needSec, fn.Timeout.Seconds(), fn.Timeout.Seconds()/worstWait.Seconds())
			if fn.Timeout.Seconds() < needSec {
				short = true
			}
		}
	}
	if short {
		log.Fatal("a timeout is shorter than its measured need")
	}
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// requestCPU measures one request kind on a tool: the init CPU of a fresh
// process (median), the warm request CPU (median), and the worst request
// CPU seen, cold or warm.
func (s *server) requestCPU(tool string, req heavyRequest) (init, warm, worst time.Duration) {
	var inits, warms []time.Duration
	for range coldRounds {
		pid := s.freshProcess(tool)
		inits = append(inits, taskCPU(pid))
		for i := range warmRequests + 1 {
			before := s.toolCPU(tool)
			s.send(req)
			d := s.toolCPU(tool) - before
			worst = max(worst, d)
			if i > 0 { // the first is the cold request
				warms = append(warms, d)
			}
		}
	}
	return benchenv.Median(inits), benchenv.Median(warms), worst
}

// freshProcess kills the tool's processes and returns the one the host
// starts instead, once its init is over (its CPU stops moving).
func (s *server) freshProcess(tool string) int {
	old := s.toolPIDs(tool)
	for _, pid := range old {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, pid := range s.toolPIDs(tool) {
			if !slices.Contains(old, pid) {
				waitIdle(pid)
				return pid
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	log.Fatalf("%s: no new process after the kill", tool)
	return 0
}

// waitIdle waits until a process has used no CPU for 50 ms: init is done
// and it waits for its first event.
func waitIdle(pid int) {
	last := taskCPU(pid)
	for range 200 {
		time.Sleep(50 * time.Millisecond)
		now := taskCPU(pid)
		if now == last {
			return
		}
		last = now
	}
}

func (s *server) send(req heavyRequest) {
	r, err := http.NewRequest(req.method, s.url+req.path, bytes.NewReader(req.body))
	if err != nil {
		log.Fatal(err)
	}
	if req.contentType != "" {
		r.Header.Set("Content-Type", req.contentType)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		log.Fatalf("%s %s: %d", req.method, req.path, resp.StatusCode)
	}
}

// toolPIDs are the server's children running the tool's bootstrap.
func (s *server) toolPIDs(tool string) []int {
	var pids []int
	for _, pid := range s.tree()[1:] {
		exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		if s.names[filepath.Dir(exe)] == tool {
			pids = append(pids, pid)
		}
	}
	return pids
}

// toolCPU is the CPU time of all the tool's processes so far.
func (s *server) toolCPU(tool string) time.Duration {
	var total time.Duration
	for _, pid := range s.toolPIDs(tool) {
		total += taskCPU(pid)
	}
	return total
}

// taskCPU is a process's CPU time at nanosecond resolution: the sum of its
// threads' run time from /proc/<pid>/task/*/schedstat.
func taskCPU(pid int) time.Duration {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var total time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		ns, _ := strconv.ParseInt(strings.Fields(string(b))[0], 10, 64)
		total += time.Duration(ns)
	}
	return total
}
