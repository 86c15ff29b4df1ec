package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/seeded"
	"cloudtools/internal/lambdakit/ttlcache"
)

// direct is how a plain JSON event reaches random-quote ({} or
// {"seed": "x", "c": ["poetry", "ci"]}): its fields as the query of
// GET /random-quote.
var direct = apigw.Direct{Method: http.MethodGet, Path: "/random-quote"}

const (
	// cacheTTL: how long a warm container reuses the quote list. An upload
	// shows within five minutes; S3 sees one GET per five minutes at most.
	cacheTTL = 5 * time.Minute
	// maxLength bounds min_length and max_length (no quote is longer).
	maxLength = 10000
	// maxObjectBytes bounds the quotes object: a personal list is far
	// smaller, and the whole object is read into memory.
	maxObjectBytes = 8 << 20
)

// Quote is one entry of quotes/quotes.json.
type Quote struct {
	ID       int    `json:"id"`
	Text     string `json:"text"`
	Source   string `json:"source"`
	Author   string `json:"author,omitempty"`
	Category string `json:"category"`
}

// response is a quote and its length in characters, as Hitokoto gives it.
type response struct {
	Quote
	Length int `json:"length"`
}

// quoteObject reads the quotes object.
type quoteObject interface {
	Get(ctx context.Context) ([]byte, error)
}

// service answers /random-quote, caching the parsed list.
type service struct {
	quotes ttlcache.Value[[]Quote]
}

func newService(store quoteObject) *service {
	s := &service{}
	s.quotes = ttlcache.Value[[]Quote]{TTL: cacheTTL, Fetch: func(ctx context.Context) ([]Quote, error) {
		data, err := store.Get(ctx)
		if err != nil {
			return nil, err
		}
		return parseQuotes(data)
	}}
	return s
}

type params struct {
	categories []string
	minLen     int
	maxLen     int
	text       bool
	seed       string
	hasSeed    bool
}

func parseParams(req *apigw.Request) (params, *apigw.Problem) {
	p := params{maxLen: maxLength}
	for _, c := range req.Query["c"] {
		// Hitokoto style: c=a&c=b, or one comma-separated value.
		for _, part := range strings.Split(c, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(p.categories, part) {
				p.categories = append(p.categories, part)
			}
		}
	}
	for _, b := range []struct {
		key string
		dst *int
	}{{"min_length", &p.minLen}, {"max_length", &p.maxLen}} {
		v, ok, err := req.Single(b.key)
		if err != nil {
			return p, apigw.Invalid("%v", err)
		}
		if ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > maxLength {
				return p, apigw.Invalid("%s must be a whole number from 0 to %d", b.key, maxLength)
			}
			*b.dst = n
		}
	}
	if p.maxLen < p.minLen {
		return p, apigw.Invalid("max_length is less than min_length")
	}
	encode, _, err := req.Single("encode")
	if err != nil {
		return p, apigw.Invalid("%v", err)
	}
	switch encode {
	case "", "json":
	case "text":
		p.text = true
	default:
		return p, apigw.Invalid("encode must be json or text")
	}
	var problem *apigw.Problem
	p.seed, p.hasSeed, problem = seeded.FromQuery(req)
	return p, problem
}

// handle is the tool as the Lambda runs it: the rules, then serve.
func (s *service) handle(ctx context.Context, req *apigw.Request) apigw.Response {
	return apigw.Accept(apigw.ParamsOnly, s.serve)(ctx, req)
}

func (s *service) serve(ctx context.Context, req *apigw.Request) apigw.Response {
	p, problem := parseParams(req)
	if problem != nil {
		return problem.Response()
	}
	quotes, err := s.quotes.Get(ctx)
	if err != nil {
		var bad *malformedError
		if errors.As(err, &bad) {
			slog.ErrorContext(ctx, "quotes object is malformed", "requestId", req.RequestID, "error", err.Error())
			return apigw.Error(http.StatusServiceUnavailable, "Quotes unavailable")
		}
		slog.ErrorContext(ctx, "read quotes", "requestId", req.RequestID, "error", err.Error())
		return apigw.Error(http.StatusServiceUnavailable, "Quote store unavailable")
	}
	if unknown := unknownCategories(quotes, p.categories); len(unknown) > 0 {
		return apigw.Invalid("unknown category %s; known: %s", strings.Join(unknown, ", "), strings.Join(categories(quotes), ", ")).Response()
	}
	var matching []Quote
	for _, q := range quotes {
		n := utf8.RuneCountInString(q.Text)
		if n >= p.minLen && n <= p.maxLen && (len(p.categories) == 0 || slices.Contains(p.categories, q.Category)) {
			matching = append(matching, q)
		}
	}
	if len(matching) == 0 {
		return apigw.Error(http.StatusNotFound, "No quote matches")
	}
	q := matching[seeded.Rand(p.seed, p.hasSeed).IntN(len(matching))]
	if p.text {
		return apigw.Response{Status: http.StatusOK, Body: []byte(q.Text), Header: map[string]string{
			"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store",
		}}
	}
	resp := apigw.JSON(http.StatusOK, response{Quote: q, Length: utf8.RuneCountInString(q.Text)})
	resp.Header["Cache-Control"] = "no-store"
	return resp
}

// malformedError is a quotes object that is there but unusable.
type malformedError struct{ reason string }

func (e *malformedError) Error() string { return "quotes.json: " + e.reason }

// parseQuotes reads and checks the list, sorted by id so that a seed picks
// the same quote whatever the file's order.
func parseQuotes(data []byte) ([]Quote, error) {
	if len(data) > maxObjectBytes {
		return nil, &malformedError{fmt.Sprintf("%d bytes, over the %d-byte limit", len(data), maxObjectBytes)}
	}
	if !utf8.Valid(data) {
		return nil, &malformedError{"not UTF-8"}
	}
	var quotes []Quote
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&quotes); err != nil {
		return nil, &malformedError{err.Error()}
	}
	if len(quotes) == 0 {
		return nil, &malformedError{"no quotes"}
	}
	seen := map[int]bool{}
	for i, q := range quotes {
		switch {
		case q.ID <= 0 || seen[q.ID]:
			return nil, &malformedError{fmt.Sprintf("entry %d: id %d is not a unique positive number", i, q.ID)}
		case strings.TrimSpace(q.Text) == "":
			return nil, &malformedError{fmt.Sprintf("entry %d (id %d): empty text", i, q.ID)}
		case strings.TrimSpace(q.Category) == "":
			return nil, &malformedError{fmt.Sprintf("entry %d (id %d): no category", i, q.ID)}
		}
		seen[q.ID] = true
	}
	slices.SortFunc(quotes, func(a, b Quote) int { return a.ID - b.ID })
	return quotes, nil
}

func categories(quotes []Quote) []string {
	var out []string
	for _, q := range quotes {
		if !slices.Contains(out, q.Category) {
			out = append(out, q.Category)
		}
	}
	slices.Sort(out)
	return out
}

func unknownCategories(quotes []Quote, asked []string) []string {
	known := categories(quotes)
	var out []string
	for _, c := range asked {
		if !slices.Contains(known, c) {
			out = append(out, strconv.Quote(c))
		}
	}
	return out
}
