# The two commands of the README:
#   make run    converts the bundled sample into out/ (installs what running needs first:
#               no LibreOffice or fonts, which only the tests use)
#   make test   runs every check CI runs (.ci/run calls exactly this)
SHELL := /bin/bash
GO ?= go
BIN := bin/budgetpdf
# The version is part of convert's --resume key: a rebuilt tool reconverts documents.
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.Version=$(VERSION)
# Tesseract's own threading off: one client per worker is faster (measured in docs/ocr.md).
export OMP_THREAD_LIMIT := 1
# staticcheck, pinned: v0.8.2 is the newest the Go proxy serves that builds on Go 1.26.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Container engine for `make docker`: a running Docker, else podman.
ENGINE ?= $(shell if docker info >/dev/null 2>&1; then echo docker; elif command -v podman >/dev/null 2>&1; then echo podman; else echo docker; fi)
IMAGE ?= budgetpdf

.PHONY: deps run-deps build run test vet unit eval bench fixtures fuzz clean docker noocr scanbed

deps:
	@scripts/deps.sh test

run-deps:
	@scripts/deps.sh run

# budgetpdf-lake is the Iceberg lake (convert --lake, budgetpdf lake): a program of its own
# so that budgetpdf does not carry Iceberg's 84 MB (docs/lake.md).
build: run-deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/budgetpdf
	$(GO) build -o $(BIN)-lake ./cmd/budgetpdf-lake

run: build
	./$(BIN) convert fixtures/sample -o out

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# A test whose ../shared input is absent fails here instead of skipping (internal/corpus);
# the queue's tests use the machine's NATS server and fail if it is down (queue/queuetest).
unit: deps
	BUDGETPDF_REQUIRE_SHARED=1 BUDGETPDF_REQUIRE_NATS=1 $(GO) test -count=1 -timeout 20m ./...

test: deps vet unit eval

# The wild report (docs/eval.md): every unkeyed real document, minus the blind hold-out.
# About 5 s of CPU for 54 documents, so CI runs it whole; skipped where ../shared is absent.
WILD ?= ../shared/corpus/wild

eval: build
	./$(BIN) eval --keys fixtures/keys,fixtures/heldout --variants all
	@if [ -d "$(WILD)" ]; then ./$(BIN) eval --wild "$(WILD)" --triage fixtures/wild/triage.csv; \
	  else echo "eval --wild: $(WILD) absent, skipped"; fi

bench: build
	scripts/bench.sh

# The scan test bed (docs/scans.md): every keyed document through every degradation grade of
# fixtures/scanbed/grid.csv, one OCR worker; renderings cached in out/scanbed (~25 min cold).
# SCANBED_FLAGS=--quick: the quick rows on one document each.
scanbed:
	$(GO) build -o bin/scanbed ./fixtures/cmd/scanbed
	nice -n 10 ./bin/scanbed --grid fixtures/scanbed/grid.csv --cache out/scanbed --workers 1 --json-out out/scanbed/cells.json $(SCANBED_FLAGS)

fixtures: build
	WITH_FIXTURE_TOOLS=1 scripts/deps.sh
	$(GO) run ./fixtures/cmd/genfixtures

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRoundTrip -fuzztime 30s ./money/
	$(GO) test -run '^$$' -fuzz FuzzContentStream -fuzztime 30s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzCMap -fuzztime 30s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzOpen -fuzztime 30s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzParseAmountRoundTrip -fuzztime 30s ./normalize/

clean:
	rm -rf bin out

# The image, versioned like `make build` (the version is convert's --resume key). Base
# images come from the engine, a registry, or else are built here from Debian packages.
# DOCKER_BUILD_FLAGS: more build flags, e.g. --network host --build-arg GOPROXY=http://127.0.0.1:8099.
docker:
	@for img in debian:bookworm-slim golang:1.26-bookworm; do \
	  $(ENGINE) image inspect $$img >/dev/null 2>&1 || $(ENGINE) pull docker.io/library/$$img || \
	  scripts/base-images.sh $(ENGINE) || exit 1; \
	done
	$(ENGINE) build $(DOCKER_BUILD_FLAGS) --build-arg VERSION=$(VERSION) -t $(IMAGE):$(VERSION) -t $(IMAGE):latest .

# Static binaries without OCR (born-digital documents only; a scanned page is a failed page
# saying so): bin/noocr/budgetpdf-<os>-<arch>[.exe].
NOOCR_TARGETS ?= linux/amd64 linux/arm64 windows/amd64 darwin/amd64 darwin/arm64
noocr:
	@for t in $(NOOCR_TARGETS); do \
	  os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  echo "bin/noocr/budgetpdf-$$os-$$arch$$ext"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -tags noocr -trimpath -ldflags '$(LDFLAGS)' \
	    -o bin/noocr/budgetpdf-$$os-$$arch$$ext ./cmd/budgetpdf || exit 1; \
	done
