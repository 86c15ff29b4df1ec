// Package lambdabuild compiles the Lambdas under lambdas/ and assembles the
// dictionary layer, with flags that make outputs depend on sources only.
package lambdabuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"cloudtools/internal/chinese/pinyin/pinyincompile"
	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/chinese/segdict/dictcompile"
	"cloudtools/internal/chinese/segdict/segsource"
	"cloudtools/internal/chinese/zhconvert/convcompile"
	"cloudtools/internal/devtools/phases"
	"cloudtools/internal/layout"
)

// goBuildFlags build a Lambda's bootstrap (no RPC mode, trimmed paths,
// stripped), plus an empty build id and no VCS stamp so that identical
// sources give identical binaries.
var goBuildFlags = []string{"build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags", "-s -w -buildid="}

// localBuildFlags build local mode's bootstraps: the same program, with
// the compile cache of the rest of the module.
var localBuildFlags = []string{"build", "-tags", "lambda.norpc", "-buildvcs=false", "-ldflags", "-s -w"}

// gseModule provides the Chinese dictionary files of the layer.
const gseModule = "github.com/go-ego/gse"

// Tools lists the Lambdas: every directory under lambdas/ with a main.go.
func Tools(root string) ([]string, error) {
	mains, err := filepath.Glob(filepath.Join(root, layout.ToolsDir, "*", layout.ToolMain))
	if err != nil {
		return nil, err
	}
	tools := make([]string, 0, len(mains))
	for _, m := range mains {
		tools = append(tools, filepath.Base(filepath.Dir(m)))
	}
	slices.Sort(tools)
	return tools, nil
}

// Platform is what a build targets: Lambda's is linux on arm64; local mode
// builds for the machine it runs on.
type Platform struct {
	OS, Arch string
	// Reproducible builds byte-identical binaries from identical sources
	// (trimmed paths, no build id), as deployments need to hash the same.
	// Local mode's builds skip it, to reuse what `go build` and `go test`
	// cached with the same flags.
	Reproducible bool
	// Debug builds for Delve (make local DEBUG=<tool>): no optimizations.
	Debug bool
}

// debugBuildFlags build a bootstrap for a debugger: symbols and the
// sources' real paths kept (even with -trimpath in GOFLAGS), and the
// module's own code without optimizations or inlining, so every line and
// variable of it is where the source says. Dependencies and the standard
// library are compiled as usual: Delve steps through them all the same,
// and they come from the compile cache the tests and local mode's build
// fill (all=-N -l compiled them all again, the standard library included:
// about 25 s of CPU in a cold CI run).
var debugBuildFlags = []string{"build", "-tags", "lambda.norpc", "-buildvcs=false", "-trimpath=false", "-gcflags=cloudtools/...=-N -l"}

// Lambda is the platform the stacks deploy (provided.al2023, arm64).
var Lambda = Platform{OS: "linux", Arch: "arm64", Reproducible: true}

// HostDebug is Host, built for a debugger.
var HostDebug = Platform{OS: runtime.GOOS, Arch: runtime.GOARCH, Debug: true}

// BuildDelve builds the pinned Delve (tools/delve) into dir and returns its
// path: from the module cache make deps fills, nothing fetched.
func BuildDelve(root, dir string) (string, error) {
	dst, err := filepath.Abs(filepath.Join(dir, "dlv"))
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", dst, "github.com/go-delve/delve/cmd/dlv")
	cmd.Dir = filepath.Join(root, "tools", "delve")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build Delve (make deps downloads it): %v\n%s", err, out)
	}
	return dst, nil
}

// Host is the machine this program runs on, for local mode.
var Host = Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}

func (p Platform) String() string { return p.OS + "/" + p.Arch }

// Build compiles every tool for p and assembles the layer. The two run at
// once: one `go build` compiles and links every tool in parallel, and the
// layer's compilers are Go code in this process that keeps a core busy
// while the go command waits on a package's dependencies.
func Build(root, out string, p Platform) ([]string, error) {
	tools, _, err := BuildTimed(root, out, p)
	return tools, err
}

