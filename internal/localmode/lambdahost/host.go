// Package lambdahost runs a Lambda function's real bootstrap binary as a warm
// local process behind its own Lambda Runtime API endpoint
// (AWS_LAMBDA_RUNTIME_API), the way the provided.al2023 runtime does:
// one invocation at a time, the function's timeout enforced, a crashed or
// timed-out process replaced, its output shown with the function's name.
package lambdahost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"cloudtools/internal/layout"
)

// Config describes one function.
type Config struct {
	Name     string // shown in logs
	ARN      string
	CodeDir  string // Lambda's /var/task
	Handler  string
	Env      map[string]string
	Layers   []string // layer folders, merged at /opt in order
	MemoryMB int
	Timeout  time.Duration
	// Output receives the function's stdout and stderr, line by line,
	// prefixed with its name. Nil discards them.
	Output io.Writer
	// MaxProcesses bounds the pool (default: the number of CPUs, at least 2).
	MaxProcesses int
	// Debug, if set, runs the bootstrap under Delve (make local DEBUG=…).
	Debug *Debugger
}

// Debugger runs a function under Delve, headless: the process waits for a
// client (dlv connect, an editor) before it starts, one process only, and
// with no timeout, since a breakpoint must not count against it.
type Debugger struct {
	Delve string // the dlv binary
	Addr  string // host:port Delve listens on
}

// debugTimeout stands for no timeout under a debugger.
const debugTimeout = 24 * time.Hour

// initTimeout bounds a process's start: Lambda's init phase limit.
const initTimeout = 10 * time.Second

var (
	// ErrCrashed: the process exited before answering.
	ErrCrashed = errors.New("function process exited")
	// ErrTimeout: the function ran past its timeout and was stopped.
	ErrTimeout = errors.New("function timed out")
	// ErrClosed: the host is shutting down.
	ErrClosed = errors.New("function host closed")
)

// Result is an invocation's outcome as the runtime reported it.
type Result struct {
	Payload []byte
	// FunctionError is set when the runtime posted to /error; Payload is
	// then the error document ({"errorMessage", "errorType"}).
	FunctionError bool
	ErrorType     string
	Duration      time.Duration
}

// Function is a running function: a small pool of warm processes, each
// serving one invocation at a time like a Lambda sandbox. One process is
// kept warm; more start while every process is busy (up to MaxProcesses),
// as Lambda adds sandboxes under concurrent load, and stop again after
// idling.
type Function struct {
	cfg Config
	// invocations is where every idle process's /next waits.
	invocations chan *invocation
	ready       chan struct{} // closed when the first process is warm
	readyOnce   sync.Once

	mu       sync.Mutex
	procs    map[*process]bool
	spawning int
	closed   bool
	failures int // consecutive early exits, for backoff
}

// idleRetire is how long an extra process may idle before it is stopped.
const idleRetire = 30 * time.Second

// Start launches the function's first process and returns without waiting
// for it to be ready (see Ready).
func Start(cfg Config) (*Function, error) {
	if cfg.Handler == "" {
		cfg.Handler = layout.Bootstrap
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.MemoryMB <= 0 {
		cfg.MemoryMB = 128
	}
	if cfg.MaxProcesses <= 0 {
		cfg.MaxProcesses = max(2, runtime.NumCPU())
	}
	if cfg.Debug != nil {
		cfg.MaxProcesses, cfg.Timeout = 1, debugTimeout
	}
	// Absolute: the process runs with its code folder as working directory.
	var err error
	if cfg.CodeDir, err = filepath.Abs(cfg.CodeDir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(cfg.CodeDir, layout.Bootstrap)); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	f := &Function{cfg: cfg, invocations: make(chan *invocation), ready: make(chan struct{}), procs: map[*process]bool{}}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.spawnLocked(); err != nil {
		return nil, err
	}
	return f, nil
}

// Name is the function's name.
func (f *Function) Name() string { return f.cfg.Name }

// Ready waits until a process has finished its init and asked for work.
func (f *Function) Ready(ctx context.Context) error {
	select {
	case <-f.ready:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s not ready: %w", f.cfg.Name, ctx.Err())
	}
}

// PIDs lists the live processes, for tests and tools.
func (f *Function) PIDs() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var pids []int
	for p := range f.procs {
		if pid := p.pid.Load(); pid > 0 {
			pids = append(pids, int(pid))
		}
	}
	sort.Ints(pids)
	return pids
}

