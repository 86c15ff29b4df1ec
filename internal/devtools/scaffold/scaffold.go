// Package scaffold adds a tool to the toolkit (`make new-tool NAME=x`):
// lambdas/<name> with a thin main, plain-Go logic on the shared request
// layer, a table-driven test, a fuzz target and two events; the tool's
// declaration in stacks/tools.go (which the stack, and so local mode,
// follow); and a stub of its route in openapi.json (which the playground
// draws a card from). Everything is prepared in memory and checked before
// the first file is written, so a refused name changes nothing.
package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"io"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"cloudtools/internal/lambdakit/apievent"
	"cloudtools/internal/layout"
)

// Files the scaffold edits, relative to the module root.
const (
	// Declarations is the tool table; Marker is the line new entries go above.
	Declarations = "stacks/tools.go"
	Marker       = "// new-tool: entries are added above this line."
	// OpenAPI is the API description the home tool serves.
	OpenAPI = "lambdas/home/openapi.json"
)

//go:embed templates
var templates embed.FS

// validName: lower-case words of letters and digits, each starting with a
// letter, joined by hyphens, as the existing tools and their routes are
// named. A word may not start with a digit: the stack names the function
// WordCount, and local mode reads the tool's name back from that
// (scratch-tool-2 would come back as scratch-tool2).
var validName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$`)

// maxNameLen keeps the derived names (roles, log groups, alarms) within
// AWS's limits.
const maxNameLen = 32

// Validate says why name cannot be a new tool's name in the module at
// root, or returns nil.
func Validate(root, name string) error {
	if !validName.MatchString(name) || len(name) > maxNameLen {
		return fmt.Errorf("invalid tool name %q: use lower-case letters and digits in words that start with a letter, joined by single hyphens, at most %d characters (e.g. word-count)", name, maxNameLen)
	}
	if _, err := os.Stat(layout.ToolSource(root, name)); err == nil {
		return fmt.Errorf("tool name %q is taken: %s already exists", name, filepath.Join(layout.ToolsDir, name))
	}
	decl, err := os.ReadFile(filepath.Join(root, Declarations))
	if err != nil {
		return err
	}
	if bytes.Contains(decl, []byte(`name: "`+name+`"`)) {
		return fmt.Errorf("tool name %q is taken: %s declares it", name, Declarations)
	}
	if bytes.Contains(decl, []byte(`at("/`+name+`"`)) {
		return fmt.Errorf("route /%s is taken: %s gives it to another tool", name, Declarations)
	}
	doc, err := os.ReadFile(filepath.Join(root, OpenAPI))
	if err != nil {
		return err
	}
	var api struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &api); err != nil {
		return fmt.Errorf("%s: %w", OpenAPI, err)
	}
	if _, ok := api.Paths["/"+name]; ok {
		return fmt.Errorf("route /%s is taken: %s documents it", name, OpenAPI)
	}
	return nil
}

// names are the spellings of a tool's name the templates use.
type names struct {
	Name string // word-count
	ID   string // WordCount (Go and construct identifiers)
	Op   string // wordCount (OpenAPI operation ids)
}

func newNames(name string) names {
	var id strings.Builder
	for _, w := range strings.Split(name, "-") {
		id.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := id.String()
	return names{Name: name, ID: s, Op: strings.ToLower(s[:1]) + s[1:]}
}

// Create scaffolds the tool name in the module at root and reports what it
// wrote to out.
func Create(root, name string, out io.Writer) error {
	if err := Validate(root, name); err != nil {
		return err
	}
	n := newNames(name)
	files := map[string][]byte{} // path relative to root → content
	dir := filepath.Join(layout.ToolsDir, name)
	for tmpl, file := range map[string]string{
		"main.go.tmpl":            layout.ToolMain,
		"tool.go.tmpl":            name + ".go",
		"tool_test.go.tmpl":       name + "_test.go",
		"fuzz_test.go.tmpl":       "fuzz_test.go",
		"console-event.json.tmpl": "console-event.json",
	} {
		b, err := render(tmpl, n)
		if err != nil {
			return err
		}
		if strings.HasSuffix(file, ".go") {
			if b, err = format.Source(b); err != nil {
				return fmt.Errorf("%s: %w", tmpl, err)
			}
		}
		files[filepath.Join(dir, file)] = b
	}
	ev, err := apiEvent(name)
	if err != nil {
		return err
	}
	files[filepath.Join(dir, "event.json")] = ev

	decl, err := declare(root, n)
	if err != nil {
		return err
	}
	files[Declarations] = decl
	doc, err := document(root, n)
	if err != nil {
		return err
	}
	files[OpenAPI] = doc

	if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
		return err
	}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(root, path), files[path], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(out, "wrote", path)
	}
	fmt.Fprintf(out, `
%[1]s is declared, built and routed: GET|POST /%[1]s.
  try it:     make local, then curl 'http://127.0.0.1:3000/%[1]s?text=hello'
  its logic:  %[2]s/%[1]s.go (run), its contract: %[3]s ("/%[1]s"); keep both in step
  then:       make test; the README's route table and docs/API.md get a line; size it in %[4]s (memory, timeout, throttle)
`, name, dir, OpenAPI, Declarations)
	return nil
}

func render(name string, data any) ([]byte, error) {
	t, err := template.ParseFS(templates, "templates/"+name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b.Bytes(), nil
}

// apiEvent is the payload 2.0 event of GET /<name>?text=hello, built by the
// same model as local mode's gateway and the handler tests.
func apiEvent(name string) ([]byte, error) {
	const host = "abcdef1234.execute-api.eu-west-1.amazonaws.com"
	r := httptest.NewRequest("GET", "https://"+host+"/"+name+"?text=hello", nil)
	r.Header.Set("User-Agent", "curl/8.5.0")
	r.Header.Set("Accept", "*/*")
	r.RemoteAddr = "198.51.100.7:50000"
	ev := apievent.FromHTTP(r, nil, apievent.Route{Key: "GET /" + name}, apievent.Context{
		AccountID: "123456789012", APIID: "abcdef1234", RequestID: "Xyz12abcDEFgH1=",
		Time: time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC), Proto: "https",
	})
	b, err := json.MarshalIndent(ev, "", "  ")
	return append(b, '\n'), err
}

// declare is stacks/tools.go with the tool's entry above the marker.
func declare(root string, n names) ([]byte, error) {
	path := filepath.Join(root, Declarations)
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	at := bytes.Index(src, []byte(Marker))
	if at < 0 || bytes.Count(src, []byte(Marker)) != 1 {
		return nil, fmt.Errorf("%s: the line %q must appear once", Declarations, Marker)
	}
	lineStart := bytes.LastIndexByte(src[:at], '\n') + 1
	entry := fmt.Sprintf("\t// Scaffolded by make new-tool: size it from measurements (make bench-local, \"Timeouts\").\n"+
		"\t{name: %q, description: %q, memoryMB: 128, timeoutSec: 3,\n\t\troutes: []route{at(%q, get, post)}},\n",
		n.Name, n.ID+": GET|POST /"+n.Name, "/"+n.Name)
	out := append(append(append([]byte{}, src[:lineStart]...), entry...), src[lineStart:]...)
	formatted, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("%s after adding %s: %w", Declarations, n.Name, err)
	}
	return formatted, nil
}

// document is openapi.json with the tool's path added last under "paths"
// and its tag last under "tags" (the linters want every operation tagged
// with a tag the document defines), the file's key order and two-space
// indentation kept.
func document(root string, n names) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(root, OpenAPI))
	if err != nil {
		return nil, err
	}
	item, err := render("openapi-path.json.tmpl", n)
	if err != nil {
		return nil, err
	}
	tag, err := render("openapi-tag.json.tmpl", n)
	if err != nil {
		return nil, err
	}
	if !json.Valid(item) || !json.Valid(tag) {
		return nil, errors.New("the openapi templates do not render valid JSON")
	}
	// paths comes after tags in the file: insert there first, so the
	// tags' offset still holds.
	joined, err := appendMember(src, "paths", fmt.Appendf(nil, "%q: %s", "/"+n.Name, item))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", OpenAPI, err)
	}
	if joined, err = appendMember(joined, "tags", tag); err != nil {
		return nil, fmt.Errorf("%s: %w", OpenAPI, err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, joined, "", "  "); err != nil {
		return nil, err
	}
	return append(bytes.TrimSpace(out.Bytes()), '\n'), nil
}

// appendMember adds member last to the top-level object or array key.
func appendMember(doc []byte, key string, member []byte) ([]byte, error) {
	end, err := memberEnd(doc, key)
	if err != nil {
		return nil, err
	}
	head := bytes.TrimRight(doc[:end], " \t\r\n")
	sep := ","
	if last := head[len(head)-1]; last == '{' || last == '[' {
		sep = ""
	}
	return fmt.Appendf(nil, "%s%s%s%s", head, sep, member, doc[end:]), nil
}

// memberEnd is the offset of the '}' or ']' closing the top-level object
// or array key.
func memberEnd(doc []byte, key string) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, errors.New("not a JSON object")
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return 0, err
		}
		if k != key {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, err
			}
			continue
		}
		tok, err := dec.Token()
		if err != nil || (tok != json.Delim('{') && tok != json.Delim('[')) {
			return 0, fmt.Errorf("%q is not an object or an array", key)
		}
		object := tok == json.Delim('{')
		for dec.More() {
			if object {
				if _, err := dec.Token(); err != nil { // the member's name
					return 0, err
				}
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return 0, err
		}
		return int(dec.InputOffset()) - 1, nil
	}
	return 0, fmt.Errorf("no %q member", key)
}
