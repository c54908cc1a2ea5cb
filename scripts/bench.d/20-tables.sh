#!/usr/bin/env bash
# Tables stage: time per page beside extract's time per page on the same pages, for every
# text-layer file of the corpus (the scanned one is left out and named), per file and in
# total (all pages of all files: total time / total pages), and the ratio. Figures only;
# nothing here fails on a number.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d ../shared/corpus/real ]; then
  echo "tables: ../shared/corpus/real not available, skipped"
  exit 0
fi
out=$(go test -v -run '^$' -bench 'BenchmarkStages' -benchtime 10x ./tables/ 2>&1) || { echo "$out"; exit 1; }
echo "$out" | awk '
  /^BenchmarkStages\// {
    split($1, p, "/"); doc = p[2]; stage = p[3]; sub(/-[0-9]+$/, "", stage)
    for (i = 2; i <= NF; i++) {
      if ($(i+1) == "ms/page") v[doc, stage] = $i
      if ($(i+1) == "pages") n[doc] = $i
    }
    if (!(doc in seen)) { seen[doc] = 1; order[++nd] = doc }
  }
  /left out:/ { sub(/^.*left out: /, ""); left[++nl] = $0 }
  END {
    printf "%-42s %6s %14s %14s %8s\n", "document", "pages", "extract ms/pg", "tables ms/pg", "ratio"
    for (k = 1; k <= nd; k++) {
      d = order[k]; e = v[d, "extract"]; t = v[d, "tables"]
      printf "%-42s %6d %14.3f %14.3f %8.2f\n", d, n[d], e, t, (e > 0) ? t / e : 0
      se += e * n[d]; st += t * n[d]; np += n[d]
    }
    if (np > 0) printf "%-42s %6d %14.3f %14.3f %8.2f\n", "total (" nd " files)", np, se / np, st / np, (se > 0) ? st / se : 0
    for (k = 1; k <= nl; k++) print "left out: " left[k]
  }'
