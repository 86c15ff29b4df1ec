//go:build unix

package lambdahost

import "syscall"

// signalGroup signals a function's process group and the process itself.
func signalGroup(pid int, sig syscall.Signal) {
	syscall.Kill(-pid, sig)
	syscall.Kill(pid, sig)
}
