package stacks

import (
	"slices"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
)

func TestStringList(t *testing.T) {
	tests := []struct {
		in   any
		want []string
		ok   bool
	}{
		{[]any{"a", "b"}, []string{"a", "b"}, true},
		{"https://a.example, https://b.example", []string{"https://a.example", "https://b.example"}, true},
		{`["*"]`, []string{"*"}, true},
		{"", nil, true},
		{[]any{1}, nil, false},
		{42.0, nil, false},
		{`["unterminated`, nil, false},
	}
	for _, tc := range tests {
		got, err := stringList(tc.in)
		if (err == nil) != tc.ok || (tc.ok && !slices.Equal(got, tc.want)) {
			t.Errorf("stringList(%v) = %v, %v", tc.in, got, err)
		}
	}
}

func TestNumberAndBoolean(t *testing.T) {
	if v, err := number(" 12.5 "); v != 12.5 || err != nil {
		t.Errorf("number string: %v %v", v, err)
	}
	if v, err := number(7.0); v != 7 || err != nil {
		t.Errorf("number: %v %v", v, err)
	}
	if _, err := number(true); err == nil {
		t.Errorf("number(true) accepted")
	}
	if v, err := boolean("true"); !v || err != nil {
		t.Errorf("boolean string: %v %v", v, err)
	}
	if _, err := boolean(1.0); err == nil {
		t.Errorf("boolean(1.0) accepted")
	}
}

func TestRetentionDays(t *testing.T) {
	tests := []struct {
		days float64
		want awslogs.RetentionDays
	}{
		{1, awslogs.RetentionDays_ONE_DAY}, {2, awslogs.RetentionDays_THREE_DAYS}, {30, awslogs.RetentionDays_ONE_MONTH},
		{31, awslogs.RetentionDays_TWO_MONTHS}, {365, awslogs.RetentionDays_ONE_YEAR}, {10000, awslogs.RetentionDays_TEN_YEARS},
	}
	for _, tc := range tests {
		if got := retentionDays(tc.days); got != tc.want {
			t.Errorf("retentionDays(%v) = %v, want %v", tc.days, got, tc.want)
		}
	}
}

func TestToolID(t *testing.T) {
	for in, want := range map[string]string{"calc": "Calc", "random-image": "RandomImage", "a-b-c": "ABC"} {
		if got := toolID(in); got != want {
			t.Errorf("toolID(%q) = %q, want %q", in, got, want)
		}
	}
}
