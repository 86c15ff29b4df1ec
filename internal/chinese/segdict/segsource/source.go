// Package segsource reads the segmentation dictionary's sources (gse's
// data files and HMM tables, the user dictionary, OpenCC's character
// table) into a dictcompile.Source for the compiler. It is build-time code:
// keeping it out of package segdict keeps go/parser out of the Lambda.
package segsource

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/chinese/segdict/dictcompile"
)

// ReadGseSource reads the dictionary's sources from gse's module folder
// (the version go.mod pins) and the project's user dictionary:
//   - data/dict/zh/s_1.txt: jieba's word list, "word freq pos" per line;
//   - data/dict/zh/idf.txt: jieba's IDF table, "word idf" per line;
//   - hmm/*.go: jieba's HMM tables, which gse ships as Go map literals;
//   - userDict: more "word freq pos" lines, which win over gse's;
//   - foldTable: OpenCC's TSCharacters.txt, for the Standard lexicon.
func ReadGseSource(gseDir, userDict, foldTable string) (*dictcompile.Source, error) {
	src := &dictcompile.Source{IDF: map[string]float64{}}
	f, err := os.Open(foldTable)
	if err != nil {
		return nil, err
	}
	src.Fold, src.FoldAmbiguous, err = ReadFoldTable(f, foldTable)
	f.Close()
	if err != nil {
		return nil, err
	}
	// Only the simplified list, as jieba's default dictionary; the
	// Standard lexicon reads traditional text through the fold table.
	for _, f := range []string{filepath.Join(gseDir, "data", "dict", "zh", "s_1.txt"), userDict} {
		words, err := readWordFile(f)
		if err != nil {
			return nil, err
		}
		src.Words = append(src.Words, words...)
	}
	if err := readIDF(filepath.Join(gseDir, "data", "dict", "zh", "idf.txt"), src.IDF); err != nil {
		return nil, err
	}
	if err := readHMM(filepath.Join(gseDir, "hmm"), src); err != nil {
		return nil, err
	}
	return src, nil
}

