// Command imagegen draws the random-image tool's sample pictures: small,
// deterministic patterns the project owns outright, written as PNG.
//
//	go run ./cmd/gen/imagegen [-out assets/images]
package main

import (
	"flag"
	"log"
)

func main() {
	log.SetFlags(0)
	out := flag.String("out", "assets/images", "output directory")
	flag.Parse()
	names, err := WriteAll(*out)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d images to %s", len(names), *out)
}
