// Command pinyineval measures how /pinyin reads polyphonic characters in
// context, on the benchmarks of the g2pM paper (CPP) and of g2pL, beside
// the published figures: the dictionary alone (the reader before the
// context model) and the shipped model, on data the model never trained
// on: CPP's dev fold it holds out, and g2pL's dev split. -folds also
// trains a model without each of CPP dev's five folds and scores it on
// that fold (about a minute), the figure docs/CHINESE.md quotes.
//
//	go run ./cmd/eval/pinyineval [-dict DIR] [-folds] [-show N]
//
// It never reads the benchmarks' test splits: they judge the work.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"cloudtools/internal/chinese/g2peval"
	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

func main() {
	log.SetFlags(0)
	dict := flag.String("dict", "", "the layer's dict folder (default: build the layer under build/)")
	folds := flag.Bool("folds", false, "also train without each CPP dev fold and score it (cross-validation)")
	show := flag.Int("show", 0, "print this many misses of the model per set")
	train := flag.Bool("train", false, "train the shipped model's configuration now instead of reading the layer's")
	phraseWeight := flag.Float64("phrase-weight", float64(pinyintrain.PhraseWeight), "with -train or -folds: the phrase table's words' weight (0: none)")
	flag.Parse()
	pinyintrain.PhraseWeight = float32(*phraseWeight)
	if *dict == "" {
		layer := layout.DictionaryLayer(layout.BuildDir)
		if err := lambdabuild.BuildDictionaryLayer(".", layer); err != nil {
			log.Fatal(err)
		}
		*dict = filepath.Join(layer, layout.LayerDictDir)
	}
	env, err := pinyintrain.Load(".", *dict)
	if err != nil {
		log.Fatal(err)
	}
	var model *pinyin.Model
	if *train {
		model, _ = env.Train()
	} else if model, err = pinyin.OpenModel(filepath.Join(*dict, layout.PinyinContextFile)); err != nil {
		log.Fatal(err)
	}
	gdev, err := g2peval.Read(filepath.Join(env.Dir, pinyintrain.G2pLDev))
	if err != nil {
		log.Fatal(err)
	}
	before := env.Reader
	after := env.Reader.WithModel(model)
	fmt.Println("| set | sentences | dictionary alone | context model |")
	fmt.Println("|---|---|---|---|")
	sets := []struct {
		name string
		exs  []g2peval.Example
	}{
		{fmt.Sprintf("CPP dev, fold %d (held out)", pinyintrain.HeldOutFold), env.Data.Fold(pinyintrain.HeldOutFold)},
		{"g2pL dev", gdev},
	}
	tables := make([]*classTable, len(sets))
	for si, set := range sets {
		tables[si] = &classTable{total: map[string]int{}, miss: [2]map[string]int{{}, {}}}
		b := score(before, set.exs, tables[si], 0, 0)
		a := score(after, set.exs, tables[si], 1, *show)
		fmt.Printf("| %s | %d | %.2f %% | **%.2f %%** |\n", set.name, a.Total, 100*b.Accuracy(), 100*a.Accuracy())
	}
	if words, err := readHeteronyms("internal/chinese/pinyin/testdata/heteronyms.tsv"); err == nil {
		b, a := wordScore(before, words), wordScore(after, words)
		fmt.Printf("| CC-CEDICT heteronym words, alone (words wholly right) | %d | %.2f %% | **%.2f %%** |\n", len(words), b, a)
	}
	if *folds {
		var right, total int
		var perFold []string
		for k := range pinyintrain.Folds {
			counts, err := env.Data.CountsWithout(k)
			if err != nil {
				log.Fatal(err)
			}
			m, _ := pinyintrain.Train(env.Reader, env.Data.Network, counts, env.Data.Sources(k), pinyintrain.DefaultOptions)
			res := score(env.Reader.WithModel(m), env.Data.Fold(k), nil, 0, 0)
			right, total = right+res.Right, total+res.Total
			perFold = append(perFold, fmt.Sprintf("%.2f", 100*res.Accuracy()))
		}
		base := score(before, env.Data.CPPDev, nil, 0, 0)
		fmt.Printf("| CPP dev, %d-fold cross-validation (folds %s) | %d | %.2f %% | **%.2f %%** |\n",
			pinyintrain.Folds, strings.Join(perFold, ", "), total, 100*base.Accuracy(), 100*float64(right)/float64(total))
	}
	fmt.Println()
	fmt.Println("Published, CPP test split (g2pM paper; g2pW paper): pypinyin 0.36 86.13 %, CPP-train majority vote 92.08 %,")
	fmt.Println("g2pM 97.31 %, a Chinese BERT 97.85 %, g2pW 99.08 %.")
	fmt.Println()
	fmt.Println("Misses by class (first class that applies), dictionary alone → context model:")
	fmt.Println()
	fmt.Println("| class | " + strings.Join(func() []string {
		var out []string
		for _, s := range sets {
			out = append(out, s.name)
		}
		return out
	}(), " | ") + " |")
	fmt.Println("|---|" + strings.Repeat("---|", len(sets)))
	for _, cl := range classes {
		row := "| " + cl + " |"
		for _, t := range tables {
			row += fmt.Sprintf(" %d → %d of %d |", t.miss[0][cl], t.miss[1][cl], t.total[cl])
		}
		fmt.Println(row)
	}
}

