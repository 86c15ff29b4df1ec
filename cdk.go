// Command cloudtools is the CDK app: it builds the Storage and Api stacks,
// applies cdk-nag's AWS Solutions checks, and synthesizes the templates.
// cdk.json runs it ("go run .") after the Lambda build.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"cloudtools/stacks"
)

// Stack names, as a user sees them in the CloudFormation console.
const (
	StorageStackName      = "CloudTools-Storage"
	ApiStackName          = "CloudTools-Api"
	GitHubDeployStackName = "CloudTools-GitHubDeploy"
)

// App is the synthesized toolkit.
type App struct {
	awscdk.App
	Storage *stacks.StorageStack
	Api     *stacks.ApiStack
	// GitHubDeploy is nil unless cloudtools:githubRepo is set.
	GitHubDeploy *stacks.GitHubDeployStack
}

// NewApp builds the whole app on a CDK app created with props (the CLI
// passes context through the environment; tests pass cdk.json's).
func NewApp(props *awscdk.AppProps) (*App, error) {
	app := awscdk.NewApp(props)
	cfg, err := stacks.ConfigFromContext(app.Node())
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	storage := stacks.NewStorageStack(app, StorageStackName, &stacks.StorageStackProps{
		StackProps: awscdk.StackProps{Description: jsii.String("cloudtools: data bucket (images) and its deployment")},
		Config:     cfg,
	})
	api := stacks.NewApiStack(app, ApiStackName, &stacks.ApiStackProps{
		StackProps: awscdk.StackProps{Description: jsii.String("cloudtools: HTTP API and one Lambda per tool")},
		Config:     cfg,
		Bucket:     storage.Bucket,
	})
	all := []awscdk.Stack{storage.Stack, api.Stack}
	var github *stacks.GitHubDeployStack
	if cfg.GitHubRepo != "" {
		if github, err = stacks.NewGitHubDeployStack(app, GitHubDeployStackName, &stacks.GitHubDeployStackProps{
			StackProps:          awscdk.StackProps{Description: jsii.String("cloudtools: GitHub Actions deploy role (OIDC, main branch only)")},
			Repo:                cfg.GitHubRepo,
			ExistingProviderArn: cfg.GitHubOIDCProviderArn,
		}); err != nil {
			return nil, fmt.Errorf("configuration: %w", err)
		}
		all = append(all, github.Stack)
	}
	for _, s := range all {
		awscdk.Tags_Of(s).Add(jsii.String("project"), jsii.String("cloudtools"), nil)
	}
	// Unsuppressed findings at error level fail the synth.
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	awscdk.Aspects_Of(app).Add(cdknag.NewServerlessChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	return &App{App: app, Storage: storage, Api: api, GitHubDeploy: github}, nil
}

func main() {
	defer jsii.Close()
	app, err := NewApp(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
	app.Synth(nil)
}
