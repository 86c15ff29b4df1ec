package localmode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestServesWhatTheTemplateSays: once prepared, local mode serves the
// routes of the synthesized template, every one and nothing else, each to
// the function whose tool tag the template gives the integration's alias.
// The template is read here as plain JSON, not through package assembly,
// so the two readings check each other.
func TestServesWhatTheTemplateSays(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and synthesizes the app")
	}
	srv := sharedApp(t)
	raw, err := os.ReadFile(filepath.Join(preparedAssembly(t), "CloudTools-Api.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string         `json:"Type"`
			Properties map[string]any `json:"Properties"`
			Metadata   struct {
				Path string `json:"aws:cdk:path"`
			} `json:"Metadata"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal(raw, &tpl); err != nil {
		t.Fatal(err)
	}
	// ref is the logical id a {"Ref": id} or {"Fn::GetAtt": [id, …]}
	// names, wherever it sits in v.
	var ref func(v any) string
	ref = func(v any) string {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["Ref"].(string); ok {
				return id
			}
			if ga, ok := v["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
				id, _ := ga[0].(string)
				return id
			}
			for _, x := range v {
				if id := ref(x); id != "" {
					return id
				}
			}
		case []any:
			for _, x := range v {
				if id := ref(x); id != "" && tpl.Resources[id].Type != "AWS::ApiGatewayV2::Api" {
					return id
				}
			}
		}
		return ""
	}
	tool := func(fn string) string {
		parts := strings.Split(tpl.Resources[fn].Metadata.Path, "/")
		if len(parts) < 3 || parts[len(parts)-2] != "Function" {
			return ""
		}
		return parts[len(parts)-3]
	}
	// camel is a tool's construct id: random-image → RandomImage.
	camel := func(name string) string {
		var b strings.Builder
		for _, part := range strings.Split(name, "-") {
			if part != "" {
				b.WriteString(strings.ToUpper(part[:1]) + part[1:])
			}
		}
		return b.String()
	}
	want := map[string]string{}
	for _, res := range tpl.Resources {
		if res.Type != "AWS::ApiGatewayV2::Route" {
			continue
		}
		key, _ := res.Properties["RouteKey"].(string)
		integration := tpl.Resources[ref(res.Properties["Target"])]
		target := ref(integration.Properties["IntegrationUri"])
		if a := tpl.Resources[target]; a.Type == "AWS::Lambda::Alias" {
			target = ref(a.Properties["FunctionName"])
		}
		want[key] = tool(target)
	}
	got := map[string]string{}
	for _, r := range srv.App.Routes {
		got[r.Key] = r.Function.Name
	}
	keys := func(m map[string]string) []string {
		return slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
	}
	if len(want) == 0 || !slices.Equal(keys(got), keys(want)) {
		t.Fatalf("served routes %s, the template's %s", strings.Join(keys(got), ", "), strings.Join(keys(want), ", "))
	}
	for k, fn := range want {
		if camel(got[k]) != fn || fn == "" {
			t.Errorf("%s: served by %q, the template's integration invokes the function of %q", k, got[k], fn)
		}
	}
}
