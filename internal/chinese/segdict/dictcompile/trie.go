package dictcompile

import (
	"fmt"
	"math"
)

// doubleArray is a static double-array trie: from slot s, code c leads to
// slot t = base[s]+c when check[t] == s. The root is slot 0; free slots
// have check -1; value[t] is the id+1 of the key ending at t, or 0.
type doubleArray struct {
	base, check, value []int32
	// free slots form a doubly linked list so the base search skips the
	// dense, already filled part of the array.
	next, prev []int32
	head       int32
	// scan is the free slot base searches start from: the free slots
	// before it are few and crowded, so searches there mostly fail.
	scan int32
}

// buildTrie builds the trie of keys, which must be sorted and distinct;
// key i gets id i.
func buildTrie(keys [][]int32) (*doubleArray, error) {
	da := &doubleArray{head: -1, scan: -1}
	da.grow(1 << 16)
	da.take(0)
	da.check[0] = 0
	if err := da.insert(0, keys, 0, 0); err != nil {
		return nil, err
	}
	// Trim free tail slots: lookups bound-check against the length.
	n := len(da.check)
	for n > 1 && da.check[n-1] < 0 {
		n--
	}
	da.base, da.check, da.value = da.base[:n], da.check[:n], da.value[:n]
	da.next, da.prev = nil, nil
	return da, nil
}

// grow extends the arrays to n slots, the new ones free.
func (da *doubleArray) grow(n int) {
	old := len(da.check)
	if n <= old {
		return
	}
	if n > math.MaxInt32 {
		panic("segdict: trie too large")
	}
	da.base = append(da.base, make([]int32, n-old)...)
	da.value = append(da.value, make([]int32, n-old)...)
	da.check = append(da.check, make([]int32, n-old)...)
	da.next = append(da.next, make([]int32, n-old)...)
	da.prev = append(da.prev, make([]int32, n-old)...)
	// Append the new slots to the free list, keeping it in index order.
	last := int32(-1)
	if da.head >= 0 {
		last = da.prev[da.head] // circular: head's prev is the tail
	}
	for i := old; i < n; i++ {
		da.check[i] = -1
		if last < 0 {
			da.head = int32(i)
		} else {
			da.next[last] = int32(i)
		}
		da.prev[i] = last
		last = int32(i)
	}
	// Close the circle.
	da.next[last] = da.head
	da.prev[da.head] = last
}

// take removes slot i from the free list.
func (da *doubleArray) take(i int32) {
	if da.next[i] == i { // the last free slot
		da.head = -1
	} else {
		da.next[da.prev[i]] = da.next[i]
		da.prev[da.next[i]] = da.prev[i]
		if da.head == i {
			da.head = da.next[i]
		}
	}
	if da.scan == i {
		da.scan = da.next[i]
		if da.head < 0 {
			da.scan = -1
		}
	}
	da.check[i] = 0
}

// insert places the children of slot s: keys share their first depth codes
// and end at s or below. id0 is the id of keys[0].
func (da *doubleArray) insert(s int32, keys [][]int32, depth int, id0 int) error {
	// Keys ending here: the sort puts the shortest (a prefix) first.
	if len(keys) > 0 && len(keys[0]) == depth {
		if len(keys) > 1 && len(keys[1]) == depth {
			return fmt.Errorf("duplicate dictionary key")
		}
		da.value[s] = int32(id0 + 1)
		keys, id0 = keys[1:], id0+1
	}
	if len(keys) == 0 {
		return nil
	}
	// Group the remaining keys by their code at depth.
	type group struct {
		code   int32
		lo, hi int
	}
	var groups []group
	for i, k := range keys {
		c := k[depth]
		if len(groups) == 0 || groups[len(groups)-1].code != c {
			groups = append(groups, group{code: c, lo: i})
		}
		groups[len(groups)-1].hi = i + 1
	}
	b := da.findBase(groups[0].code, func(b int32) bool {
		for _, g := range groups[1:] {
			if int(b+g.code) >= len(da.check) {
				da.grow(int(b+g.code) + 1)
			}
			if da.check[b+g.code] >= 0 {
				return false
			}
		}
		return true
	})
	da.base[s] = b
	for _, g := range groups {
		t := b + g.code
		da.take(t)
		da.check[t] = s
	}
	for _, g := range groups {
		if err := da.insert(b+g.code, keys[g.lo:g.hi], depth+1, id0+g.lo); err != nil {
			return err
		}
	}
	return nil
}

// findBase returns the first base b >= 1, from the scan start on, whose
// slot b+first is free and for which fits(b) holds. After a search that
// passed over a nearly full region, later searches start where it
// succeeded (Darts' heuristic).
func (da *doubleArray) findBase(first int32, fits func(int32) bool) int32 {
	const minFails = 16
	for {
		if da.head < 0 {
			da.grow(len(da.check) + 256)
		}
		start := da.scan
		if start < 0 {
			start = da.head
		}
		fails := 0
		for p := start; ; {
			if b := p - first; b >= 1 && fits(b) {
				// The free slots passed over were few for the span: the
				// region is nearly full, so later searches start here.
				if span := p - start + 1; fails > minFails && float64(fails) < 0.05*float64(span) {
					da.scan = p
				}
				return b
			}
			fails++
			p = da.next[p]
			if p == da.head {
				break
			}
		}
		// No free slot fits: make room past the end.
		da.grow(len(da.check) + int(first) + 1)
	}
}
