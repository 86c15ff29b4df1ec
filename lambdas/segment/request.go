package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"cloudtools/internal/apigw"
)

// maxTextBytes is the documented limit on the text to segment (UTF-8 bytes);
// larger texts get 413. 64 KiB is some 20,000 Chinese characters.
const maxTextBytes = 64 << 10

// maxBodyBytes leaves room for a JSON envelope and escapes around the text.
const maxBodyBytes = 6 * maxTextBytes

// Modes, as in jieba: cut, cut_all, cut_for_search.
const (
	modeAccurate = "accurate"
	modeFull     = "full"
	modeSearch   = "search"
)

// segRequest is a parsed /segment request.
type segRequest struct {
	Text    string
	Mode    string
	HMM     bool
	POS     bool
	Offsets bool
}

// requestError is a 4xx answer.
type requestError struct {
	status int
	msg    string
	detail string
}

func (e *requestError) response() apigw.Response {
	return apigw.ErrorDetail(e.status, e.msg, e.detail)
}

func badInput(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, "Invalid input", fmt.Sprintf(format, args...)}
}

// jsonBody is the POST application/json shape; pointers tell absent from
// zero values so that query options can fill in.
type jsonBody struct {
	Text    *string `json:"text"`
	Mode    *string `json:"mode"`
	HMM     *bool   `json:"hmm"`
	POS     *bool   `json:"pos"`
	Offsets *bool   `json:"offsets"`
}

// parseRequest reads text and options: GET from the query; POST from a JSON
// body, a text/plain body (options in the query) or a form body.
func parseRequest(req *apigw.Request) (segRequest, *requestError) {
	r := segRequest{Mode: modeAccurate, HMM: true}
	switch req.Method {
	case http.MethodGet:
		return r, r.fromValues(req.Query, true)
	case http.MethodPost:
	default:
		return r, &requestError{http.StatusMethodNotAllowed, "Method not allowed", "use GET or POST"}
	}
	if len(req.Body) > maxBodyBytes {
		return r, tooLarge()
	}
	ct := req.ContentType()
	switch {
	case len(req.Body) == 0:
		// No body: the text may still come in the query.
		return r, r.fromValues(req.Query, true)
	case apigw.IsJSON(ct):
		if err := r.fromValues(req.Query, false); err != nil {
			return r, err
		}
		return r, r.fromJSON(req.Body)
	case ct == "text/plain":
		if err := r.fromValues(req.Query, false); err != nil {
			return r, err
		}
		if !utf8.Valid(req.Body) {
			return r, badInput("text is not valid UTF-8")
		}
		r.Text = string(req.Body)
		return r, checkText(r.Text)
	case ct == "application/x-www-form-urlencoded":
		form, err := apigw.ParseQuery(string(req.Body))
		if err != nil {
			return r, badInput("%v", err)
		}
		return r, r.fromValues(form, true)
	default:
		return r, &requestError{http.StatusUnsupportedMediaType, "Unsupported content type",
			fmt.Sprintf("%q: send application/json, text/plain or application/x-www-form-urlencoded", ct)}
	}
}

func tooLarge() *requestError {
	return &requestError{http.StatusRequestEntityTooLarge, "Text too large",
		fmt.Sprintf("text may hold at most %d bytes of UTF-8", maxTextBytes)}
}

func checkText(text string) *requestError {
	if !utf8.ValidString(text) {
		return badInput("text is not valid UTF-8")
	}
	if len(text) > maxTextBytes {
		return tooLarge()
	}
	return nil
}

// fromValues reads options, and the text when wantText, from query or form
// values. Each key may appear once.
func (r *segRequest) fromValues(q url.Values, wantText bool) *requestError {
	given := map[string]string{}
	for _, k := range []string{"text", "mode", "hmm", "pos", "offsets"} {
		v, ok, err := apigw.Single(q, k)
		if err != nil {
			return badInput("%v", err)
		}
		if ok {
			given[k] = v
		}
	}
	if wantText {
		text, ok := given["text"]
		if !ok {
			return badInput("text is required")
		}
		r.Text = text
		if err := checkText(r.Text); err != nil {
			return err
		}
	}
	if v, ok := given["mode"]; ok {
		if err := r.setMode(v); err != nil {
			return err
		}
	}
	for _, opt := range []struct {
		key string
		dst *bool
	}{{"hmm", &r.HMM}, {"pos", &r.POS}, {"offsets", &r.Offsets}} {
		if v, ok := given[opt.key]; ok {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return badInput("%s must be true or false", opt.key)
			}
			*opt.dst = b
		}
	}
	return nil
}

func (r *segRequest) setMode(m string) *requestError {
	switch m {
	case modeAccurate, modeFull, modeSearch:
		r.Mode = m
		return nil
	}
	return badInput("mode must be accurate, full or search")
}

func (r *segRequest) fromJSON(body []byte) *requestError {
	if !utf8.Valid(body) {
		return badInput("body is not valid UTF-8")
	}
	var doc jsonBody
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil {
		return badInput("malformed JSON body: %v", err)
	}
	if dec.More() {
		return badInput("malformed JSON body: trailing data after the object")
	}
	if doc.Text == nil {
		return badInput("text is required")
	}
	r.Text = *doc.Text
	if doc.Mode != nil {
		if err := r.setMode(*doc.Mode); err != nil {
			return err
		}
	}
	for _, opt := range []struct {
		src *bool
		dst *bool
	}{{doc.HMM, &r.HMM}, {doc.POS, &r.POS}, {doc.Offsets, &r.Offsets}} {
		if opt.src != nil {
			*opt.dst = *opt.src
		}
	}
	return checkText(r.Text)
}
