#!/usr/bin/env bash
# Tables stage: time per page beside extract's time per page on the same corpus pages, and
# the ratio. Figures only; nothing here fails on a number.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d ../shared/corpus/real ]; then
  echo "tables: ../shared/corpus/real not available, skipped"
  exit 0
fi
out=$(go test -run '^$' -bench 'BenchmarkStages' -benchtime 3x ./tables/ 2>&1) || { echo "$out"; exit 1; }
echo "$out" | awk '
  /^BenchmarkStages\// {
    split($1, p, "/"); doc = p[2]; stage = p[3]; sub(/-[0-9]+$/, "", stage)
    for (i = 2; i <= NF; i++) if ($(i+1) == "ms/page") v[doc, stage] = $i
    docs[doc] = 1
  }
  END {
    printf "%-42s %14s %14s %8s\n", "document", "extract ms/pg", "tables ms/pg", "ratio"
    for (d in docs) {
      e = v[d, "extract"]; t = v[d, "tables"]
      r = (e > 0) ? t / e : 0
      printf "%-42s %14.3f %14.3f %8.2f\n", d, e, t, r
      se += e; st += t; n++
    }
    if (n > 0) printf "%-42s %14.3f %14.3f %8.2f\n", "mean", se / n, st / n, (se > 0) ? st / se : 0
  }'
