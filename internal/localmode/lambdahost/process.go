package lambdahost

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// process is one run of a function's bootstrap and the Runtime API
// endpoint it talks to.
type process struct {
	f       *Function
	cmd     *exec.Cmd
	ln      net.Listener
	srv     *http.Server
	exited  chan struct{} // closed when the process has exited
	started time.Time
	killed  atomic.Bool // stopped on purpose (timeout, shutdown)
	retired atomic.Bool // not to be replaced when it exits
	// stopping is closed when the process is retired: from then on it
	// takes no invocation, so none is lost to the coming termination.
	stopping chan struct{}
	stopOnce sync.Once
	warmOnce sync.Once
	warm     atomic.Bool  // has asked for work at least once
	pid      atomic.Int64 // set once started: the runtime may call before Start returns

	mu      sync.Mutex
	current *invocation
}

type invocation struct {
	id      string
	payload []byte
	timeout time.Duration
	started time.Time
	proc    *process      // the process that took it; set before taken closes
	taken   chan struct{} // closed once a process has the event
	done    chan Result
}

func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func newProcess(f *Function) (*process, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &process{f: f, ln: ln, exited: make(chan struct{}), stopping: make(chan struct{})}
	mux := http.NewServeMux()
	const base = "/2018-06-01/runtime"
	mux.HandleFunc("GET "+base+"/invocation/next", p.next)
	mux.HandleFunc("POST "+base+"/invocation/{id}/response", p.respond)
	mux.HandleFunc("POST "+base+"/invocation/{id}/error", p.fail)
	mux.HandleFunc("POST "+base+"/init/error", p.initError)
	p.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

func (p *process) addr() string { return p.ln.Addr().String() }

// start runs the command with its output piped to the function's log.
func (p *process) start() error {
	cmd := p.cmd
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	p.pid.Store(int64(cmd.Process.Pid))
	var pipes sync.WaitGroup
	pipes.Add(2)
	go p.copyLines(stdout, &pipes)
	go p.copyLines(stderr, &pipes)
	go func() {
		pipes.Wait()
		err := cmd.Wait()
		if p.killed.Load() || err == nil {
			p.f.logf("process %d exited", cmd.Process.Pid)
		} else {
			p.f.logf("process %d exited: %v", cmd.Process.Pid, err)
		}
		close(p.exited)
		p.stopServer()
		p.f.onExit(p)
	}()
	return nil
}

// copyLines forwards a pipe to the function's output, one prefixed line at
// a time so that concurrent functions do not interleave mid-line.
func (p *process) copyLines(r io.Reader, wg *sync.WaitGroup) {
	defer wg.Done()
	out := p.f.cfg.Output
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if out != nil {
			fmt.Fprintf(out, "[%s] %s\n", p.f.cfg.Name, sc.Bytes())
		}
	}
	io.Copy(io.Discard, r)
}

// terminate asks the process to stop (SIGTERM, as Lambda does at shutdown)
// and kills it if it lingers.
func (p *process) terminate() {
	p.killed.Store(true)
	p.signal(syscall.SIGTERM)
	go func() {
		select {
		case <-p.exited:
		case <-time.After(2 * time.Second):
			p.signal(syscall.SIGKILL)
		}
	}()
}

// terminateWhenIdle waits, at most limit, for the invocation the process
// holds to answer, then terminates it; a retired process takes no new work,
// so this ends.
func (p *process) terminateWhenIdle(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for p.busy() && time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
	p.terminate()
}

func (p *process) busy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current != nil
}

func (p *process) kill() {
	p.killed.Store(true)
	p.signal(syscall.SIGKILL)
}

// signal reaches the whole process group, so helpers and children go too.
func (p *process) signal(sig syscall.Signal) {
	pid := int(p.pid.Load())
	if pid <= 0 {
		return
	}
	signalGroup(pid, sig)
}

func (p *process) stopServer() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	p.srv.Shutdown(ctx)
	p.srv.Close()
}

