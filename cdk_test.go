package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"cloudtools/internal/chinese/pinyin/pinyincompile"
	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/chinese/zhconvert/convcompile"
	"cloudtools/internal/layout"
	"cloudtools/stacks"
)

// The app is synthesized once per test binary (the first synthesis in a
// process costs seconds) with cdk.json's context.
var (
	testApp     *App
	storageTpl  template
	apiTpl      template
	cdkJSONCtxt map[string]any
)

// template is a synthesized CloudFormation template as plain JSON values.
type template map[string]any

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	defer jsii.Close()
	if err := ensureBuilt(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var err error
	if cdkJSONCtxt, err = readCDKContext(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	testApp, err = newTestApp(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	storageTpl = toTemplate(assertions.Template_FromStack(testApp.Storage.Stack, nil))
	apiTpl = toTemplate(assertions.Template_FromStack(testApp.Api.Stack, nil))
	return m.Run()
}

// ensureBuilt runs the build when its outputs are missing: the stacks
// reference build/lambdas/* and build/layers/dictionary as assets.
func ensureBuilt() error {
	tools, _ := filepath.Glob(filepath.Join(layout.ToolsDir, "*", layout.ToolMain))
	for _, m := range tools {
		if _, err := os.Stat(layout.ToolBinary(layout.BuildDir, filepath.Base(filepath.Dir(m)))); err != nil {
			cmd := exec.Command("go", "run", "./cmd/build")
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("build the Lambdas (make build): %w", err)
			}
			return nil
		}
	}
	return nil
}

// readCDKContext returns cdk.json's "context": the feature flags and the
// app's defaults that the CLI passes to the app.
func readCDKContext() (map[string]any, error) {
	raw, err := os.ReadFile("cdk.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("cdk.json: %w", err)
	}
	return doc.Context, nil
}

// newTestApp builds the app with cdk.json's context plus overrides,
// writing the assembly into a temporary folder.
func newTestApp(overrides map[string]any) (*App, error) {
	// What the CLI adds to cdk.json's context when it runs the app.
	ctx := map[string]any{"aws:cdk:enable-asset-metadata": true, "aws:cdk:enable-path-metadata": true}
	for k, v := range cdkJSONCtxt {
		ctx[k] = v
	}
	for k, v := range overrides {
		ctx[k] = v
	}
	out, err := os.MkdirTemp("", "cdk-test-")
	if err != nil {
		return nil, err
	}
	return NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(out)})
}

func toTemplate(t assertions.Template) template {
	raw, _ := json.Marshal(t.ToJSON())
	var out template
	json.Unmarshal(raw, &out)
	return out
}

// resources returns the resources of a type, by logical id.
func (t template) resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range t["Resources"].(map[string]any) {
		res := r.(map[string]any)
		if res["Type"] == typ {
			out[id] = res
		}
	}
	return out
}

// single returns the one resource of a type, failing unless there is exactly one.
func (t template) single(tb testing.TB, typ string) (string, map[string]any) {
	tb.Helper()
	all := t.resources(typ)
	if len(all) != 1 {
		tb.Fatalf("%d resources of type %s, want 1", len(all), typ)
	}
	for id, r := range all {
		return id, r
	}
	return "", nil
}

func props(res map[string]any) map[string]any {
	p, _ := res["Properties"].(map[string]any)
	return p
}

// toolFunctions maps tool name (from lambdas/<tool>) to the Api stack's
// function resource running it.
func toolFunctions(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for tool, tf := range testApp.Api.Functions {
		id := *testApp.Api.Stack.GetLogicalId(tf.Function.Node().DefaultChild().(awscdk.CfnElement))
		res, ok := apiTpl.resources("AWS::Lambda::Function")[id]
		if !ok {
			t.Fatalf("no function resource %s for %s", id, tool)
		}
		out[tool] = res
	}
	dirs, _ := filepath.Glob(filepath.Join(layout.ToolsDir, "*", layout.ToolMain))
	if len(out) != len(dirs) {
		t.Fatalf("%d tool functions for %d lambdas/ folders", len(out), len(dirs))
	}
	return out
}

