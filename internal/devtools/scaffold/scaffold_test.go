package scaffold

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/testsupport/poll"
	"cloudtools/internal/testsupport/syncbuf"
)

// moduleRoot is this module's root, two folders up.
var moduleRoot, _ = filepath.Abs(filepath.Join("..", "..", ".."))

func TestNames(t *testing.T) {
	for _, tc := range []struct{ name, id, op string }{
		{"pinyin", "Pinyin", "pinyin"},
		{"word-count", "WordCount", "wordCount"},
		{"a1-b2-c3", "A1B2C3", "a1B2C3"},
		{"pinyin2", "Pinyin2", "pinyin2"},
	} {
		if n := newNames(tc.name); n.ID != tc.id || n.Op != tc.op {
			t.Errorf("%s: %+v", tc.name, n)
		}
	}
}

// TestRefusesInvalidAndTakenNames: each refusal names its reason, and the
// module is left as it was.
func TestRefusesInvalidAndTakenNames(t *testing.T) {
	before := snapshot(t, moduleRoot)
	for _, tc := range []struct{ name, why string }{
		{"", "invalid tool name"},
		{"Calc", "invalid tool name"},
		{"word_count", "invalid tool name"},
		{"-x", "invalid tool name"},
		{"x-", "invalid tool name"},
		{"a--b", "invalid tool name"},
		{"1up", "invalid tool name"},
		{"scratch-tool-2", "invalid tool name"}, // local mode would read it back as scratch-tool2
		{"../calc", "invalid tool name"},
		{"openapi.json", "invalid tool name"},
		{strings.Repeat("a", 33), "invalid tool name"},
		{"calc", `"calc" is taken: lambdas/calc already exists`},
		{"segment", "is taken"},
		{"keywords", "route /keywords is taken"},
	} {
		err := Create(moduleRoot, tc.name, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("Create(%q) = %v, want an error saying %q", tc.name, err, tc.why)
		}
	}
	if after := snapshot(t, moduleRoot); after != before {
		t.Error("a refused name changed the module")
	}
}

// snapshot is the content of the files the scaffold edits and the tool list.
func snapshot(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	for _, f := range []string{Declarations, OpenAPI} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	tools, _ := filepath.Glob(filepath.Join(root, layout.ToolsDir, "*"))
	b.WriteString(strings.Join(tools, "\n"))
	return b.String()
}

