//go:build linux

package lambdahost

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

func init() {
	if mode := os.Getenv(helperEnv); mode != "" {
		runHelper(mode)
	}
}

// runHelper runs in the new namespaces: mount the layers at /opt, then
// become the bootstrap (mode "exec") or report success (mode "probe").
func runHelper(mode string) {
	var layers []string
	if err := json.Unmarshal([]byte(os.Getenv(helperLayersEnv)), &layers); err != nil {
		fail("layers: %v", err)
	}
	if err := mountLayers(layers); err != nil {
		fail("mount layers at /opt: %v", err)
	}
	if mode == "probe" {
		if _, err := os.Stat(filepath.Join("/opt", "probe")); err != nil {
			fail("probe: %v", err)
		}
		os.Exit(0)
	}
	env := make([]string, 0, len(os.Environ()))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, helperEnv+"=") && !strings.HasPrefix(kv, helperLayersEnv+"=") {
			env = append(env, kv)
		}
	}
	bootstrap := os.Args[1]
	if err := syscall.Exec(bootstrap, []string{bootstrap}, env); err != nil {
		fail("exec %s: %v", bootstrap, err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "lambda helper: "+format+"\n", args...)
	os.Exit(127)
}

// mountLayers makes /opt the merge of the layers: one layer is bind-mounted
// as it is; several get a tmpfs with each layer's top-level entries
// bind-mounted over it, later layers winning, as Lambda extracts them.
func mountLayers(layers []string) error {
	// Keep our mounts out of the parent namespace.
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if len(layers) == 1 {
		return syscall.Mount(layers[0], "/opt", "", syscall.MS_BIND|syscall.MS_REC, "")
	}
	if err := syscall.Mount("tmpfs", "/opt", "tmpfs", 0, "mode=0755"); err != nil {
		return err
	}
	for _, layer := range layers {
		entries, err := os.ReadDir(layer)
		if err != nil {
			return err
		}
		for _, e := range entries {
			src, dst := filepath.Join(layer, e.Name()), filepath.Join("/opt", e.Name())
			if e.IsDir() {
				err = os.MkdirAll(dst, 0o755)
			} else {
				err = os.WriteFile(dst, nil, 0o644)
			}
			if err != nil {
				return err
			}
			if err := syscall.Mount(src, dst, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// helperCommand starts this executable as the helper in new namespaces.
func helperCommand(strategy optStrategy, mode, bootstrap string, layers []string, env []string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	layersJSON, _ := json.Marshal(layers)
	cmd := exec.Command(self, bootstrap)
	cmd.Env = append(append([]string{}, env...), helperEnv+"="+mode, helperLayersEnv+"="+string(layersJSON))
	attr := processAttr()
	attr.Cloneflags = syscall.CLONE_NEWNS
	if strategy == optNamespace {
		attr.Cloneflags |= syscall.CLONE_NEWUSER
		// Root inside the namespace (our own uid outside) keeps the
		// capabilities mounting needs across the helper's exec.
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	}
	cmd.SysProcAttr = attr
	return cmd, nil
}

func namespaceCommand(strategy optStrategy, bootstrap string, cfg Config, env []string) (*exec.Cmd, error) {
	cmd, err := helperCommand(strategy, "exec", bootstrap, cfg.Layers, env)
	if err != nil {
		return nil, err
	}
	cmd.Dir = cfg.CodeDir
	return cmd, nil
}

var (
	optOnce   sync.Once
	optChosen optStrategy
)

// optMode picks, once per process, the first strategy that works here by
// running the helper in probe mode against a scratch layer.
func optMode() optStrategy {
	optOnce.Do(func() {
		optChosen = optEnvFallback
		if os.Getenv(ForceEnvFallback) == "1" {
			return
		}
		layer, err := os.MkdirTemp("", "lambda-probe-")
		if err != nil {
			return
		}
		defer os.RemoveAll(layer)
		if os.WriteFile(filepath.Join(layer, "probe"), nil, 0o644) != nil {
			return
		}
		for _, s := range []optStrategy{optNamespace, optMountNamespace} {
			cmd, err := helperCommand(s, "probe", "", []string{layer}, nil)
			if err == nil && cmd.Run() == nil {
				optChosen = s
				return
			}
		}
	})
	return optChosen
}
