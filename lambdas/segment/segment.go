package main

import (
	"context"
	"net/http"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/lambdakit/apigw"
)

// direct is how a plain JSON event reaches segment ({"text": "…",
// "mode": "search"} from the Lambda console): as a JSON POST to /segment,
// or to /keywords with "route": "/keywords" ({"route": "/keywords",
// "text": "…", "top": 5}).
var direct = apigw.Direct{Method: http.MethodPost, Path: "/segment", Routes: []string{"/keywords"}}

// service answers /segment and /keywords in both styles over one
// dictionary.
type service struct {
	seg, jieba  *segmenter.Segmenter
	kw, jiebaKW *keywords.Extractor
}

// newService serves seg (the default style) and jieba's style over seg's
// dictionary.
func newService(seg *segmenter.Segmenter) (*service, error) {
	jieba, err := segmenter.New(seg.Dict(), segmenter.Options{Jieba: true})
	if err != nil {
		return nil, err
	}
	return &service{seg: seg, jieba: jieba, kw: keywords.NewTerms(seg, keywords.DefaultScoring), jiebaKW: keywords.New(jieba)}, nil
}

func (s *service) style(jieba bool) (*segmenter.Segmenter, *keywords.Extractor) {
	if jieba {
		return s.jieba, s.jiebaKW
	}
	return s.seg, s.kw
}

// token is a word with rune offsets into the text ([start, end)).
type token struct {
	Word  string `json:"word"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	POS   string `json:"pos,omitempty"`
}

type segResponse struct {
	Words  []string `json:"words"`
	Tokens []token  `json:"tokens,omitempty"`
}

type keywordsResponse struct {
	Keywords []keywords.Keyword `json:"keywords"`
}

// handle routes by path: the function serves both routes. A dictionary
// page that fails its checksum panics with a *segdict.CorruptError, which
// the adapter turns into a generic 500 with the reason in the log: never an
// answer from corrupt data.
func (s *service) handle(ctx context.Context, req *apigw.Request) apigw.Response {
	return apigw.Accept(rules, s.route)(ctx, req)
}

func (s *service) route(ctx context.Context, req *apigw.Request) apigw.Response {
	if req.Path == "/keywords" {
		return s.keywords(ctx, req)
	}
	return s.segment(ctx, req)
}

func (s *service) segment(_ context.Context, req *apigw.Request) apigw.Response {
	r, problem := parseRequest(req)
	if problem != nil {
		return problem.Response()
	}
	seg, _ := s.style(r.Jieba)
	words, problem := customWords(seg, r.Words)
	if problem != nil {
		return problem.Response()
	}
	toks := seg.TokenizeWith(nil, r.Text, r.Mode, r.HMM, words)
	out := segResponse{Words: segmenter.Words(toks)}
	if r.POS || r.Offsets {
		out.Tokens = make([]token, len(toks))
		for i, t := range toks {
			out.Tokens[i] = token{Word: t.Word, Start: t.Start, End: t.End}
			if r.POS {
				out.Tokens[i].POS = seg.POSWith(t.Word, words)
			}
		}
	}
	return apigw.JSON(http.StatusOK, out)
}

func (s *service) keywords(_ context.Context, req *apigw.Request) apigw.Response {
	r, problem := parseKeywordsRequest(req)
	if problem != nil {
		return problem.Response()
	}
	var kws []keywords.Keyword
	seg, kw := s.style(r.Jieba)
	words, problem := customWords(seg, r.Words)
	if problem != nil {
		return problem.Response()
	}
	kw = kw.With(words)
	if r.Method == methodTextRank {
		kws = kw.TextRank(r.Text, r.Top)
	} else {
		kws = kw.TFIDF(r.Text, r.Top)
	}
	return apigw.JSON(http.StatusOK, keywordsResponse{Keywords: kws})
}
