// Command testlambda is a Lambda for local-mode tests: its payload 2.0 query
// string chooses a behaviour, so tests can make a function crash, hang,
// fail, answer in binary, set cookies, or show its /opt and environment.
//
//	?do=echo      the event as the body (default)
//	?do=crash     exit mid-invocation
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
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, raw json.RawMessage) (any, error) {
	var ev events.APIGatewayV2HTTPRequest
	json.Unmarshal(raw, &ev)
	q := ev.QueryStringParameters
	switch q["do"] {
	case "crash":
		os.Exit(3)
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
