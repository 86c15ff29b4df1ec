package assembly

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Function is a Lambda function as local mode runs it.
type Function struct {
	// Name is the tool's name: the function's "tool" tag, else its
	// construct path turned kebab-case (RandomImage → random-image).
	Name      string
	Stack     string
	LogicalID string
	// CodeDir is the function's asset folder (Lambda's /var/task).
	CodeDir string
	Handler string
	Runtime string
	// LayerDirs are the layers' asset folders, in order (merged at /opt).
	LayerDirs   []string
	Environment map[string]string
	MemoryMB    int
	Timeout     time.Duration
	ARN         string
}

// Route is an HTTP API route to a Lambda proxy integration.
type Route struct {
	// Key is the route key, "GET /calc", "ANY /echo/{proxy+}" or
	// "$default"; the gateway parses it.
	Key string
	// PayloadVersion is the integration's payload format ("2.0").
	PayloadVersion string
	Function       *Function
}

// CORS is the HTTP API's CORS configuration.
type CORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	MaxAge           int // seconds; 0 when unset
}

// Deployment is a BucketDeployment: the files of SourceDirs go to Bucket
// under Prefix.
type Deployment struct {
	Bucket     string
	Prefix     string
	SourceDirs []string
}

// App is what local mode serves.
type App struct {
	APIName     string
	Routes      []Route
	CORS        *CORS
	Functions   []*Function
	Buckets     []string
	Deployments []Deployment
}

// LoadApp loads the assembly in dir and builds its App.
func LoadApp(dir string) (*App, error) {
	a, err := Load(dir)
	if err != nil {
		return nil, err
	}
	return a.Build()
}

// Build reads the assembly into an App. It serves the one HTTP API the
// assembly defines (an error if there are several).
func (a *Assembly) Build() (*App, error) {
	r := &resolver{a: a}
	app := &App{}
	// Functions are read when a route names them: others (such as CDK's
	// own deploy-time handlers) have nothing to do locally.
	funcs := &functionSet{r: r, byARN: map[string]*Function{}, where: map[string]func() (*Function, error){}}
	for _, s := range a.Stacks {
		for _, id := range sortedIDs(s.Template.Resources) {
			res := s.Template.Resources[id]
			switch res.Type {
			case "AWS::Lambda::Function":
				s, id := s, id
				funcs.where[FunctionARN(physicalName(s, id))] = func() (*Function, error) { return r.function(s, id, res) }
			case "AWS::S3::Bucket":
				app.Buckets = append(app.Buckets, physicalName(s, id))
			case "Custom::CDKBucketDeployment":
				d, err := r.deployment(s, res)
				if err != nil {
					return nil, err
				}
				app.Deployments = append(app.Deployments, d)
			}
		}
	}
	var apiStack *Stack
	var apiID string
	for _, s := range a.Stacks {
		for _, id := range sortedIDs(s.Template.Resources) {
			res := s.Template.Resources[id]
			if res.Type == "AWS::ApiGatewayV2::Api" && res.Properties["ProtocolType"] == "HTTP" {
				if apiStack != nil {
					return nil, fmt.Errorf("more than one HTTP API (%s and %s/%s)", apiID, s.Name, id)
				}
				apiStack, apiID = s, id
			}
		}
	}
	if apiStack == nil {
		return nil, fmt.Errorf("the assembly defines no HTTP API")
	}
	api := apiStack.Template.Resources[apiID]
	app.APIName, _ = api.Properties["Name"].(string)
	if cors, ok := api.Properties["CorsConfiguration"].(map[string]any); ok {
		app.CORS = corsFrom(cors)
	}
	for _, id := range sortedIDs(apiStack.Template.Resources) {
		res := apiStack.Template.Resources[id]
		if res.Type != "AWS::ApiGatewayV2::Route" {
			continue
		}
		if ref, _ := res.Properties["ApiId"].(map[string]any); ref["Ref"] != apiID {
			continue
		}
		route, err := r.route(apiStack, res, funcs)
		if err != nil {
			return nil, err
		}
		app.Routes = append(app.Routes, route)
	}
	app.Functions = funcs.order
	return app, nil
}

// functionSet reads each function once, on first use.
type functionSet struct {
	r     *resolver
	byARN map[string]*Function
	where map[string]func() (*Function, error)
	order []*Function
}

func (fs *functionSet) get(arn string) (*Function, error) {
	arn = unqualified(arn)
	if fn, ok := fs.byARN[arn]; ok {
		return fn, nil
	}
	read, ok := fs.where[arn]
	if !ok {
		return nil, fmt.Errorf("%s is not a function of the assembly", arn)
	}
	fn, err := read()
	if err != nil {
		return nil, err
	}
	fs.byARN[arn] = fn
	fs.order = append(fs.order, fn)
	return fn, nil
}

// unqualified drops an alias or version from a function ARN
// (arn:aws:lambda:region:account:function:name[:qualifier]): local mode
// serves the function's one code under every alias and version, as an
// alias that points at the newest version does.
func unqualified(arn string) string {
	if parts := strings.Split(arn, ":"); len(parts) == 8 && parts[5] == "function" {
		return strings.Join(parts[:7], ":")
	}
	return arn
}

