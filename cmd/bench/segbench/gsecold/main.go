// Command gsecold is segbench's baseline for gse's cold start: load gse's
// Chinese dictionary the way gse's users do, segment one line from stdin,
// print it, exit.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/go-ego/gse"
)

func main() {
	gse.ToLower = false
	seg, err := gse.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	fmt.Println(strings.Join(seg.Cut(strings.TrimSpace(line), true), "  "))
}
