package g2peval

import "testing"

func TestParse(t *testing.T) {
	ex, err := Parse("他▁了▁解", "liao3")
	if err != nil || ex.Text != "他了解" || ex.At != 1 || ex.Char != '了' || ex.Label != "liao3" {
		t.Errorf("%+v %v", ex, err)
	}
	for _, bad := range []string{"没有标记", "▁了解", "▁了▁解▁了▁", "▁▁"} {
		if _, err := Parse(bad, "le5"); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"lu:4": "lü4", "nv3": "nü3", "le": "le5", " Zhong1 ": "zhong1", "ma5": "ma5"} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScore(t *testing.T) {
	exs := []Example{{Label: "le5"}, {Label: "liao3"}}
	var missed []string
	r := Score(exs, func(Example) string { return "le" }, func(_ Example, got string) { missed = append(missed, got) })
	if r.Right != 1 || r.Total != 2 || r.Accuracy() != 0.5 || len(missed) != 1 || missed[0] != "le5" {
		t.Errorf("%+v %v", r, missed)
	}
}
