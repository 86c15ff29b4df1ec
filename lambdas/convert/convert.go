package main

import (
	"context"
	"net/http"
	"strings"

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
	From    string // s, t, tw, hk, jp; "" until defaulted
	To      string
	Phrases bool // regional phrases (软件 → 軟體 for tw) where OpenCC has configs with and without
	Offsets bool
}

// scripts are the values of from and to: simplified, OpenCC's standard
// traditional, Taiwan and Hong Kong traditional, Japanese shinjitai.
var scripts = []string{"s", "t", "tw", "hk", "jp"}

// direction is a (from, to) pair and its OpenCC configs: with regional
// phrases, and without (empty when OpenCC has one config for the pair).
type direction struct {
	from, to          string
	phrases, variants string
}

// directions are every pair /convert offers: OpenCC 1.4.1's sixteen
// configs.
var directions = []direction{
	{"s", "t", "s2t", ""},
	{"s", "tw", "s2twp", "s2tw"},
	{"s", "hk", "s2hkp", "s2hk"},
	{"t", "s", "t2s", ""},
	{"tw", "s", "tw2sp", "tw2s"},
	{"hk", "s", "hk2sp", "hk2s"},
	{"t", "tw", "t2tw", ""},
	{"t", "hk", "t2hk", ""},
	{"tw", "t", "tw2t", ""},
	{"hk", "t", "hk2t", ""},
	{"t", "jp", "t2jp", ""},
	{"jp", "t", "jp2t", ""},
}

// pairs lists the directions for an error's detail: "s→t, s→tw, …".
func pairs() string {
	names := make([]string, len(directions))
	for i, d := range directions {
		names[i] = d.from + "→" + d.to
	}
	return strings.Join(names, ", ")
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
		textreq.EnumOption("to", &r.To, scripts...),
		textreq.EnumOption("from", &r.From, scripts...),
		textreq.BoolOption("phrases", &r.Phrases),
		textreq.BoolOption("offsets", &r.Offsets),
	})
	r.Text = text
	if r.From == "" {
		r.From = "s"
		if r.To == "s" {
			r.From = "t"
		}
	}
	return r, problem
}

// config is the OpenCC config for the request's direction.
func (r request) config() (string, *apigw.Problem) {
	for _, d := range directions {
		if d.from == r.From && d.to == r.To {
			if !r.Phrases && d.variants != "" {
				return d.variants, nil
			}
			return d.phrases, nil
		}
	}
	return "", apigw.Invalid("from=%s to=%s is not a direction /convert has; from→to may be %s", r.From, r.To, pairs())
}
