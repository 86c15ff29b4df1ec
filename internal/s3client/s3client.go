// Package s3client builds the S3 client of the Lambdas that read the data
// bucket, from the function's environment (its role's credentials, its
// region; AWS_ENDPOINT_URL_S3 in local mode).
package s3client

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// MustNew returns the client, or fails the function's init with a logged
// reason: without configuration no request could be served.
func MustNew() *s3.Client {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		slog.Error("load AWS configuration", "error", err.Error())
		os.Exit(1)
	}
	return s3.NewFromConfig(cfg)
}
