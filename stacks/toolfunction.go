package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"cloudtools/internal/layout"
)

// fullVCPUMB is the memory at which Lambda gives a function one vCPU; it
// gives proportionally less below.
const fullVCPUMB = 1769

// ToolFunctionProps describes one tool's Lambda.
type ToolFunctionProps struct {
	// Tool names its source and its build output (layout.ToolCode).
	Tool        string
	Description string
	AssetDir    string
	MemoryMB    float64
	TimeoutSec  float64
	Environment map[string]string
	Layers      []awslambda.ILayerVersion
	Retention   awslogs.RetentionDays
	// ReservedConcurrency, when set, reserves (and caps) the function's
	// concurrent executions.
	ReservedConcurrency *float64
}

// ToolFunction is a tool's Lambda with its own log group and role.
type ToolFunction struct {
	constructs.Construct
	Function awslambda.Function
	// Alias is the live alias the API invokes (release.go).
	Alias awslambda.Alias
	// Deployment shifts the alias with CodeDeploy; nil for AllAtOnce.
	Deployment awscodedeploy.LambdaDeploymentGroup
	Role       awsiam.Role
	LogGroup   awslogs.LogGroup
}

// NewToolFunction creates the Lambda for a tool: provided.al2023 on arm64
// running the prebuilt bootstrap, JSON logs into a log group with
// retention, and a role that can write those logs and nothing else until a
// tool grants itself more.
func NewToolFunction(scope constructs.Construct, id string, props *ToolFunctionProps) *ToolFunction {
	c := constructs.NewConstruct(scope, &id)
	logGroup := awslogs.NewLogGroup(c, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     props.Retention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	// An explicit role instead of AWSLambdaBasicExecutionRole: that managed
	// policy lets a function create any log group and write to all of them.
	role := awsiam.NewRole(c, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Runs the " + props.Tool + " tool"),
	})
	logGroup.GrantWrite(role)

	env := make(map[string]*string, len(props.Environment)+1)
	for k, v := range props.Environment {
		env[k] = jsii.String(v)
	}
	if props.MemoryMB < fullVCPUMB {
		// Under one vCPU's share, a second P only gives the garbage
		// collector's idle workers a CPU to spend the function's share on:
		// one P cuts a 64 KiB /keywords request's CPU by a third (make
		// bench-local). Lambda runs one request at a time per environment.
		env["GOMAXPROCS"] = jsii.String("1")
	}
	fn := awslambda.NewFunction(c, jsii.String("Function"), &awslambda.FunctionProps{
		Description:           jsii.String(props.Description),
		Runtime:               awslambda.Runtime_PROVIDED_AL2023(),
		Architecture:          awslambda.Architecture_ARM_64(),
		Handler:               jsii.String("bootstrap"),
		Code:                  awslambda.Code_FromAsset(jsii.String(layout.ToolCode(props.AssetDir, props.Tool)), nil),
		MemorySize:            jsii.Number(props.MemoryMB),
		Timeout:               awscdk.Duration_Seconds(jsii.Number(props.TimeoutSec)),
		Environment:           &env,
		Layers:                &props.Layers,
		Role:                  role,
		LogGroup:              logGroup,
		LoggingFormat:         awslambda.LoggingFormat_JSON,
		ApplicationLogLevelV2: awslambda.ApplicationLogLevel_INFO,
		SystemLogLevelV2:      awslambda.SystemLogLevel_WARN,
		// nil: the account's unreserved pool, as new accounts need.
		ReservedConcurrentExecutions: props.ReservedConcurrency,
	})
	suppress(fn, false,
		suppression{rule: "Serverless-LambdaDLQ",
			reason: "API Gateway invokes the function synchronously: a failure is the HTTP answer (and an alarm), and a dead-letter queue only receives failed asynchronous events, which never happen here."},
		suppression{rule: "Serverless-LambdaTracing",
			reason: "One structured JSON log line per request (request id, route, status, latency) and the API's access logs trace each request; X-Ray would add a wildcard IAM grant and per-trace cost for a one-hop call."},
	)
	return &ToolFunction{Construct: c, Function: fn, Role: role, LogGroup: logGroup}
}
