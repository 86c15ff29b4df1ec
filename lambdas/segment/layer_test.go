package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudtools/internal/apigw/apigwtest"
)

// builtLayerDict is the dictionary the build put in the layer.
var builtLayerDict = filepath.Join("..", "..", "build", "layers", "dictionary", "dict")

// TestBuiltLayerDictionary loads the real layer the way the Lambda does
// (about 1.5 CPU-s and 300 MB with gse) and segments with it, including a
// word known only from assets/dict/user.txt.
func TestBuiltLayerDictionary(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the full dictionary")
	}
	if _, err := os.Stat(builtLayerDict); err != nil {
		t.Skipf("no built layer at %s: run make build (make test does)", builtLayerDict)
	}
	seg, err := loadGse(builtLayerDict)
	if err != nil {
		t.Fatal(err)
	}
	s := newService(seg)
	for text, want := range map[string]string{
		"我来到北京清华大学":    "我/来到/北京/清华大学",
		"他来到了网易杭研大厦":   "他/来到/了/网易/杭研/大厦",
		"大语言模型改变了机器学习": "大语言模型/改变/了/机器学习",
	} {
		res := apigwtest.Invoke(t, "segment", s.handle, apigwtest.Event("GET", "/segment?text="+text, nil, ""))
		var words []string
		for _, w := range res.JSON["words"].([]any) {
			words = append(words, w.(string))
		}
		if got := strings.Join(words, "/"); got != want {
			t.Errorf("%s: %s, want %s", text, got, want)
		}
	}
}
