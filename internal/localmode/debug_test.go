package localmode

import (
	"context"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/testsupport/benchenv"
	"cloudtools/internal/testsupport/poll"
	"cloudtools/internal/testsupport/syncbuf"
)

// The few Delve API v2 types the test needs (service/api, service/rpc2),
// as their JSON spells them.
type (
	delveBreakpoint struct {
		ID           int    `json:"id"`
		FunctionName string `json:"functionName,omitempty"`
		File         string `json:"file"`
		Line         int    `json:"line"`
	}
	delveState struct {
		Running       bool `json:"Running"`
		Exited        bool `json:"exited"`
		CurrentThread *struct {
			Function *struct {
				Name string `json:"name"`
			} `json:"function,omitempty"`
			Breakpoint *delveBreakpoint `json:"breakPoint,omitempty"`
		} `json:"currentThread,omitempty"`
	}
)

// TestDebugCalcUnderDelve: make local DEBUG=calc's path. calc runs under a
// headless Delve that waits for a client; the other functions serve at
// once. Over Delve's JSON-RPC API the test sets a breakpoint in calc's
// handler, lets the process start, sends a request, sees the breakpoint
// hit while the request waits, continues, and gets the answer.
func TestDebugCalcUnderDelve(t *testing.T) {
	if testing.Short() {
		t.Skip("builds calc for the debugger and Delve")
	}
	asm := preparedAssembly(t)
	root := repoRoot
	addr := "127.0.0.1:" + benchenv.FreePort()
	var out syncbuf.Buffer
	debug, err := PrepareDebug(root, t.TempDir(), "calc", addr, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := Start(ctx, Options{Assembly: asm, Debug: debug, Output: &out})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	defer srv.Close()
	if r := do(t, "GET", srv.URL+"/segment?text=x", ""); r.Status != 200 {
		t.Fatalf("the other functions do not serve at once: %d", r.Status)
	}
	// Start's output reaches out through its log writer, which flushes on
	// its own time.
	if !poll.Until(10*time.Second, func() bool { return strings.Contains(out.String(), "calc waits for a debugger on "+addr) }) {
		t.Errorf("no hint to attach in:\n%s", out.String())
	}

	var client *rpc.Client
	if !poll.Until(30*time.Second, func() bool {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return false
		}
		client = jsonrpc.NewClient(conn)
		return true
	}) {
		t.Fatalf("Delve does not listen on %s:\n%s", addr, out.String())
	}
	defer client.Close()
	var created struct{ Breakpoint delveBreakpoint }
	if err := client.Call("RPCServer.CreateBreakpoint", map[string]any{"Breakpoint": delveBreakpoint{FunctionName: "main.handle"}}, &created); err != nil {
		t.Fatalf("set a breakpoint in calc's handler: %v", err)
	}
	if !strings.HasSuffix(created.Breakpoint.File, "lambdas/calc/calc.go") {
		t.Errorf("breakpoint at %s:%d", created.Breakpoint.File, created.Breakpoint.Line)
	}

	// continue: the process starts and runs until the breakpoint.
	stopped := make(chan delveState, 1)
	cont := func() {
		var reply struct{ State delveState }
		if err := client.Call("RPCServer.Command", map[string]any{"name": "continue"}, &reply); err != nil {
			t.Errorf("continue: %v", err)
		}
		stopped <- reply.State
	}
	go cont()
	answer := make(chan string, 1)
	go func() {
		r := do(t, "GET", srv.URL+"/calc?num1=6&num2=7&operator=multiply", "")
		answer <- string(r.Body)
	}()
	var state delveState
	select {
	case state = <-stopped:
	case <-ctx.Done():
		t.Fatalf("the breakpoint was never hit:\n%s", out.String())
	}
	if state.CurrentThread == nil || state.CurrentThread.Breakpoint == nil || state.CurrentThread.Breakpoint.ID != created.Breakpoint.ID ||
		state.CurrentThread.Function == nil || state.CurrentThread.Function.Name != "main.handle" {
		t.Fatalf("stopped, but not at the breakpoint: %+v", state)
	}
	select {
	case a := <-answer:
		t.Fatalf("the request was answered while the handler was stopped: %s", a)
	case <-time.After(200 * time.Millisecond):
	}

	// Continue: the handler finishes and the request gets its answer. The
	// process then waits for the next invocation, so this continue only
	// returns when the test closes the connection.
	go client.Call("RPCServer.Command", map[string]any{"name": "continue"}, new(struct{ State delveState }))
	select {
	case a := <-answer:
		if a != `{"result":42}` {
			t.Errorf("answer %s", a)
		}
	case <-ctx.Done():
		t.Fatal("no answer after continuing")
	}
}
