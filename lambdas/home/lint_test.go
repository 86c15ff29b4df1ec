package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// The two OpenAPI linters people run, pinned in package.json (make deps
// installs them), each with its default ruleset (redocly.yaml,
// .spectral.yaml: nothing disabled).
const repoRoot = "../.."

// TestDescriptionLintsClean: Redocly's recommended rules and Spectral's
// spectral:oas find nothing, neither error nor warning, in the committed
// description nor in the copy the API serves (its own base URL in servers).
func TestDescriptionLintsClean(t *testing.T) {
	// apigwtest's events come from apigwtest.execute-api.us-east-1.amazonaws.com.
	served := apigwtest.Invoke(t, "home", handle, apigwtest.Event("GET", "/openapi.json", nil, ""))
	if served.Status != 200 || !bytes.Contains(served.Body, []byte(`"url":"https://apigwtest.execute-api.us-east-1.amazonaws.com"`)) {
		t.Fatalf("GET /openapi.json: %d, servers not the API's own: %.300s", served.Status, served.Body)
	}
	dir := t.TempDir()
	files := map[string][]byte{"committed": openAPI, "served": served.Body}
	for name, doc := range files {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		if problems, err := redocly(path); err != nil || len(problems) > 0 {
			t.Errorf("%s: Redocly: %v %v", name, problems, err)
		}
		if problems, err := spectral(path); err != nil || len(problems) > 0 {
			t.Errorf("%s: Spectral: %v %v", name, problems, err)
		}
	}
}

func linter(name string) string {
	bin, err := filepath.Abs(filepath.Join(repoRoot, "node_modules", ".bin", name))
	if err == nil {
		if _, err = os.Stat(bin); err == nil {
			return bin
		}
	}
	return "" // reported by the caller: make deps installs it
}

// redocly lints with Redocly's recommended ruleset and returns every
// error and warning.
func redocly(path string) ([]string, error) {
	bin := linter("redocly")
	if bin == "" {
		return nil, fmt.Errorf("no node_modules/.bin/redocly: run make deps")
	}
	cmd := exec.Command(bin, "lint", "--config", filepath.Join(repoRoot, "redocly.yaml"), "--format", "json", path)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	var report struct {
		Totals   struct{ Errors, Warnings int } `json:"totals"`
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"problems"`
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		return nil, fmt.Errorf("redocly: %v (%v): %s", err, runErr, errOut.String())
	}
	var problems []string
	for _, p := range report.Problems {
		problems = append(problems, p.Severity+" "+p.RuleID+": "+p.Message)
	}
	if report.Totals.Errors+report.Totals.Warnings > len(problems) {
		problems = append(problems, fmt.Sprintf("%d errors, %d warnings", report.Totals.Errors, report.Totals.Warnings))
	}
	return problems, nil
}

// spectral lints with spectral:oas and returns every result (errors,
// warnings, and the informational ones too).
func spectral(path string) ([]string, error) {
	bin := linter("spectral")
	if bin == "" {
		return nil, fmt.Errorf("no node_modules/.bin/spectral: run make deps")
	}
	cmd := exec.Command(bin, "lint", "--ruleset", filepath.Join(repoRoot, ".spectral.yaml"), "--format", "json", "--quiet", path)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	var results []struct {
		Code     string `json:"code"`
		Severity int    `json:"severity"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &results); err != nil {
		return nil, fmt.Errorf("spectral: %v (%v): %s%s", err, runErr, out.String(), errOut.String())
	}
	var problems []string
	for _, r := range results {
		problems = append(problems, fmt.Sprintf("severity %d %s: %s", r.Severity, r.Code, r.Message))
	}
	return problems, nil
}

// TestLintersCatchProblems: the test can fail; a description without
// servers or tags draws both linters' findings.
func TestLintersCatchProblems(t *testing.T) {
	broken, ok := withServers(openAPI, []server{})
	if !ok {
		t.Fatal("no servers in openapi.json")
	}
	broken = bytes.Replace(broken, []byte(`"tags": [
        "calc"
      ],`), nil, 1)
	path := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	if problems, err := redocly(path); err != nil || len(problems) == 0 {
		t.Errorf("Redocly found nothing in a broken description (%v)", err)
	}
	if problems, err := spectral(path); err != nil || len(problems) == 0 {
		t.Errorf("Spectral found nothing in a broken description (%v)", err)
	}
}

// TestServedServers: the served copy names the API it came from, behind a
// custom domain's mapping too; a Host no one can resolve is not echoed.
func TestServedServers(t *testing.T) {
	for _, tc := range []struct {
		host, proto, path, want string
	}{
		{"abc.execute-api.eu-west-1.amazonaws.com", "https", "/openapi.json", "https://abc.execute-api.eu-west-1.amazonaws.com"},
		{"127.0.0.1:3000", "http", "/openapi.json", "http://127.0.0.1:3000"},
		{"api.example.org", "https", "/tools/openapi.json", "https://api.example.org/tools"},
		{"evil.example\"},{\"url\":\"x", "https", "/openapi.json", "http://127.0.0.1:3000"},
	} {
		doc := servedDescription(&apigw.Request{Method: "GET", Path: tc.path,
			Header: http.Header{"Host": {tc.host}, "X-Forwarded-Proto": {tc.proto}}})
		var d struct {
			Servers []server `json:"servers"`
		}
		if err := json.Unmarshal(doc, &d); err != nil || len(d.Servers) != 1 || d.Servers[0].URL != tc.want {
			t.Errorf("Host %q %s: servers %+v (%v), want %s", tc.host, tc.path, d.Servers, err, tc.want)
		}
	}
	if bytes.Count(openAPI, serversOpen) != 1 {
		t.Error("openapi.json must hold exactly one servers array")
	}
}
