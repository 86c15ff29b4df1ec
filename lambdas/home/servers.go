package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"cloudtools/internal/lambdakit/apigw"
)

// The committed description's servers name local mode's address; the API
// serves it with its own base URL instead, so a client generated from the
// served copy calls the API it came from.

// serversOpen starts the servers array in openapi.json (one per file; a
// test checks the file).
var serversOpen = []byte(`"servers": [`)

// hostName is what a Host header may hold to be echoed into the document:
// a DNS name or address and a port.
var hostName = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$`)

// servedDescription is openapi.json with servers set to the base URL the
// request reached: its scheme (x-forwarded-proto, which API Gateway and
// local mode set), its Host, and the path before /openapi.json (a custom
// domain's mapping). Without a usable Host it is the committed file.
func servedDescription(req *apigw.Request) []byte {
	host := req.Header.Get("Host")
	if !hostName.MatchString(host) {
		return openAPI
	}
	scheme := "https"
	if req.Header.Get("X-Forwarded-Proto") == "http" {
		scheme = "http"
	}
	base := scheme + "://" + host + strings.TrimSuffix(req.Path, "/openapi.json")
	doc, ok := withServers(openAPI, []server{{URL: base, Description: "This API: the one that served this document"}})
	if !ok {
		return openAPI
	}
	return doc
}

type server struct {
	URL         string `json:"url"`
	Description string `json:"description"`
}

// withServers replaces the servers array of doc, keeping every other byte.
func withServers(doc []byte, servers []server) ([]byte, bool) {
	start := bytes.Index(doc, serversOpen)
	if start < 0 {
		return nil, false
	}
	end := bytes.IndexByte(doc[start:], ']')
	if end < 0 {
		return nil, false
	}
	list, err := json.Marshal(servers)
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	b.Write(doc[:start])
	b.WriteString(`"servers": `)
	b.Write(list)
	b.Write(doc[start+end+1:])
	return b.Bytes(), true
}
