// Command testlambda is a Lambda for local-mode tests: its payload 2.0 query
// string chooses a behaviour, so tests can make a function crash, hang,
// fail, answer in binary, set cookies, or show its /opt and environment.
//
//	?do=echo      the event as the body (default)
//	?do=crash     exit mid-invocation
//	?do=cutoff    start uploading the response, then exit before its end
//	?do=sleep&ms= sleep, then answer
//	?do=error     return an error (the runtime posts to /error)
//	?do=panic     panic (aws-lambda-go reports it, then the process exits)
//	?do=binary    a base64 PNG-ish body
//	?do=cookies   two cookies and a multi-value header
//	?do=bare      a bare JSON value, no statusCode (API Gateway infers the rest)
//	?do=opt&file= the content of a file under /opt
//	?do=readenv&name= the content of the file an environment variable names
//	?do=env&name= an environment variable
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var ev events.APIGatewayV2HTTPRequest
	json.Unmarshal(raw, &ev)
	q := ev.QueryStringParameters
	switch q["do"] {
	case "crash":
		os.Exit(3)
	case "cutoff":
		cutOffResponse(ctx)
	case "sleep":
		ms, _ := strconv.Atoi(q["ms"])
		time.Sleep(time.Duration(ms) * time.Millisecond)
		return text(200, "slept"), nil
	case "error":
		return nil, errors.New("asked to fail")
	case "panic":
		panic("asked to panic")
	case "binary":
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "image/png"},
			Body: base64.StdEncoding.EncodeToString([]byte{0x89, 'P', 'N', 'G', 0, 0xff}), IsBase64Encoded: true}, nil
	case "cookies":
		return events.APIGatewayV2HTTPResponse{StatusCode: 201, Cookies: []string{"a=1; Path=/", "b=2; HttpOnly"},
			Headers:           map[string]string{"Content-Type": "text/plain"},
			MultiValueHeaders: map[string][]string{"X-Multi": {"one", "two"}}, Body: "cookies"}, nil
	case "bare":
		return map[string]any{"bare": true}, nil
	case "opt":
		return readFile("/opt/" + q["file"]), nil
	case "readenv":
		return readFile(os.Getenv(q["name"])), nil
	case "env":
		return text(200, os.Getenv(q["name"])), nil
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: string(raw)}, nil
}

// cutOffResponse posts the invocation's response with a Content-Length it
// never reaches and dies mid-upload, as a process killed while answering.
func cutOffResponse(ctx context.Context) {
	lc, _ := lambdacontext.FromContext(ctx)
	conn, err := net.Dial("tcp", os.Getenv("AWS_LAMBDA_RUNTIME_API"))
	if err == nil {
		fmt.Fprintf(conn, "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: runtime\r\nContent-Length: 1000\r\n\r\n{\"statusCode\":200,", lc.AwsRequestID)
		time.Sleep(50 * time.Millisecond)
	}
	os.Exit(4)
}

func readFile(path string) events.APIGatewayV2HTTPResponse {
	b, err := os.ReadFile(path)
	if err != nil {
		return text(404, err.Error())
	}
	return text(200, string(b))
}

func text(status int, body string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: map[string]string{"Content-Type": "text/plain"}, Body: body}
}

func main() { lambda.Start(handle) }
