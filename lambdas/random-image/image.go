package main

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"cloudtools/internal/lambdakit/apigw"
	"cloudtools/internal/lambdakit/seeded"
	"cloudtools/internal/lambdakit/ttlcache"
)

// direct is how a plain JSON event reaches random-image ({} or
// {"seed": "x", "count": 2}): its fields as the query of GET /random-image.
var direct = apigw.Direct{Method: http.MethodGet, Path: "/random-image"}

const (
	// listCacheTTL: how long a warm container reuses the object list. New
	// uploads show within a minute; S3 sees one LIST a minute at most.
	listCacheTTL = time.Minute
	// urlTTL: presigned URLs are short-lived; the bucket stays private.
	urlTTL   = 5 * time.Minute
	maxCount = 10
)

// service answers /random-image from an imageStore, caching its listing.
type service struct {
	store imageStore
	now   func() time.Time
	keys  ttlcache.Value[[]string]
}

func newService(store imageStore) *service {
	s := &service{store: store, now: time.Now}
	s.keys = ttlcache.Value[[]string]{TTL: listCacheTTL, Fetch: store.List, Now: func() time.Time { return s.now() }}
	return s
}

// image is one picked image.
type image struct {
	ImageURL string `json:"imageUrl"`
	Key      string `json:"key"`
}

// response keeps the seed contract's imageUrl and key (the first image) and
// adds the full list and the URLs' expiry.
type response struct {
	ImageURL  string  `json:"imageUrl"`
	Key       string  `json:"key"`
	ExpiresAt string  `json:"expiresAt"`
	Images    []image `json:"images"`
}

type params struct {
	redirect bool
	seed     string
	hasSeed  bool
	count    int
}

func parseParams(req *apigw.Request) (params, *apigw.Problem) {
	p := params{count: 1}
	format, _, err := req.Single("format")
	if err != nil {
		return p, apigw.Invalid("%v", err)
	}
	switch format {
	case "", "json":
	case "redirect":
		p.redirect = true
	default:
		return p, apigw.Invalid("format must be json or redirect")
	}
	var problem *apigw.Problem
	if p.seed, p.hasSeed, problem = seeded.FromQuery(req); problem != nil {
		return p, problem
	}
	count, hasCount, err := req.Single("count")
	if err != nil {
		return p, apigw.Invalid("%v", err)
	}
	if hasCount {
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 || n > maxCount {
			return p, apigw.Invalid("count must be a whole number from 1 to %d", maxCount)
		}
		if n > 1 && p.redirect {
			return p, apigw.Invalid("format=redirect answers with one image; drop count")
		}
		p.count = n
	}
	return p, nil
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
	keys, err := s.keys.Get(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "list images", "requestId", req.RequestID, "error", err.Error())
		return apigw.Error(http.StatusServiceUnavailable, "Image store unavailable")
	}
	if len(keys) == 0 {
		slog.ErrorContext(ctx, "no images in the bucket", "requestId", req.RequestID)
		return apigw.Error(http.StatusServiceUnavailable, "No images available")
	}
	picked := pick(keys, p.count, p.seed, p.hasSeed)
	out := response{ExpiresAt: s.now().Add(urlTTL).UTC().Format(time.RFC3339)}
	for _, k := range picked {
		u, err := s.store.PresignGet(ctx, k, urlTTL)
		if err != nil {
			slog.ErrorContext(ctx, "presign", "requestId", req.RequestID, "key", k, "error", err.Error())
			return apigw.Error(http.StatusServiceUnavailable, "Image store unavailable")
		}
		out.Images = append(out.Images, image{ImageURL: u, Key: k})
	}
	out.ImageURL, out.Key = out.Images[0].ImageURL, out.Images[0].Key
	if p.redirect {
		return apigw.Response{Status: http.StatusFound, Header: map[string]string{
			"Location": out.ImageURL, "Cache-Control": "no-store",
		}}
	}
	resp := apigw.JSON(http.StatusOK, out)
	resp.Header["Cache-Control"] = "no-store"
	return resp
}

// pick chooses min(count, len(keys)) distinct keys: at random, or, with a
// seed, the same ones for the same seed and listing.
func pick(keys []string, count int, seed string, hasSeed bool) []string {
	r := seeded.Rand(seed, hasSeed)
	count = min(count, len(keys))
	// A partial Fisher-Yates over indexes: O(count), keys untouched.
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	out := make([]string, count)
	for i := range count {
		j := i + r.IntN(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
		out[i] = keys[idx[i]]
	}
	return out
}
