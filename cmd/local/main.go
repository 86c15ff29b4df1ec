// Command local serves the synthesized toolkit on localhost with the real
// Lambda binaries, no AWS and no Docker (make local), and invokes one
// function with an event file (like sam local invoke).
//
//	local prepare [-out build/local]
//	local serve  [-assembly build/local/cdk.out] [-addr 127.0.0.1:3000] [-lambda-addr 127.0.0.1:3001] [-env-file env.json] [-debug TOOL] [-watch]
//	local invoke <tool> -e event.json [-assembly build/local/cdk.out] [-env-file env.json] [-debug]
//
// prepare builds the Lambdas for this machine and synthesizes the app
// with them, skipping both when nothing they read has changed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"cloudtools/internal/devtools/phases"
	"cloudtools/internal/layout"
	"cloudtools/internal/localmode"
	"cloudtools/internal/localmode/lambdahost"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "serve":
		err = serve(os.Args[2:])
	case "invoke":
		err = invoke(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "local:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  local prepare [-out DIR]
  local serve  [-assembly DIR] [-addr HOST:PORT] [-lambda-addr HOST:PORT] [-env-file ENV.json] [-debug TOOL] [-watch]
  local invoke TOOL -e EVENT.json [-assembly DIR] [-env-file ENV.json] [-debug]`)
	os.Exit(2)
}

const defaultAssembly = layout.LocalAssembly

func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	out := fs.String("out", filepath.Dir(defaultAssembly), "output directory")
	fs.Parse(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	return localmode.Prepare(ctx, root, *out, os.Stderr)
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	asm := fs.String("assembly", defaultAssembly, "cloud assembly to serve (synthesized with host-architecture binaries)")
	addr := fs.String("addr", envAddr("PORT", "3000"), "listen address (default from HOST and PORT)")
	lambdaAddr := fs.String("lambda-addr", envAddr("LAMBDA_PORT", "3001"), "the Lambda Invoke API's listen address (default from HOST and LAMBDA_PORT; \"\" serves none)")
	watch := fs.Bool("watch", false, "rebuild and restart a function when its sources change")
	envFile := fs.String("env-file", "", `environment overrides in SAM's env.json shape: {"Parameters": {…}, "<tool>": {…}}`)
	debugTool := fs.String("debug", "", "run this tool under Delve, waiting for a debugger on -debug-addr")
	debugAddr := fs.String("debug-addr", envAddr("DEBUG_PORT", "2345"), "Delve's listen address (default from HOST and DEBUG_PORT)")
	fs.Parse(args)
	started := time.Now()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var debug *localmode.Debug
	if *debugTool != "" {
		var err error
		if debug, err = prepareDebug(*asm, *debugTool, *debugAddr); err != nil {
			return err
		}
	}
	srv, err := localmode.Start(ctx, localmode.Options{Assembly: *asm, Addr: *addr, LambdaAddr: *lambdaAddr, EnvFile: *envFile, Debug: debug, Output: os.Stdout})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Printf("cloudtools local API at %s/ (ready in %s, layers at /opt via %s)\n\n%s\n",
		srv.URL, srv.Ready.Round(time.Millisecond), lambdahost.OptStrategy(), srv.RouteTable())
	if srv.LambdaURL != "" {
		fmt.Printf("Lambda Invoke API at %s (aws lambda invoke --endpoint-url %s --function-name calc …)\n", srv.LambdaURL, srv.LambdaURL)
	}
	fmt.Println("Ctrl-C stops it.")
	printPhases(filepath.Join(filepath.Dir(*asm), localmode.PhasesFile), started)
	if *watch {
		root, _ := os.Getwd()
		w := &localmode.Watcher{Root: root, Server: srv, Out: os.Stdout, BuildDir: filepath.Join(filepath.Dir(*asm), "watch")}
		go func() {
			if err := w.Run(ctx); err != nil {
				fmt.Fprintln(os.Stderr, "watch:", err)
			}
		}()
	}
	<-ctx.Done()
	fmt.Println("\nstopping")
	return nil
}

// printPhases prints where the time of the build before this start went,
// when make local recorded its phases in file and the build ran (a start
// with nothing to build prints nothing), then removes the file.
func printPhases(file string, started time.Time) {
	ps, err := phases.Read(file)
	if err != nil || !slices.ContainsFunc(ps, func(p phases.Phase) bool { return p.Name == localmode.SynthPhase }) {
		return
	}
	os.Remove(file)
	cpu := phases.SelfCPU()
	ps = append(ps, phases.Since("start (serve until ready)", started, cpu))
	phases.Print(os.Stdout, "make local: where the time went (CPU is user + sys)", ps)
}

// prepareDebug builds tool for the debugger, and Delve, beside the
// assembly (build/local/debug).
func prepareDebug(asm, tool, addr string) (*localmode.Debug, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return localmode.PrepareDebug(root, filepath.Join(filepath.Dir(asm), "debug"), tool, addr, os.Stderr)
}

// envAddr is HOST (default 127.0.0.1) and the port in the environment
// variable portVar (default def).
func envAddr(portVar, def string) string {
	host, port := os.Getenv("HOST"), os.Getenv(portVar)
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = def
	}
	return host + ":" + port
}

func invoke(args []string) error {
	if len(args) < 1 || args[0] == "" || args[0][0] == '-' {
		usage()
	}
	tool := args[0]
	fs := flag.NewFlagSet("invoke", flag.ExitOnError)
	eventFile := fs.String("e", "", "event file (- for standard input)")
	asm := fs.String("assembly", defaultAssembly, "cloud assembly")
	envFile := fs.String("env-file", "", `environment overrides in SAM's env.json shape: {"Parameters": {…}, "<tool>": {…}}`)
	debugOn := fs.Bool("debug", false, "run the function under Delve, waiting for a debugger on -debug-addr")
	debugAddr := fs.String("debug-addr", envAddr("DEBUG_PORT", "2345"), "Delve's listen address (default from HOST and DEBUG_PORT)")
	fs.Parse(args[1:])
	if *eventFile == "" {
		*eventFile = filepath.Join(layout.ToolSource("", tool), "event.json")
	}
	var payload []byte
	var err error
	if *eventFile == "-" {
		payload, err = io.ReadAll(os.Stdin)
	} else {
		payload, err = os.ReadFile(*eventFile)
	}
	if err != nil {
		return err
	}
	if !json.Valid(payload) {
		return errors.New("the event is not valid JSON")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var debug *localmode.Debug
	if *debugOn {
		if debug, err = prepareDebug(*asm, tool, *debugAddr); err != nil {
			return err
		}
	}
	res, err := localmode.InvokeWith(ctx, localmode.InvokeOptions{Assembly: *asm, Tool: tool, Payload: payload, Output: os.Stderr, EnvFile: *envFile, Debug: debug})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "duration %.2f ms\n", float64(res.Duration.Microseconds())/1000)
	os.Stdout.Write(res.Payload)
	fmt.Println()
	if res.FunctionError {
		return fmt.Errorf("function error %s", res.ErrorType)
	}
	return nil
}
