#!/usr/bin/env bash
# Extract stage: pages/second and peak memory for every page of the real corpus, beside
# pdftotext -layout on the same files in the same run (ratio = our time / pdftotext's).
# Then the Go benchmark (go test -bench) over the whole corpus in one process.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=../shared/corpus/real
if ! ls "$corpus"/*.pdf >/dev/null 2>&1; then
  echo "extract: corpus absent ($corpus), nothing to measure"
  exit 0
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/extractbench" ./extract/cmd/extractbench
"$bin/extractbench" -runs 3 "$corpus"/*.pdf
echo
go test -run '^$' -bench 'BenchmarkExtractCorpus' -benchtime 3x -benchmem ./extract | grep -E '^Benchmark|^ok'