// Invoke runs one invocation with payload as the event. Once a process has
// taken the event, the invocation runs to its end or its timeout even if
// ctx is cancelled, as in Lambda.
func (f *Function) Invoke(ctx context.Context, payload []byte) (Result, error) {
	inv := &invocation{id: newRequestID(), payload: payload, timeout: f.cfg.Timeout,
		done: make(chan Result, 1), taken: make(chan struct{})}
	select {
	case f.invocations <- inv: // an idle process was waiting
	default:
		if err := f.growIfBusy(); err != nil {
			return Result{}, err
		}
		initTimer := time.NewTimer(initTimeout)
		defer initTimer.Stop()
		initDone := initTimer.C
		if f.cfg.Debug != nil {
			initDone = nil // the process waits for its debugger
		}
		select {
		case f.invocations <- inv:
		case <-initDone:
			return Result{}, ErrTimeout
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
	}
	<-inv.taken
	p := inv.proc
	timer := time.NewTimer(f.cfg.Timeout)
	defer timer.Stop()
	select {
	case r := <-inv.done:
		r.Duration = time.Since(inv.started)
		return r, nil
	case <-p.exited:
		return Result{}, ErrCrashed
	case <-timer.C:
		f.logf("stopping process %d: timed out after %s", p.pid.Load(), f.cfg.Timeout)
		p.kill()
		<-p.exited
		return Result{}, ErrTimeout
	}
}

// growIfBusy starts one more process when every process is warm and busy
// and the pool may grow; a closed function reports ErrClosed.
func (f *Function) growIfBusy() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrClosed
	}
	for p := range f.procs {
		if !p.warm.Load() {
			return nil // one is still starting; it will take the work
		}
	}
	if len(f.procs)+f.spawning < f.cfg.MaxProcesses {
		if _, err := f.spawnLocked(); err != nil {
			f.logf("cannot add a process: %v", err)
		}
	}
	return nil
}

// Restart swaps in new code (watch mode) or gives a fresh container: a new
// process starts from codeDir, and every old one takes no more work and is
// stopped once the invocation it holds has answered (Lambda never stops a
// busy sandbox), or at the function's timeout.
func (f *Function) Restart(codeDir string) {
	codeDir, _ = filepath.Abs(codeDir)
	f.mu.Lock()
	f.cfg.CodeDir = codeDir
	f.failures = 0
	old := make([]*process, 0, len(f.procs))
	for p := range f.procs {
		old = append(old, p)
		p.retire()
	}
	f.procs = map[*process]bool{}
	_, err := f.spawnLocked()
	f.mu.Unlock()
	if err != nil {
		f.logf("restart: %v", err)
	}
	for _, p := range old {
		go p.terminateWhenIdle(f.cfg.Timeout)
	}
}

// Recycle gives the function a fresh container running the same code, as
// Lambda does when it replaces a sandbox: nothing cached survives.
func (f *Function) Recycle() {
	f.mu.Lock()
	dir := f.cfg.CodeDir
	f.mu.Unlock()
	f.Restart(dir)
}

// Close stops every process and waits for them to exit.
func (f *Function) Close() {
	f.mu.Lock()
	f.closed = true
	procs := make([]*process, 0, len(f.procs))
	for p := range f.procs {
		procs = append(procs, p)
	}
	f.mu.Unlock()
	for _, p := range procs {
		p.terminate()
	}
	for _, p := range procs {
		<-p.exited
	}
}

