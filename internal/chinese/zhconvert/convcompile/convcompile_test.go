package convcompile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cloudtools/internal/chinese/zhconvert"
)

var sourceDir = filepath.Join("..", "..", "..", "..", SourceDir)

// openccDict is a dictionary of OpenCC's config JSON.
type openccDict struct {
	Type          string       `json:"type"`
	File          string       `json:"file"`
	MatchPolicy   string       `json:"match_policy"`
	Dicts         []openccDict `json:"dicts"`
	MayOutputTofu bool         `json:"may_output_tofu"`
}

func (d openccDict) dict(t *testing.T) zhconvert.Dict {
	switch d.Type {
	case "ocd2":
		return zhconvert.Dict{Table: strings.TrimSuffix(d.File, ".ocd2"), MayOutputTofu: d.MayOutputTofu}
	case "group":
		g := zhconvert.Dict{Union: d.MatchPolicy == "union", MayOutputTofu: d.MayOutputTofu}
		if d.MatchPolicy != "union" && d.MatchPolicy != "short_circuit" && d.MatchPolicy != "" {
			t.Fatalf("match_policy %q", d.MatchPolicy)
		}
		for _, m := range d.Dicts {
			g.Group = append(g.Group, m.dict(t))
		}
		return g
	}
	t.Fatalf("dictionary type %q", d.Type)
	return zhconvert.Dict{}
}

type openccStep struct {
	Dict openccDict `json:"dict"`
}

func steps(t *testing.T, ss []openccStep) []zhconvert.Dict {
	var out []zhconvert.Dict
	for _, s := range ss {
		out = append(out, s.Dict.dict(t))
	}
	return out
}

// TestConfigsAreOpenCCs: zhconvert's configs are, dictionary for
// dictionary, the JSON files of the release the data comes from.
func TestConfigsAreOpenCCs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sourceDir, "config", "*.json"))
	if err != nil || len(files) != 16 {
		t.Fatalf("%d configs (%v), want OpenCC 1.4.1's 16", len(files), err)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Normalization []openccStep `json:"normalization"`
			Segmentation  *struct {
				Type string     `json:"type"`
				Dict openccDict `json:"dict"`
			} `json:"segmentation"`
			Chain []openccStep `json:"conversion_chain"`
		}
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(path, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		want := zhconvert.Config{Name: name, Normalization: steps(t, c.Normalization), Chain: steps(t, c.Chain)}
		if c.Segmentation != nil {
			if c.Segmentation.Type != "mmseg" {
				t.Fatalf("%s: segmentation %q", name, c.Segmentation.Type)
			}
			d := c.Segmentation.Dict.dict(t)
			want.Segmentation = &d
		}
		if got := zhconvert.Configs[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %+v\n want %+v", name, got, want)
		}
	}
	if len(zhconvert.Configs) != len(files) {
		t.Errorf("%d configs in zhconvert, %d in OpenCC", len(zhconvert.Configs), len(files))
	}
}

// TestDerivedTables: the annotations the derived tables follow, on small
// dictionaries.
func TestDerivedTables(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	s, err := readSource(write("ts.txt", "# header\n# @tofu-risk: a note\n㑮\t㑮 𫝈\n發\t发\n# @tofu-risk:\n乾\t干 乾\n"))
	if err != nil {
		t.Fatal(err)
	}
	ext, err := s.table(s.tofuRisk)
	if err != nil || !reflect.DeepEqual(ext, map[string]string{"㑮": "𫝈", "乾": "干 乾"}) {
		t.Errorf("tofu-risk table = %v, %v", ext, err)
	}
	s, err = readSource(write("v.txt", "# @reverse-prefer: 才\n才\t纔 才\n# @reverse-prefer: 鹽 塩\n塩\t鹽\n鹹\t鹽\n"))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := s.reversed()
	if err != nil || !reflect.DeepEqual(rev, map[string]string{"纔": "才", "才": "才", "鹽": "塩 鹹"}) {
		t.Errorf("reversed = %v, %v", rev, err)
	}
	for name, text := range map[string]string{
		"dangling tofu-risk":       "a\tb\n# @tofu-risk: x\n",
		"tofu-risk on a comment":   "# @tofu-risk: x\n# y\na\tb\n",
		"tofu-risk, no other form": "# @tofu-risk: x\na\ta\n",
		"no tab":                   "a b\n",
	} {
		if _, err := readSource(write("bad.txt", text)); err == nil {
			t.Errorf("%s: read", name)
		}
	}
	s, _ = readSource(write("pref.txt", "# @reverse-prefer: 鹽 鹵\n塩\t鹽\n"))
	if _, err := s.reversed(); err == nil {
		t.Error("a preference with no mapping reversed")
	}
	s, _ = readSource(write("dup.txt", "a\tb\na\tc\n"))
	if _, err := s.table(s.entries); err == nil {
		t.Error("a key listed twice compiled")
	}
}

// TestCompile: the committed dictionaries compile, with every derived
// table, and the regional table holds only long simplified keys.
func TestCompile(t *testing.T) {
	tables, err := Tables(sourceDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range zhconvert.Dictionaries() {
		if len(tables[name]) == 0 {
			t.Errorf("%s: empty", name)
		}
	}
	for k, v := range tables[regionalTable] {
		if len([]rune(k)) < regionalMinimum {
			t.Errorf("%s: %q → %q is short", regionalTable, k, v)
		}
	}
	if _, err := Compile(sourceDir); err != nil {
		t.Fatal(err)
	}
}
