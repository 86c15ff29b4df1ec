// Command home is the playground Lambda: GET / (an HTML page with a form per
// tool) and GET /openapi.json (the API's OpenAPI 3.1 description).
package main

import "cloudtools/internal/lambdakit/apigw"

func main() {
	apigw.Start("home", handle, direct)
}
