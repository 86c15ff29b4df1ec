package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestOpenAPIDocumentIsValid validates openapi.json as OpenAPI 3.1 with
// kin-openapi (its 3.1 rules, JSON Schema 2020-12 schemas).
func TestOpenAPIDocumentIsValid(t *testing.T) {
	if err := validateDocument(openAPI); err != nil {
		t.Fatal(err)
	}
	// The check can fail: a broken schema and a broken response are refused.
	for name, broken := range map[string]string{
		"required not a list": strings.Replace(string(openAPI), `"required": [
          "error"
        ]`, `"required": "error"`, 1),
		"response without a description": strings.Replace(string(openAPI), `"description": "The result",`, ``, 1),
		"parameter without a name":       strings.Replace(string(openAPI), `"name": "num1",`, ``, 1),
	} {
		if broken == string(openAPI) {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if err := validateDocument([]byte(broken)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func validateDocument(data []byte) error {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return err
	}
	if !doc.IsOpenAPI31OrLater() || doc.OpenAPI != "3.1.0" {
		return fmt.Errorf("OpenAPI %q, want 3.1.0", doc.OpenAPI)
	}
	return doc.Validate(context.Background())
}

func TestServesPageAndDocument(t *testing.T) {
	tests := []struct {
		method, target string
		status         int
		contentType    string
		contains       string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", `<form id="seg-form">`},
		{"GET", "/openapi.json", 200, "application/json; charset=utf-8", `"openapi": "3.1.0"`},
		{"POST", "/", 405, "application/json; charset=utf-8", `"error"`},
		{"GET", "/nope", 404, "application/json; charset=utf-8", `"error"`},
	}
	for _, tc := range tests {
		res := apigwtest.Invoke(t, "home", handle, apigwtest.Event(tc.method, tc.target, nil, ""))
		if res.Status != tc.status || res.Header["Content-Type"] != tc.contentType || !strings.Contains(string(res.Body), tc.contains) {
			t.Errorf("%s %s: %d %s %.80s", tc.method, tc.target, res.Status, res.Header["Content-Type"], res.Body)
		}
	}
}

// TestPageIsSelfContained: a form per tool, labels on every control, and
// no resource from another site (no URL with a scheme or //host).
func TestPageIsSelfContained(t *testing.T) {
	html := string(page)
	for _, form := range []string{"calc", "image", "quote", "seg", "kw", "echo"} {
		if !strings.Contains(html, `<form id="`+form+`-form">`) || !strings.Contains(html, `id="`+form+`-out"`) {
			t.Errorf("no %s form with an output", form)
		}
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*["'](https?:)?//`).FindString(html); m != "" {
		t.Errorf("the page loads from elsewhere: %s", m)
	}
	if m := regexp.MustCompile(`(?i)@import|url\(`).FindString(html); m != "" {
		t.Errorf("the page's CSS loads from elsewhere: %s", m)
	}
	// Every input, select and textarea sits inside a label.
	controls := len(regexp.MustCompile(`<(input|select|textarea)\b`).FindAllString(html, -1))
	labelled := len(regexp.MustCompile(`<label[^>]*>[^<]*(<[^/][^>]*>[^<]*)?<(input|select|textarea)\b`).FindAllString(html, -1))
	if controls == 0 || labelled != controls {
		t.Errorf("%d form controls, %d inside a label", controls, labelled)
	}
}
