//go:build !unix

package phases

import "time"

// SelfCPU is not measured here: -1.
func SelfCPU() time.Duration { return -1 }
