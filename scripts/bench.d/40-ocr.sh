#!/usr/bin/env bash
# OCR stage: seconds per scanned page for the whole pipeline (budgetpdf convert) beside a
# plain `tesseract page.png - -l chi_sim --psm 6` on the same page images in the same run
# (ratio = ours / plain), the speed-up from --workers 2, and the accuracy of the scans
# against the pages' own text layer. Figures only; nothing here fails on a number.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_THREAD_LIMIT=1
if [ ! -d ../shared/corpus/real ] || ! command -v pdftoppm >/dev/null || ! command -v tesseract >/dev/null; then
  echo "ocr: needs ../shared/corpus/real, pdftoppm and tesseract; skipped"
  exit 0
fi
bin=bin/budgetpdf
[ -x "$bin" ] || go build -o "$bin" ./cmd/budgetpdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Scanned renditions (tilted, sealed, noisy JPEG) of 4 real table pages at 300 and 200 dpi,
# as PDFs and as the PNG images plain Tesseract reads.
OCR_BENCH_DIR="$work" go test -run '^TestWriteBenchScans$' -count=1 ./ocr/ >/dev/null

now() { date +%s.%N; }
printf "%-8s %6s %12s %12s %12s %8s %10s\n" scan pages "w1 s/page" "w2 s/page" "tess s/page" ratio "speed-up"
for kind in scan300 scan200; do
  pdf="$work/$kind.pdf"
  n=$(ls "$work/$kind"-p*.png | wc -l)
  declare -A secs=()
  for w in 1 2; do
    t0=$(now)
    "$bin" convert "$pdf" -o "$work/out-$kind-$w" --workers "$w" -q || true
    secs[$w]=$(echo "$(now) - $t0" | bc -l)
  done
  t0=$(now)
  for png in "$work/$kind"-p*.png; do
    tesseract "$png" - -l chi_sim --psm 6 >/dev/null 2>&1
  done
  tess=$(echo "$(now) - $t0" | bc -l)
  awk -v k="$kind" -v n="$n" -v w1="${secs[1]}" -v w2="${secs[2]}" -v t="$tess" 'BEGIN {
    printf "%-8s %6d %12.2f %12.2f %12.2f %8.2f %9.2fx\n", k, n, w1/n, w2/n, t/n, w1/t, w1/w2 }'
done
echo
echo "OCR stage accuracy (amounts, codes, names; silent = wrong and not flagged):"
echo " real corpus pages scanned on the fly, against their text layer:"
go test -run '^TestScanAccuracy$' -count=1 -v ./ocr/ 2>&1 | grep -E 'total:' | sed 's/^ *accuracy_test.go:[0-9]*: /  /'
echo " scanned fixtures (6 table pages), against their born-digital twins:"
go test -run '^TestFixtureScans$' -count=1 -v ./ocr/ 2>&1 | grep -E ' (total|[a-z0-9-]+ scan[0-9]+):' | sed 's/^ *fixture_test.go:[0-9]*: /  /'
