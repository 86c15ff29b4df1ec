// Package layout names the files of the segmentation dictionary layer, so
// the build that writes it, the stack that deploys it and the Lambda that
// reads it agree.
package layout

import "cloudtools/internal/chinese/segdict"

// DefaultDir is where Lambda mounts the layer's dict/ folder.
const DefaultDir = "/opt/dict"

// EnvDir overrides DefaultDir (local mode without namespaces, tests).
const EnvDir = "DICT_DIR"

// Licence is gse's licence, which covers the dictionary data.
const Licence = "LICENSE-gse.txt"

// FoldLicence is OpenCC's licence, which covers the character fold table
// compiled into the dictionary.
const FoldLicence = "LICENSE-OpenCC.txt"

// Files are the layer's files, relative to its dict/ folder: the compiled
// dictionary (package segdict) and the licences of its data.
var Files = []string{segdict.FileName, Licence, FoldLicence}
