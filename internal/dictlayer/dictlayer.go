// Package dictlayer names the files of the segmentation dictionary layer, so
// the build that writes it and the Lambda that reads it agree on one list.
package dictlayer

// DefaultDir is where Lambda mounts the layer's dict/ folder.
const DefaultDir = "/opt/dict"

// EnvDir overrides DefaultDir (local mode without namespaces, tests).
const EnvDir = "DICT_DIR"

// Files are the dictionary files, relative to the dict folder, in load
// order: gse's simplified and traditional Chinese word lists (jieba's words
// and frequencies), then the project's user dictionary, which wins on
// conflicts because it is read last.
var Files = []string{"zh/s_1.txt", "zh/t_1.txt", "user.txt"}
