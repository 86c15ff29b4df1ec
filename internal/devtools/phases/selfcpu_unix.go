//go:build unix

package phases

import (
	"syscall"
	"time"
)

// SelfCPU is the CPU this process has used so far (user + sys), its
// children's not included: the difference across a step that runs in this
// process is that step's CPU, while other goroutines only wait.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
