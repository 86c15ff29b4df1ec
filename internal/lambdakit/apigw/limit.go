package apigw

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
)

// Limits bound what a request may carry before a tool reads it.
type Limits struct {
	MaxQueryBytes int // a longer raw query string gets 414
	MaxBodyBytes  int // a longer body (decoded) gets 413
}

// ParamsOnly are the limits of tools that take a few short query
// parameters and no body (home, random-image, random-quote): room for any
// valid request many times over, and a small stray body is ignored.
var ParamsOnly = Limits{MaxQueryBytes: 4 << 10, MaxBodyBytes: 4 << 10}

// Limit refuses requests over l before h sees them, with a JSON error
// naming the limit, and logs the refusal.
func Limit(l Limits, h Handler) Handler {
	return func(ctx context.Context, req *Request) Response {
		if n := len(req.RawQuery); n > l.MaxQueryBytes {
			slog.WarnContext(ctx, "query string over the limit", "requestId", req.RequestID, "queryBytes", n, "limit", l.MaxQueryBytes)
			return ErrorDetail(http.StatusRequestURITooLong, "Query string too long",
				fmt.Sprintf("%d bytes; the limit is %d", n, l.MaxQueryBytes))
		}
		if n := len(req.Body); n > l.MaxBodyBytes {
			slog.WarnContext(ctx, "body over the limit", "requestId", req.RequestID, "bodyBytes", n, "limit", l.MaxBodyBytes)
			return ErrorDetail(http.StatusRequestEntityTooLarge, "Request body too large",
				fmt.Sprintf("%d bytes; this route takes at most %d", n, l.MaxBodyBytes))
		}
		return h(ctx, req)
	}
}
