package lambdahost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cloudtools/internal/testsupport/syncbuf"
)

// testCodeDir holds the test Lambda built for this machine.
var testCodeDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lambdahost-test-")
	if err != nil {
		panic(err)
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "bootstrap"), "cloudtools/internal/testsupport/testlambda")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build test lambda:", err)
		os.Exit(1)
	}
	testCodeDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func startTest(t *testing.T, mutate func(*Config)) (*Function, *syncbuf.Buffer) {
	t.Helper()
	out := &syncbuf.Buffer{}
	cfg := Config{Name: "testfn", ARN: "arn:aws:lambda:us-east-1:123456789012:function:testfn",
		CodeDir: testCodeDir, Timeout: 2 * time.Second, Output: out, Env: map[string]string{"GREETING": "hello"}}
	if mutate != nil {
		mutate(&cfg)
	}
	f, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.Ready(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return f, out
}

// event is a minimal payload 2.0 event with a query.
func event(query map[string]string) []byte {
	b, _ := json.Marshal(map[string]any{"version": "2.0", "queryStringParameters": query})
	return b
}

func invoke(t *testing.T, f *Function, query map[string]string) (map[string]any, error) {
	t.Helper()
	res, err := f.Invoke(context.Background(), event(query))
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(res.Payload, &out); err != nil {
		t.Fatalf("payload %s: %v", res.Payload, err)
	}
	if res.FunctionError {
		out["functionError"] = true
	}
	return out, nil
}

func TestInvokeAndEnvironment(t *testing.T) {
	f, _ := startTest(t, nil)
	out, err := invoke(t, f, map[string]string{"do": "env", "name": "GREETING"})
	if err != nil || out["body"] != "hello" {
		t.Fatalf("%v %v", out, err)
	}
	for name, want := range map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME": "testfn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
		"LAMBDA_TASK_ROOT": testCodeDir, "AWS_REGION": "us-east-1",
	} {
		out, err := invoke(t, f, map[string]string{"do": "env", "name": name})
		if err != nil || out["body"] != want {
			t.Errorf("%s = %v (%v), want %s", name, out["body"], err, want)
		}
	}
}

func TestFunctionErrorKeepsProcess(t *testing.T) {
	f, _ := startTest(t, nil)
	pids := fmt.Sprint(f.PIDs())
	out, err := invoke(t, f, map[string]string{"do": "error"})
	if err != nil || out["functionError"] != true || out["errorMessage"] != "asked to fail" {
		t.Fatalf("%v %v", out, err)
	}
	if got := fmt.Sprint(f.PIDs()); got != pids {
		t.Fatalf("processes %s became %s after a handled error", pids, got)
	}
}

func TestCrashIsReportedAndProcessRespawned(t *testing.T) {
	f, out := startTest(t, nil)
	pid := f.PIDs()[0]
	if _, err := invoke(t, f, map[string]string{"do": "crash"}); !errors.Is(err, ErrCrashed) {
		t.Fatalf("err %v, want ErrCrashed", err)
	}
	// The next invocation is served by a new process.
	res, err := invoke(t, f, map[string]string{"do": "env", "name": "GREETING"})
	if err != nil || res["body"] != "hello" {
		t.Fatalf("after crash: %v %v\n%s", res, err, out)
	}
	if slices.Contains(f.PIDs(), pid) {
		t.Fatalf("process %d still listed after its crash", pid)
	}
}

func TestTimeoutKillsAndRespawns(t *testing.T) {
	f, out := startTest(t, func(c *Config) { c.Timeout = 300 * time.Millisecond })
	start := time.Now()
	if _, err := invoke(t, f, map[string]string{"do": "sleep", "ms": "5000"}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timeout took %s", d)
	}
	res, err := invoke(t, f, map[string]string{"do": "sleep", "ms": "1"})
	if err != nil || res["body"] != "slept" {
		t.Fatalf("after timeout: %v %v\n%s", res, err, out)
	}
	if !strings.Contains(out.String(), "[testfn] local: stopping process") {
		t.Errorf("the kill is not logged:\n%s", out)
	}
}

func TestOutputIsPrefixed(t *testing.T) {
	f, out := startTest(t, nil)
	invoke(t, f, map[string]string{"do": "panic"})
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(out.String(), "[testfn] ") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "[testfn] ") {
		t.Fatalf("no prefixed output:\n%s", out)
	}
}

