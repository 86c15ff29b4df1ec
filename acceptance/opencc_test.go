package acceptance

import (
	"encoding/json"
	"strings"
	"testing"

	"cloudtools/internal/chinese/zhconvert/opencccases"
)

// openccRequests is how a user asks for each OpenCC config: docs/API.md's
// directions table, written out here on its own so the suite checks the
// contract rather than restating the handler's table.
var openccRequests = map[string]string{
	"s2t": "from=s&to=t", "s2tw": "from=s&to=tw&phrases=false", "s2twp": "to=tw",
	"s2hk": "to=hk&phrases=false", "s2hkp": "to=hk",
	"t2s": "to=s", "tw2s": "from=tw&to=s&phrases=false", "tw2sp": "from=tw&to=s",
	"hk2s": "from=hk&to=s&phrases=false", "hk2sp": "from=hk&to=s",
	"t2tw": "from=t&to=tw", "t2hk": "from=t&to=hk", "tw2t": "from=tw&to=t", "hk2t": "from=hk&to=t",
	"t2jp": "from=t&to=jp", "jp2t": "from=jp",
}

// TestOpenCCSuite: every one of OpenCC 1.4.1's 475 expected outputs comes
// back from /convert through the documented contract, and names its config.
// Locally each case is its own request. A deployed API is paced, so there
// each config's cases go as one text/plain request, a case a line: exact,
// since no dictionary key holds a line break; a case with a line break or
// an ideographic description character (whose sequence could run on into
// the next line) still goes alone.
func TestOpenCCSuite(t *testing.T) {
	cases, err := opencccases.Cases()
	if err != nil {
		t.Fatal(err)
	}
	byConfig := map[string][]opencccases.Case{}
	for _, tc := range cases {
		if _, ok := openccRequests[tc.Config]; !ok {
			t.Errorf("%s: no request for config %s", tc.ID, tc.Config)
			continue
		}
		if target.Remote && !strings.ContainsFunc(tc.Input, func(r rune) bool { return r == '\n' || r >= 0x2FF0 && r <= 0x2FFF }) {
			byConfig[tc.Config] = append(byConfig[tc.Config], tc)
			continue
		}
		convertCases(t, []opencccases.Case{tc})
	}
	for _, batch := range byConfig {
		convertCases(t, batch)
	}
}

// convertCases converts the cases' inputs, one config's, in one request,
// a line each.
func convertCases(t *testing.T, cases []opencccases.Case) {
	t.Helper()
	inputs, wants := make([]string, len(cases)), make([]string, len(cases))
	for i, tc := range cases {
		inputs[i], wants[i] = tc.Input, tc.Want
	}
	config := cases[0].Config
	r := do(t, "POST", target.URL+"/convert?"+openccRequests[config], strings.Join(inputs, "\n"), "Content-Type: text/plain; charset=utf-8")
	var got struct{ Text, Config string }
	if err := json.Unmarshal(r.Body, &got); err != nil || r.Status != 200 || got.Config != config {
		t.Errorf("%s: %d %s", config, r.Status, r.Body)
		return
	}
	lines := strings.Split(got.Text, "\n")
	for i, tc := range cases {
		if i >= len(lines) || lines[i] != tc.Want {
			line := ""
			if i < len(lines) {
				line = lines[i]
			}
			t.Errorf("%s %s(%q)\n got  %q\n want %q", tc.ID, config, tc.Input, line, tc.Want)
		}
	}
}
