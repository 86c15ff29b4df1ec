package main

import (
	"context"
	"net/http"

	"cloudtools/internal/apigw"
	"cloudtools/internal/keywords"
	"cloudtools/internal/segmenter"
)

// service answers /segment and /keywords with one segmenter.
type service struct {
	seg *segmenter.Segmenter
	kw  *keywords.Extractor
}

func newService(seg *segmenter.Segmenter) *service {
	return &service{seg: seg, kw: keywords.New(seg)}
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

// handle routes by path: the function serves both routes.
func (s *service) handle(ctx context.Context, req *apigw.Request) apigw.Response {
	if req.Path == "/keywords" {
		return s.keywords(ctx, req)
	}
	return s.segment(ctx, req)
}

func (s *service) segment(_ context.Context, req *apigw.Request) apigw.Response {
	r, rerr := parseRequest(req)
	if rerr != nil {
		return rerr.response()
	}
	toks := s.seg.Tokenize(nil, r.Text, r.Mode, r.HMM)
	out := segResponse{Words: segmenter.Words(toks)}
	if r.POS || r.Offsets {
		out.Tokens = make([]token, len(toks))
		for i, t := range toks {
			out.Tokens[i] = token{Word: t.Word, Start: t.Start, End: t.End}
			if r.POS {
				out.Tokens[i].POS = s.seg.POS(t.Word)
			}
		}
	}
	return apigw.JSON(http.StatusOK, out)
}

func (s *service) keywords(_ context.Context, req *apigw.Request) apigw.Response {
	r, rerr := parseKeywordsRequest(req)
	if rerr != nil {
		return rerr.response()
	}
	var kws []keywords.Keyword
	if r.Method == methodTextRank {
		kws = s.kw.TextRank(r.Text, r.Top)
	} else {
		kws = s.kw.TFIDF(r.Text, r.Top)
	}
	return apigw.JSON(http.StatusOK, keywordsResponse{Keywords: kws})
}
