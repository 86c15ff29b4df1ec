//go:build linux

// Command localbench measures local mode for `make bench`: time and CPU to
// have every function warm, idle memory of the server and its functions,
// throughput and latency under wrk, and the fault scenarios (a function's
// processes killed, S3 cut off) under load, each request judged. Medians over repeated runs; CPU
// time (user+sys from /proc) beside wall time, since this machine is shared.
//
//	go run ./cmd/bench/localbench [-server build/local/cloudtools-local] [-assembly build/local/cdk.out]
//	go run ./cmd/bench/localbench -runs 0 -kill-duration 30s -s3-phase 10s  # the fault runs alone
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/localmode/assembly"
	"cloudtools/internal/testsupport/benchenv"
)

func main() {
	log.SetFlags(0)
	server := flag.String("server", layout.LocalCommand, "local mode binary")
	asmDir := flag.String("assembly", layout.LocalAssembly, "cloud assembly")
	runs := flag.Int("runs", 5, "server starts to measure")
	duration := flag.String("duration", "10s", "wrk duration of each of three runs on /calc; 0 skips them")
	conns := flag.Int("connections", 64, "wrk connections")
	toolDuration := flag.String("tool-duration", "30s", "wrk duration per tool; 0 skips the per-tool runs")
	killFor := flag.Duration("kill-duration", 30*time.Second, "load around the kill of calc's processes; 0 skips the fault runs")
	s3Phase := flag.Duration("s3-phase", 10*time.Second, "length of each of the four phases of the S3 outage run")
	timeouts := flag.Bool("timeouts", true, "measure the heaviest requests per tool against the timeouts set")
	timeoutTools := flag.String("timeout-tools", "", "comma-separated tools whose timeouts to measure (default: every tool)")
	flag.Parse()

	names := codeDirNames(*asmDir)
	var ready, readyNoSeg, readyCPU, idleAll, idleNoSeg []float64
	for i := range *runs {
		s := start(*server, *asmDir)
		s.names = names
		ready = append(ready, s.ready.Seconds()*1000)
		readyNoSeg = append(readyNoSeg, s.slowestWarm(func(name string) bool { return name != "segment" }))
		readyCPU = append(readyCPU, s.cpu()*1000)
		time.Sleep(time.Second)
		all, noSeg := s.rss(names)
		idleAll, idleNoSeg = append(idleAll, all), append(idleNoSeg, noSeg)
		if i < *runs-1 {
			s.stop()
			continue
		}
		fmt.Printf("## local mode (%s, %d CPUs, Go %s)\n\n", time.Now().UTC().Format("2006-01-02"), numCPU(), goVersion())
		fmt.Printf("| measure | median of %d | min | max |\n|---|---|---|---|\n", *runs)
		row("ready, all functions warm (wall ms)", ready)
		row("all functions but segment warm (wall ms, slowest)", readyNoSeg)
		row("ready: CPU of server + functions (ms)", readyCPU)
		row("idle RSS, server + all functions (MB)", idleAll)
		row("idle RSS without the segment function (MB)", idleNoSeg)
		if *duration != "0" {
			fmt.Println()
			fmt.Printf("| wrk -c%d -d%s GET /calc | req/s | p50 ms | p99 ms | errors | RSS after, no segment (MB) |\n|---|---|---|---|---|---|\n", *conns, *duration)
			for j := range 3 {
				w := runWrk(s.url+"/calc?num1=1&num2=2&operator=add", *conns, *duration)
				_, after := s.rss(names)
				fmt.Printf("| run %d | %.0f | %.2f | %.2f | %d | %.1f |\n", j+1, w.rps, w.p50, w.p99, w.errors, after)
			}
		}
		if *toolDuration != "0" {
			perTool(s, names, *conns, *toolDuration)
		}
		if *timeouts {
			var only []string
			if *timeoutTools != "" {
				only = strings.Split(*timeoutTools, ",")
			}
			measureTimeouts(s, *asmDir, only)
		}
		s.stop()
	}
	if *killFor > 0 {
		runFaults(*asmDir, *conns, *killFor, *s3Phase)
	}
}

