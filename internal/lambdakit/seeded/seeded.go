// Package seeded gives the random tools their randomness: fresh per request,
// or, for a caller's seed, the same sequence every time.
package seeded

import (
	"hash/fnv"
	"math/rand/v2"

	"cloudtools/internal/lambdakit/apigw"
)

// MaxSeedLen bounds a seed, which is only hashed.
const MaxSeedLen = 256

// Rand returns a source seeded from seed when seeded is true (the same seed
// gives the same picks over the same data), else a random one.
func Rand(seed string, seeded bool) *rand.Rand {
	if !seeded {
		return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	h := fnv.New64a()
	h.Write([]byte(seed))
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// FromQuery reads the seed query parameter: at most once, at most
// MaxSeedLen bytes.
func FromQuery(req *apigw.Request) (seed string, present bool, problem *apigw.Problem) {
	seed, present, err := req.Single("seed")
	switch {
	case err != nil:
		return "", false, apigw.Invalid("%v", err)
	case len(seed) > MaxSeedLen:
		return "", false, apigw.Invalid("seed is longer than %d bytes", MaxSeedLen)
	}
	return seed, present, nil
}