// Concurrent invocations are each served by one process at a time; the
// pool grows to MaxProcesses and no further.
func TestConcurrentInvocationsUseABoundedPool(t *testing.T) {
	f, _ := startTest(t, func(c *Config) { c.MaxProcesses = 3 })
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := invoke(t, f, map[string]string{"do": "sleep", "ms": "1"})
			if err == nil && out["body"] != "slept" {
				err = fmt.Errorf("body %v", out["body"])
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.PIDs()); n < 1 || n > 3 {
		t.Fatalf("%d processes for MaxProcesses 3", n)
	}
}

func TestLayersAtOpt(t *testing.T) {
	layer := t.TempDir()
	os.MkdirAll(filepath.Join(layer, "dict"), 0o755)
	os.WriteFile(filepath.Join(layer, "dict", "words.txt"), []byte("layer content"), 0o644)
	f, out := startTest(t, func(c *Config) {
		c.Layers = []string{layer}
		c.Env["WORDS"] = "/opt/dict/words.txt"
	})
	// Through the environment, whichever strategy this machine allows.
	res, err := invoke(t, f, map[string]string{"do": "readenv", "name": "WORDS"})
	if err != nil || res["body"] != "layer content" {
		t.Fatalf("via env: %v %v (strategy %s)\n%s", res, err, OptStrategy(), out)
	}
	if optMode() == optEnvFallback {
		t.Skipf("no mount namespaces here (%s): /opt itself is not mounted", OptStrategy())
	}
	res, err = invoke(t, f, map[string]string{"do": "opt", "file": "dict/words.txt"})
	if err != nil || res["body"] != "layer content" {
		t.Fatalf("/opt: %v %v (strategy %s)\n%s", res, err, OptStrategy(), out)
	}
}

func TestMergedLayersFallback(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(a, "one"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(a, "both"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(b, "both"), []byte("b"), 0o644)
	dir, err := mergedLayers([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"one": "a", "both": "b"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	env := rewriteOpt([]string{"A=/opt/x", "B=/opt", "C=/optional", "D=x"}, "/tmp/m")
	if strings.Join(env, " ") != "A=/tmp/m/x B=/tmp/m C=/optional D=x" {
		t.Errorf("rewriteOpt: %v", env)
	}
}

func TestMissingBootstrap(t *testing.T) {
	if _, err := Start(Config{Name: "x", CodeDir: t.TempDir()}); err == nil {
		t.Fatal("started without a bootstrap")
	}
}

// TestRestartLetsTheInvocationInFlightFinish: a restart (watch mode, a
// fresh container) stops the old process only once its invocation has
// answered, as Lambda never stops a busy sandbox; new work goes to the new
// process.
func TestRestartLetsTheInvocationInFlightFinish(t *testing.T) {
	f, out := startTest(t, nil)
	old := f.PIDs()[0]
	slow := make(chan error, 1)
	go func() {
		res, err := invoke(t, f, map[string]string{"do": "sleep", "ms": "400"})
		if err == nil && res["body"] != "slept" {
			err = fmt.Errorf("answer %v", res)
		}
		slow <- err
	}()
	time.Sleep(100 * time.Millisecond) // the old process holds the sleep
	f.Restart(testCodeDir)
	res, err := invoke(t, f, map[string]string{"do": "env", "name": "GREETING"})
	if err != nil || res["body"] != "hello" {
		t.Fatalf("after the restart: %v %v\n%s", res, err, out)
	}
	if err := <-slow; err != nil {
		t.Fatalf("the invocation in flight at the restart: %v\n%s", err, out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for slices.Contains(f.PIDs(), old) || processAlive(old) {
		if time.Now().After(deadline) {
			t.Fatalf("old process %d still running after its invocation ended", old)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// TestProcessDyingMidResponseIsACrash: a process killed while uploading
// its response is a crash (ErrCrashed), not an error the function reported.
func TestProcessDyingMidResponseIsACrash(t *testing.T) {
	f, out := startTest(t, nil)
	if _, err := invoke(t, f, map[string]string{"do": "cutoff"}); !errors.Is(err, ErrCrashed) {
		t.Fatalf("err %v, want ErrCrashed\n%s", err, out)
	}
	if res, err := invoke(t, f, map[string]string{"do": "env", "name": "GREETING"}); err != nil || res["body"] != "hello" {
		t.Fatalf("after the crash: %v %v\n%s", res, err, out)
	}
}
