package stacks

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

var (
	// hostname is a DNS name of at least two labels, lower case.
	hostname = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)
	// certificateArn is an ACM certificate's ARN in any partition.
	certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$`)
	// hostedZoneID is a Route 53 hosted zone id.
	hostedZoneID = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// checkDomain validates the own-domain settings together: a domain needs
// a certificate, and a certificate or a hosted zone needs a domain.
func checkDomain(c Config) error {
	switch {
	case c.DomainName == "" && c.CertificateArn != "":
		return fmt.Errorf("%s is set without %s: name the domain the certificate is for", CtxCertificateArn, CtxDomainName)
	case c.DomainName == "" && c.HostedZoneID != "":
		return fmt.Errorf("%s is set without %s: name the domain to create the record for", CtxHostedZoneID, CtxDomainName)
	case c.DomainName == "":
		return nil
	case !hostname.MatchString(c.DomainName):
		return fmt.Errorf("%s: %q is not a domain name like api.example.com (lower case, no scheme or path)", CtxDomainName, c.DomainName)
	case c.CertificateArn == "":
		return fmt.Errorf("%s needs %s: an ACM certificate for %s in the stack's region (a regional endpoint takes its certificate from its own region)", CtxDomainName, CtxCertificateArn, c.DomainName)
	case !certificateArn.MatchString(c.CertificateArn):
		return fmt.Errorf("%s: %q is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)", CtxCertificateArn, c.CertificateArn)
	case c.HostedZoneID != "" && !hostedZoneID.MatchString(c.HostedZoneID):
		return fmt.Errorf("%s: %q is not a Route 53 hosted zone id (Z…)", CtxHostedZoneID, c.HostedZoneID)
	}
	return nil
}

// CustomDomain is the API's own domain: the API Gateway domain name, its
// mapping to the stage, and, with a hosted zone, the alias record.
type CustomDomain struct {
	DomainName awsapigatewayv2.DomainName
	Record     awsroute53.CfnRecordSet // nil without a hosted zone
}

// newCustomDomain serves stage at https://<domain>/ with the regional
// certificate (TLS 1.2 at least), and points an alias A record in the
// hosted zone at it when one is given.
func newCustomDomain(scope constructs.Construct, cfg Config, api awsapigatewayv2.HttpApi, stage awsapigatewayv2.HttpStage) *CustomDomain {
	dn := awsapigatewayv2.NewDomainName(scope, jsii.String("CustomDomain"), &awsapigatewayv2.DomainNameProps{
		DomainName:     jsii.String(cfg.DomainName),
		Certificate:    awscertificatemanager.Certificate_FromCertificateArn(scope, jsii.String("Certificate"), jsii.String(cfg.CertificateArn)),
		EndpointType:   awsapigatewayv2.EndpointType_REGIONAL,
		SecurityPolicy: awsapigatewayv2.SecurityPolicy_TLS_1_2,
	})
	awsapigatewayv2.NewApiMapping(scope, jsii.String("CustomDomainMapping"), &awsapigatewayv2.ApiMappingProps{
		Api: api, DomainName: dn, Stage: stage,
	})
	out := &CustomDomain{DomainName: dn}
	if cfg.HostedZoneID != "" {
		// L1: the alias needs only the zone's id, not its name.
		out.Record = awsroute53.NewCfnRecordSet(scope, jsii.String("CustomDomainRecord"), &awsroute53.CfnRecordSetProps{
			HostedZoneId: jsii.String(cfg.HostedZoneID),
			Name:         jsii.String(cfg.DomainName + "."),
			Type:         jsii.String("A"),
			AliasTarget: &awsroute53.CfnRecordSet_AliasTargetProperty{
				DnsName:      dn.RegionalDomainName(),
				HostedZoneId: dn.RegionalHostedZoneId(),
			},
		})
	}
	awscdk.NewCfnOutput(scope, jsii.String("CustomDomainUrl"), &awscdk.CfnOutputProps{
		Value:       jsii.String("https://" + cfg.DomainName + "/"),
		Description: jsii.String("The toolkit at its own domain"),
	})
	if cfg.HostedZoneID == "" {
		awscdk.NewCfnOutput(scope, jsii.String("CustomDomainTarget"), &awscdk.CfnOutputProps{
			Value:       dn.RegionalDomainName(),
			Description: jsii.String("Point a CNAME (or an alias A record) for " + cfg.DomainName + " at this name"),
		})
	}
	return out
}
