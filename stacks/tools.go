package stacks

import "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"

// route is one HTTP API route served by a tool.
type route struct {
	path    string
	methods []awsapigatewayv2.HttpMethod
}

// tool is one Lambda of the toolkit: its sizing and routes. Memory is in
// MB. The timeout (seconds) is set from measured durations (make
// bench-local, "Timeouts"): at least 3× the CPU of the heaviest request
// the tool's limits allow, cold or warm, projected to its memory's share
// of a vCPU, plus the 2-s bound on S3 calls for the tools reading S3.
type tool struct {
	name        string
	description string
	memoryMB    float64
	timeoutSec  float64
	routes      []route
	// dictionary mounts the dictionary layer (layout.EnvDictDir=layout.DefaultDictDir).
	dictionary bool
	// bucketPrefix grants read access to that prefix of the data bucket,
	// passed to the function as layout.EnvDataBucket and layout.EnvDataPrefix.
	bucketPrefix string
	// bucketObject grants read access to that one object of the data
	// bucket, passed to the function as layout.EnvDataBucket and layout.EnvDataKey.
	bucketObject string
	// throttle is stricter than the stage's for tools that cost more per
	// request; zero: the stage's limits.
	throttle Throttle
}

// at is a route: a path and its methods.
func at(path string, methods ...awsapigatewayv2.HttpMethod) route {
	return route{path: path, methods: methods}
}

var (
	get  = awsapigatewayv2.HttpMethod_GET
	post = awsapigatewayv2.HttpMethod_POST
	anyM = awsapigatewayv2.HttpMethod_ANY
)

// tools is the toolkit, one declaration per tool. Everything else follows
// it: the stack builds each tool's function, role, routes, throttling,
// alarms and dashboard row from its entry; local mode serves the template
// synthesized from it; cdk_test holds openapi.json (and so the
// playground, which draws a card for any route without one of its own) to
// its routes. `make new-tool NAME=x` adds an entry above the marker.
var tools = []tool{
	{name: "calc", description: "Calculator: GET|POST /calc", memoryMB: 128, timeoutSec: 1,
		routes: []route{at("/calc", get, post)}},
	{name: "echo", description: "Echo: ANY /echo[/...] returns the payload 2.0 event", memoryMB: 128, timeoutSec: 3,
		routes: []route{at("/echo", anyM), at("/echo/{proxy+}", anyM)}},
	{name: "random-image", description: "Random image: GET /random-image from the data bucket", memoryMB: 128, timeoutSec: 3,
		routes:       []route{at("/random-image", get)},
		bucketPrefix: ImagesPrefix, throttle: Throttle{Rate: 10, Burst: 20}},
	{name: "random-quote", description: "Random quote: GET /random-quote from the data bucket's quotes.json", memoryMB: 128, timeoutSec: 3,
		routes:       []route{at("/random-quote", get)},
		bucketObject: QuotesKey, throttle: Throttle{Rate: 10, Burst: 20}},
	{name: "home", description: "The playground page (GET /) and the OpenAPI description (GET /openapi.json)", memoryMB: 128, timeoutSec: 1,
		routes: []route{at("/", get), at("/openapi.json", get)}},
	// The compiled dictionary is mapped, not parsed: init costs a few
	// CPU-ms and the process peaks under 32 MB (make bench-seg), so the
	// smallest size does. The heaviest request, /keywords with TextRank
	// over 64 KiB, takes ~20–65 CPU-ms (warm, worst): ~0.9 s at 128 MB's share.
	{name: "segment", description: "Chinese word segmentation and keywords: GET|POST /segment, /keywords", memoryMB: 128, timeoutSec: 4,
		routes: []route{
			at("/segment", get, post),
			at("/keywords", get, post),
		},
		dictionary: true, throttle: Throttle{Rate: 5, Burst: 10}},
	// OpenCC's dictionaries are mapped from the layer like the
	// segmentation dictionary; the heaviest request, 64 KiB to Taiwan with
	// offsets, takes ~25–50 CPU-ms: ~0.7 s at 128 MB's share.
	{name: "convert", description: "Simplified/traditional Chinese conversion (OpenCC): GET|POST /convert", memoryMB: 128, timeoutSec: 3,
		routes:     []route{at("/convert", get, post)},
		dictionary: true, throttle: Throttle{Rate: 10, Burst: 20}},
	// Pinyin reads the segmentation dictionary, its readings and the
	// context model for polyphones (g2pM's network), all mapped from the
	// layer; the heaviest request, 16 KiB with every reading, as spoken,
	// takes ~54 CPU-ms warm and ~107 in a fresh process: ~1.5 s at 128 MB's
	// share, under a quarter of the timeout.
	{name: "pinyin", description: "Chinese to pinyin, polyphones read in context: GET|POST /pinyin", memoryMB: 128, timeoutSec: 7,
		routes:     []route{at("/pinyin", get, post)},
		dictionary: true, throttle: Throttle{Rate: 5, Burst: 10}},
	// new-tool: entries are added above this line.
}

func toolNames() []string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = t.name
	}
	return names
}

// DeclaredRoutes maps each declared route key ("GET /calc") to its tool.
func DeclaredRoutes() map[string]string {
	out := map[string]string{}
	for _, t := range tools {
		for _, r := range t.routes {
			for _, m := range r.methods {
				out[string(m)+" "+r.path] = t.name
			}
		}
	}
	return out
}
