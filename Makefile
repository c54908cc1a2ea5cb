# The two commands of the README:
#   make run    converts the bundled sample into out/ (installs what it needs first)
#   make test   runs every check CI runs (.ci/run calls exactly this)
SHELL := /bin/bash
GO ?= go
BIN := bin/budgetpdf
# The version is part of convert's --resume key: a rebuilt tool reconverts documents.
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.Version=$(VERSION)
# Tesseract's own threading off: one client per worker is faster (measured in docs/ocr.md).
export OMP_THREAD_LIMIT := 1

.PHONY: deps build run test vet unit eval bench fixtures fuzz clean

deps:
	@scripts/deps.sh

# budgetpdf-lake is the Iceberg lake (convert --lake, budgetpdf lake): a program of its own
# so that budgetpdf does not carry Iceberg's 84 MB (docs/lake.md).
build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/budgetpdf
	$(GO) build -o $(BIN)-lake ./cmd/budgetpdf-lake

run: build
	./$(BIN) convert fixtures/sample -o out

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

unit: deps
	$(GO) test -count=1 -timeout 20m ./...

test: deps vet unit eval

eval: build
	./$(BIN) eval --keys fixtures/keys,fixtures/heldout --variants all

bench: build
	scripts/bench.sh

fixtures: build
	WITH_FIXTURE_TOOLS=1 scripts/deps.sh
	$(GO) run ./fixtures/cmd/genfixtures

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRoundTrip -fuzztime 30s ./money/
	$(GO) test -run '^$$' -fuzz FuzzContentStream -fuzztime 30s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzCMap -fuzztime 30s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzParseAmountRoundTrip -fuzztime 30s ./normalize/

clean:
	rm -rf bin out
