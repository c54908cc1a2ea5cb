#!/usr/bin/env bash
# Normalize: mapping accuracy (leave-one-out over the corpus) and the seed/Putuo checks.
# Prints figures; never fails on a number.
set -uo pipefail
cd "$(dirname "$0")/../.."
go test ./normalize/ -run 'TestMappingAccuracy|TestPutuoConsistent' -v -count=1 2>&1 \
  | grep -E 'ALL rows|rows +[0-9]+|identities that hold' | sed 's/^ *//'
go test ./normalize/... -run '^$' -bench . -benchtime 2x -count=1 2>&1 | grep -E '^Benchmark' || true
