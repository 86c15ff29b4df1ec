// Command echo is the debugging Lambda: ANY /echo and ANY /echo/{proxy+}
// answer with the payload 2.0 event the function received.
package main

import "cloudtools/internal/lambdakit/apigw"

func main() { apigw.Start("echo", handle, direct) }
