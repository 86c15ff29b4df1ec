package stacks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"cloudtools/internal/layout"
)

// ApiStackProps configures the stateless stack.
type ApiStackProps struct {
	awscdk.StackProps
	Config Config
	// Bucket is the Storage stack's data bucket.
	Bucket awss3.IBucket
}

// ApiStack is the HTTP API and its tools.
type ApiStack struct {
	awscdk.Stack
	Api       awsapigatewayv2.HttpApi
	Stage     awsapigatewayv2.HttpStage
	Functions map[string]*ToolFunction
	// Monitoring holds the alarms and the dashboard.
	Monitoring *Monitoring
	// Domain is the API's own domain; nil without cloudtools:domainName.
	Domain *CustomDomain
}

// NewApiStack creates the dictionary layer, a function per tool, and the HTTP
// API (payload 2.0, CORS, throttling, access logs) routing to them.
func NewApiStack(scope constructs.Construct, id string, props *ApiStackProps) *ApiStack {
	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	cfg := props.Config
	retention := retentionDays(cfg.LogRetentionDays)

	layer := awslambda.NewLayerVersion(stack, jsii.String("DictionaryLayer"), &awslambda.LayerVersionProps{
		Code:                    awslambda.Code_FromAsset(jsii.String(layout.DictionaryLayer(cfg.AssetDir)), nil),
		CompatibleRuntimes:      &[]awslambda.Runtime{awslambda.Runtime_PROVIDED_AL2023()},
		CompatibleArchitectures: &[]awslambda.Architecture{awslambda.Architecture_ARM_64()},
		Description:             jsii.String("Compiled Chinese dictionaries at /opt/dict: segmentation (jieba words via gse + user dictionary), OpenCC conversion, pinyin readings"),
		RemovalPolicy:           awscdk.RemovalPolicy_DESTROY,
	})

	api := awsapigatewayv2.NewHttpApi(stack, jsii.String("HttpApi"), &awsapigatewayv2.HttpApiProps{
		ApiName:            jsii.String("cloudtools"),
		Description:        jsii.String("cloudtools: calculator, echo, random image and quote, Chinese segmentation, keywords, conversion and pinyin, playground"),
		CreateDefaultStage: jsii.Bool(false),
		CorsPreflight: &awsapigatewayv2.CorsPreflightOptions{
			AllowOrigins: jsii.Strings(cfg.CorsAllowOrigins...),
			AllowMethods: &[]awsapigatewayv2.CorsHttpMethod{
				awsapigatewayv2.CorsHttpMethod_GET, awsapigatewayv2.CorsHttpMethod_POST, awsapigatewayv2.CorsHttpMethod_PUT,
				awsapigatewayv2.CorsHttpMethod_PATCH, awsapigatewayv2.CorsHttpMethod_DELETE, awsapigatewayv2.CorsHttpMethod_HEAD,
				awsapigatewayv2.CorsHttpMethod_OPTIONS,
			},
			AllowHeaders: jsii.Strings("content-type", "authorization"),
			MaxAge:       awscdk.Duration_Days(jsii.Number(1)),
		},
	})

	accessLogs := awslogs.NewLogGroup(stack, jsii.String("AccessLogs"), &awslogs.LogGroupProps{
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	acknowledge(accessLogs, "", logGroupAcks(cfg)...)
	stage := awsapigatewayv2.NewHttpStage(stack, jsii.String("DefaultStage"), &awsapigatewayv2.HttpStageProps{
		HttpApi:    api,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		Throttle: &awsapigatewayv2.ThrottleSettings{
			RateLimit:  jsii.Number(cfg.ThrottleRateLimit),
			BurstLimit: jsii.Number(cfg.ThrottleBurstLimit),
		},
	})
	// Access logs through the L1 stage: one JSON line per request.
	stage.Node().DefaultChild().(awsapigatewayv2.CfnStage).SetAccessLogSettings(&awsapigatewayv2.CfnStage_AccessLogSettingsProperty{
		DestinationArn: accessLogs.LogGroupArn(),
		Format:         jsii.String(accessLogFormat),
	})

	out := &ApiStack{Stack: stack, Api: api, Stage: stage, Functions: map[string]*ToolFunction{}}
	routeSettings := map[string]any{} // route key → per-route throttling
	for _, t := range tools {
		fp := &ToolFunctionProps{
			Tool: t.name, Description: t.description, AssetDir: cfg.AssetDir,
			MemoryMB: t.memoryMB, TimeoutSec: t.timeoutSec, Retention: retention,
			Environment: map[string]string{},
		}
		if mb, ok := cfg.MemoryMB[t.name]; ok {
			fp.MemoryMB = mb
		}
		if n, ok := cfg.ReservedConcurrency[t.name]; ok {
			fp.ReservedConcurrency = &n
		}
		if t.dictionary {
			fp.Layers = []awslambda.ILayerVersion{layer}
			fp.Environment[layout.EnvDictDir] = layout.DefaultDictDir
		}
		if t.bucketPrefix != "" {
			fp.Environment[layout.EnvDataBucket] = *props.Bucket.BucketName()
			fp.Environment[layout.EnvDataPrefix] = t.bucketPrefix
		}
		if t.bucketObject != "" {
			fp.Environment[layout.EnvDataBucket] = *props.Bucket.BucketName()
			fp.Environment[layout.EnvDataKey] = t.bucketObject
		}
		tf := NewToolFunction(stack, toolID(t.name), fp)
		tf.Alias = newLiveAlias(tf.Function)
		acknowledge(tf.LogGroup, "", logGroupAcks(cfg)...)
		acknowledge(tf.Function, "AWS::Lambda::Function", guardAck{"CT.LAMBDA.PR.3",
			"No VPC: the functions reach only S3 and CloudWatch through AWS's public endpoints; a VPC would add NAT or endpoint costs and cold-start time for no network to protect."})
		if t.bucketPrefix != "" {
			grantReadPrefix(tf.Role, props.Bucket, t.bucketPrefix)
		}
		if t.bucketObject != "" {
			tf.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("s3:GetObject"),
				Resources: jsii.Strings(*props.Bucket.ArnForObjects(jsii.String(t.bucketObject))),
			}))
		}
		// The routes invoke the live alias, never $LATEST: a release moves
		// the alias (at once, or by CodeDeploy's canary or linear shift).
		integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String(toolID(t.name)+"Integration"), tf.Alias,
			&awsapigatewayv2integrations.HttpLambdaIntegrationProps{
				PayloadFormatVersion: awsapigatewayv2.PayloadFormatVersion_VERSION_2_0(),
			})
		for _, r := range t.routes {
			methods := r.methods
			routes := api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
				Path: jsii.String(r.path), Methods: &methods, Integration: integration,
			})
			if th, ok := cfg.RouteThrottle[t.name]; ok {
				for _, m := range methods {
					routeSettings[string(m)+" "+r.path] = map[string]any{"ThrottlingRateLimit": th.Rate, "ThrottlingBurstLimit": th.Burst}
				}
				// The stage's route settings name routes that must exist.
				for _, route := range *routes {
					stage.Node().AddDependency(route)
				}
			}
		}
		out.Functions[t.name] = tf
	}
	if len(routeSettings) > 0 {
		stage.Node().DefaultChild().(awsapigatewayv2.CfnStage).AddPropertyOverride(jsii.String("RouteSettings"), routeSettings)
	}
	out.Monitoring = newMonitoring(stack, "Monitoring", api, stage, out.Functions, cfg.AlarmEmail, cfg.AlarmTopicArn)
	if cfg.DeploymentPreference != AllAtOnce {
		for _, t := range tools {
			tf, id := out.Functions[t.name], toolID(t.name)
			tf.Deployment = newDeploymentGroup(tf.Construct, tf.Alias, cfg.DeploymentPreference,
				[]awscloudwatch.Alarm{out.Monitoring.Alarms[id+"Errors"], out.Monitoring.Alarms[id+"DurationNearTimeout"]})
		}
	}

	// After the routes exist: suppressions apply to the children present.
	suppress(api, true, suppression{rule: "AwsSolutions-APIG4",
		reason: "A public toolkit by design: the tools hold no user data, every route is throttled at the stage, and requests are size-limited in the handlers."})
	acknowledge(api, "AWS::ApiGatewayV2::Route", guardAck{"CT.APIGATEWAY.PR.5",
		"A public toolkit by design: no route has an authorizer (the tools hold no user data; stage and route throttling bound abuse)."})
	acknowledge(api, "AWS::Lambda::Permission", guardAck{"CT.LAMBDA.PR.2",
		"Not public: the permission names apigateway.amazonaws.com with a SourceArn of this API and route; the rule only accepts a literal or a Ref there, and CDK builds the ARN with Fn::Join."})

	if cfg.DomainName != "" {
		out.Domain = newCustomDomain(stack, cfg, api, stage)
	}

	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{
		Value:       stage.Url(),
		Description: jsii.String("Base URL of the toolkit, e.g. <ApiUrl>calc?num1=1&num2=2&operator=add"),
	})
	return out
}

