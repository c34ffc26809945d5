# Ensemble — the two commands are `make run` and `make test`.

GO        ?= go
BIN       := bin/ensemble
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X github.com/ensemble-suite/ensemble/internal/version.Version=$(VERSION)
TOOLS     := $(CURDIR)/bin/tools

export CGO_ENABLED ?= 0

.PHONY: all build run test web web-deps check-fmt vet go-test web-test e2e collab-test s3-gateway clean bench

all: build

## web-deps: install the UI's npm packages (from the lock file).
web-deps: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

## web: build the UI into web/dist, which the binary embeds.
web: web-deps
	cd web && npm run build

## build: the static binary, with the UI embedded.
build: web
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/ensemble

## run: build everything and start the suite on its embedded defaults.
run: build
	./$(BIN) serve

## test: every test — formatting, vet, Go tests (SQLite, PostgreSQL, S3), UI unit tests, browser tests.
test: check-fmt vet go-test web-test e2e collab-test

check-fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## go-test: Go tests with the race detector, against a real S3 gateway when one can be started.
go-test: $(TOOLS)/versitygw
	CGO_ENABLED=1 ./scripts/with-s3-gateway.sh $(TOOLS)/versitygw $(GO) test -race -count=1 -timeout 15m ./...

web-test: web-deps
	cd web && npm test

## e2e: browser tests; then Drive's core ones again with its bytes on a real S3 gateway (skipped without bin/tools/versitygw, which go-test builds).
e2e: build
	cd web && ENSEMBLE_BIN=$(CURDIR)/$(BIN) npm run e2e
	cd web && E2E_BLOBS=s3 ENSEMBLE_BIN=$(CURDIR)/$(BIN) ../scripts/with-s3-gateway.sh $(TOOLS)/versitygw \
		node --test --test-reporter=spec e2e/drive.test.mjs

## collab-test: the stock yjs + y-websocket clients against the real server.
collab-test: build
	cd collabtest && npm ci --no-audit --no-fund && ENSEMBLE_BIN=$(CURDIR)/$(BIN) timeout 600 npm test

$(TOOLS)/versitygw:
	@mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) CGO_ENABLED=0 $(GO) install github.com/versity/versitygw/cmd/versitygw@v1.8.0

## bench: the Go benchmarks recorded in BENCHMARKS.md.
bench: build
	./bench/run.sh

clean:
	rm -rf bin
	find web/dist -mindepth 1 ! -name .gitkeep -delete
