package phrasemap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func sample(t testing.TB) []byte {
	t.Helper()
	var b Builder
	if err := b.Add("phrases", map[string]string{"头发": "頭髮", "发展": "發展", "头发丝": "頭髮絲", "ab": "AB", "abcd": "ABCD"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Add("chars", map[string]string{"发": "發 髮", "头": "頭", "a": "A"}); err != nil {
		t.Fatal(err)
	}
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestLookups(t *testing.T) {
	f, err := Parse(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(); err != nil {
		t.Fatal(err)
	}
	phrases, chars := f.Table("phrases"), f.Table("chars")
	if phrases == nil || chars == nil || f.Table("nope") != nil || phrases.Len() != 5 || chars.Len() != 3 {
		t.Fatalf("tables %v %v", phrases, chars)
	}
	for _, tc := range []struct {
		table *Table
		text  string
		n     int
		value string
	}{
		{phrases, "头发很长", len("头发"), "頭髮"},
		{phrases, "头发丝儿", len("头发丝"), "頭髮絲"},
		{phrases, "头", 0, ""},         // a prefix, not a key
		{phrases, "头疼", 0, ""},        // no key starts so
		{phrases, "abc", 2, "AB"},     // the longest key that fits
		{phrases, "abcde", 4, "ABCD"}, // longer wins
		{phrases, "", 0, ""},
		{chars, "发展", len("发"), "發 髮"},
		{chars, "\xff发", 0, ""},
	} {
		n, v := tc.table.Longest(tc.text)
		if n != tc.n || v != tc.value {
			t.Errorf("%s.Longest(%q) = %d %q, want %d %q", tc.table.Name(), tc.text, n, v, tc.n, tc.value)
		}
	}
	if v, ok := phrases.Get("发展"); !ok || v != "發展" {
		t.Errorf("Get(发展) = %q %v", v, ok)
	}
	if _, ok := phrases.Get("头"); ok {
		t.Error("a prefix entry answered Get")
	}
	lead := chars.LeadBytes()
	for b := range 256 {
		want := byte(b) == "发"[0] || byte(b) == "头"[0] || b == 'a'
		if lead[b] != want {
			t.Errorf("chars.LeadBytes()[%#x] = %v", b, lead[b])
		}
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(sample(t), sample(t)) {
		t.Error("the same tables gave different bytes")
	}
}

func TestRefusesDamagedFiles(t *testing.T) {
	good := sample(t)
	for _, tc := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"empty", func(b []byte) []byte { return nil }},
		{"foreign", func(b []byte) []byte { return append([]byte("CTSEGDIC"), b[8:]...) }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"other version", func(b []byte) []byte { b[8] = 9; return b }},
		{"table outside", func(b []byte) []byte { b[headerSize+8] = 0xff; b[headerSize+11] = 0x7f; return b }},
	} {
		if _, err := Parse(tc.edit(append([]byte(nil), good...))); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", tc.name, err)
		}
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-5] ^= 1
	f, err := Parse(flipped)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(); !errors.Is(err, ErrFormat) {
		t.Errorf("a flipped bit passed Verify: %v", err)
	}
}

func TestOpenMapsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.phr")
	if err := os.WriteFile(path, sample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, v := f.Table("phrases").Longest("发展中"); n != len("发展") || v != "發展" {
		t.Errorf("%d %q", n, v)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing file opened")
	}
}

// FuzzDamagedFile: whatever bytes a file holds, Parse and lookups return
// errors or misses; they never panic or loop.
func FuzzDamagedFile(f *testing.F) {
	good := sample(f)
	f.Add(good, 0, byte(0), "头发")
	f.Add(good, headerSize+12, byte(0xff), "abcd")
	f.Add(good, len(good)-3, byte(0x7f), "发展")
	f.Fuzz(func(t *testing.T, data []byte, at int, x byte, text string) {
		if len(data) > 0 && at >= 0 {
			data[at%len(data)] ^= x
		}
		file, err := Parse(data)
		if err != nil {
			return
		}
		for _, name := range []string{"phrases", "chars"} {
			if tb := file.Table(name); tb != nil {
				tb.Longest(text)
				tb.Get(text)
			}
		}
	})
}
