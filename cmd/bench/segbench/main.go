//go:build linux

// Command segbench measures the segmenter for `make bench-seg`, beside gse
// and python jieba in the same run:
//
//   - cold start: process start to the first segmented line, CPU time
//     (user+sys) and peak RSS, against an empty Go program;
//   - throughput of the default mode (HMM on) on one core over a multi-MB
//     corpus, in CPU time;
//   - one 200-character sentence: per-call latency percentiles and
//     allocations;
//   - the projected Lambda init duration and cost per million requests at
//     128, 512 and 1769 MB, from the measured CPU time.
//
// Every figure is a median of repeated runs.
//
//	go run ./cmd/bench/segbench [-dict DIR] [-python /usr/bin/python3] [-man /usr/share/man/zh_CN]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/go-ego/gse"

	"cloudtools/internal/chinese/segeval"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
	"cloudtools/internal/testsupport/benchenv"
	"cloudtools/internal/testsupport/corpus"
)

var (
	dictDir = flag.String("dict", layout.DictionaryDir(layout.BuildDir), "folder of the compiled dictionary")
	python  = flag.String("python", "/usr/bin/python3", "a python with jieba (apt install python3-jieba); empty to skip")
	manDir  = flag.String("man", "/usr/share/man/zh_CN", "Chinese manual pages for the corpus (apt install manpages-zh)")
	runs    = flag.Int("runs", 15, "cold starts per program")
)

func main() {
	log.SetFlags(0)
	if os.Getenv(launchEnv) != "" {
		launch()
		return
	}
	flag.Parse()
	seg, err := segmenter.Load(*dictDir, segmenter.Options{})
	if err != nil {
		log.Fatalf("segbench: %v (run make build)", err)
	}
	if *python != "" && exec.Command(*python, "-c", "import jieba").Run() != nil {
		log.Printf("segbench: %s cannot import jieba (apt install python3-jieba): skipping it", *python)
		*python = ""
	}
	sentence := sentence200()
	work, err := os.MkdirTemp("", "segbench")
	check(err)
	defer os.RemoveAll(work)

	cold := coldStarts(work, sentence)
	corpus, name := loadCorpus()
	throughput(seg, corpus, name, work)
	perCall := latency(seg, sentence)
	projection(cold, perCall)
}

// sentence200 is the first 200 characters of the development set's text.
func sentence200() string {
	f, err := os.Open("internal/chinese/segeval/testdata/ud-gsdsimp-dev.gold.txt")
	check(err)
	defer f.Close()
	sents, err := segeval.ReadGold(f)
	check(err)
	var b strings.Builder
	for _, s := range sents {
		b.WriteString(s.Text)
		if len([]rune(b.String())) >= 200 {
			break
		}
	}
	return string([]rune(b.String())[:200])
}

// usage is one process run: CPU time and peak RSS.
type usage struct {
	cpu    time.Duration
	maxRSS int64 // bytes
}

// coldStarts runs each program -runs times, interleaved, each reading one
// sentence and printing its words, and reports medians.
func coldStarts(work, sentence string) map[string]usage {
	empty := filepath.Join(work, "empty.go")
	check(os.WriteFile(empty, []byte("package main\n\nfunc main() {}\n"), 0o644))
	bins := map[string]string{}
	for name, pkg := range map[string]string{"empty": empty, "seg": "./cmd/seg", "gse": "./cmd/bench/segbench/gsecold"} {
		bins[name] = filepath.Join(work, name)
		// No -trimpath: gse finds its dictionary files through its
		// source path.
		build := exec.Command("go", "build", "-ldflags", "-s -w", "-o", bins[name], pkg)
		build.Stderr = os.Stderr
		check(build.Run())
	}
	type program struct {
		name     string
		argv     []string
		segments bool // prints the sentence's words
	}
	programs := []program{
		{"empty Go program", []string{bins["empty"]}, false},
		{"cloudtools (cmd/seg)", []string{bins["seg"], "-dict", *dictDir}, true},
		{"gse v0.80.3", []string{bins["gse"]}, true},
	}
	if *python != "" {
		programs = append(programs,
			program{"empty python", []string{*python, "-c", "import sys; sys.stdin.readline()"}, false},
			program{"python jieba 0.42.1", []string{*python, "-c",
				"import sys, jieba; jieba.setLogLevel(60); print('  '.join(jieba.cut(sys.stdin.readline().strip())))"}, true})
	}
	samples := map[string][]usage{}
	for i := 0; i <= *runs; i++ {
		for _, p := range programs {
			u := runOnce(p.argv, sentence, p.segments)
			if i > 0 { // the first round warms the page cache (and jieba's own cache)
				samples[p.name] = append(samples[p.name], u)
			}
		}
	}
	fmt.Printf("## Cold start: process start to the first segmented sentence (median of %d runs; %s)\n\n", *runs, benchenv.LoadAverage())
	fmt.Println("| program | CPU user+sys | peak RSS |")
	fmt.Println("|---|---|---|")
	out := map[string]usage{}
	for _, p := range programs {
		u := medianUsage(samples[p.name])
		out[p.name] = u
		fmt.Printf("| %s | %.1f ms | %.1f MB |\n", p.name, ms(u.cpu), float64(u.maxRSS)/(1<<20))
	}
	base, ours := out["empty Go program"], out["cloudtools (cmd/seg)"]
	fmt.Printf("\ncloudtools: %.1f ms of CPU over the empty Go program's (target <= 3 ms), peak RSS %.1f MB (target <= 24 MB)\n\n",
		ms(ours.cpu-base.cpu), float64(ours.maxRSS)/(1<<20))
	return out
}