// assetFile reads a file of a resource's staged asset in the cloud assembly.
func assetFile(t *testing.T, res map[string]any, name string) []byte {
	t.Helper()
	md, _ := res["Metadata"].(map[string]any)
	dir, _ := md["aws:asset:path"].(string)
	if dir == "" {
		t.Fatalf("resource has no asset metadata: %v", md)
	}
	b, err := os.ReadFile(filepath.Join(*testApp.Outdir(), dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("asset file: %v", err)
	}
	return b
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestEveryToolFunctionIsConfigured(t *testing.T) {
	logGroups := apiTpl.resources("AWS::Logs::LogGroup")
	for tool, fn := range toolFunctions(t) {
		t.Run(tool, func(t *testing.T) {
			p := props(fn)
			if p["Runtime"] != "provided.al2023" || p["Handler"] != "bootstrap" || jsonOf(p["Architectures"]) != `["arm64"]` {
				t.Errorf("runtime %v handler %v architectures %v", p["Runtime"], p["Handler"], p["Architectures"])
			}
			if mem, _ := p["MemorySize"].(float64); mem < 128 {
				t.Errorf("MemorySize %v", p["MemorySize"])
			}
			if to, _ := p["Timeout"].(float64); to <= 0 || to > 29 {
				t.Errorf("Timeout %v: must be set and below API Gateway's 30 s integration limit", p["Timeout"])
			}
			// Under a vCPU's share, one P: a second only lets the GC's idle
			// workers spend the function's share.
			if env := jsonOf(p["Environment"]); !strings.Contains(env, `"GOMAXPROCS":"1"`) {
				t.Errorf("environment %s: want GOMAXPROCS=1 at %v MB", env, p["MemorySize"])
			}
			lc, _ := p["LoggingConfig"].(map[string]any)
			if lc["LogFormat"] != "JSON" {
				t.Errorf("LoggingConfig %v: want JSON logs", lc)
			}
			ref, _ := lc["LogGroup"].(map[string]any)["Ref"].(string)
			lg, ok := logGroups[ref]
			if !ok {
				t.Fatalf("log group %v is not a LogGroup of this stack", lc["LogGroup"])
			}
			if days, _ := props(lg)["RetentionInDays"].(float64); days != cdkJSONCtxt[stacks.CtxLogRetentionDays] {
				t.Errorf("log retention %v days, want cdk.json's %v", props(lg)["RetentionInDays"], cdkJSONCtxt[stacks.CtxLogRetentionDays])
			}
			// The staged asset is the tool's build output.
			staged := assetFile(t, fn, "bootstrap")
			built, err := os.ReadFile(layout.ToolBinary(layout.BuildDir, tool))
			if err != nil || !bytes.Equal(staged, built) {
				t.Errorf("the function's code is not build/lambdas/%s/bootstrap", tool)
			}
		})
	}
}

// dictionaryTools are the tools that read the layer's compiled files.
var dictionaryTools = []string{"segment", "convert", "pinyin"}

func TestOnlyTheChineseToolsHaveTheDictionaryLayer(t *testing.T) {
	layerID, l := apiTpl.single(t, "AWS::Lambda::LayerVersion")
	if p := props(l); jsonOf(p["CompatibleArchitectures"]) != `["arm64"]` || jsonOf(p["CompatibleRuntimes"]) != `["provided.al2023"]` {
		t.Errorf("layer compatibility %v %v", p["CompatibleArchitectures"], p["CompatibleRuntimes"])
	}
	for _, f := range layout.DictFiles {
		if len(assetFile(t, l, "dict/"+f)) == 0 {
			t.Errorf("layer lacks dict/%s", f)
		}
	}
	// The staged dictionary is whole and of the version the Lambda reads.
	if _, err := segdict.Parse(assetFile(t, l, "dict/"+layout.DictFile)); err != nil {
		t.Errorf("staged dictionary: %v", err)
	}
	if err := convcompile.Verify(assetFile(t, l, "dict/"+layout.ConvertFile)); err != nil {
		t.Errorf("staged conversion dictionaries: %v", err)
	}
	if err := pinyincompile.Verify(assetFile(t, l, "dict/"+layout.PinyinFile)); err != nil {
		t.Errorf("staged pinyin readings: %v", err)
	}
	for tool, fn := range toolFunctions(t) {
		got := jsonOf(props(fn)["Layers"])
		want := "null"
		if slices.Contains(dictionaryTools, tool) {
			// The mapped files fit the smallest Lambda (issue 5).
			if mem := props(fn)["MemorySize"]; mem != 128.0 {
				t.Errorf("%s MemorySize %v, want 128", tool, mem)
			}
			want = fmt.Sprintf(`[{"Ref":%q}]`, layerID)
			if env := jsonOf(props(fn)["Environment"]); !strings.Contains(env, `"DICT_DIR":"/opt/dict"`) {
				t.Errorf("%s environment %s does not point at the layer", tool, env)
			}
		}
		if got != want {
			t.Errorf("%s layers %s, want %s", tool, got, want)
		}
	}
}

// The API's documented routes (README and docs/API.md, "Routes"), with the tool answering
// each: they must not move or vanish. New tools add routes beside them.
var contractRoutes = map[string]string{
	"GET /calc":          "calc",
	"POST /calc":         "calc",
	"ANY /echo":          "echo",
	"ANY /echo/{proxy+}": "echo",
	"GET /random-image":  "random-image",
	"GET /segment":       "segment",
	"POST /segment":      "segment",
	"GET /keywords":      "segment",
	"POST /keywords":     "segment",
	"GET /random-quote":  "random-quote",
	"GET /convert":       "convert",
	"POST /convert":      "convert",
	"GET /pinyin":        "pinyin",
	"POST /pinyin":       "pinyin",
	"GET /":              "home",
	"GET /openapi.json":  "home",
}

// TestOpenAPIMatchesTheRoutes: the paths and methods of the served OpenAPI
// document are exactly the template's routes (ANY as every method). A path
// parameter marked x-greedy is API Gateway's greedy {name+}, which OpenAPI
// cannot write.
func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	raw, err := os.ReadFile("lambdas/home/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	anyMethods := []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	var documented []string
	for path, item := range doc.Paths {
		var params []struct {
			Name   string `json:"name"`
			In     string `json:"in"`
			Greedy bool   `json:"x-greedy"`
		}
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &params); err != nil {
				t.Fatal(path, err)
			}
		}
		for _, p := range params {
			if p.In == "path" && p.Greedy {
				path = strings.Replace(path, "{"+p.Name+"}", "{"+p.Name+"+}", 1)
			}
		}
		for method := range item {
			if method != "parameters" && method != "summary" && method != "description" {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	var routes []string
	for _, r := range apiTpl.resources("AWS::ApiGatewayV2::Route") {
		key := props(r)["RouteKey"].(string)
		method, path, _ := strings.Cut(key, " ")
		if method == "ANY" {
			for _, m := range anyMethods {
				routes = append(routes, m+" "+path)
			}
			continue
		}
		routes = append(routes, key)
	}
	slices.Sort(documented)
	slices.Sort(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("openapi.json documents\n  %v\nthe template routes\n  %v", documented, routes)
	}
}

func TestRoutesUseLambdaProxyPayload2(t *testing.T) {
	// Routes invoke each tool's live alias (TestReleases).
	fnIDs := map[string]string{} // the alias's logical id → tool
	for tool, tf := range testApp.Api.Functions {
		fnIDs[*testApp.Api.Stack.GetLogicalId(tf.Alias.Node().DefaultChild().(awscdk.CfnElement))] = tool
	}
	integrations := apiTpl.resources("AWS::ApiGatewayV2::Integration")
	got := map[string]string{}
	for _, r := range apiTpl.resources("AWS::ApiGatewayV2::Route") {
		p := props(r)
		key := p["RouteKey"].(string)
		// Target is {"Fn::Join": ["", ["integrations/", {"Ref": id}]]}.
		target := jsonOf(p["Target"])
		var integ map[string]any
		for id, in := range integrations {
			if strings.Contains(target, fmt.Sprintf(`{"Ref":%q}`, id)) {
				integ = props(in)
			}
		}
		if integ == nil {
			t.Fatalf("%s: target %s is not an integration of this stack", key, target)
		}
		if integ["IntegrationType"] != "AWS_PROXY" || integ["PayloadFormatVersion"] != "2.0" {
			t.Errorf("%s: integration %v %v, want AWS_PROXY 2.0", key, integ["IntegrationType"], integ["PayloadFormatVersion"])
		}
		uri := jsonOf(integ["IntegrationUri"])
		for id, tool := range fnIDs {
			if strings.Contains(uri, `"`+id+`"`) {
				got[key] = tool
			}
		}
	}
	// The template routes exactly what the tool declarations say, and the
	// documented contract is among it.
	if want := stacks.DeclaredRoutes(); !maps.Equal(got, want) {
		t.Errorf("template routes %v, declared %v", got, want)
	}
	for key, tool := range contractRoutes {
		if got[key] != tool {
			t.Errorf("route %s goes to %q, want %q", key, got[key], tool)
		}
	}
	// Each function may be invoked by API Gateway: one permission per route.
	if n := len(apiTpl.resources("AWS::Lambda::Permission")); n < len(got) {
		t.Errorf("%d invoke permissions for %d routes", n, len(got))
	}
}

func TestCors(t *testing.T) {
	_, a := apiTpl.single(t, "AWS::ApiGatewayV2::Api")
	p := props(a)
	if p["ProtocolType"] != "HTTP" {
		t.Errorf("protocol %v", p["ProtocolType"])
	}
	cors, _ := p["CorsConfiguration"].(map[string]any)
	if jsonOf(cors["AllowOrigins"]) != jsonOf(cdkJSONCtxt[stacks.CtxCorsAllowOrigins]) {
		t.Errorf("CORS origins %v, want cdk.json's %v", cors["AllowOrigins"], cdkJSONCtxt[stacks.CtxCorsAllowOrigins])
	}
	for _, m := range []string{"GET", "POST", "OPTIONS"} {
		if !strings.Contains(jsonOf(cors["AllowMethods"]), `"`+m+`"`) {
			t.Errorf("CORS methods %v lack %s", cors["AllowMethods"], m)
		}
	}
	if !strings.Contains(jsonOf(cors["AllowHeaders"]), "content-type") {
		t.Errorf("CORS headers %v lack content-type", cors["AllowHeaders"])
	}
}

func TestStageThrottlingAccessLogsAndURL(t *testing.T) {
	_, s := apiTpl.single(t, "AWS::ApiGatewayV2::Stage")
	p := props(s)
	rs, _ := p["DefaultRouteSettings"].(map[string]any)
	if rs["ThrottlingRateLimit"] != cdkJSONCtxt[stacks.CtxThrottleRateLimit] || rs["ThrottlingBurstLimit"] != cdkJSONCtxt[stacks.CtxThrottleBurstLimit] {
		t.Errorf("stage throttling %v, want cdk.json's", rs)
	}
	if p["StageName"] != "$default" || p["AutoDeploy"] != true {
		t.Errorf("stage %v autodeploy %v", p["StageName"], p["AutoDeploy"])
	}
	als, _ := p["AccessLogSettings"].(map[string]any)
	if !strings.Contains(jsonOf(als["DestinationArn"]), "AccessLogs") || !strings.Contains(fmt.Sprint(als["Format"]), "$context.requestId") {
		t.Errorf("access logs %v", als)
	}
	if _, ok := apiTpl["Outputs"].(map[string]any)["ApiUrl"]; !ok {
		t.Errorf("no ApiUrl output")
	}
}

func TestDataBucketIsPrivateEncryptedAndTLSOnly(t *testing.T) {
	bucketID := *testApp.Storage.Stack.GetLogicalId(testApp.Storage.Bucket.Node().DefaultChild().(awscdk.CfnElement))
	buckets := storageTpl.resources("AWS::S3::Bucket")
	bucket, ok := buckets[bucketID]
	if !ok {
		t.Fatalf("no bucket %s", bucketID)
	}
	for id, b := range buckets {
		p := props(b)
		if jsonOf(p["PublicAccessBlockConfiguration"]) != `{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}` {
			t.Errorf("%s public access block %v", id, p["PublicAccessBlockConfiguration"])
		}
		if !strings.Contains(jsonOf(p["BucketEncryption"]), `"SSEAlgorithm":"AES256"`) {
			t.Errorf("%s encryption %v", id, p["BucketEncryption"])
		}
		// A bucket policy that denies any request not over TLS.
		tls := false
		for _, pol := range storageTpl.resources("AWS::S3::BucketPolicy") {
			pp := props(pol)
			if jsonOf(pp["Bucket"]) == fmt.Sprintf(`{"Ref":%q}`, id) &&
				strings.Contains(jsonOf(pp["PolicyDocument"]), `"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny"`) {
				tls = true
			}
		}
		if !tls {
			t.Errorf("%s: no bucket policy denies non-TLS requests", id)
		}
	}
	p := props(bucket)
	if jsonOf(p["VersioningConfiguration"]) != `{"Status":"Enabled"}` {
		t.Errorf("versioning %v", p["VersioningConfiguration"])
	}
	if _, ok := p["LoggingConfiguration"].(map[string]any)["DestinationBucketName"]; !ok {
		t.Errorf("no server access logs: %v", p["LoggingConfiguration"])
	}
	if bucket["DeletionPolicy"] != "Retain" {
		t.Errorf("data bucket DeletionPolicy %v, want Retain by default", bucket["DeletionPolicy"])
	}
}

func TestImagesAndQuotesAreDeployedUnderTheirPrefixes(t *testing.T) {
	prefixes := map[string]bool{}
	for _, d := range storageTpl.resources("Custom::CDKBucketDeployment") {
		p := props(d)
		if p["Prune"] != true {
			t.Errorf("deployment to %v does not prune", p["DestinationBucketKeyPrefix"])
		}
		prefixes[fmt.Sprint(p["DestinationBucketKeyPrefix"])] = true
	}
	if len(prefixes) != 2 || !prefixes["images/"] || !prefixes["quotes/"] {
		t.Errorf("deployments to %v, want images/ and quotes/", prefixes)
	}
}

// statements returns a role's policy statements across its policies.
func roleStatements(t *testing.T, roleID string) []map[string]any {
	var out []map[string]any
	for _, pol := range apiTpl.resources("AWS::IAM::Policy") {
		p := props(pol)
		if !strings.Contains(jsonOf(p["Roles"]), `"`+roleID+`"`) {
			continue
		}
		for _, s := range p["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			out = append(out, s.(map[string]any))
		}
	}
	return out
}

func actionsOf(s map[string]any) []string {
	switch a := s["Action"].(type) {
	case string:
		return []string{a}
	case []any:
		out := make([]string, len(a))
		for i, x := range a {
			out[i] = x.(string)
		}
		return out
	}
	return nil
}

func TestLeastPrivilege(t *testing.T) {
	bucketID := *testApp.Storage.Stack.GetLogicalId(testApp.Storage.Bucket.Node().DefaultChild().(awscdk.CfnElement))
	for tool, tf := range testApp.Api.Functions {
		roleID := *testApp.Api.Stack.GetLogicalId(tf.Role.Node().DefaultChild().(awscdk.CfnElement))
		role := apiTpl.resources("AWS::IAM::Role")[roleID]
		if mp := props(role)["ManagedPolicyArns"]; mp != nil {
			t.Errorf("%s: managed policies %v", tool, mp)
		}
		var s3Actions []string
		for _, s := range roleStatements(t, roleID) {
			if s["Effect"] != "Allow" {
				continue
			}
			res := jsonOf(s["Resource"])
			for _, a := range actionsOf(s) {
				if strings.Contains(a, "*") {
					t.Errorf("%s: wildcard action %s", tool, a)
				}
				switch {
				case strings.HasPrefix(a, "logs:"):
					logID := *testApp.Api.Stack.GetLogicalId(tf.LogGroup.Node().DefaultChild().(awscdk.CfnElement))
					if res != fmt.Sprintf(`{"Fn::GetAtt":[%q,"Arn"]}`, logID) {
						t.Errorf("%s: %s on %s, want its own log group", tool, a, res)
					}
				case strings.HasPrefix(a, "s3:"):
					s3Actions = append(s3Actions, a)
					if !strings.Contains(res, bucketID) {
						t.Errorf("%s: %s on %s, not the data bucket", tool, a, res)
					}
					wantObjects := map[string]string{"random-image": `"/images/*"]]}`, "random-quote": `"/quotes/quotes.json"]]}`}[tool]
					if a == "s3:GetObject" && (wantObjects == "" || !strings.HasSuffix(res, wantObjects)) {
						t.Errorf("%s: s3:GetObject on %s, want only %s", tool, res, wantObjects)
					}
					if a == "s3:ListBucket" && !strings.Contains(jsonOf(s["Condition"]), `"s3:prefix":["images/*"]`) {
						t.Errorf("%s: s3:ListBucket without an images/ prefix condition", tool)
					}
				default:
					t.Errorf("%s: unexpected action %s", tool, a)
				}
			}
		}
		slices.Sort(s3Actions)
		// No function writes to the bucket; random-quote reads one object.
		want := map[string][]string{
			"random-image": {"s3:GetObject", "s3:ListBucket"},
			"random-quote": {"s3:GetObject"},
		}[tool]
		if !slices.Equal(s3Actions, want) {
			t.Errorf("%s: S3 actions %v, want %v", tool, s3Actions, want)
		}
	}
}

func TestNoUnsuppressedNagFindings(t *testing.T) {
	checkNoNagFindings(t, testApp.Storage.Stack, testApp.Api.Stack)
}

// checkNoNagFindings fails on any unsuppressed cdk-nag error or warning.
func checkNoNagFindings(t *testing.T, stacks ...awscdk.Stack) {
	t.Helper()
	for _, s := range stacks {
		ann := assertions.Annotations_FromStack(s)
		for _, level := range []struct {
			name string
			find func(*string, any) *[]*cxapi.SynthesisMessage
		}{{"error", ann.FindError}, {"warning", ann.FindWarning}} {
			for _, msg := range *level.find(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("(AwsSolutions|Serverless)-.*"))) {
				t.Errorf("%s: cdk-nag %s at %s: %v", *s.StackName(), level.name, *msg.Id, msg.Entry.Data)
			}
		}
	}
}

func TestStackNames(t *testing.T) {
	if *testApp.Storage.Stack.StackName() != "CloudTools-Storage" || *testApp.Api.Stack.StackName() != "CloudTools-Api" {
		t.Errorf("stacks %s, %s", *testApp.Storage.Stack.StackName(), *testApp.Api.Stack.StackName())
	}
	if testApp.Api.Stack.Environment() == nil || !strings.Contains(*testApp.Api.Stack.Environment(), "unknown-account") {
		t.Errorf("stack is bound to an environment: %v", *testApp.Api.Stack.Environment())
	}
}

func TestContextOverrides(t *testing.T) {
	app, err := newTestApp(map[string]any{
		stacks.CtxThrottleRateLimit:        "5",
		stacks.CtxCorsAllowOrigins:         "https://example.com, https://tools.example.com",
		stacks.CtxMemoryPrefix + "segment": "2048",
		stacks.CtxRemoveDataOnDestroy:      "true",
		stacks.CtxLogRetentionDays:         7,
	})
	if err != nil {
		t.Fatal(err)
	}
	api := toTemplate(assertions.Template_FromStack(app.Api.Stack, nil))
	storage := toTemplate(assertions.Template_FromStack(app.Storage.Stack, nil))
	for _, s := range api.resources("AWS::ApiGatewayV2::Stage") {
		if rate := props(s)["DefaultRouteSettings"].(map[string]any)["ThrottlingRateLimit"]; rate != 5.0 {
			t.Errorf("rate %v, want 5", rate)
		}
	}
	for _, a := range api.resources("AWS::ApiGatewayV2::Api") {
		if got := jsonOf(props(a)["CorsConfiguration"].(map[string]any)["AllowOrigins"]); got != `["https://example.com","https://tools.example.com"]` {
			t.Errorf("origins %s", got)
		}
	}
	segID := *app.Api.Stack.GetLogicalId(app.Api.Functions["segment"].Function.Node().DefaultChild().(awscdk.CfnElement))
	if mem := props(api.resources("AWS::Lambda::Function")[segID])["MemorySize"]; mem != 2048.0 {
		t.Errorf("segment memory %v, want 2048", mem)
	}
	// More than one vCPU's share: the runtime picks its Ps.
	if env := jsonOf(props(api.resources("AWS::Lambda::Function")[segID])["Environment"]); strings.Contains(env, "GOMAXPROCS") {
		t.Errorf("segment at 2048 MB: environment %s sets GOMAXPROCS", env)
	}
	for _, lg := range api.resources("AWS::Logs::LogGroup") {
		if days := props(lg)["RetentionInDays"]; days != 7.0 {
			t.Errorf("retention %v, want 7", days)
		}
	}
	for id, b := range storage.resources("AWS::S3::Bucket") {
		if b["DeletionPolicy"] != "Delete" {
			t.Errorf("%s DeletionPolicy %v with removeDataOnDestroy", id, b["DeletionPolicy"])
		}
	}
}

func TestBadContextIsRejected(t *testing.T) {
	for key, value := range map[string]any{
		stacks.CtxThrottleRateLimit:     "fast",
		stacks.CtxThrottleBurstLimit:    "-1",
		stacks.CtxMemoryPrefix + "calc": "64",
		stacks.CtxRemoveDataOnDestroy:   "perhaps",
		stacks.CtxCorsAllowOrigins:      "",
	} {
		app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{key: value}})
		if _, err := stacks.ConfigFromContext(app.Node()); err == nil {
			t.Errorf("%s=%v accepted", key, value)
		}
	}
}

