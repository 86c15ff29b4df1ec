// Package poll waits for a condition in tests that watch another process
// (its logs, its exit) where there is nothing to wait on.
package poll

import "time"

// Until polls cond every 10 ms for up to timeout and reports whether it
// became true.
func Until(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}
