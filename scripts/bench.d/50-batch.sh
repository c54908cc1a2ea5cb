#!/usr/bin/env bash
# Batch benchmark (issue 7): the whole real corpus (plus fixture PDFs when present) with 1
# and 2 workers: documents/min, pages/s, peak RSS; once with OCR (as installed) and once
# text layer only (--no-ocr: what born-digital documents cost; scanned pages are then
# failed pages, counted apart). Then memory against batch size (10 and 100 copies of a
# born-digital document, 2 and 10 copies of a scanned one) to show that it does not grow
# with the number of documents. Figures come from the run's own OUT/run.json (pages,
# failed pages, peak RSS via getrusage); nothing here fails on a number.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=../shared/corpus/real
if [ ! -d "$corpus" ]; then
  echo "batch: $corpus not found (../shared beside the repository): skipped"
  exit 0
fi
export OMP_THREAD_LIMIT=1 # as make exports it: one single-threaded Tesseract client per worker
bin=bin/budgetpdf
[ -x "$bin" ] || { mkdir -p bin && go build -o "$bin" ./cmd/budgetpdf; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# count FILE KEY: the first integer value of KEY in a JSON file (run.json's top level).
count() { grep -o "\"$2\": *[0-9]*" "$1" | head -1 | sed 's/.*: *//'; }
# failed FILE: how many pages run.json lists as not read.
failed() { grep -c '"page": *[0-9]' "$1" || true; }
now() { date +%s.%N; }

inputs=("$corpus")
nfix=0
if compgen -G "fixtures/pdf/*.pdf" >/dev/null; then
  inputs+=(fixtures/pdf)
  nfix=$(ls fixtures/pdf/*.pdf | wc -l)
fi
ncorpus=$(ls "$corpus"/*.pdf | wc -l)
echo "whole corpus: $ncorpus real PDFs + $nfix fixture PDFs, all formats"
echo "(pages/s counts the pages read; with --no-ocr the scanned pages are not read)"
printf '%-10s %7s %5s %6s %7s %8s %9s %8s %13s\n' mode workers docs pages "not read" seconds docs/min pages/s "peak RSS MiB"
for mode in ocr text; do
  flag=""
  [ "$mode" = text ] && flag="--no-ocr"
  for w in 1 2; do
    out="$tmp/corpus-$mode-$w"
    start=$(now)
    "$bin" convert -q --keep-duplicates $flag --workers "$w" -o "$out" "${inputs[@]}" >/dev/null 2>"$tmp/err" || true
    end=$(now)
    run="$out/run.json"
    if [ ! -f "$run" ]; then echo "$mode, workers $w: no run.json"; cat "$tmp/err"; continue; fi
    docs=$(grep -c '"doc_id"' "$run")
    pages=$(count "$run" pages)
    notread=$(failed "$run")
    rss=$(count "$run" peak_rss_kb)
    awk -v m="$mode" -v w="$w" -v d="$docs" -v p="$pages" -v f="$notread" -v s="$start" -v e="$end" -v r="$rss" 'BEGIN {
      t = e - s; printf "%-10s %7d %5d %6d %7d %8.2f %9.1f %8.1f %13.1f\n", m, w, d, p, f, t, d / t * 60, (p - f) / t, r / 1024 }'
  done
done

# Memory against batch size: the same document many times (symlinks), 2 workers.
# link_copies DOC N DIR: N symlinks to DOC in DIR.
link_copies() {
  local abs
  abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  mkdir -p "$3"
  for i in $(seq -w 1 "$2"); do ln -s "$abs" "$3/copy-$i.pdf"; done
}
echo
echo "memory vs batch size: copies of one document, 2 workers, all formats"
printf '%-46s %6s %6s %9s %13s\n' document copies pages seconds "peak RSS MiB"
for spec in "putuo-wanli-2024-budget.pdf 10" "putuo-wanli-2024-budget.pdf 100" \
  "changsha-finance-2025-allocation-scanned.pdf 2" "changsha-finance-2025-allocation-scanned.pdf 10"; do
  read -r name n <<<"$spec"
  doc="$corpus/$name"
  [ -f "$doc" ] || continue
  dir="$tmp/copies-${name%.pdf}-$n"
  link_copies "$doc" "$n" "$dir"
  out="$tmp/out-${name%.pdf}-$n"
  start=$(now)
  "$bin" convert -q --keep-duplicates --workers 2 -o "$out" "$dir" >/dev/null 2>&1 || true
  end=$(now)
  pages=$(count "$out/run.json" pages)
  rss=$(count "$out/run.json" peak_rss_kb)
  awk -v d="$name" -v n="$n" -v p="$pages" -v s="$start" -v e="$end" -v r="$rss" 'BEGIN {
    printf "%-46s %6d %6d %9.2f %13.1f\n", d, n, p, e - s, r / 1024 }'
done
