package main

import (
	"go/build"
	"go/importer"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestCheckSeesThePlatformsFiles: a package whose darwin file is broken
// type-checks for linux and fails for darwin, naming both of that file's
// mistakes (a name only the linux file defines, a Linux-only syscall).
func TestCheckSeesThePlatformsFiles(t *testing.T) {
	saved := build.Default
	defer func() { build.Default = saved }()
	for _, tc := range []struct {
		goos string
		want []string
	}{
		{"linux", nil},
		{"darwin", []string{"undefined: name", "undefined: syscall.SYS_EPOLL_WAIT"}},
	} {
		if err := target(tc.goos, "arm64"); err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		errs := check(fset, importer.ForCompiler(fset, "source", nil).(types.ImporterFrom), "testdata/split")
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		all := strings.Join(got, "\n")
		if len(tc.want) == 0 && len(errs) > 0 {
			t.Errorf("%s: %s", tc.goos, all)
		}
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: errors %q lack %q", tc.goos, all, w)
			}
		}
	}
}
