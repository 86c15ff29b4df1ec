// Package benchenv is what the benchmark commands (cmd/bench/segbench,
// cmd/bench/localbench, cmd/bench/startupbench) share about the machine they run on.
package benchenv

import (
	"cmp"
	"log"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
)

// LoadAverage is the machine's 1-, 5- and 15-minute load, printed beside
// the figures: the machines are shared.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return "load average " + strings.Join(f[:3], " ")
	}
	return "load average unknown"
}

// FreePort is a loopback TCP port free right now.
func FreePort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// Median is the middle value of v (the upper one of an even count); v is
// left as it was.
func Median[T cmp.Ordered](v []T) T {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
