package assembly

import (
	"encoding/json"
	"testing"
)

func TestResolveIntrinsics(t *testing.T) {
	storage := &Stack{Name: "Storage", Template: Template{
		Resources: map[string]Resource{"DataBucketE3889A50": {Type: "AWS::S3::Bucket"}, "Fn1": {Type: "AWS::Lambda::Function"},
			"Fn1Live":    {Type: "AWS::Lambda::Alias", Properties: map[string]any{"FunctionName": map[string]any{"Ref": "Fn1"}, "Name": "live"}},
			"Fn1Version": {Type: "AWS::Lambda::Version", Properties: map[string]any{"FunctionName": map[string]any{"Ref": "Fn1"}}}},
		Outputs: map[string]Output{
			"BucketRef": {Value: map[string]any{"Ref": "DataBucketE3889A50"}},
			"Exported": {Value: "exported-value", Export: &struct {
				Name any `json:"Name"`
			}{Name: "shared-name"}},
		},
	}}
	api := &Stack{Name: "Api", Template: Template{Resources: map[string]Resource{"Thing": {Type: "AWS::SNS::Topic"}}}}
	r := &resolver{a: &Assembly{Stacks: []*Stack{storage, api}}}
	tests := []struct {
		stack *Stack
		expr  string
		want  string
	}{
		{storage, `{"Ref":"DataBucketE3889A50"}`, "databuckete3889a50"},
		{storage, `{"Fn::GetAtt":["DataBucketE3889A50","Arn"]}`, "arn:aws:s3:::databuckete3889a50"},
		{storage, `{"Fn::GetAtt":["Fn1","Arn"]}`, "arn:aws:lambda:us-east-1:123456789012:function:Fn1"},
		// An alias and a version Ref to qualified function ARNs.
		{storage, `{"Ref":"Fn1Live"}`, "arn:aws:lambda:us-east-1:123456789012:function:Fn1:live"},
		{storage, `{"Ref":"Fn1Version"}`, "arn:aws:lambda:us-east-1:123456789012:function:Fn1:1"},
		{api, `{"Fn::Join":["-",["a",{"Ref":"AWS::Region"},{"Ref":"Thing"}]]}`, "a-us-east-1-Thing"},
		{api, `{"Fn::Sub":"cdk-${AWS::AccountId}-${AWS::Region}"}`, "cdk-123456789012-us-east-1"},
		{api, `{"Fn::Sub":["${A}/${Thing}",{"A":"x"}]}`, "x/Thing"},
		{api, `{"Fn::Select":[1,["a","b"]]}`, "b"},
		{api, `{"Fn::GetStackOutput":{"StackName":"Storage","OutputName":"BucketRef","Region":{"Ref":"AWS::Region"}}}`, "databuckete3889a50"},
		{api, `{"Fn::ImportValue":"shared-name"}`, "exported-value"},
		{api, `7`, "7"},
	}
	for _, tc := range tests {
		var v any
		json.Unmarshal([]byte(tc.expr), &v)
		got, err := r.String(tc.stack, v)
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.expr, got, err, tc.want)
		}
	}
	for _, bad := range []string{`{"Ref":"Missing"}`, `{"Fn::Unknown":1}`, `{"Fn::Select":[5,["a"]]}`,
		`{"Fn::GetStackOutput":{"StackName":"Nope","OutputName":"x"}}`, `{"Fn::ImportValue":"nothing"}`, `{"a":1,"b":2}`} {
		var v any
		json.Unmarshal([]byte(bad), &v)
		if got, err := r.String(api, v); err == nil {
			t.Errorf("%s resolved to %q", bad, got)
		}
	}
}

// TestUnqualified: an alias or version ARN names its function, so a route
// integrated with the live alias runs the function (local mode serves one
// code, what a fully shifted alias points at).
func TestUnqualified(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:Calc:live": "arn:aws:lambda:us-east-1:123456789012:function:Calc",
		"arn:aws:lambda:us-east-1:123456789012:function:Calc:7":    "arn:aws:lambda:us-east-1:123456789012:function:Calc",
		"arn:aws:lambda:us-east-1:123456789012:function:Calc":      "arn:aws:lambda:us-east-1:123456789012:function:Calc",
		"arn:aws:s3:::bucket": "arn:aws:s3:::bucket",
	} {
		if got := unqualified(in); got != want {
			t.Errorf("unqualified(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToolName(t *testing.T) {
	for path, want := range map[string]string{
		"CloudTools-Api/RandomImage/Function/Resource": "random-image",
		"CloudTools-Api/Calc/Function/Resource":        "calc",
		"Throwaway/Misbehave/Resource":                 "misbehave",
	} {
		res := Resource{Metadata: map[string]any{"aws:cdk:path": path}}
		if got := toolName(res, "Logical"); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	tagged := Resource{Properties: map[string]any{"Tags": []any{map[string]any{"Key": "tool", "Value": "named"}}}}
	if got := toolName(tagged, "X"); got != "named" {
		t.Errorf("tag: %q", got)
	}
}
