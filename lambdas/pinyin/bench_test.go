package main

import (
	"encoding/json"
	"fmt"

	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"cloudtools/internal/chinese/pinyin"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// BenchmarkHeaviest is the route's heaviest request: the longest text of running
// text with every reading, through the adapter.
func BenchmarkHeaviest(b *testing.B) {
	s := testService(b)
	raw, err := os.ReadFile("../../internal/chinese/segeval/testdata/ud-gsdsimp-dev.gold.txt")
	if err != nil {
		b.Fatal(err)
	}
	one := strings.ReplaceAll(string(raw), " ", "")
	text := strings.Repeat(one, maxTextBytes/len(one)+1)[:maxTextBytes]
	for !utf8.ValidString(text) {
		text = text[:len(text)-1]
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
	raw, _ := os.ReadFile("../../internal/chinese/segeval/testdata/ud-gsdsimp-dev.gold.txt")
	one := strings.ReplaceAll(string(raw), " ", "")
	text := strings.Repeat(one, maxTextBytes/len(one)+1)[:maxTextBytes]
	for !utf8.ValidString(text) {
		text = text[:len(text)-1]
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
