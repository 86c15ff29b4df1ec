package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

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
	styleJieba   = "jieba"   // jieba 0.42.1's algorithm over gse's copy of its word list
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

// Limits of the words option (jieba's add_word and suggest_freq for one
// request).
const (
	maxWords     = 100
	maxWordRunes = 32
)

// wordsOption reads words: a list (JSON array, or repeated or
// comma-separated in a query or form) of words to keep whole ("台中") or
// to split where "/" says ("中/将").
func wordsOption(dst *[]string) textreq.Option {
	return textreq.Option{Key: "words", Kind: textreq.List, SetList: func(items []string) *apigw.Problem {
		if len(items) > maxWords {
			return apigw.Invalid("words: %d words; at most %d", len(items), maxWords)
		}
		for _, w := range items {
			w = strings.TrimSpace(w)
			if n := utf8.RuneCountInString(strings.ReplaceAll(w, segmenter.Separator, "")); n == 0 || n > maxWordRunes {
				return apigw.Invalid("words: %q: a word holds 1 to %d characters", w, maxWordRunes)
			}
		}
		*dst = items
		return nil
	}}
}

// customWords prepares the request's words for seg; a word segmentation
// cannot use is a 400.
func customWords(seg *segmenter.Segmenter, words []string) (*segmenter.CustomWords, *apigw.Problem) {
	if len(words) == 0 {
		return nil, nil
	}
	w, err := seg.CustomWords(words)
	if err != nil {
		return nil, apigw.Invalid("words: %v", err)
	}
	return w, nil
}

// segRequest is a parsed /segment request.
type segRequest struct {
	Text    string
	Mode    segmenter.Mode
	HMM     bool
	POS     bool
	Offsets bool
	Jieba   bool // style=jieba
	Words   []string
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
		wordsOption(&r.Words),
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
	Words  []string
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
		wordsOption(&r.Words),
	}
	text, err := texts.Read(req, opts)
	r.Text = text
	return r, err
}
