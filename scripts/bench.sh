#!/usr/bin/env bash
# `make bench`: runs every stage's benchmark script in scripts/bench.d (in name order); each
# prints its own table of figures. Benchmarks print figures; they never fail on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
for s in scripts/bench.d/*.sh; do
  [ -e "$s" ] || continue
  echo "== $(basename "$s" .sh)"
  bash "$s"
  echo
done
