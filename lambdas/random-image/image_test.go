package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
	"cloudtools/internal/lambdakit/seeded"
	"cloudtools/internal/localmode/embeds3"
)

const testBucket = "images-bucket"

// newTestService serves a service backed by an embedded S3 holding objects
// (key → body) and a clock the test moves.
func newTestService(t *testing.T, objects map[string]string) (*service, *embeds3.Server, *time.Time) {
	t.Helper()
	srv := embeds3.Start(nil)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	if err := srv.CreateBucket(ctx, testBucket); err != nil {
		t.Fatal(err)
	}
	for k, v := range objects {
		if err := srv.Put(ctx, testBucket, k, "image/png", []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newService(newS3Store(srv.Client(), testBucket, "images/"))
	s.now = func() time.Time { return now }
	return s, srv, &now
}

var threeImages = map[string]string{
	"images/a.png":      "png-a",
	"images/b.JPG":      "jpg-b",
	"images/c.webp":     "webp-c",
	"images/readme.txt": "not an image",
	"images/empty.png":  "",
	"other/d.png":       "wrong prefix",
}

func get(t *testing.T, s *service, query string) apigwtest.Result {
	t.Helper()
	return apigwtest.Invoke(t, "random-image", s.handle, apigwtest.Event("GET", "/random-image?"+query, nil, ""))
}

func TestRandomImageJSON(t *testing.T) {
	s, _, _ := newTestService(t, threeImages)
	res := get(t, s, "")
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	key, _ := res.JSON["key"].(string)
	if !map[string]bool{"images/a.png": true, "images/b.JPG": true, "images/c.webp": true}[key] {
		t.Fatalf("key %q is not one of the images", key)
	}
	if res.Header["Cache-Control"] != "no-store" {
		t.Errorf("Cache-Control = %q", res.Header["Cache-Control"])
	}
	// The presigned URL really fetches the object, and expires in 5 minutes.
	imageURL := res.JSON["imageUrl"].(string)
	u, err := url.Parse(imageURL)
	if err != nil || u.Query().Get("X-Amz-Expires") != "300" || u.Query().Get("X-Amz-Signature") == "" {
		t.Fatalf("imageUrl %q is not a 300 s presigned URL", imageURL)
	}
	resp, err := http.Get(imageURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != threeImages[key] {
		t.Fatalf("GET imageUrl: %d %q, want %q", resp.StatusCode, body, threeImages[key])
	}
	if res.JSON["expiresAt"] != "2026-01-02T03:09:05Z" {
		t.Errorf("expiresAt = %v", res.JSON["expiresAt"])
	}
}

func TestRandomImageRedirect(t *testing.T) {
	s, _, _ := newTestService(t, threeImages)
	res := get(t, s, "format=redirect&seed=x")
	if res.Status != http.StatusFound {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	if res.Header["Cache-Control"] != "no-store" || !strings.Contains(res.Header["Location"], "/images-bucket/images/") {
		t.Fatalf("headers %v", res.Header)
	}
}

func TestRandomImageSeedAndCount(t *testing.T) {
	s, _, _ := newTestService(t, threeImages)
	first := get(t, s, "seed=hello&count=3")
	again := get(t, s, "seed=hello&count=3")
	keysOf := func(r apigwtest.Result) []string {
		var ks []string
		for _, im := range r.JSON["images"].([]any) {
			ks = append(ks, im.(map[string]any)["key"].(string))
		}
		return ks
	}
	a, b := keysOf(first), keysOf(again)
	if len(a) != 3 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed gave %v then %v", a, b)
	}
	if a[0] != first.JSON["key"] {
		t.Fatalf("key %v is not the first image %v", first.JSON["key"], a[0])
	}
	seen := map[string]bool{}
	for _, k := range a {
		seen[k] = true
	}
	if len(seen) != 3 {
		t.Fatalf("images repeat: %v", a)
	}
	// More than exist: all of them, once each.
	if all := keysOf(get(t, s, "count=10")); len(all) != 3 {
		t.Fatalf("count=10 over 3 images gave %v", all)
	}
	// Different seeds reach different first images.
	firsts := map[string]bool{}
	for _, seed := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"} {
		firsts[get(t, s, "seed="+seed).JSON["key"].(string)] = true
	}
	if len(firsts) < 2 {
		t.Fatalf("ten seeds all picked %v", firsts)
	}
}

func TestRandomImageBadInput(t *testing.T) {
	s, _, _ := newTestService(t, threeImages)
	for _, q := range []string{
		"count=0", "count=11", "count=abc", "count=1.5", "count=-1", "count=99999999999999999999",
		"count=1&count=2", "format=xml", "format=json&format=redirect", "format=redirect&count=2",
		"seed=a&seed=b", "seed=" + strings.Repeat("s", seeded.MaxSeedLen+1), "seed=%zz",
	} {
		t.Run(q, func(t *testing.T) { get(t, s, q).CheckJSONError(t, http.StatusBadRequest) })
	}
	post := apigwtest.Invoke(t, "random-image", s.handle, apigwtest.Event("POST", "/random-image", nil, ""))
	post.CheckJSONError(t, http.StatusMethodNotAllowed)
}

func TestRandomImageEmptyBucket(t *testing.T) {
	s, _, _ := newTestService(t, map[string]string{"images/notes.txt": "x", "other/a.png": "y"})
	res := get(t, s, "")
	res.CheckJSONError(t, http.StatusServiceUnavailable)
	if res.ErrorText() != "No images available" {
		t.Fatalf("error %q", res.ErrorText())
	}
}

func TestRandomImageStoreUnavailable(t *testing.T) {
	s, srv, _ := newTestService(t, threeImages)
	srv.Close()
	res := get(t, s, "")
	res.CheckJSONError(t, http.StatusServiceUnavailable)
	if res.ErrorText() != "Image store unavailable" {
		t.Fatalf("error %q", res.ErrorText())
	}
}

func TestRandomImageMissingBucketConfig(t *testing.T) {
	srv := embeds3.Start(nil)
	defer srv.Close()
	s := newService(newS3Store(srv.Client(), "", "images/"))
	get(t, s, "").CheckJSONError(t, http.StatusServiceUnavailable)
}

func TestRandomImageListingCache(t *testing.T) {
	s, srv, now := newTestService(t, map[string]string{"images/a.png": "a"})
	if get(t, s, "").JSON["key"] != "images/a.png" {
		t.Fatal("first listing")
	}
	// A new upload is not seen while the listing is fresh...
	if err := srv.Put(context.Background(), testBucket, "images/b.png", "image/png", []byte("b")); err != nil {
		t.Fatal(err)
	}
	if n := len(get(t, s, "count=10").JSON["images"].([]any)); n != 1 {
		t.Fatalf("cached listing has %d images, want 1", n)
	}
	// ...and is once it has aged out.
	*now = now.Add(listCacheTTL + time.Second)
	if n := len(get(t, s, "count=10").JSON["images"].([]any)); n != 2 {
		t.Fatalf("refreshed listing has %d images, want 2", n)
	}
}

func TestEventExample(t *testing.T) {
	raw, err := os.ReadFile("event.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := newTestService(t, threeImages)
	res := apigwtest.InvokeRaw(t, "random-image", s.handle, raw)
	if res.Status != 200 || len(res.JSON["images"].([]any)) != 2 {
		t.Fatalf("event.json: %d %s", res.Status, res.Body)
	}
}
