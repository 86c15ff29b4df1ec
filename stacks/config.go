// Package stacks defines the cloudtools CDK stacks: Storage (the bucket and
// its deployed data) and Api (the HTTP API, one Lambda per tool, the
// dictionary layer).
package stacks

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"cloudtools/internal/layout"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Config is what a user may change through CDK context (cdk.json's
// "context", or -c key=value on the command line). Keys are documented in
// docs/DEPLOY.md ("Configuration").
type Config struct {
	// CorsAllowOrigins: origins browsers may call the API from.
	CorsAllowOrigins []string
	// ThrottleRateLimit and ThrottleBurstLimit: the stage's steady requests
	// per second and burst, across all routes.
	ThrottleRateLimit  float64
	ThrottleBurstLimit float64
	// LogRetentionDays: for function logs and API access logs.
	LogRetentionDays float64
	// RemoveDataOnDestroy: delete the bucket and its objects with the stack
	// (default: keep them).
	RemoveDataOnDestroy bool
	// MemoryMB overrides a tool's memory, by tool name.
	MemoryMB map[string]float64
	// AssetDir holds the build output (build/lambdas, build/layers).
	AssetDir string
	// RouteThrottle is a tool's per-route rate and burst, by tool: the
	// tools table's stricter limits, then context overrides. Tools without
	// an entry get the stage's limits.
	RouteThrottle map[string]Throttle
	// ReservedConcurrency reserves that many concurrent executions for a
	// tool, by tool; none by default, as new accounts have low quotas.
	ReservedConcurrency map[string]float64
	// AlarmEmail, when set, subscribes that address to the alarms' SNS
	// topic (AWS sends a confirmation mail first).
	AlarmEmail string
	// AlarmTopicArn, when set, sends the alarms to that existing SNS topic
	// (chat, paging, a team's mail list) instead of a topic of their own.
	AlarmTopicArn string
	// GitHubRepo (owner/name), when set, adds the GitHubDeploy stack: an
	// OIDC deploy role for that repository's main branch.
	GitHubRepo string
	// GitHubOIDCProviderArn reuses an existing GitHub OIDC provider.
	GitHubOIDCProviderArn string
	// DomainName and CertificateArn (a regional ACM certificate for it)
	// serve the API at its own domain; HostedZoneID adds the alias record.
	DomainName     string
	CertificateArn string
	HostedZoneID   string
	// DeploymentPreference is how a release moves each function's live
	// alias to its new version: AllAtOnce, or a CodeDeploy canary or
	// linear shift with the function's alarms as rollback triggers.
	DeploymentPreference string
}

// Context keys.
const (
	CtxCorsAllowOrigins     = "cloudtools:corsAllowOrigins"
	CtxThrottleRateLimit    = "cloudtools:throttleRateLimit"
	CtxThrottleBurstLimit   = "cloudtools:throttleBurstLimit"
	CtxLogRetentionDays     = "cloudtools:logRetentionDays"
	CtxRemoveDataOnDestroy  = "cloudtools:removeDataOnDestroy"
	CtxMemoryPrefix         = "cloudtools:memory:" // + tool name
	CtxAssetDir             = "cloudtools:assetDir"
	CtxAlarmEmail           = "cloudtools:alarmEmail"
	CtxAlarmTopicArn        = "cloudtools:alarmTopicArn"
	CtxGitHubRepo           = "cloudtools:githubRepo"
	CtxGitHubOIDCProvider   = "cloudtools:githubOidcProviderArn"
	CtxDomainName           = "cloudtools:domainName"
	CtxCertificateArn       = "cloudtools:certificateArn"
	CtxHostedZoneID         = "cloudtools:hostedZoneId"
	CtxDeploymentPreference = "cloudtools:deploymentPreference"
	// + tool name: a route's steady rate and burst, and reserved concurrency.
	CtxRouteRatePrefix           = "cloudtools:throttleRateLimit:"
	CtxRouteBurstPrefix          = "cloudtools:throttleBurstLimit:"
	CtxReservedConcurrencyPrefix = "cloudtools:reservedConcurrency:"
)

// Throttle is a steady request rate (per second) and a burst.
type Throttle struct{ Rate, Burst float64 }

// DefaultConfig: a personal toolkit on the free tier.
func DefaultConfig() Config {
	throttles := map[string]Throttle{}
	for _, t := range tools {
		if t.throttle != (Throttle{}) {
			throttles[t.name] = t.throttle
		}
	}
	return Config{
		CorsAllowOrigins:     []string{"*"},
		ThrottleRateLimit:    20,
		ThrottleBurstLimit:   40,
		LogRetentionDays:     30,
		MemoryMB:             map[string]float64{},
		RouteThrottle:        throttles,
		ReservedConcurrency:  map[string]float64{},
		AssetDir:             layout.BuildDir,
		DeploymentPreference: AllAtOnce,
	}
}

// ConfigFromContext reads the context of node over the defaults. Values
// from -c arrive as strings, from cdk.json as JSON values; both work.
func ConfigFromContext(node constructs.Node) (Config, error) {
	c := DefaultConfig()
	get := func(key string) (any, bool) {
		v := node.TryGetContext(jsii.String(key))
		return v, v != nil
	}
	var err error
	if v, ok := get(CtxCorsAllowOrigins); ok {
		if c.CorsAllowOrigins, err = stringList(v); err != nil {
			return c, fmt.Errorf("%s: %w", CtxCorsAllowOrigins, err)
		}
	}
	for key, dst := range map[string]*float64{
		CtxThrottleRateLimit: &c.ThrottleRateLimit, CtxThrottleBurstLimit: &c.ThrottleBurstLimit,
		CtxLogRetentionDays: &c.LogRetentionDays,
	} {
		if v, ok := get(key); ok {
			if *dst, err = number(v); err != nil {
				return c, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if v, ok := get(CtxRemoveDataOnDestroy); ok {
		if c.RemoveDataOnDestroy, err = boolean(v); err != nil {
			return c, fmt.Errorf("%s: %w", CtxRemoveDataOnDestroy, err)
		}
	}
	for _, tool := range toolNames() {
		if v, ok := get(CtxMemoryPrefix + tool); ok {
			mb, err := number(v)
			if err != nil || mb < 128 || mb > 10240 {
				return c, fmt.Errorf("%s%s: memory must be 128 to 10240 MB", CtxMemoryPrefix, tool)
			}
			c.MemoryMB[tool] = mb
		}
	}
	for _, t := range tools {
		th, has := c.RouteThrottle[t.name]
		for prefix, dst := range map[string]*float64{CtxRouteRatePrefix: &th.Rate, CtxRouteBurstPrefix: &th.Burst} {
			if v, ok := get(prefix + t.name); ok {
				n, err := number(v)
				if err != nil || n <= 0 {
					return c, fmt.Errorf("%s%s: a positive number", prefix, t.name)
				}
				*dst, has = n, true
			}
		}
		if has {
			if th.Rate <= 0 || th.Burst <= 0 {
				return c, fmt.Errorf("%s%s and %s%s: set both", CtxRouteRatePrefix, t.name, CtxRouteBurstPrefix, t.name)
			}
			c.RouteThrottle[t.name] = th
		}
		if v, ok := get(CtxReservedConcurrencyPrefix + t.name); ok {
			n, err := number(v)
			if err != nil || n < 0 || n != float64(int(n)) {
				return c, fmt.Errorf("%s%s: a whole number", CtxReservedConcurrencyPrefix, t.name)
			}
			c.ReservedConcurrency[t.name] = n
		}
	}
	if v, ok := get(CtxAssetDir); ok {
		c.AssetDir = fmt.Sprint(v)
	}
	if v, ok := get(CtxAlarmEmail); ok {
		c.AlarmEmail = strings.TrimSpace(fmt.Sprint(v))
		if at := strings.Index(c.AlarmEmail, "@"); c.AlarmEmail != "" && (at < 1 || at == len(c.AlarmEmail)-1 || strings.ContainsAny(c.AlarmEmail, " ,;")) {
			return c, fmt.Errorf("%s: %q is not an email address", CtxAlarmEmail, c.AlarmEmail)
		}
	}
	if v, ok := get(CtxAlarmTopicArn); ok {
		c.AlarmTopicArn = strings.TrimSpace(fmt.Sprint(v))
		if c.AlarmTopicArn != "" && !snsTopicArn.MatchString(c.AlarmTopicArn) {
			return c, fmt.Errorf("%s: %q is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", CtxAlarmTopicArn, c.AlarmTopicArn)
		}
	}
	if v, ok := get(CtxGitHubRepo); ok {
		c.GitHubRepo = strings.TrimSpace(fmt.Sprint(v))
	}
	if v, ok := get(CtxGitHubOIDCProvider); ok {
		c.GitHubOIDCProviderArn = strings.TrimSpace(fmt.Sprint(v))
		if !oidcProviderArn.MatchString(c.GitHubOIDCProviderArn) {
			return c, fmt.Errorf("%s: %q is not an OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/%s)", CtxGitHubOIDCProvider, c.GitHubOIDCProviderArn, githubOIDCHost)
		}
		if c.GitHubRepo == "" {
			return c, fmt.Errorf("%s needs %s", CtxGitHubOIDCProvider, CtxGitHubRepo)
		}
	}
	for key, dst := range map[string]*string{CtxDomainName: &c.DomainName, CtxCertificateArn: &c.CertificateArn, CtxHostedZoneID: &c.HostedZoneID} {
		if v, ok := get(key); ok {
			*dst = strings.TrimSpace(fmt.Sprint(v))
		}
	}
	if v, ok := get(CtxDeploymentPreference); ok {
		c.DeploymentPreference = strings.TrimSpace(fmt.Sprint(v))
	}
	if err := checkDeploymentPreference(c.DeploymentPreference); err != nil {
		return c, err
	}
	if err := checkDomain(c); err != nil {
		return c, err
	}
	if c.AlarmEmail != "" && c.AlarmTopicArn != "" {
		return c, fmt.Errorf("%s and %s: set one (subscribe the address to your topic yourself)", CtxAlarmEmail, CtxAlarmTopicArn)
	}
	if c.ThrottleRateLimit <= 0 || c.ThrottleBurstLimit <= 0 {
		return c, fmt.Errorf("throttle limits must be positive")
	}
	if len(c.CorsAllowOrigins) == 0 {
		return c, fmt.Errorf("%s: at least one origin", CtxCorsAllowOrigins)
	}
	return c, nil
}

// oidcProviderArn is GitHub's OIDC provider's ARN in any partition.
var oidcProviderArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/` + regexp.QuoteMeta(githubOIDCHost) + `$`)

// snsTopicArn is an SNS topic's ARN in any partition.
var snsTopicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)

func number(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(x), 64)
	}
	return 0, fmt.Errorf("not a number: %v", v)
}

func boolean(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		return strconv.ParseBool(strings.TrimSpace(x))
	}
	return false, fmt.Errorf("not true or false: %v", v)
}

// stringList accepts a JSON list, a JSON list in a string, or a
// comma-separated string.
func stringList(v any) ([]string, error) {
	switch x := v.(type) {
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("not a list of strings")
			}
			out[i] = s
		}
		return out, nil
	case string:
		x = strings.TrimSpace(x)
		if strings.HasPrefix(x, "[") {
			var out []string
			err := json.Unmarshal([]byte(x), &out)
			return out, err
		}
		var out []string
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("not a list: %v", v)
}