// next hands the runtime its next event, waiting as long as it takes; an
// extra process idle for idleRetire is stopped.
func (p *process) next(w http.ResponseWriter, r *http.Request) {
	f := p.f
	p.warmOnce.Do(func() {
		f.logf("process %d warm in %s", p.pid.Load(), time.Since(p.started).Round(time.Millisecond))
	})
	f.readyOnce.Do(func() { close(f.ready) })
	idle := time.NewTimer(idleRetire)
	defer idle.Stop()
	for {
		select {
		case inv := <-f.invocations:
			if !p.accept(inv) {
				// Retired as this one arrived: hand it to another process.
				go func() { f.invocations <- inv }()
				return
			}
			close(inv.taken)
			h := w.Header()
			h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
			h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.started.Add(inv.timeout).UnixMilli(), 10))
			h.Set("Lambda-Runtime-Invoked-Function-Arn", f.cfg.ARN)
			h.Set("Lambda-Runtime-Trace-Id", "Root=1-"+strconv.FormatInt(inv.started.Unix(), 16)+"-"+strings.ReplaceAll(inv.id, "-", "")[:24]+";Sampled=0")
			h.Set("Content-Type", "application/json")
			w.Write(inv.payload)
			return
		case <-idle.C:
			if f.retireIdle(p) {
				return
			}
			idle.Reset(idleRetire)
		case <-p.exited:
			return
		case <-p.stopping:
			return
		case <-r.Context().Done():
			return
		}
	}
}

// accept makes inv the process's current invocation unless the process is
// retired. Both hold p.mu, so once retire returns, busy tells whether the
// process still has work to finish.
func (p *process) accept(inv *invocation) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.retired.Load() {
		return false
	}
	inv.started = time.Now()
	inv.proc = p
	p.current = inv
	return true
}

// retire marks the process as not to be replaced and to take no more work.
func (p *process) retire() {
	p.mu.Lock()
	p.retired.Store(true)
	p.mu.Unlock()
	p.stopOnce.Do(func() { close(p.stopping) })
}

// take removes the in-flight invocation if its id matches.
func (p *process) take(id string) *invocation {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.current == nil || p.current.id != id {
		return nil
	}
	inv := p.current
	p.current = nil
	return inv
}

func (p *process) respond(w http.ResponseWriter, r *http.Request) {
	p.finish(w, r, false)
}

func (p *process) fail(w http.ResponseWriter, r *http.Request) {
	p.finish(w, r, true)
}

// crashGrace is how long a broken response upload waits for the process's
// exit before counting as the function's error.
const crashGrace = 200 * time.Millisecond

// maxResponse is Lambda's synchronous response limit.
const maxResponse = 6 << 20

func (p *process) finish(w http.ResponseWriter, r *http.Request, failed bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxResponse+1))
	inv := p.take(r.PathValue("id"))
	if inv == nil {
		http.Error(w, `{"errorMessage":"unknown request id","errorType":"InvalidRequestID"}`, http.StatusBadRequest)
		return
	}
	res := Result{Payload: body, FunctionError: failed, ErrorType: r.Header.Get("Lambda-Runtime-Function-Error-Type")}
	// A streamed body that failed midway carries its error in trailers.
	if t := r.Trailer.Get("Lambda-Runtime-Function-Error-Type"); t != "" {
		res.FunctionError, res.ErrorType = true, t
	}
	switch {
	case err != nil:
		// The upload broke off. When the process died sending it, that is
		// a crash, which Invoke reports once it sees the exit; only a live
		// runtime's broken upload is the function's error.
		select {
		case <-p.exited:
			return
		case <-time.After(crashGrace):
		}
		res = Result{FunctionError: true, ErrorType: "Runtime.ResponseReadError", Payload: []byte(`{"errorMessage":"` + err.Error() + `"}`)}
	case len(body) > maxResponse:
		res = Result{FunctionError: true, ErrorType: "Function.ResponseSizeTooLarge",
			Payload: []byte(`{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}`)}
	}
	inv.done <- res
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}

func (p *process) initError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	p.f.logf("init error: %s", body)
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}
