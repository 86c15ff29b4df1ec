package localmode

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestDirectEvents: plain JSON events, as the Lambda console's test button
// and `aws lambda invoke` send them, through Invoke (what `make invoke`
// runs) and the real functions' Runtime API: the answer has the API's
// statusCode, headers and body.
func TestDirectEvents(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, tc := range []struct {
		tool, event string
		status      int
		body        string
	}{
		{"segment", `{"text": "我来到北京清华大学"}`, 200, `{"words":["我","来到","北京","清华大学"]}`},
		{"segment", `{"route": "/keywords", "text": "云原生应用运行在无服务器平台上", "top": 5}`, 200, `{"keywords":[`},
		{"calc", `{"num1": 1, "num2": 2, "operator": "add"}`, 200, `{"result":3}`},
		{"random-quote", `{"seed": "x"}`, 200, `"text":"`},
		{"random-image", `{}`, 200, `"imageUrl":"`},
		{"echo", `{"anything": [1, 2]}`, 200, `"anything"`},
		{"calc", `"hello"`, 400, `plain JSON object`},
	} {
		res, err := Invoke(ctx, preparedAssembly(t), tc.tool, []byte(tc.event), io.Discard)
		if err != nil || res.FunctionError {
			t.Fatalf("%s %s: %v %s", tc.tool, tc.event, err, res.Payload)
		}
		var out struct {
			StatusCode int               `json:"statusCode"`
			Headers    map[string]string `json:"headers"`
			Body       string            `json:"body"`
		}
		if err := json.Unmarshal(res.Payload, &out); err != nil {
			t.Fatalf("%s: %s: %v", tc.tool, res.Payload, err)
		}
		if out.StatusCode != tc.status || !strings.Contains(out.Body, tc.body) || !strings.HasPrefix(out.Headers["Content-Type"], "application/json") {
			t.Errorf("%s %s: %d %v %s, want %d with %s", tc.tool, tc.event, out.StatusCode, out.Headers, out.Body, tc.status, tc.body)
		}
	}
}
