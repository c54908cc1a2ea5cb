#!/usr/bin/env bash
# Batch benchmark (issue 7): the whole real corpus (plus fixture PDFs when present) with 1
# and 2 workers: documents/min, pages/s, peak RSS; then memory against batch size (10 and
# 100 copies of one document) to show that it does not grow with the number of documents.
# Figures come from the run's own OUT/run.json (pages, peak RSS via getrusage).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=../shared/corpus/real
if [ ! -d "$corpus" ]; then
  echo "batch: $corpus not found (../shared beside the repository): skipped"
  exit 0
fi
bin=bin/budgetpdf
[ -x "$bin" ] || { mkdir -p bin && go build -o "$bin" ./cmd/budgetpdf; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# field FILE KEY: a top-level number from run.json.
field() { grep -o "\"$2\": *[0-9.]*" "$1" | head -1 | sed 's/.*: *//'; }
count() { grep -o "\"$2\": *[0-9]*" "$1" | head -1 | sed 's/.*: *//'; }

inputs=("$corpus")
nfix=0
if compgen -G "fixtures/pdf/*.pdf" >/dev/null; then
  inputs+=(fixtures/pdf)
  nfix=$(ls fixtures/pdf/*.pdf | wc -l)
fi
ncorpus=$(ls "$corpus"/*.pdf | wc -l)
echo "whole corpus: $ncorpus real PDFs + $nfix fixture PDFs, all formats, OCR as installed"
printf '%-8s %6s %6s %9s %9s %8s %14s\n' workers docs pages seconds docs/min pages/s "peak RSS MiB"
for w in 1 2; do
  out="$tmp/corpus-$w"
  start=$(date +%s.%N)
  "$bin" convert -q --workers "$w" -o "$out" "${inputs[@]}" >/dev/null 2>"$tmp/err" || true
  end=$(date +%s.%N)
  run="$out/run.json"
  if [ ! -f "$run" ]; then echo "workers $w: no run.json"; cat "$tmp/err"; continue; fi
  docs=$(grep -c '"doc_id"' "$run")
  pages=$(count "$run" pages)
  rss=$(count "$run" peak_rss_kb)
  awk -v w="$w" -v d="$docs" -v p="$pages" -v s="$start" -v e="$end" -v r="$rss" 'BEGIN {
    t = e - s; printf "%-8d %6d %6d %9.2f %9.1f %8.1f %14.1f\n", w, d, p, t, d / t * 60, p / t, r / 1024 }'
done

# Memory against batch size: the same document 10 and 100 times (symlinks), 2 workers.
doc="$corpus/putuo-wanli-2024-budget.pdf"
echo
echo "memory vs batch size: copies of $(basename "$doc"), 2 workers"
printf '%-8s %6s %9s %14s\n' copies pages seconds "peak RSS MiB"
for n in 10 100; do
  dir="$tmp/copies-$n"
  mkdir -p "$dir"
  abs=$(cd "$(dirname "$doc")" && pwd)/$(basename "$doc")
  for i in $(seq -w 1 "$n"); do ln -s "$abs" "$dir/copy-$i.pdf"; done
  out="$tmp/out-$n"
  start=$(date +%s.%N)
  "$bin" convert -q --workers 2 -o "$out" "$dir" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  pages=$(count "$out/run.json" pages)
  rss=$(count "$out/run.json" peak_rss_kb)
  awk -v n="$n" -v p="$pages" -v s="$start" -v e="$end" -v r="$rss" 'BEGIN {
    printf "%-8d %6d %9.2f %14.1f\n", n, p, e - s, r / 1024 }'
done
