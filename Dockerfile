# budgetpdf in a container: Debian bookworm, Tesseract with the Chinese model, poppler.
# Builds on any engine as written: classic `docker build`, BuildKit, podman/buildah (no
# `# syntax=` frontend to pull, no BuildKit-only RUN --mount). Base images from a registry,
# or built locally from Debian packages: scripts/base-images.sh (docs/deploy.md).
#
#   make docker                                   # = docker|podman build --build-arg VERSION=$(git describe) -t budgetpdf .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/data" -w /data budgetpdf convert in -o out
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/out:/home/budgetpdf/out" budgetpdf   # the sample
#   docker run --rm budgetpdf worker --nats nats://HOST:4222 -o /data/out   # a queue worker (docs/queue.md)
# A bind-mounted folder keeps its host owner: without --user, the image's uid 10001 cannot
# write into it (convert says "permission denied" and exits 1).

# ---- build: Go with cgo against libtesseract (gosseract) ----
FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The version is part of convert's --resume key. `make docker` passes `git describe`; a
# build without it is versioned by a hash of its sources (src-<12 hex>), so an upgraded
# image reconverts instead of skipping documents converted by the old one.
ARG VERSION=
# Where go fetches modules (only those the binary needs, not the test-only DuckDB driver).
# Behind a proxy, or offline: --build-arg GOPROXY=http://HOST:PORT (any Go module proxy, e.g.
# a module cache served over HTTP; docs/deploy.md).
ARG GOPROXY=https://proxy.golang.org,direct
RUN v="${VERSION:-src-$(find . -type f ! -path './docs/*' ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)}" \
 && CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.Version=$v" -o /out/budgetpdf ./cmd/budgetpdf \
 && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/budgetpdf-lake ./cmd/budgetpdf-lake \
 && mkdir -p /out/sample \
 && if [ -d fixtures/sample ]; then cp -r fixtures/sample/. /out/sample/; fi

# ---- runtime: slim Debian with the shared libraries and the OCR models ----
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libtesseract5 tesseract-ocr-chi-sim tesseract-ocr-eng poppler-utils ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 --shell /usr/sbin/nologin budgetpdf
COPY --from=build /out/budgetpdf /usr/local/bin/budgetpdf
# The Iceberg lake (`convert --lake`, `worker --lake`, `budgetpdf lake`) is a program of its
# own that budgetpdf finds beside itself (docs/lake.md); pure Go, so built without cgo.
COPY --from=build /out/budgetpdf-lake /usr/local/bin/budgetpdf-lake
# `budgetpdf` with no arguments converts fixtures/sample relative to the working folder.
COPY --from=build --chown=budgetpdf:budgetpdf /out/sample /home/budgetpdf/fixtures/sample
# One Tesseract client per worker is faster than Tesseract's own threads.
ENV OMP_THREAD_LIMIT=1
USER budgetpdf
WORKDIR /home/budgetpdf
LABEL org.opencontainers.image.title="budgetpdf" \
      org.opencontainers.image.description="Chinese government budget/final-accounts PDFs to exact, validated Excel, CSV, Parquet and JSON"
ENTRYPOINT ["budgetpdf"]
