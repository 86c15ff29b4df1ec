package policycheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// guard finds the pinned binary; CI installs it (npm ci), a machine
// without node_modules skips visibly.
func guard(t *testing.T) Guard {
	t.Helper()
	g, err := FindGuard(filepath.Join("..", "..", ".."))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("SKIP: %v", err)
	}
	// The S3 controls only: what the test's bucket can break, in a
	// fraction of the time of all 237 rules.
	g.Rules = filepath.Join(g.Rules, "s3")
	return g
}

// writeTemplate writes a template with one S3 bucket carrying acks.
func writeTemplate(t *testing.T, acks map[string]string) string {
	t.Helper()
	bucket := map[string]any{"Type": "AWS::S3::Bucket", "Properties": map[string]any{}}
	if acks != nil {
		bucket["Metadata"] = map[string]any{MetadataKey: acks}
	}
	raw, _ := json.Marshal(map[string]any{"Resources": map[string]any{"Plain": bucket}})
	path := filepath.Join(t.TempDir(), "Test.template.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestViolationFailsUntilAcknowledged: a bare bucket breaks Control Tower's
// S3 controls and fails the check; acknowledging each control with a
// reason passes it; an acknowledgement of a control nothing breaks fails
// it again, and one without a reason is refused.
func TestViolationFailsUntilAcknowledged(t *testing.T) {
	g := guard(t)
	r, err := g.Check([]string{writeTemplate(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Failed() {
		t.Fatalf("a bucket without versioning, logging or KMS passed:\n%s", r.Table())
	}
	acks := map[string]string{}
	for _, f := range r.Findings {
		if f.Resource != "Plain" || !strings.HasPrefix(f.Control, "CT.S3.PR.") {
			t.Errorf("unexpected finding %+v", f)
		}
		acks[f.Control] = "test: accepted"
	}
	if acks["CT.S3.PR.11"] == "" {
		t.Errorf("no versioning finding (CT.S3.PR.11) among %v", r.Findings)
	}
	if !strings.Contains(r.Table(), "FAIL  Test.template.json Plain CT.S3.PR.11") {
		t.Errorf("the table does not name the failure:\n%s", r.Table())
	}

	r, err = g.Check([]string{writeTemplate(t, acks)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed() {
		t.Fatalf("every finding acknowledged, still failed:\n%s", r.Table())
	}

	acks["CT.LAMBDA.PR.3"] = "test: nothing breaks this"
	if r, err = g.Check([]string{writeTemplate(t, acks)}); err != nil || !r.Failed() || len(r.Stale) != 1 {
		t.Fatalf("a stale acknowledgement passed: %v\n%s", err, r.Table())
	}

	if _, err := g.Check([]string{writeTemplate(t, map[string]string{"CT.S3.PR.11": " "})}); err == nil {
		t.Error("an acknowledgement without a reason was accepted")
	}
}
