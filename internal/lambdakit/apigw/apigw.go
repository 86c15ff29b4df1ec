// Package apigw is the one adapter between Lambda events and the tools' plain
// Go logic: it decodes an API Gateway HTTP API payload 2.0 event once (query
// with repeated keys kept, body base64-decoded, headers canonical), or turns
// a plain JSON event (the Lambda console's test event; see Direct) into the
// request it stands for, turns the tool's Response back into a payload 2.0
// response, converts panics into a generic 500, and writes one structured
// log line per request. request.go is the request layer every tool shares
// (Rules, BodyKind, DecodeJSON, Problem); docs/ARCHITECTURE.md shows where
// the adapter sits in AWS and in local mode.
package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// ContentTypeJSON is the Content-Type of every JSON response.
const ContentTypeJSON = "application/json; charset=utf-8"

// Request is what a tool sees of an HTTP request.
type Request struct {
	Method    string
	Path      string
	Query     url.Values  // from rawQueryString: repeated keys stay separate
	RawQuery  string      // rawQueryString as received
	Header    http.Header // canonical keys; API Gateway's comma-joined values as given
	Body      []byte      // base64 already decoded
	RequestID string
	// Event is the raw payload 2.0 event as received, for tools that
	// reflect it (echo).
	Event json.RawMessage
}

// ContentType returns the request's media type without parameters, lower-cased
// ("" when absent or unparsable).
func (r *Request) ContentType() string {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt
}

// IsJSON reports whether a media type is JSON (application/json or any +json).
func IsJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// Single returns the one value of key in q (a query or form). present is
// false when the key is absent; an error is returned when it is given more
// than once, since silently picking one would hide a caller's mistake.
func Single(q url.Values, key string) (value string, present bool, err error) {
	vs, ok := q[key]
	if !ok {
		return "", false, nil
	}
	if len(vs) > 1 {
		return "", true, fmt.Errorf("%s given more than once", key)
	}
	return vs[0], true, nil
}

// Single is Single over the request's query.
func (r *Request) Single(key string) (value string, present bool, err error) {
	return Single(r.Query, key)
}

// Response is what a tool answers.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
	// Binary bodies are base64-encoded in the payload 2.0 response.
	Binary bool
	// errText is the error message of an error response, for the log line.
	errText string
}

// JSON answers v encoded as JSON with the given status.
func JSON(status int, v any) Response {
	// No HTML escaping: URLs keep their '&' rather than \u0026.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if err != nil {
		// Only reachable through a programming error (a channel or NaN in v).
		slog.Error("encode response", "error", err.Error())
		return Error(http.StatusInternalServerError, "Internal error")
	}
	return Response{Status: status, Header: map[string]string{"Content-Type": ContentTypeJSON}, Body: body}
}

// ErrorBody is the shape of every error response.
type ErrorBody struct {
	Error  string `json:"error"`
	Detail string `json:"detail,omitempty"`
}

// Error answers {"error": msg}.
func Error(status int, msg string) Response {
	return ErrorDetail(status, msg, "")
}

// ErrorDetail answers {"error": msg, "detail": detail}.
func ErrorDetail(status int, msg, detail string) Response {
	r := JSON(status, ErrorBody{Error: msg, Detail: detail})
	r.errText = strings.TrimSuffix(msg+": "+detail, ": ")
	return r
}

// Handler is a tool's logic.
type Handler func(ctx context.Context, req *Request) Response

// Start is what a tool's main calls last: JSON logs on stdout (Lambda's
// advanced logging keeps them structured) and the Lambda runtime loop.
// direct says how a plain JSON event reaches the tool.
func Start(tool string, h Handler, direct Direct) {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(Lambda(tool, h, direct))
}

