//go:build !unix

package benchenv

import "time"

// CPUTime is 0 where the system offers no getrusage: the figures that use
// it read as unknown.
func CPUTime() time.Duration { return 0 }
