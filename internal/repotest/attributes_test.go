package repotest

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBuildInputsKeepTheirBytes: git converts no line endings in the data
// the build compiles or digests (assets/) nor in test fixtures, so a clone
// on any OS builds the same layer and finds the pinyin weights current.
func TestBuildInputsKeepTheirBytes(t *testing.T) {
	files := []string{
		"assets/dict/user.txt",
		"assets/dict/pinyin/phrase-pinyin-data.txt",
		"assets/dict/pinyin/context/cpp-dev.sent",
		"assets/dict/opencc/TSCharacters.txt",
		"internal/chinese/keywords/testdata/texts.txt",
	}
	cmd := exec.Command("git", append([]string{"check-attr", "text", "--"}, files...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("git check-attr: %v (not a git checkout?)", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.HasSuffix(line, ": text: unset") {
			t.Errorf("%s: want text unset (-text in .gitattributes)", line)
		}
	}
}
