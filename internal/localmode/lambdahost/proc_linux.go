package lambdahost

import "syscall"

// processAttr starts a function in a process group of its own (so a signal
// reaches its children too) that dies with local mode.
func processAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