// Lambda wraps a tool's logic as an aws-lambda-go handler for both kinds of
// event: API Gateway's payload 2.0, and a plain JSON event as direct says.
// The event is taken raw so that echo can reflect exactly what it received.
func Lambda(tool string, h Handler, direct Direct) func(context.Context, json.RawMessage) (events.APIGatewayV2HTTPResponse, error) {
	return func(ctx context.Context, raw json.RawMessage) (events.APIGatewayV2HTTPResponse, error) {
		start := time.Now()
		var ev events.APIGatewayV2HTTPRequest
		var resp Response
		var req *Request
		var err error
		// One decode serves the common case; only an event that does not
		// decode as payload 2.0 is probed again for its kind.
		decodeErr := json.Unmarshal(raw, &ev)
		httpEvent := decodeErr == nil && (ev.Version == "2.0" || ev.RequestContext.HTTP.Method != "") ||
			decodeErr != nil && isHTTPEvent(raw)
		switch {
		case !httpEvent:
			// The Lambda console's test event, aws lambda invoke.
			ev = events.APIGatewayV2HTTPRequest{}
			if req, err = direct.directRequest(raw); err != nil {
				resp = ErrorDetail(http.StatusBadRequest, "Invalid event", err.Error())
			}
		case decodeErr != nil:
			resp = ErrorDetail(http.StatusBadRequest, "Invalid event", eventShapes)
		default:
			if req, err = Decode(raw, &ev); err != nil {
				resp = ErrorDetail(http.StatusBadRequest, "Invalid request", err.Error())
			}
		}
		if err == nil && req != nil {
			resp = safeCall(ctx, tool, h, req)
		}
		out := resp.Event()
		requestID := ev.RequestContext.RequestID
		if lc, ok := lambdacontext.FromContext(ctx); ok && requestID == "" {
			requestID = lc.AwsRequestID
		}
		method, route := ev.RequestContext.HTTP.Method, ev.RouteKey
		if route == "" && req != nil {
			method, route = req.Method, "direct "+req.Path
		}
		level := slog.LevelInfo
		switch {
		case resp.Status >= 500:
			level = slog.LevelError
		case resp.Status >= 400:
			level = slog.LevelWarn
		}
		inputBytes := len(ev.Body) + len(ev.RawQueryString)
		if ev.RouteKey == "" {
			inputBytes = len(raw)
		}
		attrs := []slog.Attr{
			slog.String("tool", tool),
			slog.String("requestId", requestID),
			slog.String("method", method),
			slog.String("route", route),
			slog.Int("status", resp.Status),
			slog.Int("inputBytes", inputBytes),
			slog.Float64("latencyMs", float64(time.Since(start).Microseconds())/1000),
		}
		if resp.errText != "" {
			attrs = append(attrs, slog.String("error", resp.errText))
		}
		slog.LogAttrs(ctx, level, "request", attrs...)
		return out, nil
	}
}

// safeCall runs the tool and turns a panic into a generic 500: the details go
// to the log, keyed by request id, never to the caller.
func safeCall(ctx context.Context, tool string, h Handler, req *Request) (resp Response) {
	defer func() {
		if p := recover(); p != nil {
			slog.ErrorContext(ctx, "panic", "tool", tool, "requestId", req.RequestID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			resp = Error(http.StatusInternalServerError, "Internal error")
		}
	}()
	return h(ctx, req)
}

// ErrBadQuery marks a query string that cannot be decoded.
var ErrBadQuery = errors.New("malformed query string")

// Decode turns a payload 2.0 event into a Request.
func Decode(raw json.RawMessage, ev *events.APIGatewayV2HTTPRequest) (*Request, error) {
	req := &Request{
		Method:    strings.ToUpper(ev.RequestContext.HTTP.Method),
		Path:      ev.RawPath,
		Header:    make(http.Header, len(ev.Headers)),
		RequestID: ev.RequestContext.RequestID,
		Event:     raw,
	}
	if req.Path == "" {
		req.Path = ev.RequestContext.HTTP.Path
	}
	for k, v := range ev.Headers {
		req.Header.Set(k, v)
	}
	q, err := ParseQuery(ev.RawQueryString)
	if err != nil {
		return nil, err
	}
	if ev.RawQueryString == "" && len(ev.QueryStringParameters) > 0 {
		// Hand-written events often carry only the decoded map.
		for k, v := range ev.QueryStringParameters {
			q[k] = strings.Split(v, ",")
		}
	}
	req.Query, req.RawQuery = q, ev.RawQueryString
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, fmt.Errorf("body is not valid base64")
		}
		req.Body = b
	} else {
		req.Body = []byte(ev.Body)
	}
	return req, nil
}

// ParseQuery decodes a raw query string as a browser form would encode it
// ('+' is a space), keeping repeated keys, and rejects bad percent-encoding
// instead of dropping the pair as url.ParseQuery's partial result would.
func ParseQuery(raw string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadQuery, unwrapURLError(err))
	}
	return q, nil
}

func unwrapURLError(err error) error {
	var ee url.EscapeError
	if errors.As(err, &ee) {
		return fmt.Errorf("invalid percent-encoding %q", string(ee))
	}
	return err
}

// Event converts a Response to the payload 2.0 response shape.
func (r Response) Event() events.APIGatewayV2HTTPResponse {
	out := events.APIGatewayV2HTTPResponse{StatusCode: r.Status, Headers: r.Header}
	if r.Binary {
		out.Body = base64.StdEncoding.EncodeToString(r.Body)
		out.IsBase64Encoded = true
	} else {
		out.Body = string(r.Body)
	}
	return out
}
