package gateway

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
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

// APIID is the API id local mode reports in events.
const APIID = "local"

func newRequestID() string {
	var b [11]byte
	rand.Read(b[:])
	return strings.NewReplacer("+", "-", "/", "_").Replace(base64.StdEncoding.EncodeToString(b[:]))
}

func traceID(now time.Time) string {
	var b [12]byte
	rand.Read(b[:])
	return "Root=1-" + strconv.FormatInt(now.Unix(), 16) + "-" + hex.EncodeToString(b[:])
}

// buildEvent writes the payload 2.0 event API Gateway would send for r.
func (g *Gateway) buildEvent(r *http.Request, body []byte, routeKey string, params map[string]string, requestID string, now time.Time) []byte {
	host := r.Host
	ev := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       routeKey,
		RawPath:        r.URL.EscapedPath(),
		RawQueryString: r.URL.RawQuery,
		Headers:        map[string]string{},
		PathParameters: params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID:    g.AccountID,
			APIID:        APIID,
			DomainName:   host,
			DomainPrefix: strings.SplitN(host, ".", 2)[0],
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.Path,
				Protocol:  r.Proto,
				SourceIP:  clientIP(r),
				UserAgent: r.UserAgent(),
			},
			RequestID: requestID,
			RouteKey:  routeKey,
			Stage:     "$default",
			Time:      now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch: now.UnixMilli(),
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
	ev.Headers["x-forwarded-proto"] = "http"
	if _, port, err := net.SplitHostPort(hostOf(r)); err == nil {
		ev.Headers["x-forwarded-port"] = port
	}
	ev.Headers["x-amzn-trace-id"] = traceID(now)
	if q := queryParameters(r.URL.RawQuery); len(q) > 0 {
		ev.QueryStringParameters = q
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type"), body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	out, _ := json.Marshal(ev)
	return out
}

// hostOf is the local address the request came in on.
func hostOf(r *http.Request) string {
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

// queryParameters decodes the query as API Gateway does: percent-escapes
// decoded ('+' stays '+'), repeated keys comma-joined in order.
func queryParameters(raw string) map[string]string {
	if raw == "" {
		return nil
	}
	type kv struct{ k, v string }
	var pairs []kv
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
		pairs = append(pairs, kv{k, v})
	}
	out := map[string]string{}
	for _, p := range pairs {
		if prev, ok := out[p.k]; ok {
			out[p.k] = prev + "," + p.v
		} else {
			out[p.k] = p.v
		}
	}
	return out
}

// isText reports whether API Gateway passes a body as text: text-like
// media types with valid UTF-8; anything else is base64-encoded.
func isText(contentType string, body []byte) bool {
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
