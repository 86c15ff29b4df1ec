package segsource

import (
	"strings"
	"testing"
)

func TestReadFoldTable(t *testing.T) {
	table := "# OpenCC\n\n後\t后\n乾\t干 乾\n於\t于 於\n瞭\t瞭 了\n麼\t么 麽\n"
	fold, ambiguous, err := ReadFoldTable(strings.NewReader(table), "t")
	if err != nil {
		t.Fatal(err)
	}
	wantFold := map[rune]rune{'後': '后', '麼': '么'}
	wantAmb := map[rune]rune{'乾': '干', '於': '于', '瞭': '了'}
	if len(fold) != len(wantFold) || len(ambiguous) != len(wantAmb) {
		t.Fatalf("fold %q ambiguous %q", fold, ambiguous)
	}
	for k, v := range wantFold {
		if fold[k] != v {
			t.Errorf("fold %c = %c, want %c", k, fold[k], v)
		}
	}
	for k, v := range wantAmb {
		if ambiguous[k] != v {
			t.Errorf("ambiguous %c = %c, want %c", k, ambiguous[k], v)
		}
	}
	for name, bad := range map[string]string{"no tab": "後 后\n", "two characters": "後後\t后\n", "empty": "# nothing\n"} {
		if _, _, err := ReadFoldTable(strings.NewReader(bad), "t"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReadWords(t *testing.T) {
	words, err := ReadWords(strings.NewReader("# user\n云原生 100 n\n\nServerless 5\n"), "u")
	if err != nil || len(words) != 2 || words[0].Word != "云原生" || words[0].Freq != 100 || words[0].POS != "n" || words[1].POS != "" {
		t.Fatalf("%+v %v", words, err)
	}
	for _, bad := range []string{"词\n", "词 -1 n\n", "词 x n\n", "词 1 n extra\n"} {
		if _, err := ReadWords(strings.NewReader(bad), "u"); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}
