// Package invokeapi is local mode's stand-in for the Lambda service's
// Invoke API (POST /2015-03-31/functions/{FunctionName}/invocations), as
// `sam local start-lambda` serves it: the AWS CLI's and the SDKs' Lambda
// clients reach the local functions with --endpoint-url. It follows the
// Lambda API reference for the statuses, headers and bodies of the three
// invocation types and of the errors a caller can cause.
package invokeapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Invoker runs one invocation of a function (local mode adapts its Lambda
// host to it, as it does for the gateway).
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) (Result, error)
}

// Result is a function's answer.
type Result struct {
	Payload []byte
	// FunctionError: the function reported an error or crashed; Payload is
	// the error document ({"errorMessage", "errorType"}).
	FunctionError bool
}

// ErrTimeout is what an Invoker's error wraps when the function ran past
// its timeout: Lambda answers that as the function's own error.
var ErrTimeout = errors.New("function timed out")

// Function is an invocable function and the names it answers to.
type Function struct {
	// Names: the tool's name, the function's physical name, its logical
	// id; ARN: its unqualified ARN (any alias or version of it also finds
	// it, as local mode serves one code under all of them).
	Names  []string
	ARN    string
	Target Invoker
}

// MaxPayloadBytes is Lambda's limit on a synchronous invocation's request
// (6 MB); an asynchronous one's is 256 KB.
const (
	MaxPayloadBytes      = 6 * 1024 * 1024
	MaxEventPayloadBytes = 256 * 1024
)

// API is an http.Handler serving the Invoke API over functions.
type API struct {
	functions []Function
	// Log receives one line per invocation; nil discards.
	Log io.Writer
	// wg counts the Event invocations still running (Wait).
	wg sync.WaitGroup
}

// New serves fns.
func New(fns []Function) *API { return &API{functions: fns} }

// Wait blocks until every Event invocation started so far has finished.
func (a *API) Wait() { a.wg.Wait() }

