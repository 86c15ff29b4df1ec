package acceptance

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/layout"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs;
// CLOUDTOOLS_CHROMIUM names another Chrome or Chromium (GitHub's Ubuntu
// runners have /usr/bin/google-chrome).
func chromiumPath() string {
	if p := os.Getenv("CLOUDTOOLS_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// newBrowser starts headless Chromium, skipping visibly where there is none
// (CI, which installs it, fails instead).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	chromiumPath := chromiumPath()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs %s (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("SKIP browser test: no %s (apt-get install chromium)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// TestBrowser loads a page from another origin that shows a random image
// through format=redirect in an <img> and calls /calc with fetch() (a JSON
// POST, so the browser sends a CORS preflight first).
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	page := fmt.Sprintf(`<!doctype html><title>cross-origin</title>
<img id="img" src="%[1]s/random-image?format=redirect&seed=browser">
<p id="calc">pending</p>
<script>
fetch(%[1]q + "/calc", {method: "POST", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({num1: 6, num2: 7, operator: "*"})})
  .then(r => r.json())
  .then(j => document.getElementById("calc").textContent = "result:" + j.result)
  .catch(e => document.getElementById("calc").textContent = "error:" + e);
</script>`, target.URL)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer other.Close()
	if strings.EqualFold(other.URL, target.URL) {
		t.Fatal("the page must come from another origin")
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(other.URL)); err != nil {
		t.Fatal(err)
	}
	wait := chromedp.WithPollingTimeout(20 * time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("calc").textContent !== "pending"`, wait)); err != nil {
		t.Fatal(err)
	}
	calc, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#calc")))
	if err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(ctx, chromedp.Poll[int](`document.getElementById("img").complete && document.getElementById("img").naturalWidth + 1`, wait))
	if err != nil {
		t.Fatal(err)
	}
	width-- // +1 above keeps a broken image's 0 truthy
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if calc != "result:42" {
		t.Errorf("fetch() from another origin: %q", calc)
	}
	if width != 480 {
		t.Errorf("the random image did not render (naturalWidth %d)", width)
	}
	out := filepath.Join(repoRoot, layout.BuildDir, "browser.png")
	if err := os.WriteFile(out, shot, 0o644); err == nil {
		t.Logf("screenshot: %s", out)
	}
}
