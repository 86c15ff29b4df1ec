package main

import (
	"context"
	"net/http"

	"cloudtools/internal/chinese/zhconvert"
	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/textreq"
)

// direct is how a plain JSON event reaches the tool ({"text": "头发",
// "to": "tw"} from the Lambda console): as a JSON POST to /convert.
var direct = apigw.Direct{Method: http.MethodPost, Path: "/convert"}

// maxTextBytes is the documented limit on the text; larger texts get 413.
// 64 KiB is some 20,000 Chinese characters, as for /segment.
const maxTextBytes = 64 << 10

var (
	texts = textreq.Reader{MaxTextBytes: maxTextBytes}
	rules = texts.Rules()
)

// request is a parsed /convert request.
type request struct {
	Text    string
	To      string // t, s, tw, hk
	From    string // s for to=t|tw|hk; t, tw or hk for to=s
	Phrases bool   // regional phrases (软件 → 軟體 for tw)
	Offsets bool
}

// result is the answer (openapi.json, Conversion).
type result struct {
	Text     string    `json:"text"`
	Config   string    `json:"config"`
	Segments []segment `json:"segments,omitempty"`
}

type segment struct {
	Source string `json:"source"`
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

type service struct {
	conv *zhconvert.Converter
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
	config, problem := r.config()
	if problem != nil {
		return apigw.Respond(ctx, req, problem)
	}
	segs, err := s.conv.Convert(config, r.Text)
	if err != nil {
		return apigw.Respond(ctx, req, err)
	}
	out := result{Text: zhconvert.String(segs), Config: config}
	if r.Offsets {
		out.Segments = make([]segment, len(segs))
		for i, sg := range segs {
			out.Segments[i] = segment{Source: sg.Source, Text: sg.Text, Start: sg.Start, End: sg.End}
		}
	}
	return apigw.JSON(http.StatusOK, out)
}

func parseRequest(req *apigw.Request) (request, *apigw.Problem) {
	r := request{To: "t", Phrases: true}
	text, problem := texts.Read(req, []textreq.Option{
		textreq.EnumOption("to", &r.To, "t", "s", "tw", "hk"),
		textreq.EnumOption("from", &r.From, "s", "t", "tw", "hk"),
		textreq.BoolOption("phrases", &r.Phrases),
		textreq.BoolOption("offsets", &r.Offsets),
	})
	r.Text = text
	return r, problem
}

// config is the OpenCC config for the request's direction.
func (r request) config() (string, *apigw.Problem) {
	if r.To == "s" {
		switch r.From {
		case "", "t":
			return "t2s", nil
		case "tw":
			if r.Phrases {
				return "tw2sp", nil
			}
			return "tw2s", nil
		case "hk":
			return "hk2s", nil
		}
		return "", apigw.Invalid("from must be t, tw or hk with to=s")
	}
	if r.From != "" && r.From != "s" {
		return "", apigw.Invalid("from=%s goes with to=s; to=%s converts from simplified", r.From, r.To)
	}
	switch r.To {
	case "tw":
		if r.Phrases {
			return "s2twp", nil
		}
		return "s2tw", nil
	case "hk":
		return "s2hk", nil
	}
	return "s2t", nil
}
