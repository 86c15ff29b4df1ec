// Command pinyintrain trains /pinyin's context model for polyphonic
// characters and writes its weights, with the digest of what they were
// trained from, to assets/dict/pinyin/context/perceptron.weights (`make
// pinyin-model`). The build uses the committed weights while the digest
// holds, and trains by itself otherwise.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

func main() {
	log.SetFlags(0)
	flag.Parse()
	layer := layout.DictionaryLayer(layout.BuildDir)
	if err := lambdabuild.BuildDictionaryLayer(".", layer); err != nil {
		log.Fatal(err)
	}
	env, err := pinyintrain.Load(".", filepath.Join(layer, layout.LayerDictDir))
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(env.Dir, pinyintrain.TrainedFile)
	if digest, _, err := pinyintrain.ReadTrained(path); err == nil && digest == env.Digest {
		fmt.Fprintf(os.Stderr, "%s is current (%s)\n", path, env.Digest[:12])
		return
	}
	start := time.Now()
	m, st := env.Train()
	if err := pinyintrain.WriteTrained(path, env.Digest, m); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "trained on %d examples (%d skipped) in %.1fs: %d weights in %s\n", st.Used, st.Skipped, time.Since(start).Seconds(), m.Weights(), path)
	// The layer's context file was compiled from the stale weights (or by
	// training): compile it again from the new ones.
	if err := lambdabuild.BuildDictionaryLayer(".", layer); err != nil {
		log.Fatal(err)
	}
}
