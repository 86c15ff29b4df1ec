package gateway

import (
	"encoding/json"
	"net/http"
	"time"

	"cloudtools/internal/lambdakit/apievent"
)

// APIID is the API id local mode reports in events.
const APIID = "local"

// buildEvent writes the payload 2.0 event API Gateway would send for r
// (package apievent, which the handler tests use too).
func (g *Gateway) buildEvent(r *http.Request, body []byte, routeKey string, params map[string]string, requestID string, now time.Time) []byte {
	ev := apievent.FromHTTP(r, body, apievent.Route{Key: routeKey, PathParameters: params},
		apievent.Context{AccountID: g.AccountID, APIID: APIID, RequestID: requestID, Time: now, Proto: "http"})
	out, _ := json.Marshal(ev)
	return out
}