// accessLogFormat is API Gateway's $context, one JSON object per request.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",` +
	`"requestTime":"$context.requestTime","method":"$context.httpMethod","path":"$context.path",` +
	`"routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",` +
	`"responseLength":"$context.responseLength","latencyMs":"$context.responseLatency",` +
	`"integrationLatencyMs":"$context.integrationLatency","integrationError":"$context.integrationErrorMessage",` +
	`"userAgent":"$context.identity.userAgent"}`

// grantReadPrefix lets a role list the bucket under prefix and get objects
// there: no other bucket, no other prefix, no writes.
func grantReadPrefix(role awsiam.Role, bucket awss3.IBucket, prefix string) {
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("s3:ListBucket"),
		Resources:  jsii.Strings(*bucket.BucketArn()),
		Conditions: &map[string]any{"StringLike": map[string]any{"s3:prefix": []string{prefix + "*"}}},
	}))
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("s3:GetObject"),
		Resources: jsii.Strings(*bucket.ArnForObjects(jsii.String(prefix + "*"))),
	}))
	// The finding names the bucket by its logical id, either directly or
	// inside the cross-stack reference (Fn::GetStackOutput) once resolved.
	suppress(role, true, suppression{rule: "AwsSolutions-IAM5",
		reason:         "Reads the objects under the " + prefix + " prefix of the data bucket, whose keys change with each deploy; nothing else.",
		appliesToRegex: fmt.Sprintf(`/^Resource::.*%s.*%s\*$/`, logicalIDOf(bucket), strings.ReplaceAll(regexp.QuoteMeta(prefix), "/", `\/`))})
}