// toolTargets is one representative request per tool.
var toolTargets = []struct{ tool, path string }{
	{"calc", "/calc?expr=(1%2B2)*3%5E2"},
	{"echo", "/echo/load?x=1"},
	{"random-image", "/random-image"},
	{"random-quote", "/random-quote?c=poetry"},
	{"segment", "/segment?text=%E6%88%91%E6%9D%A5%E5%88%B0%E5%8C%97%E4%BA%AC%E6%B8%85%E5%8D%8E%E5%A4%A7%E5%AD%A6%EF%BC%8C%E8%BF%99%E6%98%AF%E4%B8%80%E4%B8%AA%E4%BD%8D%E4%BA%8E%E5%8C%97%E4%BA%AC%E5%B8%82%E7%9A%84%E5%8D%9A%E7%89%A9%E9%A6%86"},
	{"keywords", "/keywords?top=5&text=%E4%BA%91%E5%8E%9F%E7%94%9F%E5%BA%94%E7%94%A8%E8%BF%90%E8%A1%8C%E5%9C%A8%E6%97%A0%E6%9C%8D%E5%8A%A1%E5%99%A8%E5%B9%B3%E5%8F%B0%E4%B8%8A"},
	{"home", "/"},
	{"convert", "/convert?to=tw&text=%E6%88%91%E7%9A%84%E5%A4%B4%E5%8F%91%E5%BE%88%E9%95%BF%EF%BC%8C%E8%BD%AF%E4%BB%B6%E5%9C%A8%E5%8F%91%E5%B1%95%E3%80%82"},
	{"pinyin", "/pinyin?text=%E6%88%91%E5%9C%A8%E9%93%B6%E8%A1%8C%E5%B7%A5%E4%BD%9C%EF%BC%8C%E4%BB%96%E9%95%BF%E5%A4%A7%E4%BA%86%E6%83%B3%E5%8E%BB%E9%87%8D%E5%BA%86%E3%80%82"},
}

// perTool runs wrk on each tool in turn and reports the memory of the
// server and functions before and after each run: flat means no leak.
func perTool(s *server, names map[string]string, conns int, duration string) {
	fmt.Println()
	fmt.Printf("| wrk -c%d -d%s, per tool | req/s | p50 ms | p99 ms | errors | RSS before → after, all (MB) |\n|---|---|---|---|---|---|\n", conns, duration)
	for _, t := range toolTargets {
		before, _ := s.rss(names)
		w := runWrk(s.url+t.path, conns, duration)
		time.Sleep(time.Second)
		after, _ := s.rss(names)
		fmt.Printf("| %s `%s` | %.0f | %.2f | %.2f | %d | %.1f → %.1f |\n", t.tool, strings.SplitN(t.path, "?", 2)[0], w.rps, w.p50, w.p99, w.errors, before, after)
	}
	// Under load each function's pool grows by a process; idle extras
	// retire after 30 s, and memory should return to where it started.
	time.Sleep(35 * time.Second)
	idle, _ := s.rss(names)
	fmt.Printf("\nRSS 35 s after the last run, all (MB): %.1f\n", idle)
}

func row(name string, v []float64) {
	sort.Float64s(v)
	fmt.Printf("| %s | %.1f | %.1f | %.1f |\n", name, v[len(v)/2], v[0], v[len(v)-1])
}

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(b), "processor\t:")
}

func goVersion() string {
	out, _ := exec.Command("go", "env", "GOVERSION").Output()
	return strings.TrimSpace(string(out))
}

