package lambdahost

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Layers appear at /opt as in Lambda. On Linux a private mount namespace
// (inside a user namespace, so no root is needed) bind-mounts them there
// for the function's process only (opt_linux.go). Where namespaces are
// unavailable, and on every other system (opt_other.go), the function
// instead sees environment variables that point at /opt rewritten to a
// folder holding the merged layers.

type optStrategy int

const (
	optNone           optStrategy = iota
	optNamespace                  // user + mount namespace
	optMountNamespace             // mount namespace only (running as root)
	optEnvFallback                // rewrite /opt in the environment
)

func (m optStrategy) String() string {
	return [...]string{"none", "user+mount namespace", "mount namespace", "environment fallback"}[m]
}

// The helper is this same executable, started with helperEnv set: it sets
// up /opt inside the new namespaces, then execs the bootstrap.
const (
	helperEnv       = "_CLOUDTOOLS_LAMBDA_HELPER"
	helperLayersEnv = "_CLOUDTOOLS_LAMBDA_LAYERS"
	// ForceEnvFallback, when set to 1, skips namespaces (for tests and
	// systems where they misbehave).
	ForceEnvFallback = "CLOUDTOOLS_LOCAL_NO_NAMESPACES"
)

// OptStrategy tells how layers reach /opt on this machine.
func OptStrategy() string { return optMode().String() }

var (
	mergedMu sync.Mutex
	merged   = map[string]string{}
)

// mergedLayers returns a folder that shows the layers merged: the layer
// itself when there is one, else a temporary folder of symlinks.
func mergedLayers(layers []string) (string, error) {
	if len(layers) == 1 {
		return filepath.Abs(layers[0])
	}
	key := strings.Join(layers, "\x00")
	mergedMu.Lock()
	defer mergedMu.Unlock()
	if dir, ok := merged[key]; ok {
		return dir, nil
	}
	dir, err := os.MkdirTemp("", "lambda-opt-")
	if err != nil {
		return "", err
	}
	for _, layer := range layers {
		abs, err := filepath.Abs(layer)
		if err != nil {
			return "", err
		}
		entries, err := os.ReadDir(abs)
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			link := filepath.Join(dir, e.Name())
			os.Remove(link)
			if err := os.Symlink(filepath.Join(abs, e.Name()), link); err != nil {
				return "", err
			}
		}
	}
	merged[key] = dir
	return dir, nil
}

// rewriteOpt points environment values at or under /opt to dir.
func rewriteOpt(env []string, dir string) []string {
	out := make([]string, len(env))
	for i, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if v == "/opt" || strings.HasPrefix(v, "/opt/") {
			v = dir + strings.TrimPrefix(v, "/opt")
		}
		out[i] = k + "=" + v
	}
	return out
}
