package main

import (
	"context"
	"net/http"
	"strings"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/spoken"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/textreq"
)

// direct is how a plain JSON event reaches the tool ({"text": "银行",
// "style": "number"} from the Lambda console): as a JSON POST to /pinyin.
var direct = apigw.Direct{Method: http.MethodPost, Path: "/pinyin"}

// maxTextBytes is the documented limit on the text; larger texts get 413.
// 16 KiB is some 5,400 Chinese characters, an article. It is a quarter of
// /segment's because the answer is some 25 times the text (a syllable and
// a word object per character): 64 KiB would answer 1.6 MB and take about
// 4 s of a 128 MB function's CPU share (make bench-local, "Timeouts").
const maxTextBytes = 16 << 10

var (
	texts = textreq.Reader{MaxTextBytes: maxTextBytes}
	rules = texts.Rules()
)

// request is a parsed /pinyin request.
type request struct {
	Text      string
	Style     pinyin.Style
	Heteronym bool
	Spoken    spoken.Options // tone_sandhi, erhua
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
	spoken.Apply(words, r.Spoken)
	// A text repeats few syllables and characters: format and look each up
	// once per request.
	formatted := map[string]string{}
	format := func(syl string) string {
		f, ok := formatted[syl]
		if !ok {
			f = pinyin.Format(syl, r.Style)
			formatted[syl] = f
		}
		return f
	}
	type key struct{ char, chosen string }
	readings := map[key][]string{}
	out := result{Pinyin: []string{}, Words: make([]word, 0, len(words))}
	for _, w := range words {
		ow := word{Word: w.Text, Start: w.Start, End: w.End, Pinyin: make([]string, len(w.Items))}
		if r.Heteronym {
			ow.Readings = make([][]string, len(w.Items))
		}
		for i, it := range w.Items {
			ow.Pinyin[i] = it.Syllable
			if it.Han {
				ow.Pinyin[i] = format(it.Syllable)
			}
			if r.Heteronym {
				k := key{it.Text, it.Syllable}
				all, ok := readings[k]
				if !ok {
					all = s.reader.Readings(it)
					if it.Han {
						for j := range all {
							all[j] = format(all[j])
						}
					}
					readings[k] = all
				}
				ow.Readings[i] = all
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
		textreq.BoolOption("tone_sandhi", &r.Spoken.ToneSandhi),
		textreq.BoolOption("erhua", &r.Spoken.Erhua),
	})
	r.Text = text
	return r, problem
}