// launchEnv makes this program a launcher: it runs its arguments as a
// command and writes the command's CPU time and peak RSS to fd 3. Linux
// keeps a process's peak RSS across exec, so a command started straight
// from this large process would report this process's size as its own
// peak; from a fresh small launcher it reports its own (plus the
// launcher's few MB, which the empty Go program shows).
const launchEnv = "SEGBENCH_LAUNCH"

func launch() {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, launchEnv+"=") })
	if err := cmd.Run(); err != nil {
		log.Fatalf("segbench launcher: %v", err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	fmt.Fprintf(os.NewFile(3, "usage"), "%d %d\n", ru.Utime.Nano()+ru.Stime.Nano(), ru.Maxrss*1024)
}

func runOnce(argv []string, stdin string, segments bool) usage {
	self, err := os.Executable()
	check(err)
	cmd := exec.Command(self, argv...)
	cmd.Env = append(os.Environ(), launchEnv+"=1")
	r, w, err := os.Pipe()
	check(err)
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdin = strings.NewReader(stdin + "\n")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	check(cmd.Start())
	w.Close()
	var cpuNS, rss int64
	_, scanErr := fmt.Fscan(r, &cpuNS, &rss)
	r.Close()
	check(cmd.Wait())
	check(scanErr)
	if segments && !strings.Contains(out.String(), "  ") {
		log.Fatalf("%s printed no words: %q", argv[0], out.String())
	}
	return usage{cpu: time.Duration(cpuNS), maxRSS: rss}
}

func medianUsage(us []usage) usage {
	cpus := make([]time.Duration, len(us))
	rss := make([]int64, len(us))
	for i, u := range us {
		cpus[i], rss[i] = u.cpu, u.maxRSS
	}
	return usage{cpu: benchenv.Median(cpus), maxRSS: benchenv.Median(rss)}
}

// loadCorpus is the manual pages' prose, or the development set repeated
// to a similar size where they are not installed.
func loadCorpus() ([]string, string) {
	lines, err := corpus.ManPages(*manDir)
	if err == nil && len(lines) > 0 {
		return lines, "Debian manpages-zh prose"
	}
	log.Printf("segbench: no manual pages under %s (apt install manpages-zh): repeating the development set", *manDir)
	f, err := os.Open("internal/chinese/segeval/testdata/ud-gsdsimp-dev.gold.txt")
	check(err)
	defer f.Close()
	sents, err := segeval.ReadGold(f)
	check(err)
	var out []string
	for size := 0; size < 3<<20; {
		for _, s := range sents {
			out = append(out, s.Text)
			size += len(s.Text)
		}
	}
	return out, "development set, repeated"
}

func throughput(seg *segmenter.Segmenter, corpus []string, name, work string) {
	size := 0
	for _, l := range corpus {
		size += len(l)
	}
	mb := float64(size) / 1e6
	prev := runtime.GOMAXPROCS(1) // one core
	defer runtime.GOMAXPROCS(prev)
	measure := func(n int, cut func(string)) float64 {
		var rates []float64
		for range n {
			runtime.GC()
			start := benchenv.CPUTime()
			for _, l := range corpus {
				cut(l)
			}
			rates = append(rates, mb/(benchenv.CPUTime()-start).Seconds())
		}
		return benchenv.Median(rates)
	}
	fmt.Printf("## Throughput: default mode (HMM on), one core, %s: %.1f MB in %d lines (median MB/s of CPU time; %s)\n\n", name, mb, len(corpus), benchenv.LoadAverage())
	fmt.Println("| segmenter | MB/s | vs python jieba |")
	fmt.Println("|---|---|---|")
	var toks []segmenter.Token
	ours := measure(5, func(l string) { toks = seg.Tokenize(toks[:0], l, segmenter.Accurate, true) })
	compat, err := segmenter.New(seg.Dict(), segmenter.Options{Jieba: true})
	check(err)
	oursJieba := measure(5, func(l string) { toks = compat.Tokenize(toks[:0], l, segmenter.Accurate, true) })
	gseSeg := loadGse()
	gseRate := measure(3, func(l string) { gseSeg.Cut(l, true) })
	jiebaRate := 0.0
	if *python != "" {
		path := filepath.Join(work, "corpus.txt")
		check(os.WriteFile(path, []byte(strings.Join(corpus, "\n")+"\n"), 0o644))
		var rates []float64
		for range 3 {
			secs := pythonSeconds(`
import sys, time, jieba
jieba.setLogLevel(60); jieba.initialize()
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
t = time.process_time()
for l in lines:
    list(jieba.cut(l))
print(time.process_time() - t)`, path)
			rates = append(rates, mb/secs)
		}
		jiebaRate = benchenv.Median(rates)
	}
	row := func(name string, rate float64) {
		ratio := "n/a"
		if jiebaRate > 0 {
			ratio = fmt.Sprintf("%.1f×", rate/jiebaRate)
		}
		fmt.Printf("| %s | %.1f | %s |\n", name, rate, ratio)
	}
	row("cloudtools (default)", ours)
	row("cloudtools -jieba", oursJieba)
	row("gse v0.80.3 Cut(s, true)", gseRate)
	if jiebaRate > 0 {
		row("python jieba 0.42.1", jiebaRate)
	}
	fmt.Printf("\ncloudtools: %.1f MB/s (target >= 30 MB/s)\n\n", ours)
}

var gseLoaded *gse.Segmenter

func loadGse() *gse.Segmenter {
	if gseLoaded == nil {
		gse.ToLower = false
		s, err := gse.New()
		check(err)
		s.SkipLog = true
		gseLoaded = &s
	}
	return gseLoaded
}

// pythonSeconds runs a script that prints a number of seconds.
func pythonSeconds(script string, args ...string) float64 {
	out, err := exec.Command(*python, append([]string{"-c", script}, args...)...).Output()
	check(err)
	var v float64
	_, err = fmt.Sscan(string(out), &v)
	check(err)
	return v
}

// callStats are per-call figures for one sentence.
type callStats struct{ p50, p99 time.Duration }

// threadCPU is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID):
// unlike wall time, it leaves out what the host steals from this VM.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

func latency(seg *segmenter.Segmenter, sentence string) callStats {
	const calls = 20000
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The clock's own cost, taken off each reading.
	var clock []time.Duration
	for range 2000 {
		t := threadCPU()
		clock = append(clock, threadCPU()-t)
	}
	overhead := benchenv.Median(clock)
	measure := func(cut func()) (cpu, wall callStats) {
		for range 1000 {
			cut()
		}
		c := make([]time.Duration, calls)
		w := make([]time.Duration, calls)
		for i := range c {
			start, startCPU := time.Now(), threadCPU()
			cut()
			c[i] = threadCPU() - startCPU - overhead
			w[i] = time.Since(start)
		}
		slices.Sort(c)
		slices.Sort(w)
		return callStats{c[calls/2], c[calls*99/100]}, callStats{w[calls/2], w[calls*99/100]}
	}
	var toks []segmenter.Token
	ours, oursWall := measure(func() { toks = seg.Tokenize(toks[:0], sentence, segmenter.Accurate, true) })
	allocs := testingAllocs(func() { toks = seg.Tokenize(toks[:0], sentence, segmenter.Accurate, true) })
	gseSeg := loadGse()
	gseStats, gseWall := measure(func() { gseSeg.Cut(sentence, true) })
	gseAllocs := testingAllocs(func() { gseSeg.Cut(sentence, true) })

	fmt.Printf("## One 200-character sentence, default mode (HMM on), %d calls on one core (%s)\n\n", calls, benchenv.LoadAverage())
	fmt.Printf("Per-call thread CPU time (the clock's own %.2f µs taken off), and wall time beside it.\n\n", us(overhead))
	fmt.Println("| segmenter | CPU p50 | CPU p99 | wall p50 | wall p99 | allocations per call |")
	fmt.Println("|---|---|---|---|---|---|")
	fmt.Printf("| cloudtools (default) | %.1f µs | %.1f µs | %.1f µs | %.1f µs | %.0f |\n", us(ours.p50), us(ours.p99), us(oursWall.p50), us(oursWall.p99), allocs)
	fmt.Printf("| gse v0.80.3 Cut(s, true) | %.1f µs | %.1f µs | %.1f µs | %.1f µs | %.0f |\n", us(gseStats.p50), us(gseStats.p99), us(gseWall.p50), us(gseWall.p99), gseAllocs)
	if *python != "" {
		out, err := exec.Command(*python, "-c", `
import sys, time, jieba
jieba.setLogLevel(60); jieba.initialize()
s = sys.argv[1]
for _ in range(200): list(jieba.cut(s))
c, w = [], []
for _ in range(2000):
    t, tc = time.perf_counter_ns(), time.thread_time_ns(); list(jieba.cut(s))
    c.append(time.thread_time_ns() - tc); w.append(time.perf_counter_ns() - t)
c.sort(); w.sort()
print(c[len(c)//2], c[len(c)*99//100], w[len(w)//2], w[len(w)*99//100])`, sentence).Output()
		check(err)
		var c50, c99, w50, w99 float64
		fmt.Sscan(string(out), &c50, &c99, &w50, &w99)
		fmt.Printf("| python jieba 0.42.1 | %.1f µs | %.1f µs | %.1f µs | %.1f µs | n/a |\n", c50/1e3, c99/1e3, w50/1e3, w99/1e3)
	}
	fmt.Printf("\ncloudtools: CPU p50 %.1f µs (target <= 10), p99 %.1f µs (target <= 50)\n\n", us(ours.p50), us(ours.p99))
	return ours
}

// testingAllocs is the mean number of heap allocations per call.
func testingAllocs(f func()) float64 {
	var before, after runtime.MemStats
	const n = 1000
	f()
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n
}

// Lambda prices (arm64, us-east-1, 2026): per GB-second and per request.
const (
	pricePerGBSecond = 0.0000133334
	pricePerRequest  = 0.20 / 1e6
	fullVCPUMB       = 1769 // Lambda allocates one vCPU at 1769 MB
)

func projection(cold map[string]usage, perCall callStats) {
	fmt.Println("## Projected on Lambda (arm64): CPU share = memory / 1769 MB")
	fmt.Println()
	fmt.Println("Init duration = cold-start CPU / share. A request = the 200-character sentence's p50 / share,")
	fmt.Println("billed in whole milliseconds; the adapter and network add a little. Prices: $0.0000133334")
	fmt.Println("per GB-s, $0.20 per million requests; since August 2025 the init phase is billed too.")
	fmt.Println()
	fmt.Println("| memory | cloudtools init | gse init | python jieba init | cloudtools request | cost per million requests | cost per 1,000 cold starts |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, mem := range []int{128, 512, 1769} {
		share := float64(mem) / fullVCPUMB
		initOf := func(name string) string {
			u, ok := cold[name]
			if !ok {
				return "n/a"
			}
			return fmt.Sprintf("%.0f ms", ms(u.cpu)/share)
		}
		ours := cold["cloudtools (cmd/seg)"]
		reqMS := us(perCall.p50) / 1e3 / share
		billed := max(1, float64(int(reqMS+0.999999)))
		gb := float64(mem) / 1024
		perMillion := 1e6*(gb*billed/1e3*pricePerGBSecond) + 1e6*pricePerRequest
		perColdStarts := 1000 * gb * (ms(ours.cpu) / share / 1e3) * pricePerGBSecond
		fmt.Printf("| %d MB | %s | %s | %s | %.2f ms (billed %.0f ms) | $%.4f | $%.5f |\n",
			mem, initOf("cloudtools (cmd/seg)"), initOf("gse v0.80.3"), initOf("python jieba 0.42.1"),
			reqMS, billed, perMillion, perColdStarts)
	}
	fmt.Println()
	fmt.Println("gse needs ~300 MB, so it cannot run at 128 MB at all; python jieba's init is its import and dictionary load.")
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
func us(d time.Duration) float64 { return float64(d) / 1e3 }

func check(err error) {
	if err != nil {
		log.Fatalf("segbench: %v", err)
	}
}
