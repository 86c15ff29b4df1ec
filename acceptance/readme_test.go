package acceptance

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeExamples: every curl of the README's route table answers 200
// from the API under test, as a user pasting it would see.
func TestReadmeExamples(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	curls := regexp.MustCompile("`(curl [^`]+)`").FindAllStringSubmatch(string(text), -1)
	if len(curls) < 8 {
		t.Fatalf("%d curl examples in the README, want the route table's", len(curls))
	}
	for _, m := range curls {
		target, err := curlURL(m[1], target.URL+"/")
		if err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		if r := do(t, "GET", target, ""); r.Status != 200 {
			t.Errorf("%s → GET %s: %d %.200s", m[1], target, r.Status, r.Body)
		}
	}
}

// curlURL reads the GET request of a README curl line: its quoted URL with
// ${API} (or make local's address) as api, and -G's --data-urlencode and -d pairs as the query.
func curlURL(line, api string) (string, error) {
	words, err := shellWords(line)
	if err != nil {
		return "", err
	}
	var u string
	q := url.Values{}
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case w == "-G":
		case w == "--data-urlencode" || w == "-d":
			if i+1 == len(words) {
				return "", fmt.Errorf("%s without a value", w)
			}
			i++
			k, v, _ := strings.Cut(words[i], "=")
			q.Add(k, v)
		default:
			u = strings.ReplaceAll(w, "${API}", api)
			u = strings.Replace(u, "http://127.0.0.1:3000/", api, 1) // make local's default address
		}
	}
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + q.Encode()
	}
	return u, nil
}

// shellWords splits a command line on spaces outside double quotes.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, errors.New("no closing quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
