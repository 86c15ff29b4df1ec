package apigw

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// Direct says how a tool takes a plain JSON event, the kind the Lambda
// console's test button and `aws lambda invoke` send ({"text": "…"}), as
// opposed to an API Gateway payload 2.0 event. Such an event becomes a
// request to Path: with Method GET its fields are the query parameters,
// with POST the event is the JSON body. The answer has the same shape and
// status codes as through the API.
type Direct struct {
	Method string
	Path   string
	// Routes are further paths the event may pick with a "route" field
	// ({"route": "/keywords", "text": "…"}); without one it goes to Path.
	Routes []string
	// Any takes any JSON value as the event, not only an object (echo).
	Any bool
}

// routeField names the field of a plain event that picks a route.
const routeField = "route"

// isHTTPEvent reports whether raw is an API Gateway HTTP API event: one
// with the payload 2.0 version or an HTTP method in its request context.
// Lambda asks it only of an event that did not decode as payload 2.0, to
// tell a malformed HTTP event (a 400) from a direct one.
func isHTTPEvent(raw json.RawMessage) bool {
	var probe struct {
		Version        string `json:"version"`
		RequestContext struct {
			HTTP struct {
				Method string `json:"method"`
			} `json:"http"`
		} `json:"requestContext"`
	}
	if json.Unmarshal(raw, &probe) != nil {
		return false
	}
	return probe.Version == "2.0" || probe.RequestContext.HTTP.Method != ""
}

// eventShapes is the 400's detail for an event of neither kind.
const eventShapes = "send an API Gateway HTTP API (payload 2.0) event, or a plain JSON object such as the Lambda console's test event"

// directRequest turns a plain event into the request it stands for.
func (d Direct) directRequest(raw json.RawMessage) (*Request, error) {
	trimmed := bytes.TrimSpace(raw)
	req := &Request{
		Method: d.Method, Path: d.Path, Query: url.Values{},
		Header: http.Header{}, Event: raw,
	}
	if d.Any {
		if !json.Valid(trimmed) {
			return nil, fmt.Errorf("the event is not JSON: %s", eventShapes)
		}
		req.Body = trimmed
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	}
	var fields map[string]json.RawMessage
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &fields) != nil {
		return nil, fmt.Errorf("the event is neither kind: %s", eventShapes)
	}
	if r, ok := fields[routeField]; ok {
		var route string
		if json.Unmarshal(r, &route) != nil || route != d.Path && !slices.Contains(d.Routes, route) {
			return nil, fmt.Errorf("%q must be one of %q", routeField, append([]string{d.Path}, d.Routes...))
		}
		req.Path = route
		delete(fields, routeField)
	}
	if d.Method == http.MethodPost {
		req.Body = trimmed
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	}
	for k, v := range fields {
		values, err := queryValues(v)
		if err != nil {
			return nil, fmt.Errorf("field %q: %v", k, err)
		}
		req.Query[k] = values
	}
	req.RawQuery = req.Query.Encode()
	return req, nil
}

// queryValues is a JSON field's text as query values: a string, number or
// boolean as one value, a list of them as repeated ones.
func queryValues(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) && json.Unmarshal(raw, &list) == nil {
		out := make([]string, 0, len(list))
		for _, item := range list {
			v, err := scalar(item)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	v, err := scalar(raw)
	if err != nil {
		return nil, err
	}
	return []string{v}, nil
}

func scalar(raw json.RawMessage) (string, error) {
	if string(bytes.TrimSpace(raw)) == "null" {
		return "", fmt.Errorf("must not be null")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), nil
	}
	return "", fmt.Errorf("must be a string, a number, true or false, or a list of them")
}
