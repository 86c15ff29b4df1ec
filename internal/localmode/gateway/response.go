package gateway

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
)

type response struct {
	status int
	header http.Header
	body   []byte
}

// parseResponse reads a payload 2.0 response. An object with a statusCode
// is a full response; any other valid JSON is the body of a 200
// application/json answer (the format API Gateway infers).
func parseResponse(payload []byte) (*response, error) {
	trimmed := bytes.TrimSpace(payload)
	if !json.Valid(trimmed) {
		return nil, errors.New("the function's answer is not JSON")
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(trimmed, &probe) != nil || probe["statusCode"] == nil {
		return &response{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: trimmed}, nil
	}
	var full struct {
		StatusCode        int                 `json:"statusCode"`
		Headers           map[string]string   `json:"headers"`
		MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
		Cookies           []string            `json:"cookies"`
		Body              string              `json:"body"`
		IsBase64Encoded   bool                `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(trimmed, &full); err != nil {
		return nil, err
	}
	if full.StatusCode < 100 || full.StatusCode > 599 {
		return nil, errors.New("statusCode out of range")
	}
	resp := &response{status: full.StatusCode, header: http.Header{}, body: []byte(full.Body)}
	for k, v := range full.Headers {
		resp.header.Set(k, v)
	}
	for k, vs := range full.MultiValueHeaders {
		for _, v := range vs {
			resp.header.Add(k, v)
		}
	}
	for _, c := range full.Cookies {
		resp.header.Add("Set-Cookie", c)
	}
	if full.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(full.Body)
		if err != nil {
			return nil, err
		}
		resp.body = b
	}
	return resp, nil
}
