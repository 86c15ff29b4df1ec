package localmode

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/testsupport/syncbuf"
)

// The end-to-end tests serve the real app: the Lambdas built for this
// machine and the templates synthesized with them as assets, exactly what
// `make local` serves. One server is shared by the tests of this package.
var (
	repoRoot    = filepath.Join("..", "..")
	appAssembly = filepath.Join(repoRoot, layout.LocalAssembly)
	app         *Server
	appOutput   = &syncbuf.Buffer{}
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if err := synthLocal(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var err error
	if app, err = Start(ctx, Options{Assembly: appAssembly, Output: appOutput}); err != nil {
		fmt.Fprintln(os.Stderr, "start local mode:", err, "\n", appOutput.String())
		return 1
	}
	defer app.Close()
	return m.Run()
}

// synthLocal runs what `make local` runs first: Prepare, the host build and
// a synth that stages it as the functions' code (skipped when nothing
// changed).
func synthLocal() error {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return err
	}
	var out syncbuf.Buffer
	if err := Prepare(context.Background(), root, layout.LocalDir, &out); err != nil {
		return fmt.Errorf("%v\n%s", err, out.String())
	}
	return nil
}
