// Package acceptance is the black-box suite of the whole API: every route's
// happy paths and errors checked against openapi.json, CORS, the hostile
// requests, and the playground in a browser. It only speaks HTTP to a base
// URL, so the same tests check local mode and a deployed stack:
//
//	go test ./acceptance                         # starts local mode, as make test does
//	make smoke URL=https://abc.execute-api.eu-west-1.amazonaws.com/
//
// Against a URL it is read-only, paced (SMOKE_RATE requests per second,
// default 4) and bounded (SMOKE_MAX_REQUESTS, default 600), and it prints a
// summary. The fault scenarios and the checks that look inside local mode
// (its processes, its output) run only locally. See docs/ARCHITECTURE.md.
package acceptance
