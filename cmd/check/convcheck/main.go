// Command convcheck measures /convert's engine against OpenCC's own, at
// the release /convert follows (1.4.1), built from source with its own
// dictionaries (cmd/check/convcheck/build-opencc.sh). It checks that the tables
// the build derives equal those OpenCC's build derives, then runs the
// opencc command over a corpus for each of the sixteen configs, line by
// line, counts the lines where zhconvert's output differs, and times both.
//
//	cmd/check/convcheck/build-opencc.sh
//	go run ./cmd/check/convcheck [-opencc ~/.cache/cloudtools/opencc-1.4.1] [-man /usr/share/man] [-extra file.txt ...]
//
// The corpora are Debian's manual pages (apt install manpages-zh
// manpages-ja): zh_CN for the configs from simplified, zh_TW for those from
// traditional (t2jp too), ja for jp2t and t2jp; -extra adds plain-text
// files (one sentence a line) to every config.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/zhconvert"
	"cloudtools/internal/chinese/zhconvert/convcompile"
	"cloudtools/internal/testsupport/benchenv"
	"cloudtools/internal/testsupport/corpus"
)

// release is the OpenCC release the data and the reference engine are.
const release = "1.4.1"

type extraFiles []string

func (e *extraFiles) String() string     { return strings.Join(*e, ",") }
func (e *extraFiles) Set(v string) error { *e = append(*e, v); return nil }

// corpusFor names the manual-page languages each config reads: what its
// source script is.
func corpusFor(config string) []string {
	switch {
	case config == "t2jp":
		return []string{"zh_TW", "ja"}
	case config == "jp2t":
		return []string{"ja"}
	case strings.HasPrefix(config, "s2"):
		return []string{"zh_CN"}
	}
	return []string{"zh_TW"}
}

func main() {
	log.SetFlags(0)
	home, _ := os.UserHomeDir()
	prefix := flag.String("opencc", filepath.Join(home, ".cache", "cloudtools", "opencc-"+release),
		"OpenCC's install prefix, as build-opencc.sh leaves it (bin/opencc, share/opencc, build/data)")
	man := flag.String("man", "/usr/share/man", "folder holding the zh_CN, zh_TW and ja manual pages")
	showDiffs := flag.Int("show", 5, "differing lines to print per config")
	var extra extraFiles
	flag.Var(&extra, "extra", "a text file to add to every config's corpus (repeatable)")
	flag.Parse()

	opencc := filepath.Join(*prefix, "bin", "opencc")
	version, err := exec.Command(opencc, "--version").Output()
	if err != nil {
		log.Fatalf("convcheck needs OpenCC %s built from source: cmd/check/convcheck/build-opencc.sh (%v)", release, err)
	}
	if !strings.Contains(string(version), "Version: "+release) {
		log.Fatalf("%s is not OpenCC %s: %s", opencc, release, bytes.TrimSpace(version))
	}

	tables, err := convcompile.Tables(convcompile.SourceDir)
	if err != nil {
		log.Fatal(err)
	}
	checkDerived(tables, filepath.Join(*prefix, "build", "data"))

	data, err := convcompile.Compile(convcompile.SourceDir)
	if err != nil {
		log.Fatal(err)
	}
	f, err := phrasemap.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	conv, err := zhconvert.New(f)
	if err != nil {
		log.Fatal(err)
	}

	corpora := map[string][]string{}
	for _, lang := range []string{"zh_CN", "zh_TW", "ja"} {
		lines, err := corpus.ManPages(filepath.Join(*man, lang))
		if err != nil || len(lines) == 0 {
			log.Fatalf("no %s manual pages in %s (apt install manpages-zh manpages-ja): %v", lang, *man, err)
		}
		corpora[lang] = lines
	}
	var extraLines []string
	for _, e := range extra {
		b, err := os.ReadFile(e)
		if err != nil {
			log.Fatal(err)
		}
		extraLines = append(extraLines, strings.Split(strings.TrimSpace(string(b)), "\n")...)
	}

	fmt.Printf("zhconvert against OpenCC %s's opencc, built from source with its own dictionaries (%s)\n", release, benchenv.LoadAverage())
	fmt.Printf("| config | corpus | lines | characters | differing lines | zhconvert CPU | opencc CPU |\n|---|---|---|---|---|---|---|\n")
	failed := false
	for _, name := range slices.Sorted(maps.Keys(zhconvert.Configs)) {
		for _, lang := range corpusFor(name) {
			lines := slices.Concat(corpora[lang], extraLines)
			label := "manpages " + lang
			if len(extra) > 0 {
				label += " + extra"
			}
			diff, chars, ours, ref := check(conv, opencc, *prefix, name, lines, *showDiffs)
			failed = failed || diff > 0
			fmt.Printf("| %s | %s | %d | %d | %d | %.0f ms | %.0f ms |\n", name, label, len(lines), chars, diff,
				ours.Seconds()*1000, ref.Seconds()*1000)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// check converts lines with both engines and counts the lines that differ.
func check(conv *zhconvert.Converter, opencc, prefix, config string, lines []string, show int) (diff, chars int, ours, ref time.Duration) {
	// A NUL or a carriage return would split or merge lines in one engine
	// and not the other.
	lines = slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return strings.ContainsAny(l, "\x00\r") })
	input := strings.Join(lines, "\n") + "\n"
	want, ref, err := runOpenCC(opencc, filepath.Join(prefix, "share", "opencc", config+".json"), input)
	if err != nil {
		log.Fatalf("%s: %v", config, err)
	}
	start := benchenv.CPUTime()
	got := make([]string, len(lines))
	for i, l := range lines {
		segs, err := conv.Convert(config, l)
		if err != nil {
			log.Fatal(err)
		}
		got[i] = zhconvert.String(segs)
	}
	ours = benchenv.CPUTime() - start
	wantLines := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	for i := range lines {
		w := ""
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if got[i] != w {
			if diff < show {
				fmt.Fprintf(os.Stderr, "%s line %d:\n  source   %s\n  opencc   %s\n  ours     %s\n", config, i, lines[i], w, got[i])
			}
			diff++
		}
	}
	return diff, len([]rune(input)), ours, ref
}

// checkDerived compares the tables convcompile derives with the text files
// OpenCC's build generated (comments aside); it stops at a difference.
func checkDerived(tables map[string]map[string]string, buildData string) {
	for _, name := range convcompile.Derived() {
		b, err := os.ReadFile(filepath.Join(buildData, name+".txt"))
		if err != nil {
			log.Fatalf("OpenCC's generated %s: %v", name, err)
		}
		var entries []string
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				entries = append(entries, l)
			}
		}
		want := strings.Join(entries, "\n") + "\n"
		if got := convcompile.Text(tables[name]); string(got) != want {
			log.Fatalf("%s differs from OpenCC's build (%s)", name, buildData)
		}
	}
	fmt.Printf("derived tables identical to OpenCC %s's build: %s\n", release, strings.Join(convcompile.Derived(), ", "))
}

// runOpenCC converts input with the opencc command, loading the
// dictionaries OpenCC's library and test suite load (those that may output
// tofu too), and returns its output and CPU time (user+sys).
func runOpenCC(opencc, config, input string) (string, time.Duration, error) {
	cmd := exec.Command(opencc, "-c", config, "--include-tofu-risk-dictionaries")
	cmd.Stdin = strings.NewReader(input)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", 0, fmt.Errorf("opencc: %v: %s", err, errOut.String())
	}
	return out.String(), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}
