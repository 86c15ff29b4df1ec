//go:build linux

// Command coldbench measures the tools' cold starts for `make bench-cold`:
// each Lambda bootstrap, built for this machine, is started against a
// one-shot Lambda Runtime API served here, handed its lambdas/<tool>/event.json,
// and stopped once it has answered. It reports, as medians over -runs
// starts (the first discarded, to warm the page cache): the CPU time
// (user+sys) from process start to the answer, that time over an empty Go
// Lambda's (aws-lambda-go answering at once), the peak RSS (against the
// 128 MB the stack gives each tool), and the wall time.
//
//	go run ./cmd/bench/coldbench [-runs 15] [-tools calc,segment,convert,pinyin]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
	"cloudtools/internal/testsupport/benchenv"
)

var (
	runs   = flag.Int("runs", 15, "cold starts per program")
	tools  = flag.String("tools", "calc,segment,convert,pinyin", "tools to start")
	events = flag.String("events", "", "tool=file,… : events to hand instead of lambdas/<tool>/event.json (a heavy request's peak RSS)")
)

// emptyLambda answers every event at once: the floor of a Go Lambda's cold
// start (the runtime client, no work).
const emptyLambda = `package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, json.RawMessage) (map[string]any, error) {
		return map[string]any{"statusCode": 200, "body": "{}"}, nil
	})
}
`

type sample struct {
	cpu  time.Duration
	rss  int64 // bytes
	wall time.Duration
}

func main() {
	log.SetFlags(0)
	flag.Parse()
	work, err := os.MkdirTemp("", "coldbench")
	check(err)
	defer os.RemoveAll(work)

	// The empty Lambda lives in the module so it links the pinned
	// aws-lambda-go; it is built from a temporary folder under cmd/.
	emptyDir, err := os.MkdirTemp("cmd", ".coldbench-empty-")
	check(err)
	defer os.RemoveAll(emptyDir)
	check(os.WriteFile(filepath.Join(emptyDir, "main.go"), []byte(emptyLambda), 0o644))
	emptyBin := filepath.Join(work, "empty")
	build := exec.Command("go", "build", "-tags", "lambda.norpc", "-ldflags", "-s -w", "-o", emptyBin, "./"+emptyDir)
	build.Stderr = os.Stderr
	check(build.Run())

	type program struct {
		name, bin string
		event     []byte
	}
	programs := []program{{"empty Go Lambda (aws-lambda-go)", emptyBin, []byte(`{}`)}}
	for _, tool := range strings.Split(*tools, ",") {
		check(lambdabuild.BuildLambda(".", work, lambdabuild.Host, tool))
		path := filepath.Join(layout.ToolSource(".", tool), "event.json")
		for _, kv := range strings.Split(*events, ",") {
			if t, file, ok := strings.Cut(kv, "="); ok && t == tool {
				path = file
			}
		}
		event, err := os.ReadFile(path)
		check(err)
		programs = append(programs, program{tool, layout.ToolBinary(work, tool), event})
	}
	dictDir, err := filepath.Abs(layout.DictionaryDir(layout.BuildDir))
	check(err)
	if _, err := os.Stat(filepath.Join(dictDir, layout.DictFile)); err != nil {
		log.Fatalf("no dictionary layer in %s: make build first", dictDir)
	}

	samples := map[string][]sample{}
	for i := 0; i <= *runs; i++ {
		for _, p := range programs {
			s, body := coldStart(p.bin, []string{layout.EnvDictDir + "=" + dictDir}, p.event)
			if !strings.Contains(body, `"statusCode":200`) {
				log.Fatalf("%s answered %s", p.name, body)
			}
			if i > 0 {
				samples[p.name] = append(samples[p.name], s)
			}
		}
	}
	fmt.Printf("## Cold start: process start to the first answer, against a local Runtime API (median of %d runs; %s)\n\n", *runs, benchenv.LoadAverage())
	fmt.Println("| program | CPU user+sys | over the empty Lambda | peak RSS | wall |")
	fmt.Println("|---|---|---|---|---|")
	base := median(samples[programs[0].name])
	for _, p := range programs {
		m := median(samples[p.name])
		fmt.Printf("| %s | %.1f ms | %+.1f ms | %.1f MB | %.1f ms |\n", p.name, ms(m.cpu), ms(m.cpu-base.cpu),
			float64(m.rss)/(1<<20), ms(m.wall))
	}
	fmt.Println("\nEvents: each tool's event.json; the dictionary layer from build/ (page cache warm).")
}

// coldStart runs bin once: it serves the Runtime API for one invocation,
// reads the process's peak RSS once it has answered, then kills it and
// takes its CPU time.
func coldStart(bin string, env []string, event []byte) (sample, string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	answered := make(chan string, 1)
	served := false
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		if served {
			<-r.Context().Done() // one invocation only: park the next poll
			return
		}
		served = true
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "coldbench-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:coldbench")
		w.Write(event)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		answered <- string(body)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/{kind}/error", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		answered <- "error: " + string(body)
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	cmd := exec.Command(bin)
	cmd.Env = append(append(os.Environ(), env...), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=coldbench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	start := time.Now()
	check(cmd.Start())
	var body string
	select {
	case body = <-answered:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		log.Fatalf("%s did not answer", bin)
	}
	wall := time.Since(start)
	rss := peakRSS(cmd.Process.Pid)
	cmd.Process.Kill()
	cmd.Wait()
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return sample{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), rss: rss, wall: wall}, body
}

// peakRSS is VmHWM: the peak resident set of the process's own memory
// since exec (rusage would count this program's pages at the fork).
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			check(err)
			return kb << 10
		}
	}
	log.Fatalf("no VmHWM for %d", pid)
	return 0
}

// median is each measure's median (not one sample's).
func median(ss []sample) sample {
	var cpu, wall []time.Duration
	var rss []int64
	for _, s := range ss {
		cpu, rss, wall = append(cpu, s.cpu), append(rss, s.rss), append(wall, s.wall)
	}
	return sample{cpu: benchenv.Median(cpu), rss: benchenv.Median(rss), wall: benchenv.Median(wall)}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