// TestAlarms: one alarm on API 5xx and, per function, on errors, throttles
// and a slowest invocation at 80% of the timeout; missing data is fine.
func TestAlarms(t *testing.T) {
	alarms := apiTpl.resources("AWS::CloudWatch::Alarm")
	apiID := *testApp.Api.Stack.GetLogicalId(testApp.Api.Api.Node().DefaultChild().(awscdk.CfnElement))
	type key struct{ namespace, metric, stat, dim string }
	got := map[key]map[string]any{}
	for _, a := range alarms {
		p := props(a)
		if p["TreatMissingData"] != "notBreaching" || p["ComparisonOperator"] != "GreaterThanOrEqualToThreshold" || p["Period"] != 300.0 {
			t.Errorf("alarm %v: missing data %v, comparison %v, period %v", p["AlarmDescription"], p["TreatMissingData"], p["ComparisonOperator"], p["Period"])
		}
		if p["AlarmActions"] != nil {
			t.Errorf("alarm actions %v without cloudtools:alarmEmail", p["AlarmActions"])
		}
		dims := jsonOf(p["Dimensions"])
		got[key{p["Namespace"].(string), p["MetricName"].(string), p["Statistic"].(string), dims}] = p
	}
	if p := got[key{"AWS/ApiGateway", "5xx", "Sum", fmt.Sprintf(`[{"Name":"ApiId","Value":{"Ref":%q}}]`, apiID)}]; p == nil || p["Threshold"] != 1.0 {
		t.Errorf("no API 5xx alarm at 1 (alarms: %d)", len(alarms))
	}
	for tool, tf := range testApp.Api.Functions {
		fnID := *testApp.Api.Stack.GetLogicalId(tf.Function.Node().DefaultChild().(awscdk.CfnElement))
		dim := fmt.Sprintf(`[{"Name":"FunctionName","Value":{"Ref":%q}}]`, fnID)
		timeout := props(apiTpl.resources("AWS::Lambda::Function")[fnID])["Timeout"].(float64)
		for _, want := range []struct {
			metric, stat string
			threshold    float64
		}{{"Errors", "Sum", 1}, {"Throttles", "Sum", 1}, {"Duration", "Maximum", math.Round(0.8 * timeout * 1000)}} {
			if p := got[key{"AWS/Lambda", want.metric, want.stat, dim}]; p == nil || p["Threshold"] != want.threshold {
				t.Errorf("%s: no %s %s alarm at %v", tool, want.stat, want.metric, want.threshold)
			}
		}
	}
	if want := 1 + 3*len(testApp.Api.Functions); len(alarms) != want {
		t.Errorf("%d alarms, want %d", len(alarms), want)
	}
	_, dash := apiTpl.single(t, "AWS::CloudWatch::Dashboard")
	body := jsonOf(props(dash)["DashboardBody"])
	for tool := range testApp.Api.Functions {
		if !strings.Contains(body, tool+": duration") || !strings.Contains(body, tool+": invocations") {
			t.Errorf("the dashboard lacks %s's widgets", tool)
		}
	}
}