var classes = []string{"neutral tone (either reading)", "number or measure context", "word in the phrase table", "elsewhere"}

type classTable struct {
	miss  [2]map[string]int
	total map[string]int
	class map[string]string // an example's class, from the dictionary's reading
}

// score reads exs with r; t, when not nil, counts misses by class in
// column which (0: the dictionary alone, which also counts the class
// sizes).
func score(r *pinyin.Reader, exs []g2peval.Example, t *classTable, which, show int) g2peval.Result {
	shown := 0
	return g2peval.Score(exs, func(ex g2peval.Example) string {
		got := pinyin.SyllableAt(r.Read(ex.Text), ex.At)
		if t != nil {
			if t.class == nil {
				t.class = map[string]string{}
			}
			key := fmt.Sprint(ex.At, ex.Text)
			cl, ok := t.class[key]
			if !ok {
				cl = classOf(r, ex, g2peval.Normalize(got))
				t.class[key] = cl
				t.total[cl]++
			}
			if g2peval.Normalize(got) != ex.Label {
				t.miss[which][cl]++
			}
		}
		return got
	}, func(ex g2peval.Example, got string) {
		if shown < show {
			shown++
			fmt.Fprintf(os.Stderr, "  %c want %s got %s  %s\n", ex.Char, ex.Label, got, ex.Text)
		}
	})
}

// classOf puts an example, read by the dictionary alone (got), in the
// first error class of the issue that applies: a neutral tone read or
// wanted; a digit, numeral or measure word beside it; its word in the
// phrase table; elsewhere.
func classOf(r *pinyin.Reader, ex g2peval.Example, got string) string {
	if strings.HasSuffix(ex.Label, "5") || strings.HasSuffix(got, "5") {
		return classes[0]
	}
	c := r.Analyze(ex.Text)
	for _, i := range []int{ex.At - 1, ex.At + 1} {
		if i < 0 || i >= len(c.Runes) {
			continue
		}
		if ch := c.Runes[i]; ch >= '0' && ch <= '9' || strings.ContainsRune("〇一二三四五六七八九十百千万亿两几数半", ch) {
			return classes[1]
		}
	}
	if tag := c.Tags[c.WordOf[ex.At]]; tag == "m" || tag == "q" || tag == "mq" {
		return classes[1]
	}
	if c.From[ex.At] == pinyin.FromWord {
		return classes[2]
	}
	return classes[3]
}

type heteronymWord struct{ text, want string }

// readHeteronyms reads package pinyin's CC-CEDICT list (word<TAB>numbered).
func readHeteronyms(path string) ([]heteronymWord, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []heteronymWord
	for _, line := range strings.Split(string(raw), "\n") {
		if word, want, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			out = append(out, heteronymWord{word, strings.ReplaceAll(want, "r5", "er5")})
		}
	}
	return out, nil
}

// wordScore is the share of words read wholly right, 一 and 不 not
// scored (as package pinyin's test does).
func wordScore(r *pinyin.Reader, words []heteronymWord) float64 {
	right := 0
	for _, w := range words {
		want := strings.Fields(w.want)
		i, ok := 0, true
		for _, word := range r.Read(w.text) {
			for _, it := range word.Items {
				if i >= len(want) || it.Text != "一" && it.Text != "不" && pinyin.Numbered(it.Syllable) != want[i] {
					ok = false
				}
				i++
			}
		}
		if ok && i == len(want) {
			right++
		}
	}
	return 100 * float64(right) / float64(len(words))
}
