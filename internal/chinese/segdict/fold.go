package segdict

// Full-width forms U+FF01..U+FF5E are ASCII U+0021..U+007E shifted.
const (
	FullWidthFirst = 0xFF01
	FullWidthLast  = 0xFF5E
	fullWidthShift = 0xFEE0
)

// FoldWidth maps a full-width letter, digit or sign to its ASCII twin and
// leaves any other rune alone.
func FoldWidth(r rune) rune {
	if r >= FullWidthFirst && r <= FullWidthLast {
		return r - fullWidthShift
	}
	return r
}
