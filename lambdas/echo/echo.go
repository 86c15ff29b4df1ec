package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"cloudtools/internal/lambdakit/apigw"
)

// direct is how a plain event reaches echo: any JSON value, echoed back.
var direct = apigw.Direct{Method: http.MethodPost, Path: "/echo", Any: true}

// rules: any method; the body is bounded so the answer stays far below
// Lambda's 6 MB response limit even after base64 and pretty-printing.
var rules = apigw.Rules{MaxBodyBytes: 256 << 10}

// redacted replaces a credential's value.
const redacted = "[REDACTED]"

// sensitiveHeaders carry credentials; their values never leave the function.
var sensitiveHeaders = map[string]bool{
	"authorization":        true,
	"proxy-authorization":  true,
	"cookie":               true,
	"x-api-key":            true,
	"x-amz-security-token": true,
}

// handle is echo as the Lambda runs it: the rules, then serve.
func handle(ctx context.Context, req *apigw.Request) apigw.Response {
	return apigw.Accept(rules, serve)(ctx, req)
}

func serve(_ context.Context, req *apigw.Request) apigw.Response {
	var event any // an object, or any JSON value sent directly
	dec := json.NewDecoder(bytes.NewReader(req.Event))
	dec.UseNumber() // keep numbers exactly as received
	if err := dec.Decode(&event); err != nil {
		return apigw.ErrorDetail(http.StatusBadRequest, "Invalid event", err.Error())
	}
	if obj, ok := event.(map[string]any); ok {
		redact(obj)
	}
	body, err := json.MarshalIndent(event, "", "  ")
	if err != nil {
		return apigw.Error(http.StatusInternalServerError, "Internal error")
	}
	return apigw.Response{
		Status: http.StatusOK,
		Header: map[string]string{"Content-Type": apigw.ContentTypeJSON, "Cache-Control": "no-store"},
		Body:   append(body, '\n'),
	}
}

// redact blanks credential values in the event in place: sensitive headers,
// and each cookie's value (its name stays, which is what one debugs).
func redact(event map[string]any) {
	if headers, ok := event["headers"].(map[string]any); ok {
		for k := range headers {
			if sensitiveHeaders[strings.ToLower(k)] {
				headers[k] = redacted
			}
		}
	}
	if cookies, ok := event["cookies"].([]any); ok {
		for i, c := range cookies {
			s, _ := c.(string)
			name, _, _ := strings.Cut(s, "=")
			cookies[i] = strings.TrimSpace(name) + "=" + redacted
		}
	}
}