// TestAlarmEmail: with cloudtools:alarmEmail, an SNS topic (TLS only) with
// that e-mail subscribed, and every alarm notifies it when firing and back.
func TestAlarmEmail(t *testing.T) {
	app, err := newTestApp(map[string]any{stacks.CtxAlarmEmail: "ops@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	api := toTemplate(assertions.Template_FromStack(app.Api.Stack, nil))
	topicID, _ := api.single(t, "AWS::SNS::Topic")
	_, sub := api.single(t, "AWS::SNS::Subscription")
	if p := props(sub); p["Protocol"] != "email" || p["Endpoint"] != "ops@example.com" {
		t.Errorf("subscription %v", p)
	}
	_, policy := api.single(t, "AWS::SNS::TopicPolicy")
	if !strings.Contains(jsonOf(policy), `"aws:SecureTransport":"false"`) {
		t.Errorf("the topic policy does not deny plain HTTP: %s", jsonOf(policy))
	}
	ref := fmt.Sprintf(`[{"Ref":%q}]`, topicID)
	for _, a := range api.resources("AWS::CloudWatch::Alarm") {
		if p := props(a); jsonOf(p["AlarmActions"]) != ref || jsonOf(p["OKActions"]) != ref {
			t.Errorf("alarm %v actions %v / %v", p["AlarmDescription"], p["AlarmActions"], p["OKActions"])
		}
	}
	if _, err := newTestApp(map[string]any{stacks.CtxAlarmEmail: "not an address"}); err == nil {
		t.Error("a bad e-mail address was accepted")
	}
}

// TestAlarmRouting: cloudtools:alarmTopicArn sends every alarm to an
// existing topic (no topic of their own); with neither it nor an e-mail the
// synth warns that the alarms notify nobody; both at once, or a malformed
// ARN, fail with a clear message.
func TestAlarmRouting(t *testing.T) {
	const arn = "arn:aws:sns:eu-west-1:123456789012:ops-pager"
	app, err := newTestApp(map[string]any{stacks.CtxAlarmTopicArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	stack := assertions.Template_FromStack(app.Api.Stack, nil)
	api := toTemplate(stack)
	if n := len(api.resources("AWS::SNS::Topic")); n != 0 {
		t.Errorf("%d topics created beside the existing one", n)
	}
	for _, a := range api.resources("AWS::CloudWatch::Alarm") {
		if p := props(a); jsonOf(p["AlarmActions"]) != `["`+arn+`"]` || jsonOf(p["OKActions"]) != `["`+arn+`"]` {
			t.Errorf("alarm %v actions %v / %v", p["AlarmDescription"], p["AlarmActions"], p["OKActions"])
		}
	}
	warned := func(a *App) bool {
		for _, m := range *assertions.Annotations_FromStack(a.Api.Stack).FindWarning(jsii.String("*"), assertions.Match_AnyValue()) {
			if strings.Contains(jsonOf(m.Entry.Data), "notify nobody") {
				return true
			}
		}
		return false
	}
	if warned(app) {
		t.Error("warned that alarms notify nobody with a topic set")
	}
	if !warned(testApp) {
		t.Error("no warning that the alarms notify nobody (neither e-mail nor topic set)")
	}
	for name, ctx := range map[string]map[string]any{
		"both":        {stacks.CtxAlarmTopicArn: arn, stacks.CtxAlarmEmail: "ops@example.com"},
		"not an ARN":  {stacks.CtxAlarmTopicArn: "ops-pager"},
		"another ARN": {stacks.CtxAlarmTopicArn: "arn:aws:sqs:eu-west-1:123456789012:q"},
	} {
		if _, err := newTestApp(ctx); err == nil || !strings.Contains(err.Error(), stacks.CtxAlarmTopicArn) {
			t.Errorf("%s: %v, want an error naming %s", name, err, stacks.CtxAlarmTopicArn)
		}
	}
}

// TestGitHubDeployRole: cloudtools:githubRepo adds a stack with GitHub's
// OIDC provider and a role only that repository's main branch can assume,
// allowed only to assume the CDK bootstrap roles; an existing provider can
// be reused; without the key there is no such stack; bad values fail.
func TestGitHubDeployRole(t *testing.T) {
	if testApp.GitHubDeploy != nil {
		t.Fatal("a GitHub deploy stack without cloudtools:githubRepo")
	}
	app, err := newTestApp(map[string]any{stacks.CtxGitHubRepo: "octo-org/cloudtools"})
	if err != nil {
		t.Fatal(err)
	}
	gh := toTemplate(assertions.Template_FromStack(app.GitHubDeploy.Stack, nil))
	providerID, provider := gh.single(t, "AWS::IAM::OIDCProvider")
	if p := props(provider); p["Url"] != "https://token.actions.githubusercontent.com" || jsonOf(p["ClientIdList"]) != `["sts.amazonaws.com"]` {
		t.Errorf("provider %v", p)
	}
	_, role := gh.single(t, "AWS::IAM::Role")
	trust := jsonOf(props(role)["AssumeRolePolicyDocument"])
	for _, want := range []string{
		`"Action":"sts:AssumeRoleWithWebIdentity"`,
		`"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"`,
		`"token.actions.githubusercontent.com:sub":"repo:octo-org/cloudtools:ref:refs/heads/main"`,
		`"Federated":{"Ref":"` + providerID + `"}`,
	} {
		if !strings.Contains(trust, want) {
			t.Errorf("trust policy lacks %s: %s", want, trust)
		}
	}
	if strings.Contains(trust, "StringLike") || strings.Contains(trust, "*") {
		t.Errorf("trust policy with a wildcard: %s", trust)
	}
	_, policy := gh.single(t, "AWS::IAM::Policy")
	doc := jsonOf(props(policy)["PolicyDocument"])
	for _, want := range []string{`"Action":["sts:AssumeRole","sts:TagSession"]`, `:role/cdk-*"`, `"iam:ResourceTag/aws-cdk:bootstrap-role":["deploy","lookup","file-publishing","image-publishing"]`} {
		if !strings.Contains(doc, want) {
			t.Errorf("role policy lacks %s: %s", want, doc)
		}
	}
	if n := len(props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any)); n != 1 {
		t.Errorf("%d statements, want 1: %s", n, doc)
	}
	if _, ok := gh["Outputs"].(map[string]any)["DeployRoleArn"]; !ok {
		t.Error("no DeployRoleArn output")
	}
	checkNoNagFindings(t, app.GitHubDeploy.Stack)

	const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
	app, err = newTestApp(map[string]any{stacks.CtxGitHubRepo: "octo-org/cloudtools", stacks.CtxGitHubOIDCProvider: existing})
	if err != nil {
		t.Fatal(err)
	}
	gh = toTemplate(assertions.Template_FromStack(app.GitHubDeploy.Stack, nil))
	if n := len(gh.resources("AWS::IAM::OIDCProvider")); n != 0 {
		t.Errorf("%d providers created beside the existing one", n)
	}
	_, role = gh.single(t, "AWS::IAM::Role")
	if trust := jsonOf(props(role)["AssumeRolePolicyDocument"]); !strings.Contains(trust, `"Federated":"`+existing+`"`) {
		t.Errorf("trust policy does not name the existing provider: %s", trust)
	}

	for name, ctx := range map[string]map[string]any{
		"not owner/name":            {stacks.CtxGitHubRepo: "cloudtools"},
		"a URL":                     {stacks.CtxGitHubRepo: "https://github.com/octo-org/cloudtools"},
		"a wildcard":                {stacks.CtxGitHubRepo: "octo-org/*"},
		"provider without repo":     {stacks.CtxGitHubOIDCProvider: existing},
		"another issuer's provider": {stacks.CtxGitHubRepo: "octo-org/cloudtools", stacks.CtxGitHubOIDCProvider: "arn:aws:iam::123456789012:oidc-provider/example.com"},
	} {
		if _, err := newTestApp(ctx); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestCustomDomain: cloudtools:domainName with a regional certificate
// serves the stage at that domain (TLS 1.2, a mapping to the stage, the
// URL as an output); a hosted zone adds the alias record; without the key
// nothing of it exists; every incomplete or malformed combination fails
// the synth with a message naming the key.
func TestCustomDomain(t *testing.T) {
	if testApp.Api.Domain != nil || len(apiTpl.resources("AWS::ApiGatewayV2::DomainName")) != 0 {
		t.Fatal("a custom domain without cloudtools:domainName")
	}
	const (
		domain = "tools.example.com"
		cert   = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
		zone   = "Z0123456789ABCDEFGHIJ"
	)
	for _, withZone := range []bool{false, true} {
		ctx := map[string]any{stacks.CtxDomainName: domain, stacks.CtxCertificateArn: cert}
		if withZone {
			ctx[stacks.CtxHostedZoneID] = zone
		}
		app, err := newTestApp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		api := toTemplate(assertions.Template_FromStack(app.Api.Stack, nil))
		dnID, dn := api.single(t, "AWS::ApiGatewayV2::DomainName")
		p := props(dn)
		if p["DomainName"] != domain || !strings.Contains(jsonOf(p["DomainNameConfigurations"]), `"CertificateArn":"`+cert+`"`) ||
			!strings.Contains(jsonOf(p["DomainNameConfigurations"]), `"EndpointType":"REGIONAL"`) ||
			!strings.Contains(jsonOf(p["DomainNameConfigurations"]), `"SecurityPolicy":"TLS_1_2"`) {
			t.Errorf("domain name %s", jsonOf(p))
		}
		stageID, _ := api.single(t, "AWS::ApiGatewayV2::Stage")
		apiID, _ := api.single(t, "AWS::ApiGatewayV2::Api")
		_, mapping := api.single(t, "AWS::ApiGatewayV2::ApiMapping")
		m := jsonOf(props(mapping))
		for _, ref := range []string{`"ApiId":{"Ref":"` + apiID + `"}`, `"DomainName":{"Ref":"` + dnID + `"}`, `"Stage":"$default"`} {
			if !strings.Contains(m, ref) {
				t.Errorf("mapping lacks %s: %s", ref, m)
			}
		}
		// The stage is named, not referenced: the mapping must wait for it.
		if !strings.Contains(jsonOf(mapping["DependsOn"]), stageID) {
			t.Errorf("the mapping does not depend on the stage: %v", mapping["DependsOn"])
		}
		outputs := jsonOf(api["Outputs"])
		if !strings.Contains(outputs, `"Value":"https://`+domain+`/"`) {
			t.Errorf("no CustomDomainUrl output: %s", outputs)
		}
		records := api.resources("AWS::Route53::RecordSet")
		switch {
		case !withZone && len(records) != 0:
			t.Errorf("a record without a hosted zone")
		case !withZone && !strings.Contains(outputs, "CustomDomainTarget"):
			t.Errorf("no CNAME target output without a hosted zone: %s", outputs)
		case withZone:
			_, rec := api.single(t, "AWS::Route53::RecordSet")
			r := jsonOf(props(rec))
			for _, want := range []string{`"HostedZoneId":"` + zone + `"`, `"Name":"` + domain + `."`, `"Type":"A"`,
				`"DNSName":{"Fn::GetAtt":["` + dnID + `","RegionalDomainName"]}`, `"HostedZoneId":{"Fn::GetAtt":["` + dnID + `","RegionalHostedZoneId"]}`} {
				if !strings.Contains(r, want) {
					t.Errorf("record lacks %s: %s", want, r)
				}
			}
		}
		checkNoNagFindings(t, app.Api.Stack)
	}
	for name, tc := range map[string]struct {
		ctx map[string]any
		key string
	}{
		"domain without certificate": {map[string]any{stacks.CtxDomainName: domain}, stacks.CtxCertificateArn},
		"certificate without domain": {map[string]any{stacks.CtxCertificateArn: cert}, stacks.CtxDomainName},
		"zone without domain":        {map[string]any{stacks.CtxHostedZoneID: zone}, stacks.CtxDomainName},
		"a URL for a domain":         {map[string]any{stacks.CtxDomainName: "https://" + domain + "/", stacks.CtxCertificateArn: cert}, stacks.CtxDomainName},
		"one label":                  {map[string]any{stacks.CtxDomainName: "localhost", stacks.CtxCertificateArn: cert}, stacks.CtxDomainName},
		"not a certificate ARN":      {map[string]any{stacks.CtxDomainName: domain, stacks.CtxCertificateArn: "arn:aws:iam::123456789012:server-certificate/x"}, stacks.CtxCertificateArn},
		"not a zone id":              {map[string]any{stacks.CtxDomainName: domain, stacks.CtxCertificateArn: cert, stacks.CtxHostedZoneID: "example.com"}, stacks.CtxHostedZoneID},
	} {
		if _, err := newTestApp(tc.ctx); err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%s: %v, want an error naming %s", name, err, tc.key)
		}
	}
}

// TestReleases: every tool function publishes a version and serves through
// its live alias, which every route's integration and permission target;
// by default the alias moves at once (no CodeDeploy); with a canary or
// linear preference each function gets a CodeDeploy deployment group that
// shifts the alias and rolls back on its errors and duration alarms.
func TestReleases(t *testing.T) {
	check := func(t *testing.T, api template, preference string) {
		t.Helper()
		fnIDs := map[string]string{} // function logical id → alias logical id
		for id, a := range api.resources("AWS::Lambda::Alias") {
			p := props(a)
			if p["Name"] != stacks.LiveAlias {
				t.Errorf("alias %s named %v", id, p["Name"])
			}
			fn, _ := p["FunctionName"].(map[string]any)["Ref"].(string)
			fnIDs[fn] = id
			ver := p["FunctionVersion"].(map[string]any)["Fn::GetAtt"].([]any)
			if v, ok := api["Resources"].(map[string]any)[ver[0].(string)].(map[string]any); !ok || v["Type"] != "AWS::Lambda::Version" ||
				jsonOf(props(v)["FunctionName"]) != `{"Ref":"`+fn+`"}` {
				t.Errorf("alias %s does not point at a version of %s", id, fn)
			}
			if upd := jsonOf(a["UpdatePolicy"]); (preference == stacks.AllAtOnce) != (upd == "null") {
				t.Errorf("alias %s update policy %s with %s", id, upd, preference)
			}
		}
		if len(fnIDs) != len(testApp.Api.Functions) || len(api.resources("AWS::Lambda::Version")) != len(fnIDs) {
			t.Errorf("%d aliases and %d versions for %d functions", len(fnIDs), len(api.resources("AWS::Lambda::Version")), len(testApp.Api.Functions))
		}
		aliasIDs := map[string]bool{}
		for _, a := range fnIDs {
			aliasIDs[a] = true
		}
		for id, integ := range api.resources("AWS::ApiGatewayV2::Integration") {
			if ref, _ := props(integ)["IntegrationUri"].(map[string]any)["Ref"].(string); !aliasIDs[ref] {
				t.Errorf("integration %s targets %v, not a live alias", id, props(integ)["IntegrationUri"])
			}
		}
		for id, perm := range api.resources("AWS::Lambda::Permission") {
			if ref, _ := props(perm)["FunctionName"].(map[string]any)["Ref"].(string); !aliasIDs[ref] {
				t.Errorf("permission %s is for %v, not a live alias", id, props(perm)["FunctionName"])
			}
		}
		groups := api.resources("AWS::CodeDeploy::DeploymentGroup")
		if preference == stacks.AllAtOnce {
			if len(groups) != 0 {
				t.Errorf("%d deployment groups with AllAtOnce", len(groups))
			}
			return
		}
		if len(groups) != len(fnIDs) {
			t.Errorf("%d deployment groups for %d functions", len(groups), len(fnIDs))
		}
		alarms := api.resources("AWS::CloudWatch::Alarm")
		for id, g := range groups {
			p := props(g)
			if p["DeploymentConfigName"] != "CodeDeployDefault.Lambda"+preference {
				t.Errorf("group %s config %v", id, p["DeploymentConfigName"])
			}
			rollback := jsonOf(p["AutoRollbackConfiguration"])
			for _, ev := range []string{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"} {
				if !strings.Contains(rollback, ev) || !strings.Contains(rollback, `"Enabled":true`) {
					t.Errorf("group %s rollback %s lacks %s", id, rollback, ev)
				}
			}
			cfgAlarms := p["AlarmConfiguration"].(map[string]any)
			names := cfgAlarms["Alarms"].([]any)
			if cfgAlarms["Enabled"] != true || len(names) != 2 {
				t.Errorf("group %s alarms %v", id, jsonOf(cfgAlarms))
			}
			for _, n := range names {
				ref := n.(map[string]any)["Name"].(map[string]any)["Ref"].(string)
				desc, _ := props(alarms[ref])["AlarmDescription"].(string)
				if !strings.Contains(desc, "failed") && !strings.Contains(desc, "80% or more of its timeout") {
					t.Errorf("group %s rolls back on alarm %q", id, desc)
				}
			}
		}
	}
	t.Run("AllAtOnce", func(t *testing.T) { check(t, apiTpl, stacks.AllAtOnce) })
	for _, pref := range []string{"Canary10Percent5Minutes", "Linear10PercentEvery1Minute"} {
		t.Run(pref, func(t *testing.T) {
			app, err := newTestApp(map[string]any{stacks.CtxDeploymentPreference: pref})
			if err != nil {
				t.Fatal(err)
			}
			check(t, toTemplate(assertions.Template_FromStack(app.Api.Stack, nil)), pref)
			checkNoNagFindings(t, app.Api.Stack)
		})
	}
	if _, err := newTestApp(map[string]any{stacks.CtxDeploymentPreference: "Canary50Percent"}); err == nil || !strings.Contains(err.Error(), stacks.CtxDeploymentPreference) {
		t.Errorf("an unknown preference: %v", err)
	}
}

// TestRouteThrottling: the heavier tools' routes have stricter limits than
// the stage's, and the stage waits for the routes it names.
func TestRouteThrottling(t *testing.T) {
	stageID, stage := apiTpl.single(t, "AWS::ApiGatewayV2::Stage")
	settings, _ := props(stage)["RouteSettings"].(map[string]any)
	want := map[string][2]float64{
		"GET /segment": {5, 10}, "POST /segment": {5, 10}, "GET /keywords": {5, 10}, "POST /keywords": {5, 10},
		"GET /random-image": {10, 20}, "GET /random-quote": {10, 20},
		"GET /convert": {10, 20}, "POST /convert": {10, 20}, "GET /pinyin": {5, 10}, "POST /pinyin": {5, 10},
	}
	if len(settings) != len(want) {
		t.Errorf("route settings %v, want %d routes", settings, len(want))
	}
	stageRate := cdkJSONCtxt[stacks.CtxThrottleRateLimit]
	for key, w := range want {
		s, _ := settings[key].(map[string]any)
		if s["ThrottlingRateLimit"] != w[0] || s["ThrottlingBurstLimit"] != w[1] {
			t.Errorf("%s: %v, want rate %v burst %v", key, s, w[0], w[1])
		}
		if w[0] >= stageRate.(float64) {
			t.Errorf("%s: rate %v is not stricter than the stage's %v", key, w[0], stageRate)
		}
	}
	deps := jsonOf(stage["DependsOn"])
	for id, r := range apiTpl.resources("AWS::ApiGatewayV2::Route") {
		if _, limited := settings[props(r)["RouteKey"].(string)]; limited && !strings.Contains(deps, id) {
			t.Errorf("stage %s does not depend on route %s", stageID, id)
		}
	}
	for tool, fn := range toolFunctions(t) {
		if rc := props(fn)["ReservedConcurrentExecutions"]; rc != nil {
			t.Errorf("%s reserves %v executions by default", tool, rc)
		}
	}
}

func TestRouteThrottlingAndConcurrencyFromContext(t *testing.T) {
	app, err := newTestApp(map[string]any{
		stacks.CtxRouteRatePrefix + "segment":           "2",
		stacks.CtxRouteBurstPrefix + "calc":             4,
		stacks.CtxRouteRatePrefix + "calc":              "3",
		stacks.CtxReservedConcurrencyPrefix + "segment": "5",
	})
	if err != nil {
		t.Fatal(err)
	}
	api := toTemplate(assertions.Template_FromStack(app.Api.Stack, nil))
	_, stage := api.single(t, "AWS::ApiGatewayV2::Stage")
	settings := props(stage)["RouteSettings"].(map[string]any)
	if got := jsonOf(settings["POST /segment"]); got != `{"ThrottlingBurstLimit":10,"ThrottlingRateLimit":2}` {
		t.Errorf("segment %s", got)
	}
	if got := jsonOf(settings["GET /calc"]); got != `{"ThrottlingBurstLimit":4,"ThrottlingRateLimit":3}` {
		t.Errorf("calc %s", got)
	}
	segID := *app.Api.Stack.GetLogicalId(app.Api.Functions["segment"].Function.Node().DefaultChild().(awscdk.CfnElement))
	if rc := props(api.resources("AWS::Lambda::Function")[segID])["ReservedConcurrentExecutions"]; rc != 5.0 {
		t.Errorf("segment reserved concurrency %v, want 5", rc)
	}
	for _, bad := range []map[string]any{
		{stacks.CtxRouteRatePrefix + "calc": "3"}, // burst missing for a tool without defaults
		{stacks.CtxRouteRatePrefix + "segment": "-1"},
		{stacks.CtxReservedConcurrencyPrefix + "calc": "1.5"},
	} {
		if _, err := newTestApp(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
