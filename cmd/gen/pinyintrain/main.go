// Command pinyintrain trains /pinyin's context model for polyphonic
// characters and writes its weights, with the digest of what they were
// trained from and the fingerprint of the code that trained them, to
// assets/dict/pinyin/context/perceptron.weights (`make pinyin-model`).
// It is the only command that trains: every build compiles the committed
// weights, and stops when their digest no longer matches the inputs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"cloudtools/internal/chinese/pinyin"
	"cloudtools/internal/chinese/pinyin/pinyintrain"
	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

func main() {
	log.SetFlags(0)
	flag.Parse()
	layer := layout.DictionaryLayer(layout.BuildDir)
	if err := lambdabuild.BuildTrainingInputs(".", layer); err != nil {
		log.Fatal(err)
	}
	env, err := pinyintrain.Load(".", filepath.Join(layer, layout.LayerDictDir))
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(env.Dir, pinyintrain.TrainedFile)
	fp := env.Fingerprint()
	switch t, err := env.Trained(); {
	case err == nil && t.Fingerprint == fp:
		fmt.Fprintf(os.Stderr, "%s is current (%s)\n", path, env.Digest[:12])
	case err == nil && t.Fingerprint.Arch != fp.Arch:
		// Floating-point results may differ across architectures: the
		// digest is what says the weights are current.
		fmt.Fprintf(os.Stderr, "%s is current (%s; its fingerprint is %s's, not checked on %s)\n", path, env.Digest[:12], t.Fingerprint.Arch, fp.Arch)
	case err == nil:
		// Same inputs and versions, other results: code changed what
		// training computes without saying so. Weights trained now would
		// carry the digest of the old ones, and stale copies elsewhere
		// would never notice.
		log.Fatalf("%s: the code computes other %s than it did for the same inputs (fingerprint %s, now %s): bump %s, then run make pinyin-model again",
			path, changed(t.Fingerprint, fp), t.Fingerprint, fp, versionToBump(t.Fingerprint, fp))
	case !errors.Is(err, pinyintrain.ErrStale):
		log.Fatal(err)
	default:
		start := time.Now()
		m, st := env.Train()
		if err := pinyintrain.WriteTrained(path, env.Digest, fp, m); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "trained on %d examples (%d skipped) in %.1fs: %d weights in %s (commit it)\n", st.Used, st.Skipped, time.Since(start).Seconds(), m.Weights(), path)
	}
	if err := lambdabuild.BuildDictionaryLayer(".", layer); err != nil {
		log.Fatal(err)
	}
}

func changed(was, now pinyintrain.Fingerprint) string {
	if was.Features != now.Features {
		return "features"
	}
	return "weights from the same features"
}

func versionToBump(was, now pinyintrain.Fingerprint) string {
	if was.Features != now.Features {
		// The features read the label counts, which training code computes.
		return fmt.Sprintf("pinyin.FeatureVersion (now %d), or pinyintrain.TrainerVersion (now %d) if the label counts changed", pinyin.FeatureVersion, pinyintrain.TrainerVersion)
	}
	return fmt.Sprintf("pinyintrain.TrainerVersion (now %d)", pinyintrain.TrainerVersion)
}
