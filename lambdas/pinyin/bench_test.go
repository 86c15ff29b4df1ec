package main

import (
	"encoding/json"
	"fmt"

	"testing"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/segeval"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// BenchmarkHeaviest is the route's heaviest request: the longest text of running
// text with every reading, through the adapter.
func BenchmarkHeaviest(b *testing.B) {
	s := testService(b)
	text, err := segeval.RunningText("../..", maxTextBytes)
	if err != nil {
		b.Fatal(err)
	}
	ev := apigwtest.Event("POST", "/pinyin?heteronym=true&style=number", map[string]string{"content-type": "text/plain"}, text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if res := apigwtest.Invoke(b, "pinyin", s.handle, ev); res.Status != 200 {
			b.Fatal(res.Status)
		}
	}
}

func BenchmarkReadAndEncode(b *testing.B) {
	s := testService(b)
	text, err := segeval.RunningText("../..", maxTextBytes)
	if err != nil {
		b.Fatal(err)
	}
	for _, het := range []bool{false, true} {
		b.Run(fmt.Sprint("heteronym=", het), func(b *testing.B) {
			for b.Loop() {
				res := s.read(request{Text: text, Style: pinyin.Number, Heteronym: het})
				json.Marshal(res)
			}
		})
	}
}
