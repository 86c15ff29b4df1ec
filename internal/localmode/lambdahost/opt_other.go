//go:build !linux

package lambdahost

import (
	"errors"
	"os/exec"
)

// Mount namespaces are Linux's: elsewhere the layers always reach the
// function through the environment fallback (see opt.go).
func optMode() optStrategy { return optEnvFallback }

func namespaceCommand(optStrategy, string, Config, []string) (*exec.Cmd, error) {
	return nil, errors.New("mount namespaces need Linux")
}
