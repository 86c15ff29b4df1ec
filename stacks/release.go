package stacks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// LiveAlias is the alias every route invokes: it points at the function
// version a release made live.
const LiveAlias = "live"

// AllAtOnce is the default deployment preference: the alias moves to the
// new version as soon as it exists, with no CodeDeploy.
const AllAtOnce = "AllAtOnce"

// deploymentConfigs are the CodeDeploy traffic shifts a release may use,
// by the name cloudtools:deploymentPreference takes (CodeDeploy's own,
// without "CodeDeployDefault.Lambda").
var deploymentConfigs = map[string]func() awscodedeploy.ILambdaDeploymentConfig{
	"Canary10Percent5Minutes":       awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES,
	"Canary10Percent10Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_10MINUTES,
	"Canary10Percent15Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_15MINUTES,
	"Canary10Percent30Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_30MINUTES,
	"Linear10PercentEvery1Minute":   awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_1MINUTE,
	"Linear10PercentEvery2Minutes":  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_2MINUTES,
	"Linear10PercentEvery3Minutes":  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_3MINUTES,
	"Linear10PercentEvery10Minutes": awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_10MINUTES,
}

// checkDeploymentPreference accepts AllAtOnce or a deploymentConfigs name.
func checkDeploymentPreference(p string) error {
	if _, ok := deploymentConfigs[p]; ok || p == AllAtOnce {
		return nil
	}
	names := []string{AllAtOnce}
	for n := range deploymentConfigs {
		names = append(names, n)
	}
	sort.Strings(names[1:])
	return fmt.Errorf("%s: %q is not one of %s", CtxDeploymentPreference, p, strings.Join(names, ", "))
}

// newLiveAlias publishes the function's current code and configuration as
// a version (a new one whenever either changes) and points the live alias
// at it. Old versions stay, so a release can be rolled back by hand.
func newLiveAlias(fn awslambda.Function) awslambda.Alias {
	return awslambda.NewAlias(fn, jsii.String("LiveAlias"), &awslambda.AliasProps{
		AliasName:   jsii.String(LiveAlias),
		Version:     fn.CurrentVersion(),
		Description: jsii.String("What the API serves: the version the last release made live"),
	})
}

// newDeploymentGroup shifts the live alias to each new version with
// CodeDeploy as preference says, and rolls back when a deployment fails,
// is stopped, or one of the rollback alarms (the function's errors and
// duration) fires while the traffic moves.
func newDeploymentGroup(scope constructs.Construct, alias awslambda.Alias, preference string, rollback []awscloudwatch.Alarm) awscodedeploy.LambdaDeploymentGroup {
	alarms := make([]interfacesawscloudwatch.IAlarmRef, len(rollback))
	for i, a := range rollback {
		alarms[i] = a
	}
	g := awscodedeploy.NewLambdaDeploymentGroup(scope, jsii.String("Deployment"), &awscodedeploy.LambdaDeploymentGroupProps{
		Alias:            alias,
		DeploymentConfig: deploymentConfigs[preference](),
		Alarms:           &alarms,
		AutoRollback: &awscodedeploy.AutoRollbackConfig{
			FailedDeployment:  jsii.Bool(true),
			StoppedDeployment: jsii.Bool(true),
			DeploymentInAlarm: jsii.Bool(true),
		},
	})
	suppress(g, true, suppression{rule: "AwsSolutions-IAM4",
		reason:    "CodeDeploy's own limited role for Lambda: it reads alarms and moves aliases, and publishes or invokes only CodeDeploy-named topics and hooks (none here).",
		appliesTo: []string{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"}})
	return g
}
