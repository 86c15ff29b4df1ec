package apigw

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
)

// The request layer every tool shares: what a route accepts (methods,
// sizes), which kind of body it reads, JSON decoding, and one error type
// with one message style. A tool states its rules and reads its fields;
// every refusal is a JSON error with the right 4xx and a log line.

// Messages of the refusals shared by every tool. A tool's own messages
// (calc's "Invalid operator", segment's "Text too large") are Problems too.
const (
	MsgInvalidInput     = "Invalid input"
	MsgMethodNotAllowed = "Method not allowed"
	MsgQueryTooLong     = "Query string too long"
	MsgTooLarge         = "Request too large"
	MsgUnsupportedType  = "Unsupported content type"
)

// Problem is a caller's mistake: a 4xx answer {"error": Message, "detail":
// Detail}. Message is one of a few documented strings clients may match
// on; Detail says what exactly was wrong.
type Problem struct {
	Status  int
	Message string
	Detail  string
}

func (p *Problem) Error() string { return strings.TrimSuffix(p.Message+": "+p.Detail, ": ") }

// Response is the problem's answer.
func (p *Problem) Response() Response { return ErrorDetail(p.Status, p.Message, p.Detail) }

// Invalid is a 400 "Invalid input" with a detail.
func Invalid(format string, args ...any) *Problem {
	return &Problem{http.StatusBadRequest, MsgInvalidInput, fmt.Sprintf(format, args...)}
}

// Rules are what a route accepts, checked before the tool reads anything.
type Rules struct {
	// Methods allowed (nil: any); another gets 405.
	Methods []string
	// MaxQueryBytes bounds the raw query string (0: API Gateway's own
	// limit only); a longer one gets 414.
	MaxQueryBytes int
	// MaxBodyBytes bounds the decoded body (0: API Gateway's own limit
	// only); a larger one gets 413.
	MaxBodyBytes int
}

// ParamsOnly are the rules of tools that take a few short query parameters
// and no body (home, random-image, random-quote): GET, with room for any
// valid request many times over; a small stray body is ignored.
var ParamsOnly = Rules{Methods: []string{http.MethodGet}, MaxQueryBytes: 4 << 10, MaxBodyBytes: 4 << 10}

// Check returns the first rule req breaks, or nil.
func (r Rules) Check(req *Request) *Problem {
	if r.Methods != nil && !slices.Contains(r.Methods, req.Method) {
		return &Problem{http.StatusMethodNotAllowed, MsgMethodNotAllowed, "use " + strings.Join(r.Methods, " or ")}
	}
	if n := len(req.RawQuery); r.MaxQueryBytes > 0 && n > r.MaxQueryBytes {
		return &Problem{http.StatusRequestURITooLong, MsgQueryTooLong, fmt.Sprintf("%d bytes; the limit is %d", n, r.MaxQueryBytes)}
	}
	if n := len(req.Body); r.MaxBodyBytes > 0 && n > r.MaxBodyBytes {
		return &Problem{http.StatusRequestEntityTooLarge, MsgTooLarge, fmt.Sprintf("the body may hold at most %d bytes", r.MaxBodyBytes)}
	}
	return nil
}

// Accept refuses requests that break r before h sees them, with a JSON
// error and a log line.
func Accept(r Rules, h Handler) Handler {
	return func(ctx context.Context, req *Request) Response {
		if p := r.Check(req); p != nil {
			slog.WarnContext(ctx, "request refused", "requestId", req.RequestID, "status", p.Status,
				"queryBytes", len(req.RawQuery), "bodyBytes", len(req.Body), "reason", p.Detail)
			return p.Response()
		}
		return h(ctx, req)
	}
}

// BodyKind is how a tool reads a request body.
type BodyKind int

const (
	NoBody   BodyKind = iota // empty: everything is in the query
	JSONBody                 // application/json or any +json type
	FormBody                 // application/x-www-form-urlencoded
	TextBody                 // text/plain: the body is the text
)

var bodyTypes = [...]string{NoBody: "", JSONBody: "application/json", FormBody: "application/x-www-form-urlencoded", TextBody: "text/plain"}

// BodyKind tells which of the accepted kinds the request's body is, by its
// Content-Type. Like curl users expect, a body without a Content-Type, or
// sent as a form (curl -d's default) while it is a JSON object, is read as
// JSON when JSON is accepted; one without a type that is not JSON is read
// as a form. Any other type is a 415 naming the accepted ones.
func (r *Request) BodyKind(accept ...BodyKind) (BodyKind, *Problem) {
	if len(r.Body) == 0 {
		return NoBody, nil
	}
	ct := r.ContentType()
	kind := BodyKind(-1)
	switch {
	case IsJSON(ct):
		kind = JSONBody
	case (ct == "" || ct == bodyTypes[FormBody]) && slices.Contains(accept, JSONBody) && looksLikeJSONObject(r.Body):
		kind = JSONBody
	case ct == "" || ct == bodyTypes[FormBody]:
		kind = FormBody
	case ct == bodyTypes[TextBody]:
		kind = TextBody
	}
	if slices.Contains(accept, kind) {
		return kind, nil
	}
	var names []string
	for _, k := range accept {
		if k != NoBody {
			names = append(names, bodyTypes[k])
		}
	}
	return kind, &Problem{http.StatusUnsupportedMediaType, MsgUnsupportedType,
		fmt.Sprintf("content type %q is not supported; send %s", ct, strings.Join(names, ", "))}
}

func looksLikeJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// DecodeJSON decodes the one JSON value of body into v: data after it, or
// a value of the wrong shape, is a 400 "Invalid input" whose detail starts
// "malformed JSON body".
func DecodeJSON(body []byte, v any) *Problem {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return Invalid("malformed JSON body: %s", jsonErrorText(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Invalid("malformed JSON body: trailing data after the object")
	}
	return nil
}

// jsonErrorText words a decoding error for the caller.
func jsonErrorText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("%s cannot be a JSON %s", te.Field, te.Value)
		}
		return "the body must be a JSON object"
	}
	return err.Error()
}

// Respond answers a tool's error: a Problem as itself, anything else as
// the generic 500 (the details go to the log).
func Respond(ctx context.Context, req *Request, err error) Response {
	var p *Problem
	if errors.As(err, &p) {
		return p.Response()
	}
	slog.ErrorContext(ctx, "tool error", "requestId", req.RequestID, "error", err.Error())
	return Error(http.StatusInternalServerError, "Internal error")
}