// codeDirNames maps each function's code folder to its tool name.
func codeDirNames(dir string) map[string]string {
	app, err := assembly.LoadApp(dir)
	if err != nil {
		log.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range app.Functions {
		m[f.CodeDir] = f.Name
	}
	return m
}

type server struct {
	cmd   *exec.Cmd
	url   string
	ready time.Duration
	warm  map[string]float64 // function → ms from its start to its first /next
	names map[string]string  // code folder → tool
}

var warmLine = regexp.MustCompile(`^\[([^\]]+)\] local: process \d+ warm in ([0-9.]+)(µs|ms|s)$`)

// slowestWarm is the longest warm-up among the functions keep accepts.
func (s *server) slowestWarm(keep func(string) bool) float64 {
	slowest := 0.0
	for name, ms := range s.warm {
		if keep(name) && ms > slowest {
			slowest = ms
		}
	}
	return slowest
}

var readyLine = regexp.MustCompile(`at (http://\S+)/ \(ready in ([0-9.]+)(ms|s)`)

func start(bin, asm string) *server {
	port := benchenv.FreePort()
	cmd := exec.Command(bin, "serve", "-assembly", asm, "-addr", "127.0.0.1:"+port, "-lambda-addr", "127.0.0.1:0")
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	warm := map[string]float64{}
	for sc.Scan() {
		if m := warmLine.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			warm[m[1]] = v * map[string]float64{"µs": 0.001, "ms": 1, "s": 1000}[m[3]]
		}
		if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			d := time.Duration(v * float64(time.Millisecond))
			if m[3] == "s" {
				d = time.Duration(v * float64(time.Second))
			}
			go func() {
				for sc.Scan() {
				}
			}()
			return &server{cmd: cmd, url: m[1], ready: d, warm: warm}
		}
	}
	log.Fatal("the server did not report ready")
	return nil
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGINT)
	s.cmd.Wait()
}

// tree is the server's pid and its children's (the functions).
func (s *server) tree() []int {
	pids := []int{s.cmd.Process.Pid}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid(pid) == s.cmd.Process.Pid {
			pids = append(pids, pid)
		}
	}
	return pids
}

func ppid(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	p, _ := strconv.Atoi(f[1])
	return p
}

// cpu is user+sys seconds of the server and its functions so far.
func (s *server) cpu() float64 {
	total := 0.0
	for _, pid := range s.tree() {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		total += (ut + st) / 100 // clock ticks (USER_HZ = 100)
	}
	return total
}

// rss returns resident MB of the server and functions, and the same
// without the segment function (kept apart since it maps its dictionary).
func (s *server) rss(names map[string]string) (all, withoutSegment float64) {
	for _, pid := range s.tree() {
		kb := vmRSS(pid)
		all += kb / 1024
		exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		if names[filepath.Dir(exe)] != "segment" {
			withoutSegment += kb / 1024
		}
	}
	return all, withoutSegment
}

func vmRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			v, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return v
		}
	}
	return 0
}

type wrkResult struct {
	rps, p50, p99 float64
	errors        int
}

func runWrk(url string, conns int, duration string) wrkResult {
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(conns), "-d"+duration, "--latency", url).CombinedOutput()
	if err != nil {
		log.Fatalf("wrk (apt-get install wrk): %v\n%s", err, out)
	}
	var r wrkResult
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "Requests/sec:"):
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = ms(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = ms(f[1])
		case strings.Contains(line, "Non-2xx"):
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		case strings.HasPrefix(strings.TrimSpace(line), "Socket errors"):
			for _, n := range regexp.MustCompile(`\d+`).FindAllString(line, -1) {
				v, _ := strconv.Atoi(n)
				r.errors += v
			}
		}
	}
	return r
}

// ms parses wrk's durations (850.00us, 1.20ms, 2.00s).
func ms(s string) float64 {
	for suffix, scale := range map[string]float64{"us": 0.001, "ms": 1, "s": 1000} {
		if strings.HasSuffix(s, suffix) && (suffix != "s" || !strings.HasSuffix(s, "ms") && !strings.HasSuffix(s, "us")) {
			v, _ := strconv.ParseFloat(strings.TrimSuffix(s, suffix), 64)
			return v * scale
		}
	}
	return 0
}
