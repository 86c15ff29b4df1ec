package assembly

import (
	"fmt"
	"regexp"
	"strings"
)

// Pseudo parameters as local mode presents them.
const (
	Region    = "us-east-1"
	AccountID = "123456789012"
)

// resolver evaluates the CloudFormation intrinsics CDK emits (Ref,
// Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::GetStackOutput,
// Fn::ImportValue) against local stand-ins for physical resources.
type resolver struct {
	a *Assembly
}

// physicalName is a resource's local name: its logical id, lower-cased so
// that it is also a valid bucket name.
func physicalName(stack *Stack, logicalID string) string {
	if stack.Template.Resources[logicalID].Type == "AWS::S3::Bucket" {
		return strings.ToLower(logicalID)
	}
	return logicalID
}

// FunctionARN is the local ARN of a function resource.
func FunctionARN(name string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", Region, AccountID, name)
}

func (r *resolver) ref(stack *Stack, name string) (string, error) {
	switch name {
	case "AWS::Region":
		return Region, nil
	case "AWS::AccountId":
		return AccountID, nil
	case "AWS::Partition":
		return "aws", nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	case "AWS::StackName":
		return stack.Name, nil
	case "AWS::NoValue":
		return "", nil
	}
	res, ok := stack.Template.Resources[name]
	if !ok {
		return "", fmt.Errorf("%s: Ref to unknown %q", stack.Name, name)
	}
	switch res.Type {
	case "AWS::Lambda::Alias", "AWS::Lambda::Version":
		// Both Ref to a qualified ARN: the function's, then the alias name
		// or the version number. Local mode runs the function's one code,
		// so a qualified ARN names the function itself (see functionSet).
		fn, err := r.String(stack, res.Properties["FunctionName"])
		if err != nil {
			return "", fmt.Errorf("%s: %s %s: %w", stack.Name, res.Type, name, err)
		}
		if !strings.HasPrefix(fn, "arn:") {
			fn = FunctionARN(fn)
		}
		qualifier := str(res.Properties["Name"]) // the alias
		if res.Type == "AWS::Lambda::Version" {
			qualifier = "1"
		}
		return fn + ":" + qualifier, nil
	}
	return physicalName(stack, name), nil
}

func (r *resolver) getAtt(stack *Stack, id, attr string) (string, error) {
	res, ok := stack.Template.Resources[id]
	if !ok {
		return "", fmt.Errorf("%s: GetAtt of unknown %q", stack.Name, id)
	}
	name := physicalName(stack, id)
	switch {
	case res.Type == "AWS::S3::Bucket" && attr == "Arn":
		return "arn:aws:s3:::" + name, nil
	case res.Type == "AWS::Lambda::Function" && attr == "Arn":
		return FunctionARN(name), nil
	case attr == "Arn":
		return fmt.Sprintf("arn:aws:local:%s:%s:%s/%s", Region, AccountID, res.Type, name), nil
	}
	return name + "." + attr, nil
}

// String resolves v to a string.
func (r *resolver) String(stack *Stack, v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case float64, bool:
		return fmt.Sprint(x), nil
	case map[string]any:
		if len(x) != 1 {
			return "", fmt.Errorf("%s: not an intrinsic: %v", stack.Name, x)
		}
		for fn, arg := range x {
			return r.intrinsic(stack, fn, arg)
		}
	}
	return "", fmt.Errorf("%s: cannot resolve %v", stack.Name, v)
}

func (r *resolver) intrinsic(stack *Stack, fn string, arg any) (string, error) {
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		return r.ref(stack, name)
	case "Fn::GetAtt":
		parts, _ := arg.([]any)
		if len(parts) != 2 {
			return "", fmt.Errorf("%s: Fn::GetAtt %v", stack.Name, arg)
		}
		id, _ := parts[0].(string)
		attr, _ := parts[1].(string)
		return r.getAtt(stack, id, attr)
	case "Fn::Join":
		parts, _ := arg.([]any)
		if len(parts) != 2 {
			return "", fmt.Errorf("%s: Fn::Join %v", stack.Name, arg)
		}
		sep, _ := parts[0].(string)
		items, _ := parts[1].([]any)
		out := make([]string, len(items))
		for i, it := range items {
			s, err := r.String(stack, it)
			if err != nil {
				return "", err
			}
			out[i] = s
		}
		return strings.Join(out, sep), nil
	case "Fn::Select":
		parts, _ := arg.([]any)
		if len(parts) != 2 {
			return "", fmt.Errorf("%s: Fn::Select %v", stack.Name, arg)
		}
		idx, _ := parts[0].(float64)
		list, _ := parts[1].([]any)
		if int(idx) < 0 || int(idx) >= len(list) {
			return "", fmt.Errorf("%s: Fn::Select index %v out of range", stack.Name, idx)
		}
		return r.String(stack, list[int(idx)])
	case "Fn::Sub":
		return r.sub(stack, arg)
	case "Fn::GetStackOutput":
		m, _ := arg.(map[string]any)
		other, err := r.String(stack, m["StackName"])
		if err != nil {
			return "", err
		}
		name, _ := m["OutputName"].(string)
		return r.output(other, name)
	case "Fn::ImportValue":
		name, err := r.String(stack, arg)
		if err != nil {
			return "", err
		}
		for _, s := range r.a.Stacks {
			for _, o := range s.Template.Outputs {
				if o.Export == nil {
					continue
				}
				if export, err := r.String(s, o.Export.Name); err == nil && export == name {
					return r.String(s, o.Value)
				}
			}
		}
		return "", fmt.Errorf("%s: no stack exports %q", stack.Name, name)
	}
	return "", fmt.Errorf("%s: unsupported intrinsic %s", stack.Name, fn)
}

func (r *resolver) output(stackName, outputName string) (string, error) {
	s := r.a.stack(stackName)
	if s == nil {
		return "", fmt.Errorf("output of unknown stack %q", stackName)
	}
	o, ok := s.Template.Outputs[outputName]
	if !ok {
		return "", fmt.Errorf("stack %s has no output %q", stackName, outputName)
	}
	return r.String(s, o.Value)
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

func (r *resolver) sub(stack *Stack, arg any) (string, error) {
	tmpl, vars := "", map[string]any{}
	switch x := arg.(type) {
	case string:
		tmpl = x
	case []any:
		if len(x) != 2 {
			return "", fmt.Errorf("%s: Fn::Sub %v", stack.Name, arg)
		}
		tmpl, _ = x[0].(string)
		vars, _ = x[1].(map[string]any)
	}
	var firstErr error
	out := subVar.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[2 : len(m)-1]
		var v string
		var err error
		switch {
		case vars[name] != nil:
			v, err = r.String(stack, vars[name])
		case strings.Contains(name, "."):
			id, attr, _ := strings.Cut(name, ".")
			v, err = r.getAtt(stack, id, attr)
		default:
			v, err = r.ref(stack, name)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return v
	})
	return out, firstErr
}
