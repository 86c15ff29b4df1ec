package local

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"cloudtools/internal/syncbuf"
)

// The end-to-end tests serve the real app: the Lambdas built for this
// machine and the templates synthesized with them as assets, exactly what
// `make local` serves. One server is shared by the tests of this package.
var (
	repoRoot    = filepath.Join("..", "..")
	appAssembly = filepath.Join(repoRoot, "build", "local", "cdk.out")
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

// synthLocal runs what `make local-synth` runs: the host build and a synth
// that stages it as the functions' code.
func synthLocal() error {
	for _, args := range [][]string{
		{"go", "run", "./cmd/build", "-arch", "host", "-out", "build/local"},
		{"npx", "--no-install", "cdk", "synth", "-q", "--no-notices", "-o", "build/local/cdk.out", "-c", "cloudtools:assetDir=build/local"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20", "CDK_DISABLE_CLI_TELEMETRY=true")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%v: %v\n%s", args, err, out)
		}
	}
	return nil
}
