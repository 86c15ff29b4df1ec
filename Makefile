# The verbs a user types. `make test` is the test command CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Node 20 still runs the CDK fine; silence jsii's end-of-life banner and the
# CLI's telemetry. (jsii starts node before main runs, so this must be set
# in the environment, not by the app.)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CDK_DISABLE_CLI_TELEMETRY := true

# Every Go build here is pure Go, and the Lambdas must be (CGO_ENABLED=0
# for provided.al2023): building everything so lets the host Lambdas of
# local mode, the tests and the tools share one compile of the standard
# library and the modules, instead of a cgo and a no-cgo one (a cold CI run
# compiled the host packages twice).
export CGO_ENABLED := 0

CDK := npx --no-install cdk
# Each phase of make local and make test runs through scripts/phase.pl,
# which records its wall and CPU time in $(PHASES) (set for those two
# targets; empty, it only runs the command) for the table at the end.
PHASES ?=
PHASE = perl scripts/phase.pl run "$(PHASES)"
# go vet of the CDK packages is slow; `make vet` runs it on its own.
# Test binaries without DWARF (-w): no debugger reads them, and linking
# is quicker.
GO_TEST_FLAGS ?= -vet=off -ldflags=-w
FUZZTIME ?= 30s
# Fuzz targets as package:Target, found in the test files (a scaffolded
# tool's included).
FUZZ_TARGETS = $(shell grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' lambdas internal cmd | sed -E 's#^(.*)/[^/]+:func (Fuzz.*)#./\1:\2#' | sort)

# Local mode: where it listens, and where its host-architecture build goes.
HOST ?= 127.0.0.1
PORT ?= 3000
# The Lambda Invoke API (aws lambda invoke --endpoint-url, SDK clients).
LAMBDA_PORT ?= 3001
# Delve's port for a function under the debugger (DEBUG=<tool>).
DEBUG_PORT ?= 2345
LOCAL_DIR := build/local
# Commands the Makefile builds for itself.
BUILD_DIR_TOOLS := build/bin

# Local mode must compile where CDK users work: `make cross` builds every
# package for macOS and Windows (GitHub's CI workflow runs it). `make test`
# type-checks for both, from source (cmd/check/crosscheck: 4 s of CPU, where
# compiling the standard library for macOS first took 35), the packages
# that hold platform-specific files (build tags) but local mode's top
# package, whose only split is a file lock and whose AWS SDK dependencies
# would take 25 s more each.
CROSS_TARGETS := darwin/arm64 windows/amd64
CROSS_PKGS ?= ./...
CROSS_TAGGED = $(filter-out ./internal/localmode/,$(addprefix ./,$(sort $(dir $(shell git grep -l '^//go:build' -- '*.go' ':!:*_test.go' ':!:*/testdata/*')))))

.PHONY: help phases-reset new-tool deps build synth pinyin-model pinyin-eval policy local local-synth invoke test smoke vet cross lint-workflows fuzz bench bench-seg bench-cold bench-local bench-startup deploy watch diff destroy images clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json
	@echo "deps: installing the pinned CDK CLI with npm ci…"
	@$(PHASE) npm npm ci --no-audit --no-fund --loglevel=error

# npm and the Go module proxy at once: both mostly wait on the network.
deps: ## install the pinned CDK CLI and the Go modules
	@echo "deps: downloading the Go modules (the first time: the AWS CDK for Go and the AWS SDK, minutes)…"
	@$(PHASE) "module download" sh -c 'go mod download && cd tools/delve && go mod download' & mods=$$!; \
	$(MAKE) --no-print-directory node_modules/.package-lock.json PHASES="$(PHASES)"; npm=$$?; \
	wait $$mods && exit $$npm

# Starts the phase file of the target that asks for it (make local's is
# where local mode's prepare adds its phases and serve prints the table).
phases-reset:
	@test -z "$(PHASES)" || { mkdir -p "$(dir $(PHASES))" && : > "$(PHASES)"; }

new-tool: ## scaffold a tool: make new-tool NAME=word-count (lambdas/<name>, its declaration, its openapi.json stub; docs/ADD-A-TOOL.md)
	@test -n "$(NAME)" || { echo 'usage: make new-tool NAME=<name>'; exit 2; }
	@go build -o $(BUILD_DIR_TOOLS)/new-tool ./cmd/newtool
	@$(BUILD_DIR_TOOLS)/new-tool '$(NAME)'

build: ## compile every Lambda (linux/arm64) and the dictionary layer into build/
	@echo "go run ./cmd/build"
	@$(PHASE) "build (arm64 Lambdas, layer)" go run ./cmd/build

pinyin-model: ## train /pinyin's context model for polyphones; writes its weights to assets/dict/pinyin/context (commit them)
	go run ./cmd/gen/pinyintrain

pinyin-eval: ## /pinyin's polyphone accuracy on CPP and g2pL beside the published figures (FOLDS=1: 5-fold cross-validation, a minute more)
	go run ./cmd/eval/pinyineval $(if $(FOLDS),-folds)

synth: deps ## synthesize both stacks into cdk.out/ (runs the build first)
	$(CDK) synth -q --no-notices

policy: synth ## AWS Control Tower's Guard rules over cdk.out: every finding fixed or acknowledged next to its resource (POLICY_VERBOSE=1 lists them)
	go run ./cmd/check/policycheck -assembly cdk.out

local: PHASES := $(LOCAL_DIR)/phases.tsv
local: phases-reset deps local-synth ## serve the API on http://$(HOST):$(PORT) and the Lambda Invoke API on :$(LAMBDA_PORT), with the real Lambda binaries (WATCH=1 rebuilds on change; ENV_FILE=env.json overrides variables; DEBUG=calc runs calc under Delve on :$(DEBUG_PORT))
	exec $(LOCAL_DIR)/cloudtools-local serve -assembly $(LOCAL_DIR)/cdk.out -addr $(HOST):$(PORT) -lambda-addr $(HOST):$(LAMBDA_PORT) $(if $(WATCH),-watch) $(if $(ENV_FILE),-env-file $(ENV_FILE)) $(if $(DEBUG),-debug $(DEBUG) -debug-addr $(HOST):$(DEBUG_PORT))

invoke: deps local-synth ## run one function once: make invoke TOOL=calc [EVENT=lambdas/calc/event.json | DATA='{"num1":1,"num2":2,"operator":"add"}'] [ENV_FILE=env.json] [DEBUG=1]
	$(if $(DATA),printf '%s' '$(DATA)' | )$(LOCAL_DIR)/cloudtools-local invoke $(TOOL) -assembly $(LOCAL_DIR)/cdk.out $(if $(DATA),-e -,$(if $(EVENT),-e $(EVENT))) $(if $(ENV_FILE),-env-file $(ENV_FILE)) $(if $(DEBUG),-debug -debug-addr $(HOST):$(DEBUG_PORT))

# The local command, then the Lambdas for this machine and the templates
# with them as the assets: no arm64 build, the CDK app compiled once, and
# nothing redone when no input changed (cloudtools-local prepare).
local-synth:
	@echo "local: compiling the local command…"
	@$(PHASE) "local command compile" go build -o $(LOCAL_DIR)/cloudtools-local ./cmd/local
	@$(LOCAL_DIR)/cloudtools-local prepare -out $(LOCAL_DIR)

test: PHASES := $(BUILD_DIR_TOOLS)/test-phases.tsv
test: phases-reset deps build ## gofmt, build, every Go test, a macOS and Windows type-check, actionlint, the synth with cdk-nag, the Guard rules
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	@# Compile every package once first: the test packages that prepare
	@# local mode build the CDK app in processes of their own, and would
	@# otherwise compile the AWS CDK for Go at the same time as go test.
	@# go list -export compiles every package, the commands too, without
	@# linking them (go build ./... would link 26 programs only to drop them).
	@echo "go list -export ./... (compile every package)"
	@$(PHASE) "compile every package" sh -c 'go list -export -f "" ./... > /dev/null'
	@echo "go test $(GO_TEST_FLAGS) ./... (but the scaffold's)"
	@$(PHASE) "go test" go test $(GO_TEST_FLAGS) $$(go list ./... | grep -v '/internal/devtools/scaffold$$')
	@# The scaffold's test (a copy of the module, prepared and served) runs
	@# beside the steps below, which mostly keep one core busy.
	@mkdir -p $(BUILD_DIR_TOOLS); \
	$(PHASE) "scaffold test (beside the four below)" go test $(GO_TEST_FLAGS) ./internal/devtools/scaffold > $(BUILD_DIR_TOOLS)/scaffold-test.log 2>&1 & scaffold=$$!; \
	echo "go run ./cmd/check/crosscheck (darwin/arm64, windows/amd64)" && \
	$(PHASE) "type-check for macOS and Windows" sh -c 'go run ./cmd/check/crosscheck -os darwin -arch arm64 $(CROSS_TAGGED) && go run ./cmd/check/crosscheck -os windows -arch amd64 $(CROSS_TAGGED)' && \
	$(PHASE) actionlint $(MAKE) --no-print-directory lint-workflows && \
	echo "$(CDK) synth -q --no-notices" && $(PHASE) synth $(CDK) synth -q --no-notices && \
	echo "go run ./cmd/check/policycheck -assembly cdk.out" && $(PHASE) "Guard rules" go run ./cmd/check/policycheck -assembly cdk.out; rest=$$?; \
	wait $$scaffold; tested=$$?; echo "go test ./internal/devtools/scaffold:"; cat $(BUILD_DIR_TOOLS)/scaffold-test.log; \
	perl scripts/phase.pl table $(PHASES) "make test: where the time went (CPU is user + sys)"; \
	exit $$(( rest || tested ))

smoke: ## the acceptance suite against a deployed API: make smoke URL=https://…/ (read-only, paced; no URL: local mode)
	cd acceptance && SMOKE_URL='$(URL)' go test -count=1 -timeout 20m $(if $(RUN),-run '$(RUN)')

bench: bench-seg bench-local bench-cold ## the benchmarks below

bench-seg: build ## segmentation beside gse and python jieba: cold start, MB/s, per-sentence latency, Lambda projection
	go test -run '^$$' -bench . -benchtime 2s -count 5 -cpu 1 ./internal/chinese/segmenter
	go run ./cmd/bench/segbench

bench-cold: build ## every text tool's cold start (segment, convert, pinyin; calc as a plain one) against an empty Go Lambda: CPU, peak RSS, wall (medians)
	go run ./cmd/bench/coldbench -runs $(or $(RUNS),15)

bench-local: deps local-synth ## local mode: gateway overhead, wrk per tool, ready time, memory, faults under load, timeouts vs measured durations (needs wrk)
	@echo "latency of GET /calc through the local API vs straight through the function's Runtime API (5 runs):"
	go test -run '^$$' -bench 'Calc' -benchtime 3000x -count 5 ./internal/localmode
	go run ./cmd/bench/localbench

bench-startup: deps local-synth ## local mode with nothing changed: make invoke, make local ready, a watch-mode edit answered (medians)
	go run ./cmd/bench/startupbench -runs $(or $(RUNS),5)

vet: ## gofmt and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...

cross: ## compile every package (or CROSS_PKGS) for macOS and Windows
	@for t in $(CROSS_TARGETS); do \
		echo "cross: GOOS=$${t%/*} GOARCH=$${t#*/} go build $(CROSS_PKGS)"; \
		GOOS=$${t%/*} GOARCH=$${t#*/} go build -o /dev/null $(CROSS_PKGS) || exit 1; \
	done

lint-workflows: ## check .github/workflows with actionlint (pinned in tools/actionlint/go.mod)
	cd tools/actionlint && go tool actionlint $(addprefix ../../,$(wildcard .github/workflows/*.yml))

fuzz: ## run every fuzz target for FUZZTIME (default 30s) each
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}" || exit 1; \
		pkg=$$(go list "$${t%%:*}"); dst="$${t%%:*}/testdata/fuzz/$${t#*:}"; \
		mkdir -p "$$dst" && cp -n "$$(go env GOCACHE)/fuzz/$$pkg/$${t#*:}"/* "$$dst"/ 2>/dev/null; \
	done
	@echo "new corpus entries are under */testdata/fuzz: commit them"

# APPROVAL=never for CI (the review was the approval); OUTPUTS=file writes
# the stacks' outputs (the API URL) as JSON.
APPROVAL ?= broadening

deploy: deps ## deploy both stacks to the account of your AWS credentials
	$(CDK) deploy --all --require-approval $(APPROVAL) $(if $(OUTPUTS),--outputs-file $(OUTPUTS))

watch: deps ## a deployed development stack follows your saves: cdk watch, Lambda code hotswapped (never for production)
	$(CDK) watch --hotswap-fallback --concurrency 2 CloudTools-Api

diff: deps ## compare the local app with what is deployed
	$(CDK) diff --all

destroy: deps ## delete the stacks (the data bucket is kept unless configured otherwise)
	$(CDK) destroy --all

images: ## redraw assets/images with the pattern generator
	go run ./cmd/gen/imagegen

clean: ## remove build outputs
	rm -rf build cdk.out
