// Command random-quote is the random quote Lambda: GET /random-quote, from
// the data bucket's quotes/quotes.json.
package main

import (
	"os"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/s3client"
)

func main() {
	// DATA_BUCKET and DATA_KEY come from the Api stack (stacks.EnvData*).
	key := os.Getenv("DATA_KEY")
	if key == "" {
		key = "quotes/quotes.json"
	}
	store := &s3Object{client: s3client.MustNew(), bucket: os.Getenv("DATA_BUCKET"), key: key}
	apigw.Start("random-quote", apigw.Limit(apigw.ParamsOnly, newService(store).handle), direct)
}
