// Package policycheck runs AWS Control Tower's proactive controls (the
// CloudFormation Guard rules that npm's @cdklabs/cdk-validator-cfnguard
// ships, with its cfn-guard binary) over synthesized templates, beside
// cdk-nag. A finding passes only when the resource acknowledges that
// control with a reason, in its "cloudtools:guard" metadata (written by
// the stacks next to the resource, like the cdk-nag suppressions); an
// acknowledgement for a control the resource no longer breaks is reported
// too, so none outlives its cause.
package policycheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

// MetadataKey is the resource metadata holding acknowledgements: a map
// from control id (CT.S3.PR.9) to the reason.
const MetadataKey = "cloudtools:guard"

// Package is where npm installs the validator, under the module root.
const Package = "node_modules/@cdklabs/cdk-validator-cfnguard"

// Guard locates the pinned cfn-guard binary and the Control Tower rules.
type Guard struct {
	Binary string
	Rules  string
}

// FindGuard returns the package's binary for this machine under root.
func FindGuard(root string) (Guard, error) {
	osDir := map[string]string{"linux": "ubuntu", "darwin": "macos"}[runtime.GOOS]
	archDir := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	if osDir == "" || archDir == "" {
		return Guard{}, fmt.Errorf("the validator package ships no cfn-guard for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	g := Guard{
		Binary: filepath.Join(root, Package, "bin", osDir, archDir, "cfn-guard"),
		Rules:  filepath.Join(root, Package, "rules", "control-tower", "cfn-guard"),
	}
	for _, p := range []string{g.Binary, g.Rules} {
		if _, err := os.Stat(p); err != nil {
			return Guard{}, fmt.Errorf("%w (run npm ci: package.json pins the validator)", err)
		}
	}
	return g, nil
}

// Finding is one control a resource breaks.
type Finding struct {
	Template string // file name
	Resource string // logical id
	Control  string // CT.S3.PR.9
	Rule     string // the Guard rule's name
	// Reason is the acknowledgement's reason; "" when unacknowledged.
	Reason string
}

// Ack is an acknowledgement found in a template.
type Ack struct {
	Template, Resource, Control, Reason string
}

// Report is the outcome over a set of templates.
type Report struct {
	Findings []Finding // every finding, acknowledged or not
	Stale    []Ack     // acknowledgements of controls nothing breaks
}

// Failed reports whether any finding is unacknowledged or any
// acknowledgement stale.
func (r Report) Failed() bool {
	if len(r.Stale) > 0 {
		return true
	}
	for _, f := range r.Findings {
		if f.Reason == "" {
			return true
		}
	}
	return false
}

// Check validates templates with every rule and reconciles the findings
// with the templates' acknowledgements.
func (g Guard) Check(templates []string) (Report, error) {
	if len(templates) == 0 {
		return Report{}, errors.New("no templates to check")
	}
	args := []string{"validate", "--rules", g.Rules, "--show-summary", "none", "--output-format", "json"}
	for _, t := range templates {
		args = append(args, "--data", t)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(g.Binary, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// cfn-guard exits 19 when a rule fails, 0 when all pass.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 19) {
		return Report{}, fmt.Errorf("cfn-guard: %v\n%s", err, stderr.String())
	}
	findings, err := parse(stdout.Bytes())
	if err != nil {
		return Report{}, err
	}
	acks := map[[3]string]string{}
	for _, t := range templates {
		list, err := readAcks(t)
		if err != nil {
			return Report{}, err
		}
		for _, a := range list {
			acks[[3]string{a.Template, a.Resource, a.Control}] = a.Reason
		}
	}
	var r Report
	seen := map[[3]string]bool{}
	for _, f := range findings {
		key := [3]string{f.Template, f.Resource, f.Control}
		f.Reason = acks[key]
		seen[key] = true
		r.Findings = append(r.Findings, f)
	}
	for key, reason := range acks {
		if !seen[key] {
			r.Stale = append(r.Stale, Ack{key[0], key[1], key[2], reason})
		}
	}
	sort.Slice(r.Stale, func(i, j int) bool { return fmt.Sprint(r.Stale[i]) < fmt.Sprint(r.Stale[j]) })
	return r, nil
}

var (
	controlID  = regexp.MustCompile(`\[(CT\.[A-Z0-9]+\.PR\.[0-9]+)\]`)
	resourceID = regexp.MustCompile(`/Resources/([A-Za-z0-9]+)`)
)

// parse reads cfn-guard's JSON output: one document per rule file and
// template, each failing rule with its checks, whose messages name the
// control and whose paths name the resources.
func parse(out []byte) ([]Finding, error) {
	dec := json.NewDecoder(bytes.NewReader(out))
	var findings []Finding
	seen := map[Finding]bool{}
	for dec.More() {
		var doc struct {
			Name         string            `json:"name"`
			Status       string            `json:"status"`
			NotCompliant []json.RawMessage `json:"not_compliant"`
		}
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("cfn-guard's output: %w", err)
		}
		for _, raw := range doc.NotCompliant {
			var rule struct {
				Rule struct {
					Name string `json:"name"`
				} `json:"Rule"`
			}
			json.Unmarshal(raw, &rule)
			controls := controlID.FindAllStringSubmatch(string(raw), -1)
			resources := resourceID.FindAllStringSubmatch(string(raw), -1)
			if len(controls) == 0 || len(resources) == 0 {
				return nil, fmt.Errorf("cfn-guard's output: a failing rule %q without a control or a resource", rule.Rule.Name)
			}
			for _, c := range controls {
				for _, res := range resources {
					f := Finding{Template: filepath.Base(doc.Name), Resource: res[1], Control: c[1], Rule: rule.Rule.Name}
					if !seen[f] {
						seen[f] = true
						findings = append(findings, f)
					}
				}
			}
		}
	}
	sort.Slice(findings, func(i, j int) bool { return fmt.Sprint(findings[i]) < fmt.Sprint(findings[j]) })
	return findings, nil
}

// readAcks lists a template's acknowledgements.
func readAcks(path string) ([]Ack, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var tpl struct {
		Resources map[string]struct {
			Metadata map[string]json.RawMessage `json:"Metadata"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal(raw, &tpl); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Ack
	for id, res := range tpl.Resources {
		m, ok := res.Metadata[MetadataKey]
		if !ok {
			continue
		}
		var acks map[string]string
		if err := json.Unmarshal(m, &acks); err != nil {
			return nil, fmt.Errorf("%s: %s's %s metadata: want {control: reason}: %w", path, id, MetadataKey, err)
		}
		for control, reason := range acks {
			if strings.TrimSpace(reason) == "" {
				return nil, fmt.Errorf("%s: %s acknowledges %s without a reason", path, id, control)
			}
			out = append(out, Ack{filepath.Base(path), id, control, reason})
		}
	}
	return out, nil
}

// Table prints the report for a person: failures first.
func (r Report) Table() string {
	var b strings.Builder
	for _, f := range r.Findings {
		if f.Reason == "" {
			fmt.Fprintf(&b, "FAIL  %s %s %s (%s): neither fixed nor acknowledged\n", f.Template, f.Resource, f.Control, f.Rule)
		}
	}
	for _, a := range r.Stale {
		fmt.Fprintf(&b, "STALE %s %s %s: acknowledged, but nothing breaks it any more: remove the acknowledgement\n", a.Template, a.Resource, a.Control)
	}
	for _, f := range r.Findings {
		if f.Reason != "" {
			fmt.Fprintf(&b, "ack   %s %s %s: %s\n", f.Template, f.Resource, f.Control, f.Reason)
		}
	}
	return b.String()
}
