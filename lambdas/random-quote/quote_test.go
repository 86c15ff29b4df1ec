package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
	"cloudtools/internal/localmode/embeds3"
)

const testBucket = "data-bucket"

// newTestService serves quotes (nil: no object) from an embedded S3, with
// a clock the test moves.
func newTestService(t *testing.T, quotes []byte) (*service, *embeds3.Server, *time.Time) {
	t.Helper()
	srv := embeds3.Start(nil)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	if err := srv.CreateBucket(ctx, testBucket); err != nil {
		t.Fatal(err)
	}
	if quotes != nil {
		if err := srv.Put(ctx, testBucket, "quotes/quotes.json", "application/json", quotes); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newService(&s3Object{client: srv.Client(), bucket: testBucket, key: "quotes/quotes.json"})
	s.quotes.Now = func() time.Time { return now }
	return s, srv, &now
}

// theQuotes is the project's own list, as deployed.
func theQuotes(t *testing.T) []byte {
	data, err := os.ReadFile("../../assets/quotes/quotes.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func get(t *testing.T, s *service, query string) apigwtest.Result {
	t.Helper()
	return apigwtest.Invoke(t, "random-quote", s.handle, apigwtest.Event("GET", "/random-quote?"+query, nil, ""))
}

func decode(t *testing.T, res apigwtest.Result) response {
	t.Helper()
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	var r response
	if err := json.Unmarshal(res.Body, &r); err != nil {
		t.Fatal(err)
	}
	if r.ID <= 0 || r.Text == "" || r.Source == "" || r.Category == "" || r.Length != utf8.RuneCountInString(r.Text) {
		t.Fatalf("incomplete quote %+v", r)
	}
	return r
}

// TestQuotesAsset checks the deployed list: at least 200 entries, each
// complete, in the four categories, parsed as the Lambda parses it.
func TestQuotesAsset(t *testing.T) {
	quotes, err := parseQuotes(theQuotes(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(quotes) < 200 {
		t.Fatalf("%d quotes, want at least 200", len(quotes))
	}
	if got := strings.Join(categories(quotes), ","); got != "ci,classic,poetry,proverb" {
		t.Errorf("categories %s", got)
	}
	texts := map[string]bool{}
	for _, q := range quotes {
		if texts[q.Text] {
			t.Errorf("quote %d repeats %q", q.ID, q.Text)
		}
		texts[q.Text] = true
		if q.Category != "proverb" && q.Author == "" && !strings.Contains(q.Source, "诗经") &&
			!strings.Contains(q.Source, "礼记") && !strings.Contains(q.Source, "周易") && q.Source != "长歌行" && q.Source != "敕勒歌" {
			t.Errorf("quote %d (%s) has no author", q.ID, q.Source)
		}
	}
}

func TestRandomQuoteFilters(t *testing.T) {
	s, _, _ := newTestService(t, theQuotes(t))
	for range 20 {
		r := decode(t, get(t, s, ""))
		_ = r
	}
	for _, tc := range []struct {
		query string
		check func(response) bool
	}{
		{"c=ci", func(r response) bool { return r.Category == "ci" }},
		{"c=poetry&c=proverb", func(r response) bool { return r.Category == "poetry" || r.Category == "proverb" }},
		{"c=poetry,classic", func(r response) bool { return r.Category == "poetry" || r.Category == "classic" }},
		{"min_length=24", func(r response) bool { return r.Length >= 24 }},
		{"max_length=6", func(r response) bool { return r.Length <= 6 }},
		{"min_length=12&max_length=12", func(r response) bool { return r.Length == 12 }},
		{"c=proverb&max_length=8", func(r response) bool { return r.Category == "proverb" && r.Length <= 8 }},
	} {
		t.Run(tc.query, func(t *testing.T) {
			for range 10 {
				if r := decode(t, get(t, s, tc.query)); !tc.check(r) {
					t.Fatalf("%s gave %+v", tc.query, r)
				}
			}
		})
	}
}

func TestRandomQuoteSeedAndText(t *testing.T) {
	s, _, _ := newTestService(t, theQuotes(t))
	a := decode(t, get(t, s, "seed=hello"))
	for range 5 {
		if b := decode(t, get(t, s, "seed=hello")); b.ID != a.ID {
			t.Fatalf("seed=hello gave %d then %d", a.ID, b.ID)
		}
	}
	differs := false
	for _, seed := range []string{"a", "b", "c", "d", "e", "f"} {
		if decode(t, get(t, s, "seed="+seed)).ID != a.ID {
			differs = true
		}
	}
	if !differs {
		t.Error("every seed picks the same quote")
	}
	// The same seed picks the same quote whatever the file's order.
	var quotes []Quote
	json.Unmarshal(theQuotes(t), &quotes)
	for i, j := 0, len(quotes)-1; i < j; i, j = i+1, j-1 {
		quotes[i], quotes[j] = quotes[j], quotes[i]
	}
	reversed, _ := json.Marshal(quotes)
	s2, _, _ := newTestService(t, reversed)
	if b := decode(t, get(t, s2, "seed=hello")); b.ID != a.ID {
		t.Errorf("reordered file: seed=hello gave %d, not %d", b.ID, a.ID)
	}

	res := get(t, s, "seed=hello&encode=text")
	if res.Status != 200 || res.Header["Content-Type"] != "text/plain; charset=utf-8" || string(res.Body) != a.Text {
		t.Fatalf("encode=text: %d %v %q, want %q", res.Status, res.Header, res.Body, a.Text)
	}
	if res := get(t, s, "encode=json"); res.Header["Cache-Control"] != "no-store" {
		t.Errorf("Cache-Control %q", res.Header["Cache-Control"])
	}
}

func TestRandomQuoteErrors(t *testing.T) {
	s, _, _ := newTestService(t, theQuotes(t))
	for _, tc := range []struct {
		method, query string
		status        int
	}{
		{"GET", "max_length=3&min_length=5", 400},
		{"GET", "min_length=-1", 400},
		{"GET", "min_length=abc", 400},
		{"GET", "max_length=10001", 400},
		{"GET", "min_length=1&min_length=2", 400},
		{"GET", "encode=xml", 400},
		{"GET", "c=songs", 400},
		{"GET", "c=poetry&c=%E8%AF%97", 400},
		{"GET", "seed=" + strings.Repeat("s", 257), 400},
		{"GET", "min_length=9000", 404},
		{"GET", "c=proverb&min_length=40", 404},
		{"POST", "", 405},
	} {
		res := apigwtest.Invoke(t, "random-quote", s.handle, apigwtest.Event(tc.method, "/random-quote?"+tc.query, nil, ""))
		res.CheckJSONError(t, tc.status)
	}
	if res := get(t, s, "c=songs"); !strings.Contains(string(res.Body), "ci, classic, poetry, proverb") {
		t.Errorf("unknown category does not list the known ones: %s", res.Body)
	}
}

// TestRandomQuoteBadData: a missing, malformed or unusable object is a 503
// with a clear message, logged; a fixed object is served on the next try.
func TestRandomQuoteBadData(t *testing.T) {
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"missing":       {nil, "Quote store unavailable"},
		"not json":      {[]byte("<quotes/>"), "Quotes unavailable"},
		"not a list":    {[]byte(`{"id":1}`), "Quotes unavailable"},
		"empty list":    {[]byte(`[]`), "Quotes unavailable"},
		"no text":       {[]byte(`[{"id":1,"text":" ","source":"s","category":"c"}]`), "Quotes unavailable"},
		"duplicate id":  {[]byte(`[{"id":1,"text":"a","source":"s","category":"c"},{"id":1,"text":"b","source":"s","category":"c"}]`), "Quotes unavailable"},
		"unknown field": {[]byte(`[{"id":1,"text":"a","source":"s","category":"c","likes":3}]`), "Quotes unavailable"},
		"not utf-8":     {[]byte("[{\"id\":1,\"text\":\"\xff\",\"source\":\"s\",\"category\":\"c\"}]"), "Quotes unavailable"},
	} {
		t.Run(name, func(t *testing.T) {
			s, srv, _ := newTestService(t, tc.data)
			res := get(t, s, "")
			res.CheckJSONError(t, http.StatusServiceUnavailable)
			if res.ErrorText() != tc.want {
				t.Fatalf("error %q, want %q", res.ErrorText(), tc.want)
			}
			// Fixed: served at once, since errors are not cached.
			if err := srv.Put(context.Background(), testBucket, "quotes/quotes.json", "application/json", theQuotes(t)); err != nil {
				t.Fatal(err)
			}
			decode(t, get(t, s, ""))
		})
	}
}

func TestRandomQuoteCache(t *testing.T) {
	one := []byte(`[{"id":1,"text":"甲","source":"s","category":"c"}]`)
	two := []byte(`[{"id":2,"text":"乙","source":"s","category":"c"}]`)
	s, srv, now := newTestService(t, one)
	if r := decode(t, get(t, s, "")); r.ID != 1 {
		t.Fatal(r)
	}
	srv.Put(context.Background(), testBucket, "quotes/quotes.json", "application/json", two)
	if r := decode(t, get(t, s, "")); r.ID != 1 {
		t.Fatalf("within the cache time the cached list is used, got %d", r.ID)
	}
	*now = now.Add(cacheTTL)
	if r := decode(t, get(t, s, "")); r.ID != 2 {
		t.Fatalf("after the cache time the new list is read, got %d", r.ID)
	}
}

func TestEventExample(t *testing.T) {
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := newTestService(t, theQuotes(t))
	res := apigwtest.InvokeRaw(t, "random-quote", s.handle, raw)
	if r := decode(t, res); r.Category != "poetry" {
		t.Fatalf("event.json: %+v", r)
	}
}
