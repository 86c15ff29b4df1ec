// Package s3client builds the S3 client of the Lambdas that read the data
// bucket, from the function's environment (its role's credentials, its
// region; AWS_ENDPOINT_URL_S3 in local mode).
package s3client

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// CallTimeout bounds one S3 operation, retries included. An in-region GET
// or LIST takes tens of milliseconds; two seconds leave room for the SDK's
// retries and still answer 503 well before the function's timeout (5 s and
// up), which API Gateway would turn into a bare 500.
const CallTimeout = 2 * time.Second

// MaxBackoff caps the wait between the SDK's attempts. Its default grows
// to seconds, which within CallTimeout leaves room for one slow retry and
// holds every request of an outage for about a second; in-region S3
// either answers in milliseconds or is down, so short waits lose nothing.
const MaxBackoff = 100 * time.Millisecond

// MustNew returns the client, or fails the function's init with a logged
// reason: without configuration no request could be served.
func MustNew() *s3.Client {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		slog.Error("load AWS configuration", "error", err.Error())
		os.Exit(1)
	}
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = MaxBackoff })
	}
	return s3.NewFromConfig(cfg)
}
