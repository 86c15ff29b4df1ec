//go:build unix

package localmode

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestLockDirTakesTurns: a second Prepare of the same folder waits, says
// so, and goes on once the first is done.
func TestLockDirTakesTurns(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockDir(dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var said strings.Builder
	got := make(chan time.Time, 1)
	go func() {
		unlock2, err := lockDir(dir, &said)
		if err != nil {
			t.Error(err)
		}
		got <- time.Now()
		unlock2()
	}()
	time.Sleep(200 * time.Millisecond)
	released := time.Now()
	unlock()
	select {
	case at := <-got:
		if at.Before(released) {
			t.Fatal("the second lock was taken while the first was held")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second lock was never taken")
	}
	if !strings.Contains(said.String(), "waiting for another prepare") {
		t.Errorf("the wait was not announced: %q", said.String())
	}
}
