package localmode

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/localmode/assembly"
	"cloudtools/internal/testsupport/syncbuf"
)

// TestEnvFileChangesWhatAFunctionSees: an env file in SAM's shape sets the
// variables the template declares (Parameters for all, the tool's entry
// over it), warns of and ignores the others, through serve and invoke; a
// file naming no function, or not JSON, fails the start.
func TestEnvFileChangesWhatAFunctionSees(t *testing.T) {
	asm := writeThrowawayAssembly(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := write("env.json", `{
		"Parameters": {"REGION_SEEN": "eu-west-3", "NOBODY_DECLARES": "x"},
		"misbehave": {"HELLO_FILE": "/opt/data/other.txt", "UNDECLARED": "y"}
	}`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := &syncbuf.Buffer{}
	srv, err := Start(ctx, Options{Assembly: asm, EnvFile: env, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for query, want := range map[string]string{
		"do=env&name=REGION_SEEN": "eu-west-3",           // Parameters
		"do=env&name=HELLO_FILE":  "/opt/data/other.txt", // the tool's own entry
		"do=env&name=UNDECLARED":  "",                    // not declared: ignored
	} {
		if r := do(t, "GET", srv.URL+"/any?"+query, ""); string(r.Body) != want {
			t.Errorf("%s: %q, want %q", query, r.Body, want)
		}
	}
	srv.Close()
	for _, warning := range []string{"misbehave declares no UNDECLARED; ignored", "no function declares NOBODY_DECLARES"} {
		if !strings.Contains(out.String(), warning) {
			t.Errorf("no warning %q in:\n%s", warning, out)
		}
	}

	// make invoke reads it too.
	res, err := InvokeWith(ctx, InvokeOptions{Assembly: asm, Tool: "misbehave", EnvFile: env, Output: io.Discard,
		Payload: []byte(`{"queryStringParameters": {"do": "env", "name": "REGION_SEEN"}}`)})
	if err != nil || !strings.Contains(string(res.Payload), `"body":"eu-west-3"`) {
		t.Errorf("invoke with the env file: %v %s", err, res.Payload)
	}

	for name, text := range map[string]string{
		"unknown tool": `{"nope": {"A": "b"}}`,
		"not JSON":     `{"Parameters": `,
		"not scalar":   `{"Parameters": {"A": {"b": 1}}}`,
	} {
		_, err := Start(ctx, Options{Assembly: asm, EnvFile: write(name+".json", text)})
		if err == nil || !strings.Contains(err.Error(), "env file") {
			t.Errorf("%s: started (%v)", name, err)
		}
	}
}

func TestEnvFileByLogicalID(t *testing.T) {
	app := &assembly.App{Functions: []*assembly.Function{{Name: "calc", LogicalID: "CalcFunction1234", Environment: map[string]string{"A": "1"}}}}
	p := filepath.Join(t.TempDir(), "env.json")
	os.WriteFile(p, []byte(`{"CalcFunction1234": {"A": 2}}`), 0o644)
	o, err := ReadEnvFile(p, app)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"A": "1"}
	if w := o.apply(app.Functions[0], env); len(w) != 0 || env["A"] != "2" {
		t.Errorf("env %v, warnings %v", env, w)
	}
}
