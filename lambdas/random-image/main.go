// Command random-image is the random image Lambda: GET /random-image.
package main

import (
	"os"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/s3client"
	"cloudtools/internal/layout"
)

func main() {
	// The Api stack names the bucket and the prefix (layout.EnvData*).
	prefix := os.Getenv(layout.EnvDataPrefix)
	if prefix == "" {
		prefix = "images/"
	}
	store := newS3Store(s3client.MustNew(), os.Getenv(layout.EnvDataBucket), prefix)
	apigw.Start("random-image", newService(store).handle, direct)
}
