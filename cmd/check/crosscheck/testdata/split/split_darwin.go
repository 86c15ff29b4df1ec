//go:build darwin

package split

import "syscall"

// The darwin file forgot name, and reads a Linux-only system call.
var _ = syscall.SYS_EPOLL_WAIT
