package acceptance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudtools/internal/layout"

	"github.com/chromedp/chromedp"
)

// TestPlayground drives the page at / the way a person does: fills every
// tool's form, submits it (calc with the Enter key), and reads each result
// from the page; then checks that nothing overflows a phone's width, and
// saves a full-page screenshot to build/playground.png.
func TestPlayground(t *testing.T) {
	ctx := newBrowser(t)
	wait := chromedp.WithPollingTimeout(20 * time.Second)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range actions {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && e.textContent.trim() !== "" })()`, wait)); err != nil {
			out, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".out")).map(e => e.id + ": " + e.textContent).join("\n")`))
			t.Fatalf("waiting for %s: %v\noutputs:\n%s", sel, err, out)
		}
		s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(s)
	}

	do(chromedp.EmulateViewport(1200, 900), chromedp.Navigate(target.URL+"/"))

	// Calculator, submitted from the keyboard.
	do(chromedp.SetValue(chromedp.CSS("#calc-num1"), "6"), chromedp.SetValue(chromedp.CSS("#calc-op"), "multiply"),
		chromedp.SetValue(chromedp.CSS("#calc-num2"), "7"), chromedp.Focus(chromedp.CSS("#calc-num2")), chromedp.KeyEvent("\r"))
	if got := text("#calc-result"); got != "42" {
		t.Errorf("calculator shows %q, want 42", got)
	}
	// An expression, and an error from the API shown as its message.
	do(chromedp.SetValue(chromedp.CSS("#calc-expr"), "1/0"), chromedp.Click(chromedp.CSS("#calc-form button")))
	if got := text("#calc-out.error"); !strings.Contains(got, "400 Cannot divide by zero") {
		t.Errorf("calculator error shows %q", got)
	}

	// Random image: rendered from its presigned URL.
	do(chromedp.SetValue(chromedp.CSS("#image-seed"), "playground"), chromedp.Click(chromedp.CSS("#image-form button")))
	width, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const i = document.getElementById("image-img"); return i && i.complete && i.naturalWidth + 1 })()`, wait))
	if err != nil || width-1 != 480 {
		t.Errorf("random image naturalWidth %d (%v), want 480", width-1, err)
	}

	// Random quote in one category.
	do(chromedp.SetValue(chromedp.CSS("#quote-c"), "proverb"), chromedp.Click(chromedp.CSS("#quote-form button")))
	if got := text("#quote-text"); !strings.Contains(got, "。") || !strings.Contains(got, "proverb") {
		t.Errorf("quote shows %q", got)
	}

	// Segmentation as tokens with POS tags.
	do(chromedp.SetValue(chromedp.CSS("#seg-text"), "我来到北京清华大学"), chromedp.Click(chromedp.CSS("#seg-form button")))
	text("#seg-tokens")
	tokens, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#seg-tokens li")).map(li => li.textContent)`))
	if err != nil || strings.Join(tokens, " ") != "我r 来到v 北京ns 清华大学nt" {
		t.Errorf("segmentation tokens %q (%v)", tokens, err)
	}

	// The style selector: the same text in both styles.
	for _, style := range []struct{ value, want string }{
		{"jieba", "这是/1996/年/的/信息技术"},
		{"default", "这/是/1996年/的/信息/技术"},
	} {
		do(chromedp.SetValue(chromedp.CSS("#seg-text"), "这是1996年的信息技术"), chromedp.SetValue(chromedp.CSS("#seg-style"), style.value),
			chromedp.Click(chromedp.CSS("#seg-form button")))
		words := `Array.from(document.querySelectorAll("#seg-tokens li")).map(li => li.firstChild.textContent).join("/")`
		if _, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const w = `+words+`; return w === "`+style.want+`" && w })()`, wait)); err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](words))
			t.Errorf("style %s: tokens %q, want %q (%v)", style.value, got, style.want, err)
		}
	}

	// Words of the request's own: a forced split.
	do(chromedp.SetValue(chromedp.CSS("#seg-text"), "如果放到post中将出错"), chromedp.SetValue(chromedp.CSS("#seg-style"), "jieba"),
		chromedp.SetValue(chromedp.CSS("#seg-words"), "中/将"), chromedp.Click(chromedp.CSS("#seg-form button")))
	words := `Array.from(document.querySelectorAll("#seg-tokens li")).map(li => li.firstChild.textContent).join("/")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const w = `+words+`; return w === "如果/放到/post/中/将/出错" && w })()`, wait)); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](words))
		t.Errorf("segmentation with words: %q (%v)", got, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("seg-words").value = ""`)); err != nil {
		t.Fatal(err)
	}

	// Keywords with weights.
	do(chromedp.SetValue(chromedp.CSS("#kw-top"), "3"), chromedp.Click(chromedp.CSS("#kw-form button")))
	text("#kw-list")
	kws, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#kw-list li")).map(li => li.textContent)`))
	if err != nil || len(kws) != 3 || !strings.HasPrefix(kws[0], "云原生 ") && !strings.HasPrefix(kws[0], "无服务器 ") {
		t.Errorf("keywords %q (%v)", kws, err)
	}

	// Echo: the event as formatted JSON.
	do(chromedp.SetValue(chromedp.CSS("#echo-method"), "POST"), chromedp.SetValue(chromedp.CSS("#echo-path"), "/hello?x=1"),
		chromedp.Click(chromedp.CSS("#echo-form button")))
	var event struct {
		RawPath, RawQueryString, Body string
		RequestContext                struct{ HTTP struct{ Method string } }
	}
	if err := json.Unmarshal([]byte(text("#echo-json")), &event); err != nil {
		t.Fatalf("echo output is not JSON: %v", err)
	}
	if event.RawPath != "/echo/hello" || event.RawQueryString != "x=1" || event.RequestContext.HTTP.Method != "POST" || !strings.Contains(event.Body, "hello") {
		t.Errorf("echo event %+v", event)
	}

	// Pinyin as ruby over each character: the heteronyms by their words.
	do(chromedp.SetValue(chromedp.CSS("#pinyin-text"), "银行行走，重庆"), chromedp.Click(chromedp.CSS("#pinyin-form button")))
	if got := text("#pinyin-text-out"); got != "yín háng xíng zǒu ， chóng qìng" {
		t.Errorf("pinyin shows %q", got)
	}
	ruby, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#pinyin-ruby ruby")).map(r => r.firstChild.textContent + "/" + r.querySelector("rt").textContent)`))
	if err != nil || strings.Join(ruby, " ") != "银/yín 行/háng 行/xíng 走/zǒu 重/chóng 庆/qìng" {
		t.Errorf("pinyin ruby %q (%v)", ruby, err)
	}
	// As spoken, with erhua: 点儿 is one ruby over two characters.
	do(chromedp.SetValue(chromedp.CSS("#pinyin-text"), "你好，一点儿"), chromedp.Click(chromedp.CSS("#pinyin-sandhi")),
		chromedp.Click(chromedp.CSS("#pinyin-erhua")), chromedp.Click(chromedp.CSS("#pinyin-form button")))
	if got := text("#pinyin-text-out"); got != "ní hǎo ， yì diǎnr" {
		t.Errorf("pinyin as spoken shows %q", got)
	}
	ruby, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#pinyin-ruby ruby")).map(r => r.firstChild.textContent + "/" + r.querySelector("rt").textContent)`))
	if err != nil || strings.Join(ruby, " ") != "你/ní 好/hǎo 一/yì 点儿/diǎnr" {
		t.Errorf("pinyin ruby as spoken %q (%v)", ruby, err)
	}

	// Conversion to Taiwan's traditional, with its phrases; then back; then
	// from Japanese shinjitai. The direction menu offers every direction.
	do(chromedp.SetValue(chromedp.CSS("#convert-text"), "头发和发展，软件"), chromedp.SetValue(chromedp.CSS("#convert-direction"), "s-tw"),
		chromedp.Click(chromedp.CSS("#convert-form button")))
	if got := text("#convert-result"); got != "頭髮和發展，軟體" {
		t.Errorf("conversion shows %q, want 頭髮和發展，軟體", got)
	}
	do(chromedp.SetValue(chromedp.CSS("#convert-text"), "軟體"), chromedp.SetValue(chromedp.CSS("#convert-direction"), "tw-s"),
		chromedp.Click(chromedp.CSS("#convert-form button")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("convert-result")?.textContent === "软件"`, wait)); err != nil {
		t.Errorf("conversion back to simplified: %v", err)
	}
	do(chromedp.SetValue(chromedp.CSS("#convert-text"), "旧字体"), chromedp.SetValue(chromedp.CSS("#convert-direction"), "jp-t"),
		chromedp.Click(chromedp.CSS("#convert-form button")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("convert-result")?.textContent === "舊字體" && document.getElementById("convert-config").textContent === "OpenCC jp2t"`, wait)); err != nil {
		t.Errorf("conversion from shinjitai: %v", err)
	}
	directions, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#convert-direction option")).map(o => o.value)`))
	if want := "s-t s-tw s-hk t-s tw-s hk-s t-tw t-hk tw-t hk-t t-jp jp-t"; err != nil || strings.Join(directions, " ") != want {
		t.Errorf("direction menu %q (%v), want %s", directions, err, want)
	}

	// Every documented route has a card: its own, or the generic one the
	// page draws from openapi.json (a tool just scaffolded has one).
	missing, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const d = await call("openapi.json");
		return Object.keys(d.paths).filter((p) => p !== "/" && p !== "/openapi.json" && !p.includes("{") &&
			!document.querySelector('section[data-path="' + p + '"]'));
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || len(missing) > 0 {
		t.Errorf("routes without a card: %v (%v)", missing, err)
	}
	// Draw a generic card for /keywords from its description, and use it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => { const d = await call("openapi.json"); genericCard("/keywords", d.paths["/keywords"]); return true })()`,
		chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(chromedp.SetValue(chromedp.CSS("#tool-keywords-text"), "无服务器平台按请求计费，无服务器平台便宜。"), chromedp.SetValue(chromedp.CSS("#tool-keywords-top"), "2"),
		chromedp.Click(chromedp.CSS("#tool-keywords-form button")))
	var kwAnswer struct{ Keywords []struct{ Word string } }
	if err := json.Unmarshal([]byte(text("#tool-keywords-json")), &kwAnswer); err != nil || len(kwAnswer.Keywords) != 2 {
		t.Errorf("generic card's answer %+v (%v)", kwAnswer, err)
	}

	// After an error the form works again: clear the expression, submit.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("calc-expr").value = ""`)); err != nil {
		t.Fatal(err)
	}
	do(chromedp.Click(chromedp.CSS("#calc-form button")))
	if got := text("#calc-result"); got != "42" {
		t.Errorf("calculator after an error shows %q, want 42", got)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG; lower is JPEG
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(repoRoot, layout.BuildDir, "playground.png")
	if err := os.WriteFile(out, shot, 0o644); err == nil {
		t.Logf("screenshot: %s", out)
	}

	// A phone's width: one column, nothing wider than the screen.
	do(chromedp.EmulateViewport(375, 800))
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil || overflow > 0 {
		t.Errorf("at 375 px the page is %d px too wide (%v)", overflow, err)
	}
}

// jsString quotes s as a JavaScript (and JSON) string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
