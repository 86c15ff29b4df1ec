// Package apievent is the one model of what an API Gateway HTTP API sends a
// Lambda: the payload 2.0 event for an HTTP request. Local mode's gateway
// builds the events it sends the real functions with it, and apigwtest
// builds the handler tests' events with it, so the two exercise the same
// events. The test next to it compares its events with aws-lambda-go's
// captured fixtures.
package apievent

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Stage is the stage every event names: the HTTP API's default stage.
const Stage = "$default"

// Context is what API Gateway knows about a request beyond the request
// itself.
type Context struct {
	AccountID string
	APIID     string
	RequestID string // NewRequestID() when empty
	Time      time.Time
	// Proto is the scheme the client used, for x-forwarded-proto
	// ("https" in AWS, "http" in local mode).
	Proto string
}

// Route is the route a request matched.
type Route struct {
	Key            string            // "GET /calc", "ANY /echo/{proxy+}", "$default"
	PathParameters map[string]string // the route's {name} values; nil when none
}

// FromHTTP is the payload 2.0 event API Gateway sends for r, whose body
// has already been read.
func FromHTTP(r *http.Request, body []byte, route Route, c Context) events.APIGatewayV2HTTPRequest {
	if c.RequestID == "" {
		c.RequestID = NewRequestID()
	}
	host := r.Host
	ev := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       route.Key,
		RawPath:        r.URL.EscapedPath(),
		RawQueryString: r.URL.RawQuery,
		Headers:        map[string]string{},
		PathParameters: route.PathParameters,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID:    c.AccountID,
			APIID:        c.APIID,
			DomainName:   host,
			DomainPrefix: strings.SplitN(host, ".", 2)[0],
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.Path,
				Protocol:  r.Proto,
				SourceIP:  clientIP(r),
				UserAgent: r.UserAgent(),
			},
			RequestID: c.RequestID,
			RouteKey:  route.Key,
			Stage:     Stage,
			Time:      c.Time.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch: c.Time.UnixMilli(),
		},
	}
	// Headers: lower-cased, repeats comma-joined; cookies move to their own
	// list; API Gateway adds its forwarding and tracing headers.
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						ev.Cookies = append(ev.Cookies, c)
					}
				}
			}
			continue
		}
		ev.Headers[lk] = strings.Join(vs, ",")
	}
	ev.Headers["host"] = host
	ev.Headers["content-length"] = strconv.Itoa(len(body))
	ev.Headers["x-forwarded-for"] = ev.RequestContext.HTTP.SourceIP
	ev.Headers["x-forwarded-proto"] = c.Proto
	if _, port, err := net.SplitHostPort(localAddr(r)); err == nil {
		ev.Headers["x-forwarded-port"] = port
	}
	ev.Headers["x-amzn-trace-id"] = traceID(c.Time)
	if q := QueryParameters(r.URL.RawQuery); len(q) > 0 {
		ev.QueryStringParameters = q
	}
	if len(body) > 0 {
		if IsText(r.Header.Get("Content-Type"), body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

// NewRequestID is a request id in API Gateway's style.
func NewRequestID() string {
	var b [11]byte
	rand.Read(b[:])
	return strings.NewReplacer("+", "-", "/", "_").Replace(base64.StdEncoding.EncodeToString(b[:]))
}

func traceID(now time.Time) string {
	var b [12]byte
	rand.Read(b[:])
	return "Root=1-" + strconv.FormatInt(now.Unix(), 16) + "-" + hex.EncodeToString(b[:])
}

// localAddr is the address the request came in on.
func localAddr(r *http.Request) string {
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return addr.String()
	}
	return r.Host
}

func clientIP(r *http.Request) string {
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return ip
	}
	return r.RemoteAddr
}

// QueryParameters decodes a raw query as API Gateway does for
// queryStringParameters: percent-escapes decoded ('+' stays '+'), repeated
// keys comma-joined in order.
func QueryParameters(raw string) map[string]string {
	if raw == "" {
		return nil
	}
	out := map[string]string{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.PathUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.PathUnescape(v); err == nil {
			v = dv
		}
		if prev, ok := out[k]; ok {
			out[k] = prev + "," + v
		} else {
			out[k] = v
		}
	}
	return out
}

// IsText reports whether API Gateway passes a body as text: text-like
// media types with valid UTF-8; anything else is base64-encoded.
func IsText(contentType string, body []byte) bool {
	if !utf8.Valid(body) {
		return false
	}
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/xml", strings.HasSuffix(mt, "+xml"),
		mt == "application/javascript", mt == "application/x-www-form-urlencoded",
		mt == "application/graphql", mt == "application/yaml":
		return true
	}
	return false
}
