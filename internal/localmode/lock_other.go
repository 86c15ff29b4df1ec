//go:build !unix

package localmode

import "io"

// lockDir: no lock where flock is missing (Windows, where local mode does
// not run); Prepares of one folder must not overlap there.
func lockDir(string, io.Writer) (func(), error) { return func() {}, nil }
