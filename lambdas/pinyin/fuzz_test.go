package main

import (
	"encoding/json"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// FuzzPinyinRequest: any request gets a 200 whose words tile the text, or
// a 4xx JSON error; never a 5xx.
func FuzzPinyinRequest(f *testing.F) {
	f.Add("GET", "text=%E9%93%B6%E8%A1%8C&style=number&heteronym=true", "", "")
	f.Add("POST", "", "application/json", `{"text":"重庆 OK","style":"initials"}`)
	f.Add("POST", "style=none", "text/plain", "长大\x00\xff")
	f.Add("POST", "", "application/x-www-form-urlencoded", "text=%zz&style=tone")
	f.Add("POST", "tone_sandhi=true&erhua=true", "text/plain", "一点儿不要看一看儿儿一")
	f.Add("POST", "", "application/json", `{"text":"你好。儿","erhua":true,"tone_sandhi":true,"heteronym":true}`)
	s := testService(f)
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		res := apigwtest.Invoke(t, "pinyin", s.handle, apigwtest.FuzzEvent(method, "/pinyin", query, contentType, body))
		if res.Status == 200 {
			var r result
			if err := json.Unmarshal(res.Body, &r); err != nil || r.Pinyin == nil || r.Words == nil {
				t.Fatalf("200 without a reading: %s", res.Body)
			}
			return
		}
		if res.Status < 400 || res.Status >= 500 || res.ErrorText() == "" {
			t.Fatalf("status %d body %s", res.Status, res.Body)
		}
	})
}
