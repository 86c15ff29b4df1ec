package main

import (
	"context"
	"net/http"
	"strings"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/textreq"
)

// direct is how a plain JSON event reaches the tool ({"text": "银行",
// "style": "number"} from the Lambda console): as a JSON POST to /pinyin.
var direct = apigw.Direct{Method: http.MethodPost, Path: "/pinyin"}

// maxTextBytes is the documented limit on the text; larger texts get 413.
// 64 KiB is some 20,000 Chinese characters, as for /segment.
const maxTextBytes = 64 << 10

var (
	texts = textreq.Reader{MaxTextBytes: maxTextBytes}
	rules = texts.Rules()
)

// request is a parsed /pinyin request.
type request struct {
	Text      string
	Style     pinyin.Style
	Heteronym bool
}

// result is the answer (openapi.json, Pinyin).
type result struct {
	Pinyin []string `json:"pinyin"`
	Text   string   `json:"text"`
	Words  []word   `json:"words"`
}

type word struct {
	Word     string     `json:"word"`
	Start    int        `json:"start"`
	End      int        `json:"end"`
	Pinyin   []string   `json:"pinyin"`
	Readings [][]string `json:"readings,omitempty"`
}

type service struct {
	reader *pinyin.Reader
}

// handle is the tool behind the shared request rules (405, 413, 414, 415).
func (s *service) handle(ctx context.Context, req *apigw.Request) apigw.Response {
	return apigw.Accept(rules, s.serve)(ctx, req)
}

func (s *service) serve(ctx context.Context, req *apigw.Request) apigw.Response {
	r, problem := parseRequest(req)
	if problem != nil {
		return apigw.Respond(ctx, req, problem)
	}
	return apigw.JSON(http.StatusOK, s.read(r))
}

// read reads the text: per character (other text in runs) and per word.
func (s *service) read(r request) result {
	words := s.reader.Read(r.Text)
	out := result{Pinyin: []string{}, Words: make([]word, 0, len(words))}
	for _, w := range words {
		ow := word{Word: w.Text, Start: w.Start, End: w.End, Pinyin: make([]string, len(w.Items))}
		for i, it := range w.Items {
			ow.Pinyin[i] = it.Syllable
			if it.Han {
				ow.Pinyin[i] = pinyin.Format(it.Syllable, r.Style)
			}
			if r.Heteronym {
				readings := s.reader.Readings(it)
				if it.Han {
					for k := range readings {
						readings[k] = pinyin.Format(readings[k], r.Style)
					}
				}
				ow.Readings = append(ow.Readings, readings)
			}
			if strings.TrimSpace(it.Text) != "" {
				out.Pinyin = append(out.Pinyin, ow.Pinyin[i])
			}
		}
		out.Words = append(out.Words, ow)
	}
	out.Text = strings.Join(out.Pinyin, " ")
	return out
}

func parseRequest(req *apigw.Request) (request, *apigw.Problem) {
	r := request{Style: pinyin.Tone}
	text, problem := texts.Read(req, []textreq.Option{
		{Key: "style", Kind: textreq.String, Set: func(v string) *apigw.Problem {
			st, ok := pinyin.ParseStyle(v)
			if !ok {
				return apigw.Invalid("style must be tone, number, none or initials")
			}
			r.Style = st
			return nil
		}},
		textreq.BoolOption("heteronym", &r.Heteronym),
	})
	r.Text = text
	return r, problem
}
