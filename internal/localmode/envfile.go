package localmode

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"cloudtools/internal/localmode/assembly"
)

// EnvOverrides are environment values for the functions, in SAM's env.json
// shape (`sam local start-api --env-vars`): {"Parameters": {...}} for every
// function and {"<tool>": {...}} for one (its logical id works too, as in
// SAM); a function's own entry wins over Parameters. As in SAM, a value
// replaces a variable the template declares for that function; any other
// name is ignored, with a warning.
type EnvOverrides map[string]map[string]string

// allFunctions is the key that applies to every function.
const allFunctions = "Parameters"

// ReadEnvFile reads an env file and checks it against the app: valid JSON,
// objects of scalar values, and keys that name a function.
func ReadEnvFile(path string, app *assembly.App) (EnvOverrides, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("env file: %w", err)
	}
	var raw map[string]map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("env file %s is not valid JSON of SAM's shape ({\"Parameters\": {\"NAME\": \"value\"}, \"<tool>\": {…}}): %w", path, err)
	}
	out := EnvOverrides{}
	for key, vars := range raw {
		name := key
		if key != allFunctions {
			fn := functionNamed(app, key)
			if fn == nil {
				return nil, fmt.Errorf("env file %s: %q is no function of the app (have %s, or %s for all)", path, key, toolNames(app), allFunctions)
			}
			name = fn.Name
		}
		for k, v := range vars {
			s, err := scalar(v)
			if err != nil {
				return nil, fmt.Errorf("env file %s: %s.%s: %w", path, key, k, err)
			}
			if out[name] == nil {
				out[name] = map[string]string{}
			}
			out[name][k] = s
		}
	}
	return out, nil
}

// functionNamed is the function a tool name or logical id names.
func functionNamed(app *assembly.App, key string) *assembly.Function {
	for _, fn := range app.Functions {
		if fn.Name == key || fn.LogicalID == key {
			return fn
		}
	}
	return nil
}

func toolNames(app *assembly.App) string {
	var names []string
	for _, fn := range app.Functions {
		names = append(names, fn.Name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// scalar is an environment value: a string, or a number or boolean as
// JSON writes it (SAM accepts those too).
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", fmt.Errorf("want a string, a number or a boolean, not %T", v)
}

// apply sets in env the overrides of the variables fn's template declares,
// Parameters first and then fn's own, and returns a warning for every
// other name.
func (o EnvOverrides) apply(fn *assembly.Function, env map[string]string) []string {
	var warnings []string
	for _, key := range []string{allFunctions, fn.Name} {
		for _, k := range slices.Sorted(maps.Keys(o[key])) {
			if _, declared := fn.Environment[k]; !declared {
				if key != allFunctions { // Parameters may name what only other functions declare
					warnings = append(warnings, fmt.Sprintf("env file: %s declares no %s; ignored, as SAM does", fn.Name, k))
				}
				continue
			}
			env[k] = o[key][k]
		}
	}
	return warnings
}

// unusedParameters warns of Parameters no function declares.
func (o EnvOverrides) unusedParameters(app *assembly.App) []string {
	var warnings []string
	for _, k := range slices.Sorted(maps.Keys(o[allFunctions])) {
		used := false
		for _, fn := range app.Functions {
			_, declared := fn.Environment[k]
			used = used || declared
		}
		if !used {
			warnings = append(warnings, fmt.Sprintf("env file: no function declares %s (Parameters); ignored, as SAM does", k))
		}
	}
	return warnings
}
