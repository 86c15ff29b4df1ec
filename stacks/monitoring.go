package stacks

import (
	"math"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Monitoring is the toolkit's alarms and dashboard.
type Monitoring struct {
	constructs.Construct
	// Alarms by name: "Api5xx", and "<Tool>Errors", "<Tool>Throttles",
	// "<Tool>DurationNearTimeout" per tool.
	Alarms    map[string]awscloudwatch.Alarm
	Dashboard awscloudwatch.Dashboard
	// Topic receives every alarm's state changes: the alarms' own (with
	// AlarmEmail) or an existing one (AlarmTopicArn); nil with neither.
	Topic awssns.ITopic
}

// NoAlarmRouteWarning is the synth warning of a stack whose alarms notify
// nobody.
const NoAlarmRouteWarning = "cloudtools:alarmsNotifyNobody"

// durationAlarmShare is how close to its timeout a function's slowest
// invocation in five minutes may come before the alarm fires.
const durationAlarmShare = 0.8

var fiveMinutes = awscdk.Duration_Minutes(jsii.Number(5))

// newMonitoring alarms on what needs a look on a public URL: any real fault
// (API 5xx, function errors), throttled invocations, and functions close to
// their timeout; and draws the key metrics per tool on one dashboard.
func newMonitoring(scope constructs.Construct, id string, api awsapigatewayv2.HttpApi, stage awsapigatewayv2.HttpStage,
	functions map[string]*ToolFunction, email, topicArn string) *Monitoring {
	c := constructs.NewConstruct(scope, jsii.String(id))
	m := &Monitoring{Construct: c, Alarms: map[string]awscloudwatch.Alarm{}}
	switch {
	case topicArn != "":
		m.Topic = awssns.Topic_FromTopicArn(c, jsii.String("AlarmTopic"), jsii.String(topicArn))
	case email != "":
		topic := awssns.NewTopic(c, jsii.String("AlarmTopic"), &awssns.TopicProps{
			DisplayName: jsii.String("cloudtools alarms"),
			EnforceSSL:  jsii.Bool(true),
		})
		topic.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(email), nil))
		m.Topic = topic
		suppress(topic, true, suppression{rule: "AwsSolutions-SNS2",
			reason: "Alarm notifications carry metric names and states, no user data; CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key costs $1 a month."},
			suppression{rule: "Serverless-SNSRedrivePolicy",
				reason: "A notification e-mail that cannot be delivered loses nothing: the alarm's state and history stay in CloudWatch."})
	default:
		awscdk.Annotations_Of(c).AddWarningV2(jsii.String(NoAlarmRouteWarning), jsii.String(
			"The alarms notify nobody: set -c cloudtools:alarmEmail=you@example.com (a topic of their own, "+
				"with that address subscribed) or -c cloudtools:alarmTopicArn=arn:aws:sns:… (an existing topic). See docs/DEPLOY.md, \"Alarms that reach someone\"."), nil)
	}
	alarm := func(name, description string, metric awscloudwatch.IMetric, threshold float64) {
		a := awscloudwatch.NewAlarm(c, jsii.String(name), &awscloudwatch.AlarmProps{
			AlarmDescription:   jsii.String(description),
			Metric:             metric,
			Threshold:          jsii.Number(threshold),
			EvaluationPeriods:  jsii.Number(1),
			ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
			// No traffic is not a problem.
			TreatMissingData: awscloudwatch.TreatMissingData_NOT_BREACHING,
		})
		if m.Topic != nil {
			action := awscloudwatchactions.NewSnsAction(m.Topic)
			a.AddAlarmAction(action)
			a.AddOkAction(action)
		}
		if m.Topic == nil {
			acknowledge(a, "", guardAck{"CT.CLOUDWATCH.PR.1",
				"No destination is configured (cloudtools:alarmEmail or cloudtools:alarmTopicArn), and the synth warns about it; the alarm still records its state."})
		}
		m.Alarms[name] = a
	}

	sum := &awscloudwatch.MetricOptions{Period: fiveMinutes, Statistic: jsii.String("Sum")}
	alarm("Api5xx", "The API answered 5xx: a real fault (callers' mistakes are 4xx). Details in the function logs by request id.",
		api.MetricServerError(sum), 1)

	names := make([]string, 0, len(functions))
	for name := range functions {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fn := functions[name].Function
		timeoutMS := *fn.Timeout().ToMilliseconds(nil)
		id := toolID(name)
		alarm(id+"Errors", "The "+name+" function failed (crash, timeout or panic).", fn.MetricErrors(sum), 1)
		alarm(id+"Throttles", "Invocations of "+name+" were throttled (account or reserved concurrency).", fn.MetricThrottles(sum), 1)
		maxDuration := fn.MetricDuration(&awscloudwatch.MetricOptions{Period: fiveMinutes, Statistic: jsii.String("Maximum")})
		alarm(id+"DurationNearTimeout", "An invocation of "+name+" took 80% or more of its timeout.",
			maxDuration, math.Round(durationAlarmShare*timeoutMS))
	}

	m.Dashboard = awscloudwatch.NewDashboard(c, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(3)),
	})
	stageMetric := func(name, stat, label string) awscloudwatch.IMetric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace: jsii.String("AWS/ApiGateway"), MetricName: jsii.String(name),
			DimensionsMap: &map[string]*string{"ApiId": api.ApiId(), "Stage": stage.StageName()},
			Statistic:     jsii.String(stat), Period: fiveMinutes, Label: jsii.String(label),
		})
	}
	m.Dashboard.AddWidgets(
		awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{
			Markdown: jsii.String("# cloudtools\nRequests and answers of the HTTP API, then each tool's function. Alarms: 5xx, errors, throttles, duration near timeout."),
			Width:    jsii.Number(24), Height: jsii.Number(2),
		}),
		awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
			Title: jsii.String("API requests and errors"), Width: jsii.Number(12),
			Left: &[]awscloudwatch.IMetric{stageMetric("Count", "Sum", "requests"), stageMetric("4xx", "Sum", "4xx"), stageMetric("5xx", "Sum", "5xx")},
		}),
		awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
			Title: jsii.String("API latency (ms)"), Width: jsii.Number(12),
			Left: &[]awscloudwatch.IMetric{stageMetric("Latency", "p50", "p50"), stageMetric("Latency", "p99", "p99"),
				stageMetric("IntegrationLatency", "p99", "integration p99")},
		}),
	)
	for _, name := range names {
		fn := functions[name].Function
		timeoutMS := *fn.Timeout().ToMilliseconds(nil)
		label := func(s string) *awscloudwatch.MetricOptions {
			return &awscloudwatch.MetricOptions{Period: fiveMinutes, Statistic: jsii.String(s), Label: jsii.String(s)}
		}
		sumOf := func(l string) *awscloudwatch.MetricOptions {
			return &awscloudwatch.MetricOptions{Period: fiveMinutes, Statistic: jsii.String("Sum"), Label: jsii.String(l)}
		}
		m.Dashboard.AddWidgets(
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String(name + ": invocations"), Width: jsii.Number(8),
				Left: &[]awscloudwatch.IMetric{fn.MetricInvocations(sumOf("invocations")), fn.MetricErrors(sumOf("errors")), fn.MetricThrottles(sumOf("throttles"))},
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String(name + ": duration (ms)"), Width: jsii.Number(8),
				Left: &[]awscloudwatch.IMetric{fn.MetricDuration(label("p50")), fn.MetricDuration(label("p99")), fn.MetricDuration(label("Maximum"))},
				LeftAnnotations: &[]*awscloudwatch.HorizontalAnnotation{{
					Value: jsii.Number(timeoutMS), Label: jsii.String("timeout"),
				}},
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String(name + ": concurrency"), Width: jsii.Number(8),
				Left: &[]awscloudwatch.IMetric{fn.Metric(jsii.String("ConcurrentExecutions"), &awscloudwatch.MetricOptions{
					Period: fiveMinutes, Statistic: jsii.String("Maximum"), Label: jsii.String("max concurrent")})},
			}),
		)
	}
	return m
}
