package main

import (
	"encoding/json"
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// FuzzSegmentRequest: any request gets a 200 whose tokens point into the
// text, or a 4xx JSON error; never a 5xx or a panic.
func FuzzSegmentRequest(f *testing.F) {
	f.Add("GET", "text=%E6%88%91%E6%9D%A5%E5%88%B0&mode=search&offsets=true", "", "")
	f.Add("POST", "pos=1", "application/json", `{"text":"清华大学 abc","mode":"full","hmm":false,"offsets":true}`)
	f.Add("POST", "mode=accurate", "text/plain", "我来到北京，清华大学。")
	f.Add("POST", "", "application/x-www-form-urlencoded", "text=a+b&pos=true")
	f.Add("POST", "", "application/json", "{\"text\":\"\xff\"}")
	f.Add("GET", "text=%ZZ", "", "")
	f.Add("GET", "text=%E9%80%99%E6%98%AF%EF%BC%91%EF%BC%99&style=jieba&pos=true", "", "")
	f.Add("POST", "style=default", "application/json", `{"text":"ＡＢＣ１２．５％於是","style":"jieba","mode":"search"}`)
	f.Add("GET", "text=%E4%B8%AD%E5%B0%86&words=%E4%B8%AD%2F%E5%B0%86,%E5%8F%B0%E4%B8%AD&mode=full", "", "")
	f.Add("POST", "", "application/json", `{"text":"中将台中","words":["中/将","台中",""],"pos":true}`)
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		ev := apigwtest.FuzzEvent(method, "/segment", query, contentType, body)
		res := apigwtest.Invoke(t, "segment", testService(t).handle, ev)
		if res.Status >= 400 && res.Status < 500 && res.ErrorText() != "" {
			return
		}
		if res.Status != 200 {
			t.Fatalf("status %d body %s", res.Status, res.Body)
		}
		var out segResult
		if err := json.Unmarshal(res.Body, &out); err != nil || out.Words == nil {
			t.Fatalf("body %s: %v", res.Body, err)
		}
		for i, tok := range out.Tokens {
			if tok.Word != out.Words[i] || tok.End-tok.Start != len([]rune(tok.Word)) {
				t.Fatalf("token %+v vs word %q", tok, out.Words[i])
			}
		}
	})
}

// FuzzKeywordsRequest: the same for /keywords.
func FuzzKeywordsRequest(f *testing.F) {
	f.Add("GET", "text=%E6%88%91%E6%9D%A5%E5%88%B0&top=3&method=textrank", "", "")
	f.Add("POST", "top=2", "application/json", `{"text":"清华大学 abc","method":"tfidf","top":5}`)
	f.Add("POST", "", "application/json", `{"text":"清华大学","top":"5"}`)
	f.Add("POST", "method=textrank", "text/plain", "我来到北京，清华大学。")
	f.Add("GET", "text=a&top=99999999999999999999", "", "")
	f.Add("POST", "words=%E9%87%8F%E5%AD%90,a%2Fb", "application/json", `{"text":"量子退火机很快","method":"textrank","words":"量子退火机"}`)
	f.Fuzz(func(t *testing.T, method, query, contentType, body string) {
		ev := apigwtest.FuzzEvent(method, "/keywords", query, contentType, body)
		res := apigwtest.Invoke(t, "segment", testService(t).handle, ev)
		if res.Status >= 400 && res.Status < 500 && res.ErrorText() != "" {
			return
		}
		var out kwResult
		if res.Status != 200 || json.Unmarshal(res.Body, &out) != nil || out.Keywords == nil || len(out.Keywords) > maxTop {
			t.Fatalf("status %d body %s", res.Status, res.Body)
		}
	})
}
