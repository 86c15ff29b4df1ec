package repotest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// mdLink is a Markdown link or image: [text](target) or ![alt](target).
var mdLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)

// TestDocLinksResolve: every relative link of the README and docs/ names a
// file of the repository, and every #anchor a heading of that file (as
// GitHub makes its anchors).
func TestDocLinksResolve(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	pages = append(pages, filepath.Join(root, "README.md"), filepath.Join(root, "assets", "README.md"))
	links := 0
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for n, target := range linksOf(string(text)) {
			links++
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			file := page
			if path != "" {
				file = filepath.Join(filepath.Dir(page), path)
				if _, err := os.Stat(file); err != nil {
					t.Errorf("%s (link %d): %s does not exist", rel(page), n, target)
					continue
				}
			}
			if anchor != "" && !hasAnchor(t, file, anchor) {
				t.Errorf("%s (link %d): %s has no heading #%s", rel(page), n, rel(file), anchor)
			}
		}
	}
	if links < 10 {
		t.Errorf("only %d links found; the pattern is stale", links)
	}
}

func rel(p string) string { r, _ := filepath.Rel(root, p); return r }

// linksOf lists a page's link targets outside fenced code blocks and code
// spans, by their place.
func linksOf(text string) map[int]string {
	out := map[int]string{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		line = codeSpan.ReplaceAllString(line, "")
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			out[len(out)] = m[1]
		}
	}
	return out
}

var codeSpan = regexp.MustCompile("`[^`]*`")

// hasAnchor reports whether a Markdown file has a heading whose GitHub
// anchor is anchor.
func hasAnchor(t *testing.T, file, anchor string) bool {
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		slug := Slug(strings.TrimLeft(line, "#"))
		if n := seen[slug]; n > 0 {
			seen[slug]++
			slug += "-" + string(rune('0'+n))
		} else {
			seen[slug] = 1
		}
		if slug == anchor {
			return true
		}
	}
	return false
}

// Slug is GitHub's anchor for a heading: lower case, letters, digits,
// hyphens and underscores kept, spaces as hyphens, the rest dropped.
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		" Polyphones in context":                         "polyphones-in-context",
		" Cold start of the Lambdas (`make bench-cold`)": "cold-start-of-the-lambdas-make-bench-cold",
		" Echo — `ANY /echo`, `ANY /echo/{proxy+}`":      "echo--any-echo-any-echoproxy",
		" 简繁转换 Conversion":                               "简繁转换-conversion",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
