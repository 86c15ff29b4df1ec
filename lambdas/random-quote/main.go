// Command random-quote is the random quote Lambda: GET /random-quote, from
// the data bucket's quotes/quotes.json.
package main

import (
	"os"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/s3client"
	"cloudtools/internal/layout"
)

func main() {
	// The Api stack names the bucket and the object (layout.EnvData*).
	key := os.Getenv(layout.EnvDataKey)
	if key == "" {
		key = "quotes/quotes.json"
	}
	store := &s3Object{client: s3client.MustNew(), bucket: os.Getenv(layout.EnvDataBucket), key: key}
	apigw.Start("random-quote", newService(store).handle, direct)
}
