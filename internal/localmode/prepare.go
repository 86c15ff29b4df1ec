package localmode

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/devtools/phases"
	"cloudtools/internal/layout"
)

// Prepare makes what local mode serves, under out (build/local): the
// Lambdas for this machine (OS and architecture), the dictionary layer and the
// cloud assembly synthesized with them as the functions' code. It does
// only that work: no arm64 build (the synth's own build step is switched
// off), the CDK app compiled once into a binary the synth runs, and
// nothing at all when a digest of every input matches the last run's.
// Each step says what it does before it starts.
//
// out is relative to root unless absolute.
func Prepare(ctx context.Context, root, out string, progress io.Writer) error {
	start := time.Now()
	assetDir := out // as the app's context names it: relative to root
	if filepath.IsAbs(out) {
		if rel, err := filepath.Rel(root, out); err == nil {
			assetDir = rel
		}
	} else {
		out = filepath.Join(root, out)
	}
	unlock, err := lockDir(out, progress)
	if err != nil {
		return err
	}
	defer unlock()
	digest, err := inputsDigest(root)
	if err != nil {
		return err
	}
	digestFile := filepath.Join(out, "inputs.sha256")
	assembly := filepath.Join(out, "cdk.out")
	if old, err := os.ReadFile(digestFile); err == nil && string(old) == digest {
		if _, err := os.Stat(filepath.Join(assembly, "manifest.json")); err == nil {
			fmt.Fprintf(progress, "local: nothing changed since the last build and synth (%s)\n", time.Since(start).Round(time.Millisecond))
			return nil
		}
	}
	os.Remove(digestFile)
	phaseFile := filepath.Join(out, PhasesFile)
	if _, err := os.Stat(phaseFile); err != nil {
		phaseFile = "" // record phases only for make local, which starts the file
	}
	// Three builds at once: the CDK app's compile is long and mostly one
	// package at a time (the AWS CDK's packages depend on each other in a
	// chain), so the Lambdas' compile and the layer's compilers fill the
	// other core.
	fmt.Fprintf(progress, "local: building the Lambdas for %s and the dictionary layer into %s, and compiling the CDK app beside them (the first time takes minutes: it compiles the AWS CDK for Go)…\n", lambdabuild.Host, assetDir)
	app := filepath.Join(out, "cdk-app")
	appDone := make(chan error, 1)
	var appPhase phases.Phase
	go func() {
		start := time.Now()
		cmd := toolCommand(ctx, root, progress, "go", "build", "-o", app, ".")
		err := cmd.Run()
		appPhase = phases.Since("CDK app compile", start, phases.ProcessCPU(cmd))
		appDone <- err
	}()
	_, built, err := lambdabuild.BuildTimed(root, out, lambdabuild.Host)
	aerr := <-appDone
	switch {
	case err != nil:
		return fmt.Errorf("build: %w", err)
	case aerr != nil:
		return fmt.Errorf("compile the CDK app: %w", aerr)
	}
	fmt.Fprintln(progress, "local: synthesizing the templates with those binaries as the functions' code…")
	synthStart := time.Now()
	synth := toolCommand(ctx, root, progress, "npx", "--no-install", "cdk", "synth", "-q", "--no-notices",
		"--app", app, "--build", "true", "-o", assembly, "-c", "cloudtools:assetDir="+assetDir)
	if err := synth.Run(); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	synthPhase := phases.Since(SynthPhase, synthStart, phases.ProcessCPU(synth))
	if err := phases.Append(phaseFile, append(built, appPhase, synthPhase)...); err != nil {
		fmt.Fprintf(progress, "local: the phase table lost this build's phases: %v\n", err) // the build itself is done
	}
	if err := os.WriteFile(digestFile, []byte(digest), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(progress, "local: prepared in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// PhasesFile, under Prepare's out folder, is where `make local` records
// the time of each phase of a build (scripts/phase.pl), Prepare adds its
// own, and serve prints the table once the API answers.
const PhasesFile = "phases.tsv"

// SynthPhase is the name of Prepare's last phase: serve prints the table
// when the file has it, so only after a build.
const SynthPhase = "synth"

// toolCommand is a command in dir with its output on progress, and the
// environment the CDK wants (Makefile's exports, for callers without it).
func toolCommand(ctx context.Context, dir string, progress io.Writer, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = progress, progress
	cmd.Env = append(os.Environ(), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20", "CDK_DISABLE_CLI_TELEMETRY=true")
	return cmd
}

// inputsDigest is a SHA-256 over the names and contents of everything the
// build and the synth read from the repository: Go sources and modules,
// cdk.json, the npm lock and assets/. The dictionary's gse data is pinned
// by go.sum.
func inputsDigest(root string) (string, error) {
	h := sha256.New()
	skip := map[string]bool{".git": true, "node_modules": true, layout.BuildDir: true, "cdk.out": true, "docs": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if skip[rel] || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		name, slash := d.Name(), filepath.ToSlash(rel)
		test := strings.HasSuffix(name, "_test.go") || strings.Contains(slash, "/testdata/")
		relevant := !test && (strings.HasSuffix(name, ".go") ||
			slash == "go.mod" || slash == "go.sum" || slash == "cdk.json" || slash == "package-lock.json" ||
			strings.HasPrefix(slash, "assets/") || strings.HasPrefix(slash, layout.ToolsDir+"/"))
		if !relevant {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", slash, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
