//go:build linux

// Command startupbench measures how fast local mode starts when nothing
// changed, for `make bench-startup`: medians over repeated runs, wall and
// CPU time (the make process and everything it ran), with the load average
// beside them.
//
//   - make invoke TOOL=calc, nothing changed: target ≤ 1 s;
//
//   - make local, nothing changed, until it answers GET /calc: target ≤ 3 s;
//
//   - make local WATCH=1, calc's source edited, until the new code
//     answers: target ≤ 3 s (the edit is undone afterwards).
//
//     go run ./cmd/bench/startupbench [-runs 5]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"cloudtools/internal/testsupport/benchenv"
)

var runs = flag.Int("runs", 5, "runs of each measurement")

// editFile and editFrom name the line the watch measurement changes: an
// error message, so the new code is told from the old by its answer.
const (
	editFile = "lambdas/calc/calc.go"
	editFrom = `msgInvalidOperator = "Invalid operator"`
)

func main() {
	log.SetFlags(0)
	flag.Parse()
	// The first run builds what is missing; it is not measured.
	if out, err := exec.Command("make", "invoke", "TOOL=calc").CombinedOutput(); err != nil {
		log.Fatalf("make invoke: %v\n%s", err, out)
	}
	fmt.Printf("## Local mode, nothing changed (median of %d runs; %s)\n\n", *runs, benchenv.LoadAverage())
	fmt.Println("| measurement | wall | CPU (user+sys) | target |")
	fmt.Println("|---|---|---|---|")
	row := func(name string, wall, cpu []time.Duration, target string) {
		fmt.Printf("| %s | %.2f s | %.2f s | %s |\n", name, benchenv.Median(wall).Seconds(), benchenv.Median(cpu).Seconds(), target)
	}
	var wall, cpu []time.Duration
	for range *runs {
		w, c := timeMake("invoke", "TOOL=calc")
		wall, cpu = append(wall, w), append(cpu, c)
	}
	row("`make invoke TOOL=calc`", wall, cpu, "≤ 1 s")
	wall, cpu = nil, nil
	for range *runs {
		w, c := localReady(false)
		wall, cpu = append(wall, w), append(cpu, c)
	}
	row("`make local`, until GET /calc answers", wall, cpu, "≤ 3 s")
	wall = nil
	for i := range *runs {
		wall = append(wall, watchEdit(i))
	}
	fmt.Printf("| `make local WATCH=1`, calc edited, until the new code answers | %.2f s | | ≤ 3 s |\n", benchenv.Median(wall).Seconds())
	fmt.Printf("\n(%s)\n", benchenv.LoadAverage())
}

// timeMake runs make with args and returns its wall and CPU time.
func timeMake(args ...string) (wall, cpu time.Duration) {
	cmd := exec.Command("make", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("make %v: %v\n%s", args, err, out.String())
	}
	return time.Since(start), cpuOf(cmd)
}

func cpuOf(cmd *exec.Cmd) time.Duration {
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startLocal starts make local on a free port in its own process group.
func startLocal(watch bool) (*exec.Cmd, string) {
	port := benchenv.FreePort()
	args := []string{"local", "PORT=" + port}
	if watch {
		args = append(args, "WATCH=1")
	}
	cmd := exec.Command("make", args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	return cmd, "http://127.0.0.1:" + port
}

func stopLocal(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	cmd.Wait()
}

// localReady is make local's time from start to a first answered GET /calc.
func localReady(watch bool) (wall, cpu time.Duration) {
	start := time.Now()
	cmd, base := startLocal(watch)
	waitFor(base+"/calc?num1=1&num2=2&operator=add", `"result":3`, 60*time.Second)
	wall = time.Since(start)
	stopLocal(cmd)
	return wall, cpuOf(cmd)
}

// watchEdit edits calc's error message under make local WATCH=1 and
// returns the time until the new message is answered; the edit is undone.
func watchEdit(i int) time.Duration {
	orig, err := os.ReadFile(editFile)
	if err != nil || !bytes.Contains(orig, []byte(editFrom)) {
		log.Fatalf("%s does not hold %s (%v)", editFile, editFrom, err)
	}
	cmd, base := startLocal(true)
	defer stopLocal(cmd)
	waitFor(base+"/calc?num1=1&num2=2&operator=add", `"result":3`, 60*time.Second)
	restore := func() { os.WriteFile(editFile, orig, 0o644) }
	defer restore()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		if _, ok := <-sig; ok {
			restore()
			os.Exit(1)
		}
	}()
	time.Sleep(time.Second) // let the watcher settle
	mark := fmt.Sprintf("Invalid operator (bench %d)", i)
	edited := bytes.Replace(orig, []byte(editFrom), []byte(`msgInvalidOperator = "`+mark+`"`), 1)
	start := time.Now()
	if err := os.WriteFile(editFile, edited, 0o644); err != nil {
		log.Fatal(err)
	}
	waitFor(base+"/calc?num1=1&num2=2&operator=foo", mark, 60*time.Second)
	return time.Since(start)
}

// waitFor polls url every 20 ms until its body holds want.
func waitFor(url, want string, limit time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for ctx.Err() == nil {
		if resp, err := client.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	log.Fatalf("%s did not answer %q within %s", url, want, limit)
}
