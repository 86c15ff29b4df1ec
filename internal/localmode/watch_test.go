package localmode

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/testsupport/poll"
	"cloudtools/internal/testsupport/syncbuf"
)

// copyTree copies the non-test Go files and go.mod/go.sum of src folders
// into dst, keeping their relative paths.
func copyTree(t *testing.T, dst string, rels ...string) {
	t.Helper()
	for _, rel := range rels {
		entries, err := os.ReadDir(filepath.Join(repoRoot, rel))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dst, rel), 0o755)
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			b, _ := os.ReadFile(filepath.Join(repoRoot, rel, e.Name()))
			if err := os.WriteFile(filepath.Join(dst, rel, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestWatchRebuildsOnlyTheChangedFunction edits echo's source in a scratch
// copy of the module: echo is rebuilt and restarted with the change, calc
// keeps its process.
func TestWatchRebuildsOnlyTheChangedFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second server and compiles")
	}
	root := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, _ := os.ReadFile(filepath.Join(repoRoot, f))
		os.WriteFile(filepath.Join(root, f), b, 0o644)
	}
	copyTree(t, root, "internal/lambdakit/apigw", "lambdas/echo", "lambdas/calc")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out := &syncbuf.Buffer{}
	srv, err := Start(ctx, Options{Assembly: preparedAssembly(t), Output: out})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	calcPIDs := fmt.Sprint(srv.Functions["calc"].PIDs())
	w := &Watcher{Root: root, Server: srv, Out: out, Interval: 50 * time.Millisecond, BuildDir: filepath.Join(t.TempDir(), "watch")}
	// Stop the watcher, and wait for it, before the temporary folders go:
	// a build still writing there would make their removal fail.
	wctx, stopWatch := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() { w.Run(wctx); close(watching) }()
	defer func() { stopWatch(); <-watching }()
	for !strings.Contains(out.String(), "watching the sources") {
		time.Sleep(20 * time.Millisecond)
	}

	src := filepath.Join(root, "lambdas", "echo", "echo.go")
	b, _ := os.ReadFile(src)
	changed := strings.Replace(string(b), `const redacted = "[REDACTED]"`, `const redacted = "[HIDDEN]"`, 1)
	if changed == string(b) {
		t.Fatal("echo.go no longer has the line this test edits")
	}
	os.WriteFile(src, []byte(changed), 0o644)

	for {
		r := do(t, "GET", srv.URL+"/echo", "", "Authorization: Bearer x")
		if strings.Contains(string(r.Body), "[HIDDEN]") {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("echo never served the change:\n%s", out)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if got := fmt.Sprint(srv.Functions["calc"].PIDs()); got != calcPIDs {
		t.Errorf("calc restarted too: %s → %s", calcPIDs, got)
	}
	if !poll.Until(2*time.Second, func() bool { return strings.Contains(out.String(), "[echo] rebuilt and restarted") }) || strings.Contains(out.String(), "[calc] rebuilt") {
		t.Errorf("rebuilds:\n%s", out)
	}
}