func sortedIDs(m map[string]Resource) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (r *resolver) function(s *Stack, id string, res Resource) (*Function, error) {
	p := res.Properties
	fn := &Function{
		Stack: s.Name, LogicalID: id, Name: toolName(res, id),
		Handler: str(p["Handler"]), Runtime: str(p["Runtime"]),
		MemoryMB: 128, Timeout: 3 * time.Second, // Lambda's defaults
		Environment: map[string]string{},
		ARN:         FunctionARN(physicalName(s, id)),
	}
	if m, ok := p["MemorySize"].(float64); ok {
		fn.MemoryMB = int(m)
	}
	if t, ok := p["Timeout"].(float64); ok {
		fn.Timeout = time.Duration(t * float64(time.Second))
	}
	code, _ := p["Code"].(map[string]any)
	key, err := r.String(s, code["S3Key"])
	if err != nil {
		return nil, fmt.Errorf("function %s: code: %w", id, err)
	}
	if fn.CodeDir, err = s.assetDir(key); err != nil {
		return nil, fmt.Errorf("function %s: %w", id, err)
	}
	if env, ok := p["Environment"].(map[string]any); ok {
		vars, _ := env["Variables"].(map[string]any)
		for k, v := range vars {
			if fn.Environment[k], err = r.String(s, v); err != nil {
				return nil, fmt.Errorf("function %s: environment %s: %w", id, k, err)
			}
		}
	}
	layers, _ := p["Layers"].([]any)
	for _, l := range layers {
		ref, _ := l.(map[string]any)
		layerID, _ := ref["Ref"].(string)
		layer, ok := s.Template.Resources[layerID]
		if !ok || layer.Type != "AWS::Lambda::LayerVersion" {
			return nil, fmt.Errorf("function %s: layer %v is not a layer of stack %s", id, l, s.Name)
		}
		content, _ := layer.Properties["Content"].(map[string]any)
		key, err := r.String(s, content["S3Key"])
		if err != nil {
			return nil, fmt.Errorf("layer %s: %w", layerID, err)
		}
		dir, err := s.assetDir(key)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %w", layerID, err)
		}
		fn.LayerDirs = append(fn.LayerDirs, dir)
	}
	return fn, nil
}

// toolName names a function the way a user does: its "tool" tag, else
// the construct id above "Function" in its CDK path, in kebab-case.
func toolName(res Resource, logicalID string) string {
	tags, _ := res.Properties["Tags"].([]any)
	for _, t := range tags {
		tag, _ := t.(map[string]any)
		if tag["Key"] == "tool" {
			return str(tag["Value"])
		}
	}
	path := str(res.Metadata["aws:cdk:path"])
	parts := strings.Split(path, "/")
	name := logicalID
	if len(parts) >= 3 {
		name = parts[len(parts)-3]
		if parts[len(parts)-2] != "Function" {
			name = parts[len(parts)-2]
		}
	}
	return kebab(name)
}

func kebab(s string) string {
	var b strings.Builder
	for i, c := range s {
		if unicode.IsUpper(c) {
			if i > 0 {
				b.WriteByte('-')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func (r *resolver) deployment(s *Stack, res Resource) (Deployment, error) {
	p := res.Properties
	var d Deployment
	var err error
	if d.Bucket, err = r.String(s, p["DestinationBucketName"]); err != nil {
		return d, err
	}
	if p["DestinationBucketKeyPrefix"] != nil {
		if d.Prefix, err = r.String(s, p["DestinationBucketKeyPrefix"]); err != nil {
			return d, err
		}
	}
	keys, _ := p["SourceObjectKeys"].([]any)
	for _, k := range keys {
		key, err := r.String(s, k)
		if err != nil {
			return d, err
		}
		dir, err := s.assetDir(key)
		if err != nil {
			return d, fmt.Errorf("bucket deployment to %s: %w", d.Bucket, err)
		}
		d.SourceDirs = append(d.SourceDirs, dir)
	}
	return d, nil
}

func (r *resolver) route(s *Stack, res Resource, funcs *functionSet) (Route, error) {
	key := str(res.Properties["RouteKey"])
	route := Route{Key: key}
	target, err := r.String(s, res.Properties["Target"])
	if err != nil {
		return route, fmt.Errorf("route %s: %w", key, err)
	}
	integID := strings.TrimPrefix(target, "integrations/")
	integ, ok := s.Template.Resources[integID]
	if !ok || integ.Type != "AWS::ApiGatewayV2::Integration" {
		return route, fmt.Errorf("route %s: target %q is not an integration", key, target)
	}
	if t := str(integ.Properties["IntegrationType"]); t != "AWS_PROXY" {
		return route, fmt.Errorf("route %s: integration type %s (local mode runs Lambda proxy integrations)", key, t)
	}
	route.PayloadVersion = str(integ.Properties["PayloadFormatVersion"])
	uri, err := r.String(s, integ.Properties["IntegrationUri"])
	if err != nil {
		return route, fmt.Errorf("route %s: %w", key, err)
	}
	if route.Function, err = funcs.get(uri); err != nil {
		return route, fmt.Errorf("route %s: %w", key, err)
	}
	return route, nil
}

func corsFrom(m map[string]any) *CORS {
	list := func(k string) []string {
		vs, _ := m[k].([]any)
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			out = append(out, str(v))
		}
		return out
	}
	c := &CORS{
		AllowOrigins: list("AllowOrigins"), AllowMethods: list("AllowMethods"),
		AllowHeaders: list("AllowHeaders"), ExposeHeaders: list("ExposeHeaders"),
	}
	c.AllowCredentials, _ = m["AllowCredentials"].(bool)
	if age, ok := m["MaxAge"].(float64); ok {
		c.MaxAge = int(age)
	}
	return c
}

// FunctionByName finds a function by tool name.
func (app *App) FunctionByName(name string) (*Function, error) {
	var names []string
	for _, f := range app.Functions {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return nil, fmt.Errorf("no function %q (have %s)", name, strings.Join(names, ", "))
}
