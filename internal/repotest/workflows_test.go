package repotest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

const root = "../.."

// pinned is an action at a full commit SHA with its version in a comment:
// `uses: owner/repo@<40 hex> # v1.2.3`.
var (
	usesLine = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$`)
	pinnedTo = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	version  = regexp.MustCompile(`^#\s*v\d+(\.\d+){0,2}\b`)
)

// TestActionsArePinned: every `uses:` in the workflows names a full commit
// SHA, and the version it is, so a moved tag cannot change what runs with
// the deploy credentials.
func TestActionsArePinned(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if len(files) == 0 {
		t.Fatal("no workflows")
	}
	uses := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(b), "\n") {
			m := usesLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			uses++
			if strings.HasPrefix(m[1], "./") {
				continue // an action of this repository
			}
			if !pinnedTo.MatchString(m[1]) || !version.MatchString(m[2]) {
				t.Errorf("%s:%d: %q is not pinned as owner/repo@<full SHA> # vX.Y.Z", filepath.Base(f), n+1, strings.TrimSpace(line))
			}
		}
	}
	if uses == 0 {
		t.Error("no uses: lines found; the pattern is stale")
	}
}

func TestUnpinnedUsesAreCaught(t *testing.T) {
	for _, line := range []string{
		"      - uses: actions/checkout@v4",
		"      - uses: actions/checkout@3d3c42e5 # v7.0.1",
		"      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
		"        uses: actions/checkout@main # v7",
	} {
		m := usesLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%q not read as uses:", line)
		}
		if pinnedTo.MatchString(m[1]) && version.MatchString(m[2]) {
			t.Errorf("%q passes as pinned", line)
		}
	}
}

// TestDependabotCoversEveryEcosystem: Go modules, npm and the actions are
// kept current weekly, minor and patch updates grouped.
func TestDependabotCoversEveryEcosystem(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, ".github", "dependabot.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem   string   `yaml:"package-ecosystem"`
			Directory   string   `yaml:"directory"`
			Directories []string `yaml:"directories"`
			Schedule    struct {
				Interval string `yaml:"interval"`
			} `yaml:"schedule"`
			Groups map[string]struct {
				UpdateTypes []string `yaml:"update-types"`
			} `yaml:"groups"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range cfg.Updates {
		seen[u.Ecosystem] = true
		grouped := false
		for _, g := range u.Groups {
			grouped = grouped || (slices.Contains(g.UpdateTypes, "minor") && slices.Contains(g.UpdateTypes, "patch"))
		}
		if u.Schedule.Interval != "weekly" || !grouped || (u.Directory == "" && len(u.Directories) == 0) {
			t.Errorf("%s: want a directory, weekly, minor and patch grouped: %+v", u.Ecosystem, u)
		}
	}
	for _, e := range []string{"gomod", "npm", "github-actions"} {
		if !seen[e] {
			t.Errorf("Dependabot does not cover %s", e)
		}
	}
	if cfg.Version != 2 {
		t.Errorf("version %d, want 2", cfg.Version)
	}
}