// logicalIDOf is the CloudFormation logical id of a construct's resource,
// as cdk-nag names it in finding ids.
func logicalIDOf(c constructs.IConstruct) string {
	res := c.Node().DefaultChild().(awscdk.CfnElement)
	return *awscdk.Stack_Of(c).GetLogicalId(res)
}

// toolID is the construct id of a tool ("random-image" → "RandomImage").
func toolID(name string) string {
	out := make([]byte, 0, len(name))
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' {
			upper = true
			continue
		}
		if upper && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		out = append(out, c)
		upper = false
	}
	return string(out)
}

// retentionDays maps a day count onto the nearest retention CloudWatch
// offers at or above it.
func retentionDays(days float64) awslogs.RetentionDays {
	steps := []struct {
		days float64
		r    awslogs.RetentionDays
	}{
		{1, awslogs.RetentionDays_ONE_DAY}, {3, awslogs.RetentionDays_THREE_DAYS}, {5, awslogs.RetentionDays_FIVE_DAYS},
		{7, awslogs.RetentionDays_ONE_WEEK}, {14, awslogs.RetentionDays_TWO_WEEKS}, {30, awslogs.RetentionDays_ONE_MONTH},
		{60, awslogs.RetentionDays_TWO_MONTHS}, {90, awslogs.RetentionDays_THREE_MONTHS}, {120, awslogs.RetentionDays_FOUR_MONTHS},
		{150, awslogs.RetentionDays_FIVE_MONTHS}, {180, awslogs.RetentionDays_SIX_MONTHS}, {365, awslogs.RetentionDays_ONE_YEAR},
	}
	for _, s := range steps {
		if days <= s.days {
			return s.r
		}
	}
	return awslogs.RetentionDays_TEN_YEARS
}
