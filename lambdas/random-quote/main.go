// Command random-quote is the random quote Lambda: GET /random-quote, from
// the data bucket's quotes/quotes.json.
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
	// DATA_BUCKET and DATA_KEY come from the Api stack (stacks.EnvData*).
	key := os.Getenv("DATA_KEY")
	if key == "" {
		key = "quotes/quotes.json"
	}
	store := &s3Object{client: s3.NewFromConfig(cfg), bucket: os.Getenv("DATA_BUCKET"), key: key}
	apigw.Start("random-quote", newService(store).handle)
}
