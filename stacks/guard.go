package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"cloudtools/internal/devtools/policycheck"
)

// guardAck is one AWS Control Tower control (a CloudFormation Guard rule,
// checked by cmd/check/policycheck after every synth in make test) that a
// resource does not meet on purpose, with the reason. Like the cdk-nag
// suppressions, each is written next to the resource it concerns.
type guardAck struct{ control, reason string }

// acknowledge records acks in the metadata of every CloudFormation
// resource of type cfnType at or below c ("" for any type).
func acknowledge(c constructs.IConstruct, cfnType string, acks ...guardAck) {
	for _, child := range *c.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		res, ok := child.(awscdk.CfnResource)
		if !ok || !*awscdk.CfnResource_IsCfnResource(child) || cfnType != "" && *res.CfnResourceType() != cfnType {
			continue
		}
		merged := map[string]string{}
		if old, ok := res.GetMetadata(jsii.String(policycheck.MetadataKey)).(map[string]any); ok {
			for k, v := range old {
				merged[k], _ = v.(string)
			}
		}
		for _, a := range acks {
			merged[a.control] = a.reason
		}
		res.AddMetadata(jsii.String(policycheck.MetadataKey), merged)
	}
}

// logGroupAcks are the Guard controls a log group does not meet: KMS
// encryption always, a year's retention when the configured one is shorter.
func logGroupAcks(cfg Config) []guardAck {
	acks := []guardAck{{"CT.CLOUDWATCH.PR.3",
		"CloudWatch Logs encrypts every log group at rest with its own keys; a customer KMS key would cost $1 a month plus requests, and the logs hold no user data beyond request metadata."}}
	if cfg.LogRetentionDays < 365 {
		acks = append(acks, guardAck{"CT.CLOUDWATCH.PR.2",
			"Retention is cloudtools:logRetentionDays (30 by default) to stay in the free tier; set it to 365 or more and this control is met."})
	}
	return acks
}
