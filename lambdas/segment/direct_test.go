package main

import (
	"strings"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestDirectEvents: the seed's console test event and its kin reach
// /segment, and /keywords with a "route" field, with the API's answers.
func TestDirectEvents(t *testing.T) {
	svc := testService(t)
	for _, tc := range []struct {
		event  string
		status int
		body   string
	}{
		{`{"text": "我来到北京清华大学"}`, 200, `{"words":["我","来到","北京","清华大学"]}`},
		{`{"text": "我来到北京清华大学", "mode": "search"}`, 200, `{"words":["我","来到","北京","清华","华大","大学","清华大学"]}`},
		{`{"text": "这是1996年的信息技术", "style": "jieba"}`, 200, `{"words":["这是","1996","年","的","信息技术"]}`},
		{`{"route": "/keywords", "text": "云原生应用运行在无服务器平台上", "top": 1}`, 200, `{"keywords":[{"word":"`},
		{`{"route": "/segment", "text": "北京"}`, 200, `{"words":["北京"]}`},
		{`{"route": "/calc", "text": "北京"}`, 400, `route`},
		{`{}`, 400, `text is required`},
		{`{"text": "北京", "mode": "fast"}`, 400, `mode must be`},
		{`"我来到北京"`, 400, `plain JSON object`},
	} {
		res := apigwtest.InvokeDirect(t, "segment", svc.handle, direct, []byte(tc.event))
		if res.Status != tc.status || !strings.Contains(string(res.Body), tc.body) {
			t.Errorf("%s: %d %s, want %d with %s", tc.event, res.Status, res.Body, tc.status, tc.body)
		}
	}
}
