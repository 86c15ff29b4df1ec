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
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
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
}

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

// Function is a running function: one warm process at a time.
type Function struct {
	cfg  Config
	slot chan struct{} // one invocation in flight, as in a Lambda sandbox

	mu       sync.Mutex
	proc     *process
	closed   bool
	failures int // consecutive early exits, for backoff
}

// Start launches the function's process and returns without waiting for
// it to be ready (see Ready).
func Start(cfg Config) (*Function, error) {
	if cfg.Handler == "" {
		cfg.Handler = "bootstrap"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.MemoryMB <= 0 {
		cfg.MemoryMB = 128
	}
	if _, err := os.Stat(filepath.Join(cfg.CodeDir, "bootstrap")); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	f := &Function{cfg: cfg, slot: make(chan struct{}, 1)}
	p, err := f.spawn()
	if err != nil {
		return nil, err
	}
	f.proc = p
	return f, nil
}

// Name is the function's name.
func (f *Function) Name() string { return f.cfg.Name }

// Ready waits until the current process has finished its init and asked
// for its first invocation.
func (f *Function) Ready(ctx context.Context) error {
	for {
		p := f.current()
		if p == nil {
			return ErrClosed
		}
		select {
		case <-p.ready:
			return nil
		case <-p.exited:
			// Replaced by a new process; wait for that one.
			f.waitReplaced(ctx, p)
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w", f.cfg.Name, ctx.Err())
		}
	}
}

func (f *Function) current() *process {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	return f.proc
}

// waitReplaced waits until f.proc is no longer p.
func (f *Function) waitReplaced(ctx context.Context, p *process) {
	for {
		if cur := f.current(); cur != p {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// PID is the current process's id (0 when none), for tests and tools.
func (f *Function) PID() int {
	if p := f.current(); p != nil && p.cmd.Process != nil {
		return p.cmd.Process.Pid
	}
	return 0
}

// Invoke runs one invocation with payload as the event. Once the process
// has taken the event, the invocation runs to its end or its timeout even
// if ctx is cancelled, as in Lambda.
func (f *Function) Invoke(ctx context.Context, payload []byte) (Result, error) {
	select {
	case f.slot <- struct{}{}:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	defer func() { <-f.slot }()

	inv := &invocation{id: newRequestID(), payload: payload, done: make(chan Result, 1), timeout: f.cfg.Timeout}
	initTimer := time.NewTimer(initTimeout)
	defer initTimer.Stop()
	// Hand the event to a live process; one that dies before taking it
	// (a crash at init, or the previous invocation's) is replaced first.
	var p *process
	for delivered := false; !delivered; {
		if p = f.current(); p == nil {
			return Result{}, ErrClosed
		}
		select {
		case p.invocations <- inv:
			delivered = true
		case <-p.exited:
			f.waitReplaced(ctx, p)
		case <-initTimer.C:
			f.replace(p, "init did not finish in "+initTimeout.String())
			return Result{}, ErrTimeout
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
	}
	timer := time.NewTimer(f.cfg.Timeout)
	defer timer.Stop()
	select {
	case r := <-inv.done:
		r.Duration = time.Since(inv.started)
		return r, nil
	case <-p.exited:
		return Result{}, ErrCrashed
	case <-timer.C:
		f.replace(p, fmt.Sprintf("timed out after %s", f.cfg.Timeout))
		return Result{}, ErrTimeout
	}
}

// replace kills p; its exit starts a new process.
func (f *Function) replace(p *process, why string) {
	f.logf("stopping process %d: %s", p.cmd.Process.Pid, why)
	p.kill()
	<-p.exited
}

// Restart swaps in new code (watch mode): the current process is stopped
// once idle and a new one starts from codeDir.
func (f *Function) Restart(codeDir string) {
	f.slot <- struct{}{}
	defer func() { <-f.slot }()
	f.mu.Lock()
	f.cfg.CodeDir = codeDir
	p := f.proc
	f.failures = 0
	f.mu.Unlock()
	if p != nil {
		f.replace(p, "restart with new code")
	}
}

// Close stops the process and waits for it to exit.
func (f *Function) Close() {
	f.mu.Lock()
	f.closed = true
	p := f.proc
	f.mu.Unlock()
	if p != nil {
		p.terminate()
		<-p.exited
		p.stopServer()
	}
}

// onExit replaces an exited process unless the function is closed; a
// process that dies young is restarted with growing delays.
func (f *Function) onExit(p *process) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.proc != p {
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
	go func() {
		time.Sleep(delay)
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.closed || f.proc != p {
			return
		}
		np, err := f.spawn()
		if err != nil {
			f.logf("cannot restart: %v", err)
			go f.onExit(p) // try again after the next delay
			return
		}
		f.proc = np
	}()
}

func (f *Function) logf(format string, args ...any) {
	if f.cfg.Output != nil {
		fmt.Fprintf(f.cfg.Output, "[%s] local: %s\n", f.cfg.Name, fmt.Sprintf(format, args...))
	}
}

// spawn starts a process with its own Runtime API endpoint.
func (f *Function) spawn() (*process, error) {
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
	bootstrap := filepath.Join(cfg.CodeDir, "bootstrap")
	mode := optMode()
	if len(cfg.Layers) == 0 {
		mode = optNone
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
	cmd.Dir = cfg.CodeDir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	return cmd, nil
}
