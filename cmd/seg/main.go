// Command seg segments UTF-8 text from stdin, one line at a time, and
// writes each line's words separated by two spaces: exactly one output line
// per input line, empty lines included.
//
//	go run ./cmd/seg [-mode accurate|full|search] [-hmm=true|false] [-jieba] [-dict DIR]
//	go run ./cmd/seg -verify [-dict DIR]
//
// By default it uses the compiled dictionary that the build (make build)
// writes into build/layers/dictionary/dict. -verify checks the whole file
// (every section's and page's checksum and its structure) and exits; at
// run time pages are checked as they are first read.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
)

func main() {
	mode := flag.String("mode", segmenter.Accurate.String(), "accurate (jieba cut), full (cut_all) or search (cut_for_search)")
	hmm := flag.Bool("hmm", true, "find words the dictionary lacks with the HMM (accurate and search modes)")
	jieba := flag.Bool("jieba", false, "jieba 0.42.1's algorithm and word list (style=jieba) instead of the default style")
	verify := flag.Bool("verify", false, "check the whole dictionary file and exit")
	dict := flag.String("dict", "", "folder of the compiled dictionary (default: the build's, under the module root)")
	flag.Parse()
	m, ok := segmenter.ParseMode(*mode)
	if !ok {
		fail(fmt.Errorf("-mode %q: want accurate, full or search", *mode))
	}
	dir := *dict
	if dir == "" {
		var err error
		if dir, err = defaultDictDir(); err != nil {
			fail(err)
		}
	}
	seg, err := segmenter.Load(dir, segmenter.Options{Jieba: *jieba})
	if err != nil {
		fail(fmt.Errorf("%w (run make build to compile it)", err))
	}
	if *verify {
		if err := seg.Dict().Verify(); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d bytes, every checksum and the structure verified\n", filepath.Join(dir, layout.DictFile), seg.Dict().Size())
		return
	}
	if err := run(seg, m, *hmm, os.Stdin, os.Stdout); err != nil {
		fail(err)
	}
}

// run segments in line by line into out.
func run(seg *segmenter.Segmenter, mode segmenter.Mode, hmm bool, in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	var toks []segmenter.Token
	for {
		line, err := r.ReadString('\n')
		if line == "" && err != nil {
			if errors.Is(err, io.EOF) {
				return w.Flush()
			}
			return err
		}
		text := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		toks = seg.Tokenize(toks[:0], text, mode, hmm)
		for i, t := range toks {
			if i > 0 {
				w.WriteString("  ")
			}
			w.WriteString(t.Word)
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
}

// defaultDictDir is build/layers/dictionary/dict under the module root
// that holds the working directory.
func defaultDictDir() (string, error) {
	root, err := layout.ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("%w: pass -dict", err)
	}
	return layout.DictionaryDir(filepath.Join(root, layout.BuildDir)), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "seg:", err)
	os.Exit(1)
}
