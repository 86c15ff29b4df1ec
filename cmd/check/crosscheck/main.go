// Command crosscheck type-checks packages for another platform from their
// sources, the standard library's included, without compiling anything:
// what `make test` asks of the packages that hold build-tagged files (do
// they build for macOS?) at a fraction of a cross-compile's cost, which
// compiles the whole standard library for that platform first. `make
// cross` (GitHub's CI workflow) still compiles and links everything for
// macOS and Windows.
//
//	go run ./cmd/check/crosscheck -os darwin -arch arm64 ./internal/chinese/mapped ...
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	goos := flag.String("os", "darwin", "GOOS to check for")
	goarch := flag.String("arch", "arm64", "GOARCH to check for")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: crosscheck [-os GOOS] [-arch GOARCH] ./pkg ...")
	}
	start := time.Now()
	if err := target(*goos, *goarch); err != nil {
		log.Fatal(err)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	failed := 0
	for _, dir := range flag.Args() {
		if errs := check(fset, imp, filepath.Join(wd, dir)); len(errs) > 0 {
			failed++
			for _, e := range errs {
				fmt.Fprintf(os.Stderr, "%s/%s: %v\n", *goos, *goarch, e)
			}
		}
	}
	if failed > 0 {
		log.Fatalf("crosscheck: %d of %d packages do not type-check for %s/%s", failed, flag.NArg(), *goos, *goarch)
	}
	fmt.Fprintf(os.Stderr, "crosscheck: %d packages type-check for %s/%s (%.1fs)\n", flag.NArg(), *goos, *goarch, time.Since(start).Seconds())
}

// target sets build.Default, which the source importer reads, to the
// platform to check for, pure Go as every build here is (CGO_ENABLED=0).
// A program built with -trimpath does not know its GOROOT: the go command
// says where the standard library's sources are.
func target(goos, goarch string) error {
	build.Default.GOOS, build.Default.GOARCH, build.Default.CgoEnabled = goos, goarch, false
	if build.Default.GOROOT == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return fmt.Errorf("go env GOROOT: %v", err)
		}
		build.Default.GOROOT = strings.TrimSpace(string(out))
	}
	return nil
}

// check type-checks the package in dir with the files the target platform
// selects, and returns its errors.
func check(fset *token.FileSet, imp types.ImporterFrom, dir string) []error {
	pkg, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return []error{err}
	}
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return []error{err}
		}
		files = append(files, f)
	}
	var errs []error
	conf := types.Config{
		Importer: imp,
		Sizes:    types.SizesFor("gc", build.Default.GOARCH),
		Error:    func(err error) { errs = append(errs, err) },
	}
	conf.Check(pkg.ImportPath, fset, files, nil)
	return errs
}
