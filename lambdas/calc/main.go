// Command calc is the calculator Lambda: GET|POST /calc.
package main

import "cloudtools/internal/lambdakit/apigw"

func main() { apigw.Start("calc", handler(), direct) }