// onExit forgets an exited process and, unless it was retired on purpose,
// keeps one process warm: a process that dies young is replaced after
// growing delays.
func (f *Function) onExit(p *process) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.procs, p)
	if f.closed || p.retired.Load() || len(f.procs)+f.spawning > 0 {
		return
	}
	if time.Since(p.started) < time.Second && !p.killed.Load() {
		f.failures++
	} else {
		f.failures = 0
	}
	delay := time.Duration(0)
	if f.failures > 0 {
		delay = min(time.Duration(1<<min(f.failures, 6))*50*time.Millisecond, 3*time.Second)
	}
	f.spawning++
	go func() {
		time.Sleep(delay)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.spawning--
		if f.closed || len(f.procs) > 0 {
			return
		}
		if _, err := f.spawnLocked(); err != nil {
			f.logf("cannot restart: %v", err)
		}
	}()
}

// retireIdle stops an idle process if others remain; it reports whether
// the process was retired.
func (f *Function) retireIdle(p *process) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.procs) <= 1 || f.closed {
		return false
	}
	p.retire()
	delete(f.procs, p)
	go p.terminate()
	return true
}

func (f *Function) logf(format string, args ...any) {
	if f.cfg.Output != nil {
		fmt.Fprintf(f.cfg.Output, "[%s] local: %s\n", f.cfg.Name, fmt.Sprintf(format, args...))
	}
}

// spawnLocked starts a process with its own Runtime API endpoint; f.mu is
// held.
func (f *Function) spawnLocked() (*process, error) {
	p, err := newProcess(f)
	if err != nil {
		return nil, err
	}
	env := f.environment(p.addr())
	cmd, err := commandFor(f.cfg, env)
	if err != nil {
		p.stopServer()
		return nil, err
	}
	p.cmd = cmd
	if err := p.start(); err != nil {
		p.stopServer()
		return nil, fmt.Errorf("%s: start: %w", f.cfg.Name, err)
	}
	f.procs[p] = true
	return p, nil
}

// environment is what Lambda gives a provided runtime, plus the template's
// variables.
func (f *Function) environment(runtimeAPI string) []string {
	vars := map[string]string{
		"AWS_LAMBDA_RUNTIME_API":          runtimeAPI,
		"AWS_LAMBDA_FUNCTION_NAME":        f.cfg.Name,
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(f.cfg.MemoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + f.cfg.Name,
		"AWS_LAMBDA_LOG_STREAM_NAME":      "local",
		"AWS_REGION":                      "us-east-1",
		"AWS_DEFAULT_REGION":              "us-east-1",
		"_HANDLER":                        f.cfg.Handler,
		"LAMBDA_TASK_ROOT":                f.cfg.CodeDir,
		"LAMBDA_RUNTIME_DIR":              f.cfg.CodeDir,
		"PATH":                            "/usr/local/bin:/usr/bin:/bin:/opt/bin",
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
	}
	for k, v := range f.cfg.Env {
		vars[k] = v
	}
	out := make([]string, 0, len(vars))
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// commandFor builds the command running the bootstrap, with its layers at
// /opt (see opt.go).
func commandFor(cfg Config, env []string) (*exec.Cmd, error) {
	bootstrap := filepath.Join(cfg.CodeDir, layout.Bootstrap)
	mode := optMode()
	if len(cfg.Layers) == 0 {
		mode = optNone
	}
	if cfg.Debug != nil && mode != optNone {
		mode = optEnvFallback // Delve must start the bootstrap itself
	}
	switch mode {
	case optNamespace, optMountNamespace:
		return namespaceCommand(mode, bootstrap, cfg, env)
	case optEnvFallback:
		dir, err := mergedLayers(cfg.Layers)
		if err != nil {
			return nil, err
		}
		env = rewriteOpt(env, dir)
	}
	cmd := exec.Command(bootstrap)
	if d := cfg.Debug; d != nil {
		// Headless, waiting for a client; the target gets this
		// environment and working directory.
		cmd = exec.Command(d.Delve, "exec", "--headless", "--listen="+d.Addr, "--api-version=2",
			"--accept-multiclient", bootstrap)
	}
	cmd.Dir = cfg.CodeDir
	cmd.Env = env
	cmd.SysProcAttr = processAttr()
	return cmd, nil
}