// ReadWords parses a "word freq [pos]" dictionary, one entry per line;
// blank lines and lines starting with # are skipped.
func ReadWords(r io.Reader, name string) ([]dictcompile.Entry, error) {
	var out []dictcompile.Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("%s:%d: want \"word freq [pos]\", got %q", name, n, line)
		}
		freq, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || freq < 0 {
			return nil, fmt.Errorf("%s:%d: frequency %q is not a whole number >= 0", name, n, f[1])
		}
		e := dictcompile.Entry{Word: f[0], Freq: freq}
		if len(f) == 3 {
			e.POS = f[2]
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// ReadFoldTable parses OpenCC's "traditional<TAB>simplified..." character
// table. fold maps a traditional character onto its first simplified form;
// ambiguous holds the characters that the table also lists among their
// own simplified forms (乾 → 干 乾, 於 → 于 於), onto their other form: the
// compiler folds those only when the simplified word list hardly uses them.
func ReadFoldTable(r io.Reader, name string) (fold, ambiguous map[rune]rune, err error) {
	fold, ambiguous = map[rune]rune{}, map[rune]rune{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, values, ok := strings.Cut(line, "\t")
		forms := strings.Fields(values)
		if !ok || utf8.RuneCountInString(key) != 1 || len(forms) == 0 {
			return nil, nil, fmt.Errorf("%s:%d: want \"character<TAB>forms\", got %q", name, n, line)
		}
		t, _ := utf8.DecodeRuneInString(key)
		into := fold
		if slices.Contains(forms, key) {
			into = ambiguous
			forms = slices.DeleteFunc(forms, func(f string) bool { return f == key })
		}
		if len(forms) == 0 || utf8.RuneCountInString(forms[0]) != 1 {
			continue
		}
		s, _ := utf8.DecodeRuneInString(forms[0])
		into[t] = s
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if len(fold) == 0 {
		return nil, nil, fmt.Errorf("%s: no character to fold", name)
	}
	return fold, ambiguous, nil
}

func readWordFile(path string) ([]dictcompile.Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadWords(f, path)
}

func readIDF(path string, idf map[string]float64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return fmt.Errorf("%s:%d: want \"word idf\"", path, n)
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
		idf[fields[0]] = v
	}
	return sc.Err()
}

// readHMM takes jieba's HMM tables from gse's hmm package sources, where
// they are assignments like probEmit['B'] = map[rune]float64{'\u4e00': -3.6,
// ...}, probTrans['B'] = map[byte]float64{'E': -0.51, ...} and
// probStart['B'] = -0.26. Parsing the Go source reads the exact values gse
// uses without importing its package-level state.
func readHMM(dir string, src *dictcompile.Source) error {
	state := map[string]int{"'B'": segdict.StateB, "'M'": segdict.StateM, "'E'": segdict.StateE, "'S'": segdict.StateS}
	for s := range segdict.NumStates {
		src.Emit[s] = map[rune]float64{}
		for t := range segdict.NumStates {
			src.Trans[s][t] = segdict.MinLogProb
		}
		src.Start[s] = segdict.MinLogProb
	}
	var seen struct{ emit, trans, start int }
	fset := token.NewFileSet()
	for _, name := range []string{"prob_emit.go", "prob_trans.go", "viterbi.go"} {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return fmt.Errorf("read gse HMM tables: %w", err)
		}
		var perr error
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || perr != nil {
				return perr == nil
			}
			idx, ok := as.Lhs[0].(*ast.IndexExpr)
			if !ok {
				return true
			}
			table, ok := idx.X.(*ast.Ident)
			key, ok2 := idx.Index.(*ast.BasicLit)
			if !ok || !ok2 {
				return true
			}
			s, known := state[key.Value]
			if !known {
				return true
			}
			switch table.Name {
			case "probStart":
				src.Start[s], perr = number(as.Rhs[0])
				seen.start++
			case "probEmit", "probTrans":
				lit, ok := as.Rhs[0].(*ast.CompositeLit)
				if !ok {
					perr = fmt.Errorf("%s: %s is not a map literal", name, table.Name)
					return false
				}
				for _, el := range lit.Elts {
					kv := el.(*ast.KeyValueExpr)
					k, ok := kv.Key.(*ast.BasicLit)
					if !ok || k.Kind != token.CHAR {
						perr = fmt.Errorf("%s: %s key is not a character", name, table.Name)
						return false
					}
					ch, _, _, err := strconv.UnquoteChar(k.Value[1:len(k.Value)-1], '\'')
					if err != nil {
						perr = err
						return false
					}
					v, err := number(kv.Value)
					if err != nil {
						perr = err
						return false
					}
					if table.Name == "probEmit" {
						src.Emit[s][ch] = v
					} else if to, ok := state["'"+string(ch)+"'"]; ok {
						src.Trans[s][to] = v
					}
				}
				if table.Name == "probEmit" {
					seen.emit++
				} else {
					seen.trans++
				}
			}
			return true
		})
		if perr != nil {
			return fmt.Errorf("read gse HMM tables from %s: %w", name, perr)
		}
	}
	if seen.emit != segdict.NumStates || seen.trans != segdict.NumStates || seen.start != segdict.NumStates {
		return fmt.Errorf("gse HMM tables: found %d emission, %d transition and %d start tables, want 4 of each (did gse's layout change?)",
			seen.emit, seen.trans, seen.start)
	}
	return nil
}

// number evaluates a float literal, possibly negated.
func number(e ast.Expr) (float64, error) {
	neg := false
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, e = true, u.X
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || (lit.Kind != token.FLOAT && lit.Kind != token.INT) {
		return 0, fmt.Errorf("not a number literal")
	}
	v, err := strconv.ParseFloat(lit.Value, 64)
	if neg {
		v = -v
	}
	return v, err
}
