package stacks

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// GitHub Actions' OIDC issuer and the audience its tokens carry for AWS.
const (
	githubOIDCHost     = "token.actions.githubusercontent.com"
	githubOIDCAudience = "sts.amazonaws.com"
)

// githubRepo is owner/name as GitHub spells it.
var githubRepo = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)

// GitHubDeployStackProps configure the deploy role.
type GitHubDeployStackProps struct {
	awscdk.StackProps
	// Repo is owner/name: only its main branch may assume the role.
	Repo string
	// ExistingProviderArn reuses the account's GitHub OIDC provider (an
	// account holds one per issuer); "" creates it.
	ExistingProviderArn string
}

// GitHubDeployStack lets one repository's GitHub Actions deploy the app
// without long-lived keys: GitHub's OIDC provider, and a role that only
// workflows on that repository's main branch can assume, allowed to do
// nothing but assume the CDK bootstrap roles (which deploy, look up and
// publish assets, as `cdk deploy` does with any credentials).
type GitHubDeployStack struct {
	awscdk.Stack
	Role awsiam.Role
}

// NewGitHubDeployStack creates the stack.
func NewGitHubDeployStack(scope constructs.Construct, id string, props *GitHubDeployStackProps) (*GitHubDeployStack, error) {
	if !githubRepo.MatchString(props.Repo) {
		return nil, fmt.Errorf("%s: %q is not owner/name", CtxGitHubRepo, props.Repo)
	}
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	var provider awsiam.IOidcProvider
	if props.ExistingProviderArn != "" {
		provider = awsiam.OidcProviderNative_FromOidcProviderArn(stack, jsii.String("GitHubOidc"), jsii.String(props.ExistingProviderArn))
	} else {
		provider = awsiam.NewOidcProviderNative(stack, jsii.String("GitHubOidc"), &awsiam.OidcProviderNativeProps{
			Url:       jsii.String("https://" + githubOIDCHost),
			ClientIds: jsii.Strings(githubOIDCAudience),
		})
	}
	principal := awsiam.NewWebIdentityPrincipal(provider.OidcProviderArn(), &map[string]any{
		"StringEquals": map[string]any{
			githubOIDCHost + ":aud": githubOIDCAudience,
			// A job on main (a push or a run by hand), not a pull request,
			// another branch, a tag or an environment.
			githubOIDCHost + ":sub": "repo:" + props.Repo + ":ref:refs/heads/main",
		},
	})
	role := awsiam.NewRole(stack, jsii.String("DeployRole"), &awsiam.RoleProps{
		AssumedBy:          principal,
		Description:        jsii.String("GitHub Actions on " + props.Repo + "@main deploys cloudtools through the CDK bootstrap roles"),
		MaxSessionDuration: awscdk.Duration_Hours(jsii.Number(1)),
	})
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("sts:AssumeRole", "sts:TagSession"),
		Resources: jsii.Strings(fmt.Sprintf("arn:%s:iam::%s:role/cdk-*",
			*awscdk.Aws_PARTITION(), *awscdk.Aws_ACCOUNT_ID())),
		Conditions: &map[string]any{
			"StringEquals": map[string]any{
				"iam:ResourceTag/aws-cdk:bootstrap-role": []string{"deploy", "lookup", "file-publishing", "image-publishing"},
			},
		},
	}))
	suppress(role, true, suppression{rule: "AwsSolutions-IAM5",
		reason:         "The CDK bootstrap roles' names end in the account and region and carry a per-environment qualifier; the tag condition admits those four roles only.",
		appliesToRegex: "/^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\\/cdk-\\*$/"})
	awscdk.NewCfnOutput(stack, jsii.String("DeployRoleArn"), &awscdk.CfnOutputProps{
		Value:       role.RoleArn(),
		Description: jsii.String("Set as the GitHub repository variable AWS_DEPLOY_ROLE_ARN"),
	})
	return &GitHubDeployStack{Stack: stack, Role: role}, nil
}