const pathPrefix = "/2015-03-31/functions/"

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.EscapedPath(), pathPrefix)
	name, ok2 := strings.CutSuffix(name, "/invocations")
	if !ok || !ok2 || name == "" || strings.Contains(name, "/") {
		serviceError(w, http.StatusNotFound, "UnknownOperationException", "Unknown operation "+r.Method+" "+r.URL.Path)
		return
	}
	if r.Method != http.MethodPost {
		serviceError(w, http.StatusMethodNotAllowed, "MethodNotAllowedException", "The Invoke API is POST")
		return
	}
	name, err := url.PathUnescape(name)
	if err != nil {
		serviceError(w, http.StatusBadRequest, "InvalidParameterValueException", "FunctionName is not a valid path segment")
		return
	}
	fn, qualifier, problem := a.find(name, r.URL.Query().Get("Qualifier"))
	if problem != "" {
		serviceError(w, http.StatusNotFound, "ResourceNotFoundException", problem)
		return
	}
	kind := r.Header.Get("X-Amz-Invocation-Type")
	if kind == "" {
		kind = "RequestResponse"
	}
	limit := int64(MaxPayloadBytes)
	if kind == "Event" {
		limit = MaxEventPayloadBytes
	}
	payload, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		serviceError(w, http.StatusBadRequest, "InvalidRequestContentException", "Could not read the request body: "+err.Error())
		return
	}
	if int64(len(payload)) > limit {
		serviceError(w, http.StatusRequestEntityTooLarge, "RequestTooLargeException",
			fmt.Sprintf("Request must be smaller than %d bytes for the %s invocation type", limit, kind))
		return
	}
	if len(payload) == 0 {
		payload = []byte("{}") // Lambda hands a function an empty object
	}
	if !json.Valid(payload) {
		serviceError(w, http.StatusBadRequest, "InvalidRequestContentException", "Could not parse request body into json: the payload is not valid JSON")
		return
	}
	version := "$LATEST"
	if qualifier != "" && qualifier != "$LATEST" {
		version = "1" // aliases and versions all run the one local code
	}
	switch kind {
	case "DryRun":
		w.WriteHeader(http.StatusNoContent)
		return
	case "Event":
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			res, err := fn.Target.Invoke(context.Background(), payload)
			a.logf("%s (Event): %s", fn.Names[0], outcome(res, err))
		}()
		w.Header().Set("X-Amz-Executed-Version", version)
		w.WriteHeader(http.StatusAccepted)
		return
	case "RequestResponse":
	default:
		serviceError(w, http.StatusBadRequest, "InvalidParameterValueException",
			"X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not "+kind)
		return
	}
	res, err := fn.Target.Invoke(r.Context(), payload)
	a.logf("%s: %s", fn.Names[0], outcome(res, err))
	switch {
	case errors.Is(err, ErrTimeout):
		// Lambda reports a timeout as the function's error.
		res = Result{FunctionError: true, Payload: errorDocument("Sandbox.Timedout", err.Error())}
	case err != nil:
		serviceError(w, http.StatusBadGateway, "ServiceException", "The function did not answer: "+err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amz-Executed-Version", version)
	if res.FunctionError {
		h.Set("X-Amz-Function-Error", "Unhandled")
	}
	if r.Header.Get("X-Amz-Log-Type") == "Tail" {
		// Lambda's last 4 KB of the invocation's log; local mode's log
		// goes to the terminal, so the tail is empty.
		h.Set("X-Amz-Log-Result", base64.StdEncoding.EncodeToString(nil))
	}
	w.WriteHeader(http.StatusOK)
	w.Write(res.Payload)
}

// find resolves a FunctionName (a name, an ARN or a partial ARN, with an
// optional :qualifier) and the Qualifier parameter.
func (a *API) find(name, qualifier string) (*Function, string, string) {
	base, q := splitQualifier(name)
	if q != "" && qualifier != "" && q != qualifier {
		return nil, "", "The qualifier in FunctionName (" + q + ") and the Qualifier parameter (" + qualifier + ") differ"
	}
	if qualifier == "" {
		qualifier = q
	}
	for i := range a.functions {
		fn := &a.functions[i]
		if base == fn.ARN || slices.Contains(fn.Names, base) {
			return fn, qualifier, ""
		}
	}
	return nil, "", "Function not found: " + name
}

// splitQualifier parses the FunctionName forms Lambda accepts: name,
// name:qualifier, account:function:name[:qualifier] and
// arn:aws:lambda:region:account:function:name[:qualifier].
func splitQualifier(name string) (base, qualifier string) {
	parts := strings.Split(name, ":")
	switch {
	case parts[0] == "arn" && len(parts) == 8:
		return strings.Join(parts[:7], ":"), parts[7]
	case parts[0] == "arn":
		return name, ""
	case len(parts) == 2:
		return parts[0], parts[1]
	case len(parts) == 3 && parts[1] == "function":
		return parts[2], ""
	case len(parts) == 4 && parts[1] == "function":
		return parts[2], parts[3]
	}
	return name, ""
}

func (a *API) logf(format string, args ...any) {
	if a.Log != nil {
		fmt.Fprintf(a.Log, "invoke API: "+format+"\n", args...)
	}
}

func outcome(res Result, err error) string {
	switch {
	case err != nil:
		return err.Error()
	case res.FunctionError:
		return "function error"
	}
	return "ok"
}

func errorDocument(errorType, message string) []byte {
	b, _ := json.Marshal(map[string]string{"errorType": errorType, "errorMessage": message})
	return b
}

// serviceError is the Lambda service's own error: the status, the type in
// X-Amzn-ErrorType (which the SDKs read) and a JSON body with Type and
// Message.
func serviceError(w http.ResponseWriter, status int, errorType, message string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-ErrorType", errorType)
	w.WriteHeader(status)
	kind := "User"
	if status >= 500 {
		kind = "Service"
	}
	b, _ := json.Marshal(map[string]string{"Type": kind, "Message": message, "message": message})
	w.Write(b)
}
