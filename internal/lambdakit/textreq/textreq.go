// Package textreq reads the request every text tool takes (segment,
// keywords, pinyin, convert, and the tools `make new-tool` scaffolds): a
// text and named options, from
//
//   - GET: the query string;
//   - POST with a JSON object body: {"text": "...", options...}, options
//     also allowed in the query (the body's win);
//   - POST with a text/plain body: the body is the text, options in the query;
//   - POST with a form body: text and options as form fields;
//   - POST without a body: everything in the query.
//
// Each scalar key may appear once; a list option may repeat its key, and
// each value may hold several items separated by commas. Every mistake is
// a 400 (or a 413 for a text over the limit) naming the key.
package textreq

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/lambdakit/apigw"
)

// Kind is the JSON type an option takes in a JSON body.
type Kind int

const (
	String Kind = iota
	Bool
	Number
	// List takes a JSON array of strings (or one comma-separated string);
	// in a query or form, the key repeated or comma-separated.
	List
)

// Option is one request option besides the text.
type Option struct {
	Key  string
	Kind Kind
	// Set applies a scalar value, given as text (a JSON value's text for
	// JSON bodies).
	Set func(string) *apigw.Problem
	// SetList applies a List option's items.
	SetList func([]string) *apigw.Problem
}

// Reader reads a text of at most MaxTextBytes bytes of UTF-8.
type Reader struct {
	MaxTextBytes int
}

// TooLarge is the 413 of a text over the limit, whatever carried it.
func (r Reader) TooLarge() *apigw.Problem {
	return &apigw.Problem{Status: http.StatusRequestEntityTooLarge, Message: "Text too large",
		Detail: fmt.Sprintf("text may hold at most %d bytes of UTF-8", r.MaxTextBytes)}
}

// Rules are the route rules for such a text: GET or POST; a query with
// room for the longest text percent-encoded (3 bytes a byte) and the
// options; a body with room for a JSON envelope and escapes around it.
func (r Reader) Rules() apigw.Rules {
	return apigw.Rules{Methods: []string{http.MethodGet, http.MethodPost},
		MaxQueryBytes: 3*r.MaxTextBytes + 4<<10, MaxBodyBytes: 6 * r.MaxTextBytes}
}

// Read returns the text and applies the options found.
func (r Reader) Read(req *apigw.Request, opts []Option) (string, *apigw.Problem) {
	if req.Method == http.MethodGet {
		return r.fromValues(req.Query, opts, true)
	}
	kind, problem := req.BodyKind(apigw.NoBody, apigw.JSONBody, apigw.TextBody, apigw.FormBody)
	if problem != nil {
		return "", problem
	}
	switch kind {
	case apigw.JSONBody:
		if _, err := r.fromValues(req.Query, opts, false); err != nil {
			return "", err
		}
		return r.fromJSON(req.Body, opts)
	case apigw.TextBody:
		if _, err := r.fromValues(req.Query, opts, false); err != nil {
			return "", err
		}
		return string(req.Body), r.check(string(req.Body))
	case apigw.FormBody:
		form, err := apigw.ParseQuery(string(req.Body))
		if err != nil {
			return "", apigw.Invalid("%v", err)
		}
		return r.fromValues(form, opts, true)
	}
	return r.fromValues(req.Query, opts, true)
}

func (r Reader) check(text string) *apigw.Problem {
	if !utf8.ValidString(text) {
		return apigw.Invalid("text is not valid UTF-8")
	}
	if len(text) > r.MaxTextBytes {
		return r.TooLarge()
	}
	return nil
}

// fromValues applies options from query or form values, and reads the
// text when wantText.
func (r Reader) fromValues(q url.Values, opts []Option, wantText bool) (string, *apigw.Problem) {
	for _, o := range opts {
		if o.Kind == List {
			if values, ok := q[o.Key]; ok {
				if err := o.SetList(SplitList(values)); err != nil {
					return "", err
				}
			}
			continue
		}
		v, ok, err := apigw.Single(q, o.Key)
		if err != nil {
			return "", apigw.Invalid("%v", err)
		}
		if ok {
			if err := o.Set(v); err != nil {
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
	return text, r.check(text)
}

// SplitList is the items of a list option's query values: each value
// split at commas (ASCII or full-width), spaces trimmed, empty items kept
// out.
func SplitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == '，' }) {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// fromJSON reads {"text": "...", options...}.
func (r Reader) fromJSON(body []byte, opts []Option) (string, *apigw.Problem) {
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
		raw, ok := doc[o.Key]
		if !ok {
			continue
		}
		if o.Kind == List {
			items, err := jsonList(raw)
			if err != nil {
				return "", apigw.Invalid("%s: %v", o.Key, err)
			}
			if err := o.SetList(items); err != nil {
				return "", err
			}
			continue
		}
		v, err := jsonValue(raw, o.Kind)
		if err != nil {
			return "", apigw.Invalid("%s: %v", o.Key, err)
		}
		if err := o.Set(v); err != nil {
			return "", err
		}
	}
	return text, r.check(text)
}

// jsonList reads an array of strings, each item whole (a comma inside an
// item is kept), or one string split as a query value is.
func jsonList(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return SplitList([]string{one}), nil
	}
	var items []string
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("must be an array of strings")
	}
	return items, nil
}

// jsonValue is raw's text if it has the wanted type.
func jsonValue(raw json.RawMessage, kind Kind) (string, error) {
	switch kind {
	case Bool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", fmt.Errorf("must be true or false")
		}
		return strconv.FormatBool(b), nil
	case Number:
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

// BoolOption reads true or false into dst.
func BoolOption(key string, dst *bool) Option {
	return Option{Key: key, Kind: Bool, Set: func(v string) *apigw.Problem {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return apigw.Invalid("%s must be true or false", key)
		}
		*dst = b
		return nil
	}}
}

// EnumOption reads one of choices into dst.
func EnumOption(key string, dst *string, choices ...string) Option {
	return Option{Key: key, Kind: String, Set: func(v string) *apigw.Problem {
		for _, c := range choices {
			if v == c {
				*dst = v
				return nil
			}
		}
		return apigw.Invalid("%s must be %s", key, orList(choices))
	}}
}

// orList is "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
