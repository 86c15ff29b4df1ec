package stacks

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// suppression is one cdk-nag rule waived for a resource, with the reason a
// reviewer reads in the synth report and in the code next to the resource.
type suppression struct {
	rule      string
	reason    string
	appliesTo []string // finding-level scope (e.g. one wildcard), empty for all
	// appliesToRegex scopes by pattern (/.../), for findings whose text
	// depends on how a cross-stack reference is rendered.
	appliesToRegex string
}

// suppress waives rules on a construct and, with children, on everything
// below it.
func suppress(construct any, children bool, list ...suppression) {
	out := make([]*cdknag.NagPackSuppression, len(list))
	for i, s := range list {
		out[i] = &cdknag.NagPackSuppression{Id: jsii.String(s.rule), Reason: jsii.String(s.reason)}
		var applies []any
		for _, a := range s.appliesTo {
			applies = append(applies, a)
		}
		if s.appliesToRegex != "" {
			applies = append(applies, map[string]string{"regex": s.appliesToRegex})
		}
		if len(applies) > 0 {
			out[i].AppliesTo = &applies
		}
	}
	cdknag.NagSuppressions_AddResourceSuppressions(construct, &out, jsii.Bool(children))
}
