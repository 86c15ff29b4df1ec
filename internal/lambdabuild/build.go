// Package lambdabuild compiles the Lambdas under lambdas/ and assembles the
// dictionary layer, with flags that make outputs depend on sources only.
package lambdabuild

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"cloudtools/internal/dictlayer"
)

// goBuildFlags are DESIGN §1's Lambda flags, plus an empty build id and no
// VCS stamp so that identical sources give identical binaries.
var goBuildFlags = []string{"build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags", "-s -w -buildid="}

// gseModule provides the Chinese dictionary files of the layer.
const gseModule = "github.com/go-ego/gse"

// Tools lists the Lambdas: every directory under lambdas/ with a main.go.
func Tools(root string) ([]string, error) {
	mains, err := filepath.Glob(filepath.Join(root, "lambdas", "*", "main.go"))
	if err != nil {
		return nil, err
	}
	tools := make([]string, 0, len(mains))
	for _, m := range mains {
		tools = append(tools, filepath.Base(filepath.Dir(m)))
	}
	slices.Sort(tools)
	return tools, nil
}

// Build compiles every tool for linux/arch and assembles the layer.
func Build(root, out, arch string) ([]string, error) {
	tools, err := Tools(root)
	if err != nil {
		return nil, err
	}
	for _, tool := range tools {
		if err := BuildLambda(root, out, arch, tool); err != nil {
			return nil, err
		}
	}
	if err := removeStale(filepath.Join(out, "lambdas"), tools); err != nil {
		return nil, err
	}
	return tools, BuildDictionaryLayer(root, filepath.Join(out, "layers", "dictionary"))
}

// BuildLambda compiles lambdas/<tool> into out/lambdas/<tool>/bootstrap.
func BuildLambda(root, out, arch, tool string) error {
	dst, err := filepath.Abs(filepath.Join(out, "lambdas", tool, "bootstrap"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	args := append(slices.Clone(goBuildFlags), "-o", dst, "./lambdas/"+tool)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", tool, err, stderr.String())
	}
	return nil
}

// removeStale deletes output folders of tools that no longer exist, so a
// removed tool cannot linger in local mode or a deploy.
func removeStale(dir string, tools []string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !slices.Contains(tools, e.Name()) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// BuildDictionaryLayer writes the layer's content: dict/ with gse's Chinese
// word lists (from the module version go.mod pins), the project's user
// dictionary, and their licences. Lambda mounts it at /opt.
func BuildDictionaryLayer(root, dst string) error {
	gseDir, err := moduleDir(root, gseModule)
	if err != nil {
		return err
	}
	dictDir := filepath.Join(dst, "dict")
	sources := map[string]string{} // layer path → source path
	for _, f := range dictlayer.Files {
		if f == "user.txt" {
			sources[f] = filepath.Join(root, "assets", "dict", "user.txt")
		} else {
			sources[f] = filepath.Join(gseDir, "data", "dict", filepath.FromSlash(f))
		}
	}
	sources["LICENSE-gse.txt"] = filepath.Join(gseDir, "LICENSE")
	want := map[string]bool{}
	for name, src := range sources {
		dstFile := filepath.Join(dictDir, filepath.FromSlash(name))
		want[dstFile] = true
		if err := copyFile(src, dstFile); err != nil {
			return err
		}
	}
	// Drop files no longer part of the layer.
	return filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !want[p] {
			err = os.Remove(p)
		}
		return err
	})
}

// moduleDir asks the go command where a required module's files are.
func moduleDir(root, module string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module)
	cmd.Dir = root
	out, err := cmd.Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		return "", fmt.Errorf("locate %s (run go mod download): %v", module, err)
	}
	return dir, nil
}

// copyFile copies src to dst unless dst already holds the same bytes:
// a rebuild leaves unchanged files alone, so a concurrent reader (another
// synth, a running local server) never sees one half-written or missing.
func copyFile(src, dst string) error {
	if same, _ := sameContent(src, dst); same {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	// Write beside, then rename over: readers see the old or the new file.
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

func sameContent(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil || sa.Size() != sb.Size() {
		return false, err
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ba, bb), nil
}
