#!/usr/bin/env bash
# OCR stage: seconds per scanned page for the whole pipeline (budgetpdf convert) beside a
# plain `tesseract page.png - -l chi_sim --psm 6` on the same page images in the same run
# (ratio = ours / plain), the speed-up from --workers 2, and the accuracy of the scans
# against the pages' own text layer. Figures only; nothing here fails on a number.
# Wall times follow the machine's load; the CPU seconds (user + system, children included)
# of the one-worker convert and of plain Tesseract much less so: on a shared machine their
# ratio (cpu ratio) is the one to compare (docs/BENCH.md "OCR speed, issue 11").
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
# cpu CMD...: runs CMD (output dropped, failure ignored) and prints its CPU seconds.
cpu() {
  local TIMEFORMAT='%U %S'
  { time "$@" >/dev/null 2>&1 || true; } 2>&1 | awk '{ print $1 + $2 }'
}
tessall() { for png in "$@"; do tesseract "$png" - -l chi_sim --psm 6; done; }
printf "%-8s %6s %12s %12s %12s %8s %10s %12s %12s %9s\n" scan pages "w1 s/page" "w2 s/page" "tess s/page" ratio "speed-up" "w1 cpu/page" "tess cpu/pg" "cpu ratio"
for kind in scan300 scan200; do
  pdf="$work/$kind.pdf"
  n=$(ls "$work/$kind"-p*.png | wc -l)
  declare -A secs=()
  for w in 1 2; do
    t0=$(now)
    c=$(cpu "$bin" convert "$pdf" -o "$work/out-$kind-$w" --workers "$w" -q)
    secs[$w]=$(echo "$(now) - $t0" | bc -l)
    [ "$w" = 1 ] && c1=$c
  done
  t0=$(now)
  ctess=$(cpu tessall "$work/$kind"-p*.png)
  tess=$(echo "$(now) - $t0" | bc -l)
  awk -v k="$kind" -v n="$n" -v w1="${secs[1]}" -v w2="${secs[2]}" -v t="$tess" -v c1="$c1" -v ct="$ctess" 'BEGIN {
    printf "%-8s %6d %12.2f %12.2f %12.2f %8.2f %9.2fx %12.2f %12.2f %9.2f\n", k, n, w1/n, w2/n, t/n, w1/t, w1/w2, c1/n, ct/n, c1/ct }'
done
echo
echo "OCR stage accuracy (amounts, codes, names; silent = wrong and not flagged):"
echo " real corpus pages scanned on the fly, against their text layer:"
go test -run '^TestScanAccuracy$' -count=1 -v ./ocr/ 2>&1 | grep -E 'total:' | sed 's/^ *accuracy_test.go:[0-9]*: /  /'
echo " scanned fixtures (6 table pages), against their born-digital twins:"
go test -run '^TestFixtureScans$' -count=1 -v ./ocr/ 2>&1 | grep -E ' (total|[a-z0-9-]+ scan[0-9]+):' | sed 's/^ *fixture_test.go:[0-9]*: /  /'