// TestScaffoldedToolInAScratchCopy is the user's path end to end, on a copy
// of the module: `make new-tool NAME=word-count`, then the copy's tests for
// the new tool (go test vets it too) and the home page, and `make local`'s
// two steps (the synth with cdk-nag, then serving): the new route answers
// at once and the served openapi.json documents it.
func TestScaffoldedToolInAScratchCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and synthesizes a copy of the module")
	}
	if _, err := os.Stat(filepath.Join(moduleRoot, "node_modules", ".package-lock.json")); err != nil {
		t.Skip("needs the CDK CLI: make deps")
	}
	copyRoot := copyModule(t)
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = copyRoot
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("%s %s: %.1fs", name, strings.Join(args, " "), time.Since(start).Seconds())
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// A name free in this module (a copy where word-count exists tries on).
	name := "word-count"
	for c := 'a'; Validate(moduleRoot, name) != nil; c++ {
		name = "scratch-tool-" + string(c)
	}
	out := run("make", "--no-print-directory", "new-tool", "NAME="+name)
	if !strings.Contains(out, "wrote lambdas/"+name+"/main.go") || !strings.Contains(out, "GET|POST /"+name) {
		t.Errorf("make new-tool said:\n%s", out)
	}
	// A second run refuses: the name is now taken.
	cmd := exec.Command("make", "--no-print-directory", "new-tool", "NAME="+name)
	cmd.Dir = copyRoot
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "is taken") {
		t.Errorf("second make new-tool: %v\n%s", err, out)
	}

	if out := run("gofmt", "-l", "lambdas/"+name, "stacks"); out != "" {
		t.Errorf("gofmt -l: %s", out)
	}
	// The tool's own tests (its fuzz target over its seeds) and the home
	// page's (openapi.json is valid); a -fuzz run would compile every
	// dependency again with coverage instrumentation. The
	// stacks' and the template's tests are left to the copy's make test:
	// each links the whole AWS CDK again, and local mode's prepare below
	// synthesizes the app with cdk-nag, which fails on a finding left open.
	run("go", "test", "-count=1", "./lambdas/home", "./lambdas/"+name)

	// make local's two steps, with this module's local command: it works
	// on the module in its working directory, and the copy's is the same
	// program (compiling it again in the copy's path is a minute of a cold
	// CI run).
	local := filepath.Join(t.TempDir(), "cloudtools-local")
	build := exec.Command("go", "build", "-o", local, "./cmd/local")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the local command: %v\n%s", err, out)
	}
	run(local, "prepare", "-out", layout.LocalDir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, local, "serve",
		"-assembly", layout.LocalAssembly, "-addr", "127.0.0.1:0", "-lambda-addr", "127.0.0.1:0")
	serve.Dir = copyRoot
	var log syncbuf.Buffer
	serve.Stdout, serve.Stderr = &log, &log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Wait()
	defer cancel()
	ready := regexp.MustCompile(`local API at (http://\S+)/ `)
	if !poll.Until(time.Minute, func() bool { return ready.MatchString(log.String()) }) {
		t.Fatalf("local mode did not start:\n%s", log.String())
	}
	url := ready.FindStringSubmatch(log.String())[1]
	if !regexp.MustCompile(`POST /` + name + ` +→ ` + name).MatchString(log.String()) {
		t.Errorf("the route table lacks the new tool:\n%s", log.String())
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/" + name + "?text=hello&reverse=true", "", 200, `{"text":"olleh","characters":5}`},
		{"POST", "/" + name, `{"text":"你好"}`, 200, `{"text":"你好","characters":2}`},
		{"GET", "/" + name, "", 400, `"error":"Invalid input"`},
	} {
		req, _ := http.NewRequest(tc.method, url+tc.path, strings.NewReader(tc.body))
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, res.StatusCode, body, tc.status, tc.want)
		}
	}
	// The served description documents the route (the playground's card
	// comes from it).
	res, err := http.Get(url + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || doc.Paths["/"+name]["get"] == nil || doc.Paths["/"+name]["post"] == nil {
		t.Errorf("served openapi.json lacks GET and POST /%s (%v)", name, err)
	}
}

// copyModule copies the module's files (tracked, and new ones not
// ignored) to a temporary folder, with node_modules and the dictionary
// layer, so nothing slow is redone.
func copyModule(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = moduleRoot
	list, err := cmd.Output()
	if err != nil {
		t.Skipf("needs a git checkout: %v", err)
	}
	for _, f := range bytes.Split(bytes.TrimRight(list, "\x00"), []byte{0}) {
		name := string(f)
		data, err := os.ReadFile(filepath.Join(moduleRoot, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(filepath.Join(moduleRoot, name))
		if err := os.WriteFile(filepath.Join(dst, name), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	// node_modules as hard links (a copy across file systems), never a
	// symbolic link: an npm ci in the copy would empty this module's.
	cp := exec.Command("cp", "-al", filepath.Join(moduleRoot, "node_modules"), dst)
	if err := cp.Run(); err != nil {
		cp = exec.Command("cp", "-a", filepath.Join(moduleRoot, "node_modules"), dst)
		if out, err := cp.CombinedOutput(); err != nil {
			t.Fatalf("copy node_modules: %v\n%s", err, out)
		}
	}
	layer := layout.DictionaryLayer(layout.BuildDir)
	if _, err := os.Stat(filepath.Join(moduleRoot, layer)); err == nil {
		digests, _ := filepath.Glob(filepath.Join(moduleRoot, layer+".*.inputs"))
		args := []string{"-a", "--parents", layer}
		for _, d := range digests {
			args = append(args, strings.TrimPrefix(d, moduleRoot+string(filepath.Separator)))
		}
		layerCopy := exec.Command("cp", append(args, dst)...)
		layerCopy.Dir = moduleRoot
		if out, err := layerCopy.CombinedOutput(); err != nil {
			t.Logf("dictionary layer not copied (it will be compiled): %v %s", err, out)
		}
	}
	return dst
}
