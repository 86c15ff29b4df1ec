//go:build unix && !linux

package lambdahost

import "syscall"

// processAttr starts a function in a process group of its own, so a signal
// reaches its children too. (Only Linux can tie its life to local mode's.)
func processAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
