// Command random-image is the random image Lambda: GET /random-image.
package main

import (
	"os"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/s3client"
)

func main() {
	// DATA_BUCKET and DATA_PREFIX come from the Api stack (stacks.EnvData*).
	prefix := os.Getenv("DATA_PREFIX")
	if prefix == "" {
		prefix = "images/"
	}
	store := newS3Store(s3client.MustNew(), os.Getenv("DATA_BUCKET"), prefix)
	apigw.Start("random-image", apigw.Limit(apigw.ParamsOnly, newService(store).handle), direct)
}
