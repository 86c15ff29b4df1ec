// Package localmode serves a synthesized cloudtools app on loopback with no AWS
// and no Docker: the HTTP API from the templates, each function's real
// bootstrap as a warm process, and an in-process S3 holding what the
// BucketDeployments would upload. Start returns once every function is
// warm, the way httptest.NewServer returns a ready server.
//
// Its parts (assembly, gateway, lambdahost, embeds3) never import each
// other's types across the gateway–host seam: this package wires them.
// docs/ARCHITECTURE.md shows how a request flows through them.
package localmode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"cloudtools/internal/localmode/assembly"
	"cloudtools/internal/localmode/embeds3"
	"cloudtools/internal/localmode/gateway"
	"cloudtools/internal/localmode/invokeapi"
	"cloudtools/internal/localmode/lambdahost"
)

// Options configure a local server.
type Options struct {
	// Assembly is the cloud assembly folder (cdk.out) to serve.
	Assembly string
	// Addr is host:port to listen on; "" means 127.0.0.1 on a free port.
	Addr string
	// Output receives function output and the access log; nil discards.
	Output io.Writer
	// CodeDirs overrides functions' code folders by tool name (watch mode
	// serves freshly built binaries instead of the assembly's copies).
	CodeDirs map[string]string
	// S3Middleware wraps the embedded S3 (fault scenarios cut it off).
	S3Middleware embeds3.Middleware
	// Debug, if set, runs one function under Delve (PrepareDebug).
	Debug *Debug
	// EnvFile overrides environment variables the template declares, in
	// SAM's env.json shape (ReadEnvFile); a bad file fails the start.
	EnvFile string
	// LambdaAddr is host:port for the Lambda Invoke API (what
	// `aws lambda invoke --endpoint-url` and the SDKs' Lambda clients
	// call); "" serves none, port 0 a free one.
	LambdaAddr string
}

// Server is a running local API.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:3000 (no trailing slash).
	URL string
	App *assembly.App
	S3  *embeds3.Server
	// Functions by tool name.
	Functions map[string]*lambdahost.Function
	// Ready is how long the start took, from Start to all functions warm.
	Ready time.Duration
	// LambdaURL is the Lambda Invoke API's endpoint (no trailing slash),
	// "" unless Options.LambdaAddr asked for one; LambdaAPI serves it.
	LambdaURL string
	LambdaAPI *invokeapi.API

	http      *http.Server
	lambda    *http.Server
	logs      *logWriter
	closeOnce sync.Once
}

// Start loads the assembly, starts S3 and every routed function, waits
// until all are warm, and serves the API.
func Start(ctx context.Context, opts Options) (*Server, error) {
	began := time.Now()
	app, err := assembly.LoadApp(opts.Assembly)
	if err != nil {
		return nil, err
	}
	var env EnvOverrides
	if opts.EnvFile != "" {
		if env, err = ReadEnvFile(opts.EnvFile, app); err != nil {
			return nil, err
		}
	}
	s := &Server{App: app, Functions: map[string]*lambdahost.Function{}}
	var out io.Writer = io.Discard
	if opts.Output != nil {
		s.logs = newLogWriter(opts.Output)
		out = s.logs
	}
	if s.S3, err = startS3(ctx, app, opts.S3Middleware); err != nil {
		return nil, err
	}
	if err := s.startFunctions(ctx, opts, env, out); err != nil {
		s.Close()
		return nil, err
	}
	routes := make([]gateway.Route, len(app.Routes))
	for i, r := range app.Routes {
		routes[i] = gateway.Route{Key: r.Key, Target: hosted{s.Functions[r.Function.Name]}}
	}
	var cors *gateway.CORS
	if c := app.CORS; c != nil {
		cors = &gateway.CORS{AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
			ExposeHeaders: c.ExposeHeaders, AllowCredentials: c.AllowCredentials, MaxAge: c.MaxAge}
	}
	gw, err := gateway.New(routes, cors)
	if err != nil {
		s.Close()
		return nil, err
	}
	gw.Log, gw.AccountID = out, assembly.AccountID
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.URL = "http://" + ln.Addr().String()
	s.http = &http.Server{Handler: gw, ReadHeaderTimeout: 30 * time.Second}
	go s.http.Serve(ln)
	if opts.LambdaAddr != "" {
		if err := s.serveLambdaAPI(opts.LambdaAddr, out); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.Ready = time.Since(began)
	return s, nil
}

// serveLambdaAPI serves the Lambda Invoke API over the same warm
// processes as the HTTP API. A function answers to its tool name, its
// physical name (the last part of its ARN), its logical id and its ARN.
func (s *Server) serveLambdaAPI(addr string, out io.Writer) error {
	var fns []invokeapi.Function
	for _, fn := range s.App.Functions {
		physical := fn.ARN[strings.LastIndex(fn.ARN, ":")+1:]
		fns = append(fns, invokeapi.Function{
			Names:  []string{fn.Name, physical, fn.LogicalID},
			ARN:    fn.ARN,
			Target: invokeHosted{s.Functions[fn.Name]},
		})
	}
	s.LambdaAPI = invokeapi.New(fns)
	s.LambdaAPI.Log = out
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("the Lambda Invoke API: %w", err)
	}
	s.LambdaURL = "http://" + ln.Addr().String()
	s.lambda = &http.Server{Handler: s.LambdaAPI, ReadHeaderTimeout: 30 * time.Second}
	go s.lambda.Serve(ln)
	return nil
}

