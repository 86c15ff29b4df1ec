// Command convcheck measures /convert's engine against OpenCC's own: it
// writes OpenCC configs that load the same text dictionaries the build
// compiles (assets/dict/opencc/convert, with the two reversed ones
// derived), runs the opencc command (apt install opencc) over a corpus
// line by line, and counts the lines where zhconvert's output differs; then
// times both on the whole corpus.
//
//	go run ./cmd/convcheck [-man /usr/share/man] [-extra file.txt ...]
//
// The corpus is Debian's Chinese manual pages (apt install manpages-zh):
// zh_CN for the configs from simplified, zh_TW for those from traditional;
// -extra adds plain-text files (one sentence a line) to both.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
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

type extraFiles []string

func (e *extraFiles) String() string     { return strings.Join(*e, ",") }
func (e *extraFiles) Set(v string) error { *e = append(*e, v); return nil }

func main() {
	log.SetFlags(0)
	man := flag.String("man", "/usr/share/man", "folder holding zh_CN and zh_TW manual pages")
	showDiffs := flag.Int("show", 5, "differing lines to print per config")
	var extra extraFiles
	flag.Var(&extra, "extra", "a text file to add to the corpus (repeatable)")
	flag.Parse()
	if _, err := exec.LookPath("opencc"); err != nil {
		log.Fatal("convcheck needs OpenCC's command: apt install opencc")
	}
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
	cfgDir, err := writeOpenCCConfigs(data)
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(cfgDir)

	simplified, err := corpus.ManPages(filepath.Join(*man, "zh_CN"))
	if err != nil {
		log.Fatal(err)
	}
	traditional, err := corpus.ManPages(filepath.Join(*man, "zh_TW"))
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range extra {
		b, err := os.ReadFile(e)
		if err != nil {
			log.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		simplified, traditional = append(simplified, lines...), append(traditional, lines...)
	}
	fmt.Printf("zhconvert against opencc %s with the same dictionaries (%s)\n", openccVersion(), benchenv.LoadAverage())
	fmt.Printf("| config | corpus | lines | characters | differing lines | zhconvert CPU | opencc CPU |\n|---|---|---|---|---|---|---|\n")
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range zhconvert.Configs {
			if !yield(k) {
				return
			}
		}
	}) {
		lines, label := simplified, "manpages zh_CN"
		if strings.HasPrefix(name, "t") || strings.HasPrefix(name, "hk") {
			lines, label = traditional, "manpages zh_TW"
		}
		lines = slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return strings.ContainsRune(l, 0) })
		input := strings.Join(lines, "\n") + "\n"
		want, ref, err := runOpenCC(filepath.Join(cfgDir, name+".json"), input)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		start := benchenv.CPUTime()
		got := make([]string, len(lines))
		for i, l := range lines {
			segs, err := conv.Convert(name, l)
			if err != nil {
				log.Fatal(err)
			}
			got[i] = zhconvert.String(segs)
		}
		ours := benchenv.CPUTime() - start
		wantLines := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
		diff := 0
		for i := range lines {
			if i >= len(wantLines) || got[i] != wantLines[i] {
				if diff < *showDiffs {
					w := ""
					if i < len(wantLines) {
						w = wantLines[i]
					}
					fmt.Fprintf(os.Stderr, "%s line %d:\n  source   %s\n  opencc   %s\n  ours     %s\n", name, i, lines[i], w, got[i])
				}
				diff++
			}
		}
		fmt.Printf("| %s | %s | %d | %d | %d | %.0f ms | %.0f ms |\n", name, label, len(lines), len([]rune(input)), diff,
			ours.Seconds()*1000, ref.Seconds()*1000)
	}
}

// writeOpenCCConfigs writes zhconvert's configs as OpenCC JSON configs over
// text dictionaries: the committed ones, and the reversed ones as the
// compiled file holds them.
func writeOpenCCConfigs(compiled []byte) (string, error) {
	dir, err := os.MkdirTemp("", "convcheck")
	if err != nil {
		return "", err
	}
	for _, src := range convcompile.Sources(convcompile.SourceDir) {
		b, err := os.ReadFile(src)
		if err != nil {
			return "", err
		}
		// OpenCC 1.1's text dictionaries have no comment lines.
		var entries []string
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				entries = append(entries, l)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), []byte(strings.Join(entries, "\n")+"\n"), 0o644); err != nil {
			return "", err
		}
	}
	for _, name := range []string{"TWVariantsRev", "HKVariantsRev"} {
		b, err := convcompile.Text(convcompile.SourceDir, name)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".txt"), b, 0o644); err != nil {
			return "", err
		}
	}
	dict := func(name string) map[string]any { return map[string]any{"type": "text", "file": name + ".txt"} }
	for name, c := range zhconvert.Configs {
		var chain []any
		for _, group := range c.Chain {
			var ds []any
			for _, d := range group {
				ds = append(ds, dict(d))
			}
			chain = append(chain, map[string]any{"dict": map[string]any{"type": "group", "dicts": ds}})
		}
		cfg := map[string]any{"name": name,
			"segmentation":     map[string]any{"type": "mmseg", "dict": dict(c.Segmentation)},
			"conversion_chain": chain}
		b, _ := json.MarshalIndent(cfg, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// runOpenCC converts input with the opencc command and returns its output
// and CPU time (user+sys).
func runOpenCC(config, input string) (string, time.Duration, error) {
	cmd := exec.Command("opencc", "-c", config)
	cmd.Stdin = strings.NewReader(input)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil || errOut.Len() > 0 {
		return "", 0, fmt.Errorf("opencc: %v: %s", err, errOut.String())
	}
	return out.String(), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func openccVersion() string {
	out, _ := exec.Command("dpkg-query", "-W", "-f", "${Version}", "opencc").Output()
	if len(out) == 0 {
		return "(version unknown)"
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Scan()
	return sc.Text()
}
