// Package layout is the one place that names where things are: the tools'
// sources and build outputs, the dictionary layer's files, and the
// environment variables through which the stacks tell a Lambda where its
// data is. The build writes these paths, the stacks deploy them, local mode
// and the benchmarks read them, and the Lambdas read the variables, so all
// of them import this package instead of spelling the names out.
//
// It imports nothing from the module: every wing may depend on it.
package layout

import (
	"errors"
	"os"
	"path/filepath"
)

// Sources: lambdas/<tool>/main.go is a tool.
const (
	// ToolsDir holds one folder per tool, relative to the module root.
	ToolsDir = "lambdas"
	// ToolMain is the file that makes a folder under ToolsDir a tool.
	ToolMain = "main.go"
)

// ToolSource is a tool's source folder under root.
func ToolSource(root, tool string) string { return filepath.Join(root, ToolsDir, tool) }

// ToolPackage is a tool's package path relative to the module root, as
// `go build` takes it.
func ToolPackage(tool string) string { return "./" + ToolsDir + "/" + tool }

// Build outputs, relative to the module root.
const (
	// BuildDir is the build's output folder (the stacks' asset folder).
	BuildDir = "build"
	// LocalDir is local mode's host-architecture build, app and assembly.
	LocalDir = BuildDir + "/local"
	// LocalAssembly is the cloud assembly local mode serves.
	LocalAssembly = LocalDir + "/cdk.out"
	// LocalCommand is the local mode command `make local` builds.
	LocalCommand = LocalDir + "/cloudtools-local"
	// Bootstrap is the executable a provided.al2023 function runs.
	Bootstrap = "bootstrap"
)

// ToolCode is the folder holding a tool's bootstrap under a build folder:
// out/lambdas/<tool>, the function's code asset.
func ToolCode(out, tool string) string { return filepath.Join(out, ToolsDir, tool) }

// ToolsCode is the folder holding every tool's code under a build folder.
func ToolsCode(out string) string { return filepath.Join(out, ToolsDir) }

// ToolBinary is a tool's bootstrap under a build folder.
func ToolBinary(out, tool string) string { return filepath.Join(ToolCode(out, tool), Bootstrap) }

// DictionaryLayer is the dictionary layer's content under a build folder
// (Lambda mounts it at /opt).
func DictionaryLayer(out string) string { return filepath.Join(out, "layers", "dictionary") }

// The dictionary layer's files, in its dict/ folder.
const (
	// LayerDictDir is the folder inside the layer.
	LayerDictDir = "dict"
	// DictFile is the compiled segmentation dictionary.
	DictFile = "cloudtools.segdict"
	// ConvertFile is the compiled OpenCC conversion dictionaries (/convert).
	ConvertFile = "cloudtools.opencc"
	// PinyinFile is the compiled pinyin readings (/pinyin).
	PinyinFile = "cloudtools.pinyin"
	// PinyinContextFile is the context model for polyphonic characters
	// (/pinyin): its weights, reading counts and g2pM's network.
	PinyinContextFile = "cloudtools.pinyin-context"
	// PinyinNetworkLicence and PinyinDataLicence are the Apache-2.0
	// licences of g2pM (its network and CPP data) and of g2pL's data.
	PinyinNetworkLicence = "LICENSE-g2pM.txt"
	PinyinDataLicence    = "LICENSE-g2pL.txt"
	// PinyinCharLicence and PinyinPhraseLicence are mozillazg's licences
	// of the pinyin data.
	PinyinCharLicence   = "LICENSE-pinyin-data.txt"
	PinyinPhraseLicence = "LICENSE-phrase-pinyin-data.txt"
	// Licence is gse's licence, which covers the dictionary data.
	Licence = "LICENSE-gse.txt"
	// FoldLicence is OpenCC's licence, which covers the character fold
	// table compiled into the dictionary and the conversion dictionaries.
	FoldLicence = "LICENSE-OpenCC.txt"
)

// DictionaryDir is the folder of the compiled dictionary under a build
// folder: what a Lambda sees at DefaultDictDir.
func DictionaryDir(out string) string { return filepath.Join(DictionaryLayer(out), LayerDictDir) }

// DictFiles are the layer's files, relative to its dict/ folder.
var DictFiles = []string{DictFile, ConvertFile, PinyinFile, Licence, FoldLicence, PinyinCharLicence, PinyinPhraseLicence}

// Where Lambda mounts the layer's dict/ folder, and the variable that
// overrides it (local mode without namespaces, tests).
const (
	DefaultDictDir = "/opt/" + LayerDictDir
	EnvDictDir     = "DICT_DIR"
)

// DictDir is where a Lambda finds the layer's files: DICT_DIR, or the
// layer's mount point.
func DictDir() string {
	if dir := os.Getenv(EnvDictDir); dir != "" {
		return dir
	}
	return DefaultDictDir
}

// Environment variables naming a tool's part of the data bucket.
const (
	EnvDataBucket = "DATA_BUCKET"
	EnvDataKey    = "DATA_KEY"    // one object (random-quote)
	EnvDataPrefix = "DATA_PREFIX" // a prefix of objects (random-image)
)

// ModuleRoot is the module's root: the nearest folder at or above the
// working directory that holds go.mod (a test runs in its package's
// folder, a command in the repository's). Tests find the repository this
// way rather than from runtime.Caller, which under -trimpath names a file
// by its import path.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
