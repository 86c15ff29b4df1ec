// Package archtest checks the dependency rule of docs/ARCHITECTURE.md on
// the module's real import graph (go list), so the tree keeps the shape the
// document describes.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "cloudtools/"

// imports maps each package of the module (relative to it) to the module
// packages it imports; deps to everything it links.
func graph(t *testing.T, format string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", format, "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	g := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, module) {
				g[pkg] = append(g[pkg], strings.TrimPrefix(imp, module))
			}
		}
		if _, ok := g[pkg]; !ok {
			g[pkg] = nil
		}
	}
	return g
}

func under(pkg string, prefixes ...string) bool {
	for _, p := range prefixes {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

func TestDependencyRule(t *testing.T) {
	imports := graph(t, "{{.ImportPath}} {{join .Imports \" \"}}")
	deps := graph(t, "{{.ImportPath}} {{join .Deps \" \"}}")
	if len(imports) < 30 {
		t.Fatalf("go list found %d packages", len(imports))
	}
	for pkg, imps := range imports {
		for _, imp := range imps {
			var broken string
			switch {
			case under(imp, "internal/testsupport") && !under(pkg, "internal/testsupport", "cmd/bench", "cmd/eval", "cmd/check"):
				broken = "only tests, benchmarks and checks use test support (not the user's commands)"
			case under(pkg, "internal/layout"):
				broken = "layout is a leaf every wing may use"
			case under(pkg, "lambdas", "internal/lambdakit") && under(imp, "internal/localmode", "internal/devtools", "internal/testsupport"):
				broken = "what a Lambda links knows nothing of local mode or the build"
			// segtest, a test helper, builds the dictionary it serves.
			case under(pkg, "internal/chinese") && !under(pkg, "internal/chinese/segmenter/segtest") &&
				under(imp, "internal/lambdakit", "internal/localmode", "internal/devtools"):
				broken = "Chinese text is plain Go, without Lambda or local mode"
			case under(pkg, "internal/localmode/gateway") && under(imp, "internal/localmode/lambdahost", "internal/localmode/assembly"),
				under(pkg, "internal/localmode/lambdahost") && under(imp, "internal/localmode/gateway", "internal/localmode/assembly"):
				broken = "the gateway and the host meet only through localmode's adapter"
			case under(pkg, "internal") && !under(pkg, "internal/testsupport") && under(imp, "lambdas", "stacks"):
				broken = "internal packages serve the tools and the stacks, not the other way"
			}
			if broken != "" {
				t.Errorf("%s imports %s: %s", pkg, imp, broken)
			}
		}
	}
	// A Lambda links the readers of the compiled files only: never their
	// compilers or the source readers (go/parser and gse's data).
	for pkg, ds := range deps {
		if !under(pkg, "lambdas") {
			continue
		}
		for _, d := range ds {
			if under(d, "internal/chinese/segdict/dictcompile", "internal/chinese/segdict/segsource",
				"internal/chinese/zhconvert/convcompile", "internal/chinese/pinyin/pinyincompile") {
				t.Errorf("%s links %s", pkg, d)
			}
		}
	}
}
