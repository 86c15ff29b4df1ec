package localmode

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/testsupport/httpcall"
	"cloudtools/internal/testsupport/syncbuf"
)

// The tests that need the real app (the Lambdas built for this machine and
// the templates synthesized with them, what `make local` serves) prepare
// it once, on first use; the others (the gateway, the host, a throwaway
// template) never pay for the build. The whole-app contract tests are the
// acceptance suite's (../../acceptance).
var (
	repoRoot = filepath.Join("..", "..")

	prepareOnce sync.Once
	prepareErr  error

	appOnce   sync.Once
	app       *Server
	appErr    error
	appOutput = &syncbuf.Buffer{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if app != nil {
		app.Close()
	}
	os.Exit(code)
}

// preparedAssembly runs what `make local` runs first (Prepare: the host
// build and a synth, skipped when nothing changed) and returns the
// assembly.
func preparedAssembly(tb testing.TB) string {
	tb.Helper()
	prepareOnce.Do(func() {
		root, err := filepath.Abs(repoRoot)
		if err != nil {
			prepareErr = err
			return
		}
		var out syncbuf.Buffer
		if err := Prepare(context.Background(), root, layout.LocalDir, &out); err != nil {
			prepareErr = err
			tb.Log(out.String())
		}
	})
	if prepareErr != nil {
		tb.Fatalf("prepare the app: %v", prepareErr)
	}
	return filepath.Join(repoRoot, layout.LocalAssembly)
}

// sharedApp serves the real app, started once for the package's tests.
func sharedApp(tb testing.TB) *Server {
	tb.Helper()
	asm := preparedAssembly(tb)
	appOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		app, appErr = Start(ctx, Options{Assembly: asm, Output: appOutput, LambdaAddr: "127.0.0.1:0"})
	})
	if appErr != nil {
		tb.Fatalf("start local mode: %v\n%s", appErr, appOutput.String())
	}
	return app
}

// do sends one request to a local server.
func do(t *testing.T, method, url, body string, headers ...string) httpcall.Reply {
	t.Helper()
	return httpcall.Do(t, httpcall.NoRedirects, method, url, body, headers...)
}
