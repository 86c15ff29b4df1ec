package main

import (
	"encoding/json"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// FuzzConvertRequest: any request gets a 200 whose segments tile the text,
// or a 4xx JSON error; never a 5xx.
func FuzzConvertRequest(f *testing.F) {
	f.Add("GET", "text=%E5%A4%B4%E5%8F%91&to=tw&offsets=true", "", "")
	f.Add("POST", "", "application/json", `{"text":"軟體","to":"s","from":"tw","phrases":false}`)
	f.Add("POST", "to=hk", "text/plain", "头发\x00\xff")
	f.Add("POST", "", "application/x-www-form-urlencoded", "text=%zz&to=s")
	f.Add("GET", "text=a&from=tw", "", "")
	f.Add("GET", "text=%E6%97%A7&from=jp&to=s", "", "")
	f.Add("POST", "", "application/json", `{"text":"\uf902⿰氵發","from":"t","to":"jp","offsets":true}`)
	f.Add("POST", "from=hk&to=t&phrases=false", "text/plain", "⿲彳⿱山王攵")
	s := testService(f)
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		res := apigwtest.Invoke(t, "convert", s.handle, apigwtest.FuzzEvent(method, "/convert", query, contentType, body))
		if res.Status == 200 {
			var r result
			if err := json.Unmarshal(res.Body, &r); err != nil || r.Config == "" {
				t.Fatalf("200 without a conversion: %s", res.Body)
			}
			return
		}
		if res.Status < 400 || res.Status >= 500 || res.ErrorText() == "" {
			t.Fatalf("status %d body %s", res.Status, res.Body)
		}
	})
}