// invokeHosted adapts a hosted function to the Invoke API's Invoker.
type invokeHosted struct{ f *lambdahost.Function }

func (h invokeHosted) Invoke(ctx context.Context, payload []byte) (invokeapi.Result, error) {
	res, err := h.f.Invoke(ctx, payload)
	if errors.Is(err, lambdahost.ErrTimeout) {
		err = fmt.Errorf("%w: %w", invokeapi.ErrTimeout, err)
	}
	return invokeapi.Result{Payload: res.Payload, FunctionError: res.FunctionError}, err
}

// hosted adapts a hosted function to the gateway's Invoker: the seam
// between the two, so neither imports the other.
type hosted struct{ f *lambdahost.Function }

func (h hosted) Invoke(ctx context.Context, payload []byte) (gateway.Invocation, error) {
	res, err := h.f.Invoke(ctx, payload)
	if errors.Is(err, lambdahost.ErrTimeout) {
		err = fmt.Errorf("%w: %w", gateway.ErrFunctionTimeout, err)
	}
	return gateway.Invocation{Payload: res.Payload, FunctionError: res.FunctionError}, err
}

// startS3 creates the buckets and uploads what the deployments would.
func startS3(ctx context.Context, app *assembly.App, wrap embeds3.Middleware) (*embeds3.Server, error) {
	srv := embeds3.Start(wrap)
	for _, b := range app.Buckets {
		if err := srv.CreateBucket(ctx, b); err != nil {
			srv.Close()
			return nil, fmt.Errorf("bucket %s: %w", b, err)
		}
	}
	for _, d := range app.Deployments {
		for _, dir := range d.SourceDirs {
			if _, err := srv.PutDir(ctx, d.Bucket, d.Prefix, dir); err != nil {
				srv.Close()
				return nil, fmt.Errorf("deploy %s to %s/%s: %w", dir, d.Bucket, d.Prefix, err)
			}
		}
	}
	return srv, nil
}

// functionConfig is how local mode runs a function: the template's settings
// plus S3 at the embedded server with dummy credentials.
func functionConfig(fn *assembly.Function, s3URL string, overrides EnvOverrides, out io.Writer) lambdahost.Config {
	env := map[string]string{
		"AWS_ENDPOINT_URL_S3":   s3URL,
		"AWS_ACCESS_KEY_ID":     embeds3.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY": embeds3.SecretAccessKey,
	}
	for k, v := range fn.Environment {
		env[k] = v
	}
	for _, w := range overrides.apply(fn, env) {
		fmt.Fprintln(out, w)
	}
	return lambdahost.Config{
		Name: fn.Name, ARN: fn.ARN, CodeDir: fn.CodeDir, Handler: fn.Handler,
		Env: env, Layers: fn.LayerDirs, MemoryMB: fn.MemoryMB, Timeout: fn.Timeout, Output: out,
	}
}

