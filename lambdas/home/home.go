package main

import (
	"context"
	_ "embed"
	"net/http"

	"cloudtools/internal/lambdakit/apigw"
)

// direct is how a plain JSON event reaches home: as GET / (its fields, if
// any, as the query).
var direct = apigw.Direct{Method: http.MethodGet, Path: "/"}

// page is the playground: one self-contained HTML file (inline CSS and
// script, nothing fetched from elsewhere) that calls the API with fetch().
//
//go:embed page.html
var page []byte

// openAPI describes every route; a test checks it against the template.
//
//go:embed openapi.json
var openAPI []byte

// rules: GET or HEAD, and the limits of a route without parameters.
var rules = apigw.Rules{Methods: []string{http.MethodGet, http.MethodHead},
	MaxQueryBytes: apigw.ParamsOnly.MaxQueryBytes, MaxBodyBytes: apigw.ParamsOnly.MaxBodyBytes}

// handle serves GET / and GET /openapi.json, the routes the stack gives it.
func handle(ctx context.Context, req *apigw.Request) apigw.Response {
	return apigw.Accept(rules, serve)(ctx, req)
}

func serve(_ context.Context, req *apigw.Request) apigw.Response {
	switch req.Path {
	case "/":
		return apigw.Response{Status: http.StatusOK, Body: page, Header: map[string]string{
			"Content-Type": "text/html; charset=utf-8",
			// The page holds no data; a short cache spares repeat loads.
			"Cache-Control": "public, max-age=300",
			// Only this origin: the page loads nothing from elsewhere.
			"Content-Security-Policy": "default-src 'self'; img-src 'self' http: https: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
			"X-Content-Type-Options":  "nosniff",
		}}
	case "/openapi.json":
		return apigw.Response{Status: http.StatusOK, Body: servedDescription(req), Header: map[string]string{
			"Content-Type":  "application/json; charset=utf-8",
			"Cache-Control": "public, max-age=300",
		}}
	}
	return apigw.Error(http.StatusNotFound, "Not found")
}
