// Package phases records where a build's time goes, one line a phase in
// the file scripts/phase.pl appends to (`make local` and `make test` run
// their shell phases through it), and prints the table: local mode's
// prepare and serve add the phases they run and print it once the API
// answers.
package phases

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Phase is one step of a build: when it began, how long it took, and the
// CPU (user + sys) it used, its waited-for processes included; CPU < 0
// when not measured.
type Phase struct {
	Name  string
	Start time.Time
	Wall  time.Duration
	CPU   time.Duration
}

// Since is a phase that began at start and ends now.
func Since(name string, start time.Time, cpu time.Duration) Phase {
	return Phase{Name: name, Start: start, Wall: time.Since(start), CPU: cpu}
}

// ProcessCPU is the CPU a finished command used, with the processes it
// waited for (a go build's compiles and links, the CDK CLI's app).
func ProcessCPU(cmd *exec.Cmd) time.Duration {
	if cmd.ProcessState == nil {
		return -1
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// Append adds phases to file, in scripts/phase.pl's form; file "" records
// nothing.
func Append(file string, ps ...Phase) error {
	if file == "" {
		return nil
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s\t%.3f\t%.3f\t%.3f\n", p.Name, float64(p.Start.UnixNano())/1e9, p.Wall.Seconds(), p.CPU.Seconds())
	}
	_, err = f.WriteString(b.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Read reads the phases of file, in the order they were appended.
func Read(file string) ([]Phase, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Phase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 4 {
			return nil, fmt.Errorf("%s: %q is not name, start, wall, CPU", file, sc.Text())
		}
		var n [3]float64
		for i, s := range fields[1:] {
			if n[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("%s: %q: %v", file, sc.Text(), err)
			}
		}
		out = append(out, Phase{Name: fields[0], Start: time.Unix(0, int64(n[0]*1e9)),
			Wall: seconds(n[1]), CPU: seconds(n[2])})
	}
	return out, sc.Err()
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// Print writes the phases as a table: each one's start from the first,
// its wall and CPU time, then the whole span and the CPU summed, beside
// the load average (the machine may have been busy with other work).
func Print(w io.Writer, title string, ps []Phase) {
	if len(ps) == 0 {
		return
	}
	first, last := ps[0].Start, ps[0].Start
	var cpu time.Duration
	for _, p := range ps {
		if p.Start.Before(first) {
			first = p.Start
		}
		if end := p.Start.Add(p.Wall); end.After(last) {
			last = end
		}
		cpu += max(p.CPU, 0)
	}
	fmt.Fprintf(w, "\n%s\n  %-34s %8s %8s %8s\n", title, "phase", "from", "wall", "CPU")
	for _, p := range ps {
		c := "-"
		if p.CPU >= 0 {
			c = fmt.Sprintf("%.1fs", p.CPU.Seconds())
		}
		fmt.Fprintf(w, "  %-34s %7.1fs %7.1fs %8s\n", p.Name, p.Start.Sub(first).Seconds(), p.Wall.Seconds(), c)
	}
	fmt.Fprintf(w, "  %-34s %8s %7.1fs %7.1fs   load average %s\n", "total (phases may overlap)", "",
		last.Sub(first).Seconds(), cpu.Seconds(), LoadAverage())
}

// LoadAverage is the 1, 5 and 15 minute load averages, or "unknown".
func LoadAverage() string {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			return strings.Join(f[:3], " ")
		}
	}
	if out, err := exec.Command("sysctl", "-n", "vm.loadavg").Output(); err == nil {
		if f := strings.Fields(strings.Trim(strings.TrimSpace(string(out)), "{}")); len(f) >= 3 {
			return strings.Join(f[:3], " ")
		}
	}
	return "unknown"
}
