package main

import (
	"bytes"
	"strings"
	"testing"

	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// TestRun: exactly one output line per input line, empty and
// whitespace-only lines included, CRLF endings and a last line without a
// newline handled, words separated by two spaces.
func TestRun(t *testing.T) {
	seg := segtest.Segmenter(t)
	tests := []struct {
		mode segmenter.Mode
		hmm  bool
		in   string
		want string
	}{
		{segmenter.Accurate, true, "我来到北京清华大学\n\n  \n他来到了网易杭研大厦", "我  来到  北京  清华大学\n\n\n他  来到  了  网易  杭研  大厦\n"},
		{segmenter.Accurate, false, "他来到了网易杭研大厦\r\n", "他  来到  了  网易  杭  研  大厦\n"},
		{segmenter.Full, true, "清华大学\n", "清华  清华大学  华大  大学\n"},
		{segmenter.Search, true, "清华大学\n\n", "清华  华大  大学  清华大学\n\n"},
		{segmenter.Accurate, true, "", ""},
		{segmenter.Accurate, true, strings.Repeat("北京", 100000) + "\n", strings.TrimSuffix(strings.Repeat("北京  ", 100000), "  ") + "\n"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		if err := run(seg, tc.mode, tc.hmm, strings.NewReader(tc.in), &out); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want {
			got := out.String()
			if len(got) > 200 {
				got = got[:200] + "…"
			}
			t.Errorf("%v hmm=%v %.40q:\n got %q\nwant %.200q", tc.mode, tc.hmm, tc.in, got, tc.want)
		}
	}
}
