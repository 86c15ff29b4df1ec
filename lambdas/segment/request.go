package main

import (
	"strconv"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/textreq"
)

// maxTextBytes is the documented limit on the text (UTF-8 bytes); larger
// texts get 413. 64 KiB is some 20,000 Chinese characters.
const maxTextBytes = 64 << 10

// texts reads the text and options of both routes (textreq).
var texts = textreq.Reader{MaxTextBytes: maxTextBytes}

// rules: GET or POST, and a body with room for a JSON envelope and escapes
// around the longest text.
var rules = texts.Rules()

// Segmentation styles (the style option).
const (
	styleDefault = "default" // the default style: more accurate on every standard
	styleJieba   = "jieba"   // jieba 0.42.1's exact output
)

// styleOption reads style=default|jieba into dst (true for jieba).
func styleOption(dst *bool) textreq.Option {
	return textreq.Option{Key: "style", Kind: textreq.String, Set: func(v string) *apigw.Problem {
		switch v {
		case styleDefault:
			*dst = false
		case styleJieba:
			*dst = true
		default:
			return apigw.Invalid("style must be default or jieba")
		}
		return nil
	}}
}

// segRequest is a parsed /segment request.
type segRequest struct {
	Text    string
	Mode    segmenter.Mode
	HMM     bool
	POS     bool
	Offsets bool
	Jieba   bool // style=jieba
}

func parseRequest(req *apigw.Request) (segRequest, *apigw.Problem) {
	r := segRequest{Mode: segmenter.Accurate, HMM: true}
	opts := []textreq.Option{
		styleOption(&r.Jieba),
		{Key: "mode", Kind: textreq.String, Set: func(v string) *apigw.Problem {
			m, ok := segmenter.ParseMode(v)
			if !ok {
				return apigw.Invalid("mode must be accurate, full or search")
			}
			r.Mode = m
			return nil
		}},
		textreq.BoolOption("hmm", &r.HMM),
		textreq.BoolOption("pos", &r.POS),
		textreq.BoolOption("offsets", &r.Offsets),
	}
	text, err := texts.Read(req, opts)
	r.Text = text
	return r, err
}

// Keyword methods.
const (
	methodTFIDF    = "tfidf"
	methodTextRank = "textrank"
)

// maxTop bounds how many keywords one request may ask for.
const maxTop = 100

// keywordsRequest is a parsed /keywords request.
type keywordsRequest struct {
	Text   string
	Top    int
	Method string
	Jieba  bool // style=jieba
}

func parseKeywordsRequest(req *apigw.Request) (keywordsRequest, *apigw.Problem) {
	r := keywordsRequest{Top: 10, Method: methodTFIDF}
	opts := []textreq.Option{
		styleOption(&r.Jieba),
		{Key: "top", Kind: textreq.Number, Set: func(v string) *apigw.Problem {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxTop {
				return apigw.Invalid("top must be a whole number from 1 to %d", maxTop)
			}
			r.Top = n
			return nil
		}},
		{Key: "method", Kind: textreq.String, Set: func(v string) *apigw.Problem {
			if v != methodTFIDF && v != methodTextRank {
				return apigw.Invalid("method must be tfidf or textrank")
			}
			r.Method = v
			return nil
		}},
	}
	text, err := texts.Read(req, opts)
	r.Text = text
	return r, err
}
