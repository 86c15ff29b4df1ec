package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw"
)

// maxTextBytes is the documented limit on the text (UTF-8 bytes); larger
// texts get 413. 64 KiB is some 20,000 Chinese characters.
const maxTextBytes = 64 << 10

// rules: GET or POST, and a body with room for a JSON envelope and escapes
// around the longest text.
var rules = apigw.Rules{Methods: []string{http.MethodGet, http.MethodPost}, MaxBodyBytes: 6 * maxTextBytes}

// tooLarge is the 413 of a text over maxTextBytes, whatever carried it.
func tooLarge() *apigw.Problem {
	return &apigw.Problem{Status: http.StatusRequestEntityTooLarge, Message: "Text too large",
		Detail: fmt.Sprintf("text may hold at most %d bytes of UTF-8", maxTextBytes)}
}

// jsonKind is the JSON type an option must have in a JSON body.
type jsonKind int

const (
	jsonString jsonKind = iota
	jsonBool
	jsonNumber
)

// option is one request option besides the text: its name, its JSON type
// and how to apply its value (given as text from a query or form, or as a
// JSON value's text).
type option struct {
	key  string
	kind jsonKind
	set  func(string) *apigw.Problem
}

// readRequest reads the text and options: GET from the query; POST from a
// JSON body, a text/plain body (options in the query), a form body, or no
// body (all in the query). Each key may appear once.
func readRequest(req *apigw.Request, opts []option) (string, *apigw.Problem) {
	if req.Method == http.MethodGet {
		return fromValues(req.Query, opts, true)
	}
	kind, problem := req.BodyKind(apigw.NoBody, apigw.JSONBody, apigw.TextBody, apigw.FormBody)
	if problem != nil {
		return "", problem
	}
	switch kind {
	case apigw.JSONBody:
		if _, err := fromValues(req.Query, opts, false); err != nil {
			return "", err
		}
		return fromJSON(req.Body, opts)
	case apigw.TextBody:
		if _, err := fromValues(req.Query, opts, false); err != nil {
			return "", err
		}
		if !utf8.Valid(req.Body) {
			return "", apigw.Invalid("text is not valid UTF-8")
		}
		return string(req.Body), checkText(string(req.Body))
	case apigw.FormBody:
		form, err := apigw.ParseQuery(string(req.Body))
		if err != nil {
			return "", apigw.Invalid("%v", err)
		}
		return fromValues(form, opts, true)
	}
	return fromValues(req.Query, opts, true)
}

func checkText(text string) *apigw.Problem {
	if !utf8.ValidString(text) {
		return apigw.Invalid("text is not valid UTF-8")
	}
	if len(text) > maxTextBytes {
		return tooLarge()
	}
	return nil
}

// fromValues applies options from query or form values, and reads the
// text when wantText.
func fromValues(q url.Values, opts []option, wantText bool) (string, *apigw.Problem) {
	for _, o := range opts {
		v, ok, err := apigw.Single(q, o.key)
		if err != nil {
			return "", apigw.Invalid("%v", err)
		}
		if ok {
			if err := o.set(v); err != nil {
				return "", err
			}
		}
	}
	text, ok, err := apigw.Single(q, "text")
	if err != nil {
		return "", apigw.Invalid("%v", err)
	}
	if !wantText {
		return "", nil
	}
	if !ok {
		return "", apigw.Invalid("text is required")
	}
	return text, checkText(text)
}

// fromJSON reads {"text": "...", options...}; JSON values win over the
// query's.
func fromJSON(body []byte, opts []option) (string, *apigw.Problem) {
	if !utf8.Valid(body) {
		return "", apigw.Invalid("body is not valid UTF-8")
	}
	var doc map[string]json.RawMessage
	if p := apigw.DecodeJSON(body, &doc); p != nil {
		return "", p
	}
	raw, ok := doc["text"]
	if !ok {
		return "", apigw.Invalid("text is required")
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return "", apigw.Invalid("text must be a string")
	}
	for _, o := range opts {
		raw, ok := doc[o.key]
		if !ok {
			continue
		}
		v, err := jsonValue(raw, o.kind)
		if err != nil {
			return "", apigw.Invalid("%s: %v", o.key, err)
		}
		if err := o.set(v); err != nil {
			return "", err
		}
	}
	return text, checkText(text)
}

// jsonValue is raw's text if it has the wanted type.
func jsonValue(raw json.RawMessage, kind jsonKind) (string, error) {
	switch kind {
	case jsonBool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", fmt.Errorf("must be true or false")
		}
		return strconv.FormatBool(b), nil
	case jsonNumber:
		var n json.Number // which would also take a quoted number
		if err := json.Unmarshal(raw, &n); err != nil || bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
			return "", fmt.Errorf("must be a number")
		}
		return n.String(), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("must be a string")
	}
	return s, nil
}

func boolOption(key string, dst *bool) option {
	return option{key, jsonBool, func(v string) *apigw.Problem {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return apigw.Invalid("%s must be true or false", key)
		}
		*dst = b
		return nil
	}}
}

// Segmentation styles (the style option).
const (
	styleDefault = "default" // the default style: more accurate on every standard
	styleJieba   = "jieba"   // jieba 0.42.1's exact output
)

// styleOption reads style=default|jieba into dst (true for jieba).
func styleOption(dst *bool) option {
	return option{"style", jsonString, func(v string) *apigw.Problem {
		switch v {
		case styleDefault:
			*dst = false
		case styleJieba:
			*dst = true
		default:
			return apigw.Invalid("style must be default or jieba")
		}
		return nil
	}}
}

// segRequest is a parsed /segment request.
type segRequest struct {
	Text    string
	Mode    segmenter.Mode
	HMM     bool
	POS     bool
	Offsets bool
	Jieba   bool // style=jieba
}

func parseRequest(req *apigw.Request) (segRequest, *apigw.Problem) {
	r := segRequest{Mode: segmenter.Accurate, HMM: true}
	opts := []option{
		styleOption(&r.Jieba),
		{"mode", jsonString, func(v string) *apigw.Problem {
			m, ok := segmenter.ParseMode(v)
			if !ok {
				return apigw.Invalid("mode must be accurate, full or search")
			}
			r.Mode = m
			return nil
		}},
		boolOption("hmm", &r.HMM),
		boolOption("pos", &r.POS),
		boolOption("offsets", &r.Offsets),
	}
	text, err := readRequest(req, opts)
	r.Text = text
	return r, err
}

// Keyword methods.
const (
	methodTFIDF    = "tfidf"
	methodTextRank = "textrank"
)

// maxTop bounds how many keywords one request may ask for.
const maxTop = 100

// keywordsRequest is a parsed /keywords request.
type keywordsRequest struct {
	Text   string
	Top    int
	Method string
	Jieba  bool // style=jieba
}

func parseKeywordsRequest(req *apigw.Request) (keywordsRequest, *apigw.Problem) {
	r := keywordsRequest{Top: 10, Method: methodTFIDF}
	opts := []option{
		styleOption(&r.Jieba),
		{"top", jsonNumber, func(v string) *apigw.Problem {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxTop {
				return apigw.Invalid("top must be a whole number from 1 to %d", maxTop)
			}
			r.Top = n
			return nil
		}},
		{"method", jsonString, func(v string) *apigw.Problem {
			if v != methodTFIDF && v != methodTextRank {
				return apigw.Invalid("method must be tfidf or textrank")
			}
			r.Method = v
			return nil
		}},
	}
	text, err := readRequest(req, opts)
	r.Text = text
	return r, err
}