// BuildTimed is Build, with the time and CPU each half took: the
// Lambdas' compile (the go command's CPU) and the layer (this process's
// CPU meanwhile, which is the compilers': the rest only waits).
func BuildTimed(root, out string, p Platform) ([]string, []phases.Phase, error) {
	tools, err := Tools(root)
	if err != nil {
		return nil, nil, err
	}
	layerDone := make(chan error, 1)
	var layer phases.Phase
	go func() {
		start, cpu := time.Now(), phases.SelfCPU()
		err := BuildDictionaryLayer(root, layout.DictionaryLayer(out))
		if cpu >= 0 {
			cpu = phases.SelfCPU() - cpu
		}
		layer = phases.Since("layer", start, cpu)
		layerDone <- err
	}()
	start := time.Now()
	cpu, err := buildLambdas(root, out, p, tools)
	lambdas := phases.Since("host build (Lambdas)", start, cpu)
	if lerr := <-layerDone; err == nil {
		err = lerr
	}
	if err == nil {
		err = removeStale(out, tools)
	}
	if err != nil {
		return nil, nil, err
	}
	return tools, []phases.Phase{lambdas, layer}, nil
}

// BuildLambda compiles lambdas/<tool> into out/lambdas/<tool>/bootstrap.
func BuildLambda(root, out string, p Platform, tool string) error {
	_, err := buildLambdas(root, out, p, []string{tool})
	return err
}

// buildLambdas compiles each tool into out/lambdas/<tool>/bootstrap with
// one go command: it links the binaries in parallel, and hashes the
// sources of their dependencies once instead of once a tool. It returns
// the CPU time the go command used.
func buildLambdas(root, out string, p Platform, tools []string) (time.Duration, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return 0, err
	}
	code := layout.ToolsCode(abs)
	if err := os.MkdirAll(code, 0o755); err != nil {
		return 0, err
	}
	// `go build -o DIR/` names each binary after its package's folder:
	// link into a fresh folder beside the outputs, then move each in
	// place, so a running local server never sees half a binary.
	tmp, err := os.MkdirTemp(code, ".build-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	flags := localBuildFlags
	switch {
	case p.Debug:
		flags = debugBuildFlags
	case p.Reproducible:
		flags = goBuildFlags
	}
	args := append(slices.Clone(flags), "-o", tmp+string(filepath.Separator))
	for _, tool := range tools {
		args = append(args, layout.ToolPackage(tool))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS="+p.OS, "GOARCH="+p.Arch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("go build %s: %v\n%s", strings.Join(tools, " "), err, stderr.String())
	}
	for _, tool := range tools {
		name := tool
		if p.OS == "windows" {
			name += ".exe"
		}
		dst := layout.ToolBinary(abs, tool)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, err
		}
		if err := os.Rename(filepath.Join(tmp, name), dst); err != nil {
			return 0, err
		}
	}
	return phases.ProcessCPU(cmd), nil
}

