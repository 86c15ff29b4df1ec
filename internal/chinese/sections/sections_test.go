package sections_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"cloudtools/internal/chinese/sections"
)

func build(t *testing.T) []byte {
	t.Helper()
	var b sections.Builder
	for _, err := range []error{
		b.Add("text", []byte("hello")),
		b.AddFloat32s("floats", []float32{1.5, -2, float32(math.Inf(1))}),
		b.AddUint32s("u32", []uint32{7, 1 << 31}),
		b.AddUint64s("u64", []uint64{1, 1 << 63}),
		b.Add("empty", nil),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// TestRoundTrip: what the builder writes, Open reads in place, mapped.
func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, build(t), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := sections.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Verify(); err != nil {
		t.Fatal(err)
	}
	if b, ok := f.Bytes("text"); !ok || string(b) != "hello" {
		t.Errorf("text: %q %v", b, ok)
	}
	if xs, err := f.Float32s("floats"); err != nil || len(xs) != 3 || xs[0] != 1.5 || xs[1] != -2 || !math.IsInf(float64(xs[2]), 1) {
		t.Errorf("floats: %v %v", xs, err)
	}
	if xs, err := f.Uint32s("u32"); err != nil || len(xs) != 2 || xs[1] != 1<<31 {
		t.Errorf("u32: %v %v", xs, err)
	}
	if xs, err := f.Uint64s("u64"); err != nil || len(xs) != 2 || xs[1] != 1<<63 {
		t.Errorf("u64: %v %v", xs, err)
	}
	if xs, err := f.Uint32s("empty"); err != nil || len(xs) != 0 {
		t.Errorf("empty: %v %v", xs, err)
	}
	if _, err := f.Float32s("missing"); !errors.Is(err, sections.ErrFormat) {
		t.Errorf("a missing section: %v", err)
	}
	if _, err := f.Uint64s("text"); !errors.Is(err, sections.ErrFormat) {
		t.Errorf("5 bytes as uint64s: %v", err)
	}
}

// TestDamage: a truncated, flipped or foreign file is refused, or fails
// Verify; never a panic.
func TestDamage(t *testing.T) {
	data := build(t)
	for name, bad := range map[string][]byte{
		"empty":     {},
		"truncated": data[:len(data)-8],
		"magic":     append([]byte("NOTSECTS"), data[8:]...),
	} {
		if _, err := sections.Parse(sections.Aligned(bad)); !errors.Is(err, sections.ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)-3] ^= 0x40
	f, err := sections.Parse(sections.Aligned(flipped))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(); !errors.Is(err, sections.ErrFormat) {
		t.Errorf("a flipped bit passed Verify: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	var b sections.Builder
	b.Add("a", []byte("xyz"))
	b.AddUint64s("b", []uint64{1, 2, 3})
	f.Add(b.Bytes())
	f.Add([]byte("CTSECTNS"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := sections.Parse(sections.Aligned(data))
		if err != nil {
			return
		}
		file.Verify()
		for _, name := range []string{"a", "b", ""} {
			file.Bytes(name)
			file.Uint64s(name)
			file.Float32s(name)
		}
	})
}
