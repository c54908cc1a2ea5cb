# syntax=docker/dockerfile:1
#
# budgetpdf in a container: Debian bookworm, Tesseract with the Chinese model, poppler.
# The development machine has no Docker engine: scripts/dockerfile-replay.sh replays these
# steps in debootstrap'ed bookworm chroots (docs/convert.md "Docker" has what that proves and
# what it does not). It hard-codes every RUN line and checks them against this file: change
# both together.
#
#   docker build -t budgetpdf .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/data" budgetpdf convert /data/in -o /data/out
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/out:/home/budgetpdf/out" budgetpdf   # the sample
# A bind-mounted folder keeps its host owner: without --user, the image's uid 10001 cannot
# write into it (convert says "permission denied" and exits 1).

# ---- build: Go with cgo against libtesseract (gosseract) ----
FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG VERSION=docker
# go build fetches only the modules the binary needs (not the test-only DuckDB driver);
# the cache mounts keep them between builds.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.Version=${VERSION}" \
      -o /out/budgetpdf ./cmd/budgetpdf \
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
# `budgetpdf` with no arguments converts fixtures/sample relative to the working folder.
COPY --from=build --chown=budgetpdf:budgetpdf /out/sample /home/budgetpdf/fixtures/sample
# One Tesseract client per worker is faster than Tesseract's own threads.
ENV OMP_THREAD_LIMIT=1
USER budgetpdf
WORKDIR /home/budgetpdf
LABEL org.opencontainers.image.title="budgetpdf" \
      org.opencontainers.image.description="Chinese government budget/final-accounts PDFs to exact, validated Excel, CSV, Parquet and JSON"
ENTRYPOINT ["budgetpdf"]
