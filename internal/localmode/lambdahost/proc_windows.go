package lambdahost

import (
	"os"
	"syscall"
)

// processAttr: Windows has no process groups to set up here.
func processAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }

// signalGroup ends the process: Windows delivers no SIGTERM, so any signal
// is a kill (Lambda's shutdown grace is lost, nothing else).
func signalGroup(pid int, _ syscall.Signal) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}
