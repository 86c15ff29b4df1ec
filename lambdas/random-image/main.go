// Command random-image is the random image Lambda: GET /random-image.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"cloudtools/internal/apigw"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		slog.Error("load AWS configuration", "error", err.Error())
		os.Exit(1)
	}
	// DATA_BUCKET and DATA_PREFIX come from the Api stack (stacks.EnvData*).
	store := newS3Store(s3.NewFromConfig(cfg), os.Getenv("DATA_BUCKET"), envOr("DATA_PREFIX", "images/"))
	apigw.Start("random-image", newService(store).handle)
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