func (s *Server) startFunctions(ctx context.Context, opts Options, env EnvOverrides, out io.Writer) error {
	for _, w := range env.unusedParameters(s.App) {
		fmt.Fprintln(out, w)
	}
	if d := opts.Debug; d != nil {
		if _, err := s.App.FunctionByName(d.Tool); err != nil {
			return fmt.Errorf("debug: %w", err)
		}
	}
	for _, fn := range s.App.Functions {
		cfg := functionConfig(fn, s.S3.URL, env, out)
		if dir, ok := opts.CodeDirs[fn.Name]; ok {
			cfg.CodeDir = dir
		}
		if d := opts.Debug; d != nil && d.Tool == fn.Name {
			d.configure(&cfg, out)
		}
		f, err := lambdahost.Start(cfg)
		if err != nil {
			return err
		}
		s.Functions[fn.Name] = f
	}
	// Inits run in parallel; wait for all but a function under the
	// debugger, which starts when its client says so.
	errs := make(chan error, len(s.Functions))
	waiting := 0
	for name, f := range s.Functions {
		if opts.Debug != nil && opts.Debug.Tool == name {
			continue
		}
		waiting++
		go func() { errs <- f.Ready(ctx) }()
	}
	var all []error
	for range waiting {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

// Close stops the server, every function process and S3.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		for _, srv := range []*http.Server{s.http, s.lambda} {
			if srv != nil {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				srv.Shutdown(ctx)
				cancel()
			}
		}
		if s.LambdaAPI != nil {
			s.LambdaAPI.Wait() // Event invocations still running
		}
		var wg sync.WaitGroup
		for _, f := range s.Functions {
			wg.Add(1)
			go func() { defer wg.Done(); f.Close() }()
		}
		wg.Wait()
		if s.S3 != nil {
			s.S3.Close()
		}
		if s.logs != nil {
			s.logs.Close()
		}
	})
	return nil
}

// RouteTable lists the routes and the functions behind them.
func (s *Server) RouteTable() string {
	m := map[string]string{}
	for _, r := range s.App.Routes {
		m[r.Key] = r.Function.Name
	}
	return gateway.RouteTable(m)
}

// Invoke runs one invocation of a tool outside any server: S3 and that
// function only, like `sam local invoke`.
func Invoke(ctx context.Context, assemblyDir, tool string, payload []byte, out io.Writer) (lambdahost.Result, error) {
	return InvokeWith(ctx, InvokeOptions{Assembly: assemblyDir, Tool: tool, Payload: payload, Output: out})
}

// InvokeOptions configure one invocation (Invoke's arguments, and an env
// file's overrides).
type InvokeOptions struct {
	Assembly, Tool string
	Payload        []byte
	Output         io.Writer
	// EnvFile, if set, is read as for serve (ReadEnvFile).
	EnvFile string
	// Debug, if set, runs the function under Delve (PrepareDebug).
	Debug *Debug
}

// InvokeWith is Invoke with options.
func InvokeWith(ctx context.Context, o InvokeOptions) (lambdahost.Result, error) {
	assemblyDir, tool, payload, out := o.Assembly, o.Tool, o.Payload, o.Output
	app, err := assembly.LoadApp(assemblyDir)
	if err != nil {
		return lambdahost.Result{}, err
	}
	fn, err := app.FunctionByName(tool)
	if err != nil {
		return lambdahost.Result{}, err
	}
	var env EnvOverrides
	if o.EnvFile != "" {
		if env, err = ReadEnvFile(o.EnvFile, app); err != nil {
			return lambdahost.Result{}, err
		}
	}
	s3, err := startS3(ctx, app, nil)
	if err != nil {
		return lambdahost.Result{}, err
	}
	defer s3.Close()
	if out == nil {
		out = os.Stderr
	}
	cfg := functionConfig(fn, s3.URL, env, out)
	if d := o.Debug; d != nil {
		d.configure(&cfg, out)
	}
	f, err := lambdahost.Start(cfg)
	if err != nil {
		return lambdahost.Result{}, err
	}
	defer f.Close()
	if cfg.Debug == nil {
		if err := f.Ready(ctx); err != nil {
			return lambdahost.Result{}, err
		}
	}
	return f.Invoke(ctx, payload)
}
