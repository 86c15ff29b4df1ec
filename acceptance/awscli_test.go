package acceptance

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/layout"
	"cloudtools/internal/localmode"
)

// awsCLI is Debian's AWS CLI (.ci/run installs awscli), else the first aws
// on PATH.
func awsCLI(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		return "/usr/bin/aws"
	}
	p, err := exec.LookPath("aws")
	if err != nil {
		t.Fatal("no AWS CLI: apt install awscli")
	}
	return p
}

// TestAWSCLIInvokesLocalFunctions: `aws lambda invoke --endpoint-url`
// against local mode's Lambda Invoke API, with dummy credentials, gets
// what `make invoke` gets; an unknown function is the CLI's
// ResourceNotFoundException.
func TestAWSCLIInvokesLocalFunctions(t *testing.T) {
	localOnly(t)
	if target.Local.LambdaURL == "" {
		t.Fatal("local mode serves no Lambda Invoke API")
	}
	cli := awsCLI(t)
	invoke := func(function, payload string) (stdout, stderr string, answer []byte, err error) {
		out := filepath.Join(t.TempDir(), "answer.json")
		cmd := exec.Command(cli, "lambda", "invoke", "--endpoint-url", target.Local.LambdaURL,
			"--function-name", function, "--cli-binary-format", "raw-in-base64-out", "--payload", payload, out)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_DEFAULT_REGION=us-east-1",
			"AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err = cmd.Run()
		answer, _ = os.ReadFile(out)
		return o.String(), e.String(), answer, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	asm := filepath.Join(repoRoot, layout.LocalAssembly)
	for _, payload := range []string{`{"num1": 6, "num2": 7, "operator": "*"}`, `"hello"`} {
		stdout, stderr, answer, err := invoke("calc", payload)
		direct, derr := localmode.Invoke(ctx, asm, "calc", []byte(payload), io.Discard)
		if err != nil || derr != nil || !strings.Contains(stdout, `"StatusCode": 200`) || !bytes.Equal(answer, direct.Payload) {
			t.Errorf("aws lambda invoke calc %s: %v %s %s → %s; make invoke's answer: %s (%v)", payload, err, stdout, stderr, answer, direct.Payload, derr)
		}
	}
	if _, stderr, _, err := invoke("no-such-tool", `{}`); err == nil || !strings.Contains(stderr, "ResourceNotFoundException") {
		t.Errorf("an unknown function: %v %s", err, stderr)
	}
}
