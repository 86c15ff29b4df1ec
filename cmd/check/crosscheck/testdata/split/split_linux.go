//go:build linux

package split

const name = "linux"
