// Package gateway is local mode's stand-in for an API Gateway HTTP API: it
// matches requests to routes as HTTP APIs do, answers CORS preflights from
// the API's CORS configuration, turns requests into payload 2.0 events and
// the functions' answers back into HTTP responses.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"cloudtools/internal/lambdakit/apievent"
)

// Invoker runs one invocation of a function: what the gateway needs of
// whatever hosts the functions (local mode adapts its Lambda host to it).
type Invoker interface {
	// Invoke sends a payload 2.0 event and returns the function's answer.
	// An error wrapping ErrFunctionTimeout is a timeout (503); any other
	// error means no answer came (502).
	Invoke(ctx context.Context, payload []byte) (Invocation, error)
}

// Invocation is a function's answer.
type Invocation struct {
	Payload []byte
	// FunctionError: the function reported an error (or crashed) instead
	// of answering; API Gateway turns that into a 500.
	FunctionError bool
}

// ErrFunctionTimeout is what an Invoker's error wraps when the function
// ran past its timeout.
var ErrFunctionTimeout = errors.New("function timed out")

// CORS is an HTTP API's CORS configuration.
type CORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	MaxAge           int // seconds; 0 when unset
}

// Route sends matching requests to a function.
type Route struct {
	Key    string // "GET /calc", "ANY /echo/{proxy+}" or "$default"
	Target Invoker
}

// Gateway is an http.Handler serving routes.
type Gateway struct {
	routes []compiledRoute
	cors   *CORS
	// Log, when set, gets one line per request.
	Log io.Writer
	// AccountID is the account the events' requestContext names.
	AccountID string
	now       func() time.Time
}

// maxBody is API Gateway's payload limit.
const maxBody = 10 << 20

// New builds a gateway; routes are matched by specificity, not order.
func New(routes []Route, cors *CORS) (*Gateway, error) {
	g := &Gateway{cors: cors, now: time.Now}
	for _, r := range routes {
		cr, err := compile(r)
		if err != nil {
			return nil, err
		}
		g.routes = append(g.routes, cr)
	}
	return g, nil
}

// Error bodies as API Gateway writes them.
var (
	notFound           = []byte(`{"message":"Not Found"}`)
	internalError      = []byte(`{"message":"Internal Server Error"}`)
	badGateway         = []byte(`{"message":"Bad Gateway"}`)
	serviceUnavailable = []byte(`{"message":"Service Unavailable"}`)
	tooLarge           = []byte(`{"message":"Request Entity Too Large"}`)
)

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := g.now()
	rec := &statusRecorder{ResponseWriter: w}
	g.serve(rec, r, start)
	if g.Log != nil {
		fmt.Fprintf(g.Log, "%s %s %d %.1fms\n", r.Method, r.URL.RequestURI(), rec.status, float64(time.Since(start).Microseconds())/1000)
	}
}

func (g *Gateway) serve(w http.ResponseWriter, r *http.Request, start time.Time) {
	if g.cors != nil && isPreflight(r) {
		g.preflight(w, r)
		return
	}
	route, params := g.match(r.Method, r.URL.Path)
	if route == nil {
		g.writeError(w, r, http.StatusNotFound, notFound)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		g.writeError(w, r, http.StatusBadRequest, []byte(`{"message":"Bad Request"}`))
		return
	}
	if len(body) > maxBody {
		g.writeError(w, r, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	requestID := apievent.NewRequestID()
	payload := g.buildEvent(r, body, route.key, params, requestID, start)
	res, err := route.target.Invoke(r.Context(), payload)
	w.Header().Set("Apigw-Requestid", requestID)
	switch {
	case errors.Is(err, ErrFunctionTimeout):
		g.writeError(w, r, http.StatusServiceUnavailable, serviceUnavailable)
	case errors.Is(err, context.Canceled):
		// The client left; nobody reads this.
		w.WriteHeader(499)
	case err != nil:
		g.writeError(w, r, http.StatusBadGateway, badGateway)
	case res.FunctionError:
		g.writeError(w, r, http.StatusInternalServerError, internalError)
	default:
		resp, err := parseResponse(res.Payload)
		if err != nil {
			g.writeError(w, r, http.StatusInternalServerError, internalError)
			return
		}
		g.write(w, r, resp)
	}
}

func (g *Gateway) writeError(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	g.write(w, r, &response{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: body})
}

func (g *Gateway) write(w http.ResponseWriter, r *http.Request, resp *response) {
	h := w.Header()
	for k, vs := range resp.header {
		// With CORS configured, API Gateway replaces the backend's CORS headers.
		if g.cors != nil && strings.HasPrefix(strings.ToLower(k), "access-control-") {
			continue
		}
		h[http.CanonicalHeaderKey(k)] = vs
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil // no content sniffing: API Gateway adds none
	}
	g.addCORS(h, r)
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		w.Write(resp.body)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// RouteTable lists routes as "KEY → name" lines, sorted, for the console.
func RouteTable(routes map[string]string) string {
	keys := make([]string, 0, len(routes))
	for k := range routes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %-24s → %s\n", k, routes[k])
	}
	return b.String()
}