// removeStale deletes the output folders under out of tools that no longer
// exist, so a removed tool cannot linger in local mode or a deploy.
func removeStale(out string, tools []string) error {
	dir := layout.ToolsCode(out)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		// Dot folders are other builds' links in progress.
		if !slices.Contains(tools, e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// BuildDictionaryLayer writes the layer's content, dict/ (Lambda mounts
// the layer at /opt):
//   - the compiled segmentation dictionary, from gse's data at the version
//     go.mod pins, the project's user dictionary and OpenCC's character
//     table, with gse's licence;
//   - the compiled OpenCC conversion dictionaries (assets/dict/opencc/convert);
//   - OpenCC's licence, which covers both;
//   - the compiled pinyin readings (assets/dict/pinyin) with their licences.
//
// Compiling takes seconds, so each compiled file is skipped when a digest
// of every input, the compiler's source included, matches the last build's.
// The context model is never trained here: stale committed weights stop
// the build with pinyintrain.ErrStale (`make pinyin-model` trains).
func BuildDictionaryLayer(root, dst string) error {
	return buildLayer(root, dst, true)
}

// BuildTrainingInputs compiles what training the pinyin context model
// reads into the layer at dst: everything but the context file, which
// `make pinyin-model` compiles with BuildDictionaryLayer once it has
// trained.
func BuildTrainingInputs(root, dst string) error {
	return buildLayer(root, dst, false)
}

func buildLayer(root, dst string, withContext bool) error {
	gseDir, err := moduleDir(root, gseModule)
	if err != nil {
		return err
	}
	dictDir := filepath.Join(dst, layout.LayerDictDir)
	want := map[string]bool{}
	for src, name := range map[string]string{
		filepath.Join(gseDir, "LICENSE"):                                           layout.Licence,
		filepath.Join(root, "assets", "dict", "opencc", "LICENSE"):                 layout.FoldLicence,
		filepath.Join(root, pinyincompile.SourceDir, "LICENSE-pinyin-data"):        layout.PinyinCharLicence,
		filepath.Join(root, pinyincompile.SourceDir, "LICENSE-phrase-pinyin-data"): layout.PinyinPhraseLicence,
		filepath.Join(root, pinyintrain.Dir, "LICENSE-g2pM"):                       layout.PinyinNetworkLicence,
		filepath.Join(root, pinyintrain.Dir, "LICENSE-g2pL"):                       layout.PinyinDataLicence,
	} {
		if err := copyFile(src, filepath.Join(dictDir, name)); err != nil {
			return err
		}
		want[filepath.Join(dictDir, name)] = true
	}
	for _, cf := range compiledFiles(root, dst, gseDir) {
		if cf.name == layout.PinyinContextFile && !withContext {
			return nil
		}
		if err := compileCached(root, dst, cf); err != nil {
			return err
		}
		want[filepath.Join(dictDir, cf.name)] = true
	}
	// Drop files and folders no longer part of the layer.
	var dirs []string
	err = filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, p)
		case !want[p]:
			return os.Remove(p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // fails, as it should, unless empty
	}
	return err
}

// compiledFile is a file of the layer compiled from sources.
type compiledFile struct {
	name string // under dict/
	// inputs are the data files, and compilers the folders of Go code
	// (the format, the reader, the compiler), whose content decides it.
	inputs    []string
	compilers []string
	// compile returns the file, fully checked.
	compile func() ([]byte, error)
	// verify fully checks a copy taken from the main build.
	verify func([]byte) error
}

// contextInputs are the context model's inputs: its folder (data,
// network, trained weights), the pinyin data, and the segmentation
// dictionary's sources (it reads the compiled dictionary).
func contextInputs(root string, dictInputs []string) []string {
	dir := filepath.Join(root, pinyintrain.Dir)
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	files = append(files, pinyincompile.Sources(filepath.Join(root, pinyincompile.SourceDir))...)
	return append(files, dictInputs...)
}

func compiledFiles(root, dst, gseDir string) []compiledFile {
	userDict := filepath.Join(root, "assets", "dict", "user.txt")
	foldTable := filepath.Join(root, "assets", "dict", "opencc", "TSCharacters.txt")
	convertDir := filepath.Join(root, convcompile.SourceDir)
	pinyinDir := filepath.Join(root, pinyincompile.SourceDir)
	dictInputs := []string{
		foldTable,
		filepath.Join(gseDir, "data", "dict", "zh", "s_1.txt"),
		filepath.Join(gseDir, "data", "dict", "zh", "idf.txt"),
		filepath.Join(gseDir, "hmm", "prob_emit.go"),
		filepath.Join(gseDir, "hmm", "prob_trans.go"),
		filepath.Join(gseDir, "hmm", "viterbi.go"),
		userDict,
	}
	return []compiledFile{
		{
			name:      layout.DictFile,
			inputs:    dictInputs,
			compilers: []string{"internal/chinese/segdict"},
			compile: func() ([]byte, error) {
				src, err := segsource.ReadGseSource(gseDir, userDict, foldTable)
				if err != nil {
					return nil, fmt.Errorf("read dictionary sources: %w", err)
				}
				data, err := dictcompile.Compile(src)
				if err != nil {
					return nil, fmt.Errorf("compile dictionary: %w", err)
				}
				// The full check, once, here: at run time pages are
				// checked as they are first read.
				if err := segdict.VerifyBytes(data); err != nil {
					return nil, fmt.Errorf("compiled dictionary: %w", err)
				}
				return data, nil
			},
			verify: segdict.VerifyBytes,
		},
		{
			name:      layout.ConvertFile,
			inputs:    convcompile.Sources(convertDir),
			compilers: []string{"internal/chinese/zhconvert", "internal/chinese/phrasemap"},
			compile:   func() ([]byte, error) { return convcompile.Compile(convertDir) },
			verify:    convcompile.Verify,
		},
		{
			name:      layout.PinyinFile,
			inputs:    pinyincompile.Sources(pinyinDir),
			compilers: []string{"internal/chinese/pinyin", "internal/chinese/phrasemap"},
			compile:   func() ([]byte, error) { return pinyincompile.Compile(pinyinDir) },
			verify:    pinyincompile.Verify,
		},
		{
			// After the two files it reads (compileCached writes each
			// before the next), and last (BuildTrainingInputs stops
			// here). From the committed weights: no build trains.
			name:      layout.PinyinContextFile,
			inputs:    contextInputs(root, dictInputs),
			compilers: []string{"internal/chinese/pinyin", "internal/chinese/sections", "internal/chinese/g2peval", "internal/chinese/segmenter", "internal/chinese/segdict", "internal/chinese/phrasemap"},
			compile: func() ([]byte, error) {
				return pinyintrain.Compile(root, filepath.Join(dst, layout.LayerDictDir))
			},
			verify: pinyintrain.Verify,
		},
	}
}

// reuseMainBuild lets a layer take the main build's compiled files when
// their inputs are the same (off in the test that compiles twice).
var reuseMainBuild = true

// compiles counts compilations in this process (for tests).
var compiles atomic.Int64

// compileCached writes cf into the layer at dst unless its digest file
// records the digest of the same inputs and the file is still there.
func compileCached(root, dst string, cf compiledFile) error {
	out := filepath.Join(dst, layout.LayerDictDir, cf.name)
	digestFile := dst + "." + cf.name + ".inputs"
	files := slices.Clone(cf.inputs)
	for _, dir := range cf.compilers {
		before := len(files)
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return err
		}
		if len(files) == before {
			return fmt.Errorf("no compiler sources under %s", dir)
		}
	}
	digest, err := digestFiles(files)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(digestFile); err == nil && string(old) == digest {
		if _, err := os.Stat(out); err == nil {
			return nil
		}
	}
	// Local mode's layer and the deployed one are the same files: take the
	// main build's when compiled from the same inputs.
	shared := layout.DictionaryLayer(filepath.Join(root, layout.BuildDir))
	sharedDigest := shared + "." + cf.name + ".inputs"
	if old, err := os.ReadFile(sharedDigest); reuseMainBuild && err == nil && string(old) == digest && sharedDigest != digestFile {
		if data, err := os.ReadFile(filepath.Join(layout.DictionaryDir(filepath.Join(root, layout.BuildDir)), cf.name)); err == nil && cf.verify(data) == nil {
			if err := writeFileAtomic(out, data); err != nil {
				return err
			}
			return writeFileAtomic(digestFile, []byte(digest))
		}
	}
	compiles.Add(1)
	data, err := cf.compile()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(out, data); err != nil {
		return err
	}
	return writeFileAtomic(digestFile, []byte(digest))
}

// digestFiles is a SHA-256 over the names and contents of files.
func digestFiles(files []string) (string, error) {
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// moduleDir asks the go command where a required module's files are.
func moduleDir(root, module string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module)
	cmd.Dir = root
	out, err := cmd.Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		return "", fmt.Errorf("locate %s (run go mod download): %v", module, err)
	}
	return dir, nil
}

// copyFile copies src to dst unless dst already holds the same bytes:
// a rebuild leaves unchanged files alone, so a concurrent reader (another
// synth, a running local server) never sees one half-written or missing.
func copyFile(src, dst string) error {
	if same, _ := sameContent(src, dst); same {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	return writeFileAtomic(dst, data)
}

// writeFileAtomic writes beside dst, then renames over it: readers (another
// synth, a running local server, a mapped dictionary) see the old or the
// new file, never half of one.
func writeFileAtomic(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	// A unique name: test packages may build the layer at the same time.
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func sameContent(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil || sa.Size() != sb.Size() {
		return false, err
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ba, bb), nil
}
