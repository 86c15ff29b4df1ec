package localmode

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/testsupport/poll"
	"cloudtools/internal/testsupport/syncbuf"
)

// writeThrowawayAssembly writes a cloud assembly by hand, as CDK would for a
// stack local mode has never seen: one function (the test Lambda, with a
// layer and a 1 s timeout) behind a $default route and a GET route on an
// HTTP API with CORS for one origin.
func writeThrowawayAssembly(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	code := filepath.Join(dir, "asset.code")
	cmd := exec.Command("go", "build", "-o", filepath.Join(code, "bootstrap"), "cloudtools/internal/testsupport/testlambda")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build test lambda: %v\n%s", err, out)
	}
	layer := filepath.Join(dir, "asset.layer")
	os.MkdirAll(filepath.Join(layer, "data"), 0o755)
	os.WriteFile(filepath.Join(layer, "data", "hello.txt"), []byte("from the layer"), 0o644)

	write := func(name string, v any) {
		b, _ := json.MarshalIndent(v, "", " ")
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("manifest.json", map[string]any{"version": "48.0.0", "artifacts": map[string]any{
		"Throwaway.assets": map[string]any{"type": "cdk:asset-manifest", "properties": map[string]any{"file": "Throwaway.assets.json"}},
		"Throwaway": map[string]any{"type": "aws:cloudformation:stack",
			"properties": map[string]any{"templateFile": "Throwaway.template.json"}},
	}})
	write("Throwaway.assets.json", map[string]any{"version": "48.0.0", "files": map[string]any{
		"codehash":  map[string]any{"source": map[string]any{"path": "asset.code", "packaging": "zip"}, "destinations": map[string]any{"d": map[string]any{"objectKey": "codehash.zip"}}},
		"layerhash": map[string]any{"source": map[string]any{"path": "asset.layer", "packaging": "zip"}, "destinations": map[string]any{"d": map[string]any{"objectKey": "layerhash.zip"}}},
	}})
	integration := map[string]any{"Type": "AWS::ApiGatewayV2::Integration", "Properties": map[string]any{
		"ApiId": map[string]any{"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": "2.0",
		"IntegrationUri": map[string]any{"Fn::GetAtt": []any{"Misbehave", "Arn"}}}}
	route := func(key string) map[string]any {
		return map[string]any{"Type": "AWS::ApiGatewayV2::Route", "Properties": map[string]any{
			"ApiId": map[string]any{"Ref": "Api"}, "RouteKey": key,
			"Target": map[string]any{"Fn::Join": []any{"", []any{"integrations/", map[string]any{"Ref": "Integration"}}}}}}
	}
	write("Throwaway.template.json", map[string]any{"Resources": map[string]any{
		"Api": map[string]any{"Type": "AWS::ApiGatewayV2::Api", "Properties": map[string]any{
			"Name": "throwaway", "ProtocolType": "HTTP",
			"CorsConfiguration": map[string]any{"AllowOrigins": []any{"http://allowed.test"}, "AllowMethods": []any{"GET"},
				"AllowHeaders": []any{"*"}, "AllowCredentials": true, "ExposeHeaders": []any{"x-multi"}}}},
		"Integration":    integration,
		"DefaultRoute":   route("$default"),
		"MisbehaveRoute": route("GET /misbehave"),
		"Layer": map[string]any{"Type": "AWS::Lambda::LayerVersion", "Properties": map[string]any{
			"Content": map[string]any{"S3Bucket": map[string]any{"Fn::Sub": "cdk-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "layerhash.zip"}}},
		"Misbehave": map[string]any{"Type": "AWS::Lambda::Function",
			"Metadata": map[string]any{"aws:cdk:path": "Throwaway/Misbehave/Resource"},
			"Properties": map[string]any{
				"Code":    map[string]any{"S3Bucket": map[string]any{"Fn::Sub": "cdk-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "codehash.zip"},
				"Handler": "bootstrap", "Runtime": "provided.al2023", "Timeout": 1, "MemorySize": 256,
				"Layers":      []any{map[string]any{"Ref": "Layer"}},
				"Environment": map[string]any{"Variables": map[string]any{"HELLO_FILE": "/opt/data/hello.txt", "REGION_SEEN": map[string]any{"Ref": "AWS::Region"}}}}},
	}})
	return dir
}

func startThrowaway(t *testing.T) (*Server, *syncbuf.Buffer) {
	t.Helper()
	out := &syncbuf.Buffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := Start(ctx, Options{Assembly: writeThrowawayAssembly(t), Output: out})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, out
}

func TestThrowawayTemplate(t *testing.T) {
	srv, out := startThrowaway(t)
	u := srv.URL
	if _, ok := srv.Functions["misbehave"]; !ok {
		t.Fatalf("functions %v: the new tool is not served", srv.Functions)
	}
	t.Run("template environment, resolved", func(t *testing.T) {
		if r := do(t, "GET", u+"/any/path?do=env&name=REGION_SEEN", ""); string(r.Body) != "us-east-1" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("layer at /opt", func(t *testing.T) {
		if r := do(t, "GET", u+"/x?do=readenv&name=HELLO_FILE", ""); string(r.Body) != "from the layer" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("binary response", func(t *testing.T) {
		r := do(t, "GET", u+"/x?do=binary", "")
		if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || string(r.Body) != "\x89PNG\x00\xff" {
			t.Fatalf("%d %v %q", r.Status, r.Header, r.Body)
		}
	})
	t.Run("cookies and multi-value headers", func(t *testing.T) {
		r := do(t, "GET", u+"/x?do=cookies", "")
		if r.Status != 201 || strings.Join(r.Header.Values("Set-Cookie"), "|") != "a=1; Path=/|b=2; HttpOnly" ||
			strings.Join(r.Header.Values("X-Multi"), ",") != "one,two" || string(r.Body) != "cookies" {
			t.Fatalf("%d %v %s", r.Status, r.Header, r.Body)
		}
	})
	t.Run("inferred format for a bare JSON answer", func(t *testing.T) {
		r := do(t, "GET", u+"/x?do=bare", "")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" || string(r.Body) != `{"bare":true}` {
			t.Fatalf("%d %v %s", r.Status, r.Header, r.Body)
		}
	})
	t.Run("function error is a 500", func(t *testing.T) {
		if r := do(t, "GET", u+"/x?do=error", ""); r.Status != 500 || string(r.Body) != `{"message":"Internal Server Error"}` {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("crash: 502, then a new process serves", func(t *testing.T) {
		pid := srv.Functions["misbehave"].PIDs()[0]
		if r := do(t, "GET", u+"/misbehave?do=crash", ""); r.Status != 502 || string(r.Body) != `{"message":"Bad Gateway"}` {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := do(t, "GET", u+"/misbehave?do=env&name=REGION_SEEN", ""); r.Status != 200 {
			t.Fatalf("after the crash: %d %s", r.Status, r.Body)
		}
		if slices.Contains(srv.Functions["misbehave"].PIDs(), pid) {
			t.Fatalf("the crashed process %d is still listed", pid)
		}
	})
	t.Run("timeout: killed, 503, then served again", func(t *testing.T) {
		start := time.Now()
		if r := do(t, "GET", u+"/x?do=sleep&ms=3000", ""); r.Status != 503 || string(r.Body) != `{"message":"Service Unavailable"}` {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if d := time.Since(start); d < time.Second || d > 2500*time.Millisecond {
			t.Fatalf("answered after %s with a 1 s timeout", d)
		}
		if r := do(t, "GET", u+"/x?do=sleep&ms=1", ""); r.Status != 200 || string(r.Body) != "slept" {
			t.Fatalf("after the timeout: %d %s", r.Status, r.Body)
		}
		if !poll.Until(2*time.Second, func() bool { return strings.Contains(out.String(), "[misbehave] local: stopping process") }) {
			t.Errorf("kill not logged")
		}
	})
	t.Run("CORS from the template", func(t *testing.T) {
		pre := do(t, "OPTIONS", u+"/x", "", "Origin: http://allowed.test", "Access-Control-Request-Method: GET",
			"Access-Control-Request-Headers: x-custom")
		if pre.Header.Get("Access-Control-Allow-Origin") != "http://allowed.test" ||
			pre.Header.Get("Access-Control-Allow-Headers") != "x-custom" || pre.Header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Fatalf("preflight %v", pre.Header)
		}
		other := do(t, "OPTIONS", u+"/x", "", "Origin: http://evil.test", "Access-Control-Request-Method: GET")
		if other.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("a foreign origin was allowed: %v", other.Header)
		}
		r := do(t, "GET", u+"/x?do=cookies", "", "Origin: http://allowed.test")
		if r.Header.Get("Access-Control-Allow-Origin") != "http://allowed.test" || r.Header.Get("Access-Control-Expose-Headers") != "x-multi" {
			t.Fatalf("actual %v", r.Header)
		}
	})
}
