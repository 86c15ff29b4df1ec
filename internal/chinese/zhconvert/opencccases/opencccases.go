// Package opencccases holds OpenCC's own conversion test cases, at the
// release /convert follows (1.4.1), for the engine's tests and the
// acceptance suite: every expected output of every config.
package opencccases

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Release is the OpenCC release the cases come from.
const Release = "1.4.1"

//go:embed testcases.json
var testcases []byte

// Case is one expected output: Config converts Input to Want.
type Case struct {
	ID     string
	Config string
	Input  string
	Want   string
}

// trailingComma matches the commas OpenCC's file leaves before a closing
// brace or bracket (its reader, RapidJSON, is told to accept them).
var trailingComma = regexp.MustCompile(`,(\s*[}\]])`)

// Cases are every expected output, by case id then config.
func Cases() ([]Case, error) {
	var file struct {
		Cases []struct {
			ID       string            `json:"id"`
			Input    string            `json:"input"`
			Expected map[string]string `json:"expected"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(trailingComma.ReplaceAll(testcases, []byte("$1")), &file); err != nil {
		return nil, fmt.Errorf("opencccases: %w", err)
	}
	var out []Case
	for _, c := range file.Cases {
		for config, want := range c.Expected {
			out = append(out, Case{ID: c.ID, Config: config, Input: c.Input, Want: want})
		}
	}
	slices.SortFunc(out, func(a, b Case) int {
		return strings.Compare(a.ID+"\x00"+a.Config, b.ID+"\x00"+b.Config)
	})
	return out, nil
}
