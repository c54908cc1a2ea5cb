#!/usr/bin/env bash
# Normalize: mapping accuracy (leave-one-out over the corpus and the fixtures), the Putuo
# checks, the scanned fixtures' review of OCR readings, the per-document and load-time benchmarks, and what one `budgetpdf convert` of one
# document costs (wall time and peak RSS, with and without the OCR engine).
# Prints figures; never fails on a number.
set -uo pipefail
cd "$(dirname "$0")/../.."

echo "-- mapping (hide each printed code, map the name back; leave-one-out)"
go test ./normalize/ -run 'TestMappingAccuracy' -v -count=1 2>&1 \
  | grep -E 'ALL rows|rows +[0-9]+' | sed 's/^ *mapping_eval_test.go:[0-9]*: //'

echo "-- Putuo: identities that hold exactly / checked (no error finding allowed)"
go test ./normalize/ -run 'TestPutuoConsistent' -v -count=1 2>&1 \
  | grep -E 'identities that hold|FAIL' | sed 's/^ *corpus_test.go:[0-9]*: //'

echo "-- scanned fixtures from their OCR snapshots (normalize/testdata/ocr): reading review"
go test ./normalize/ -run 'TestScannedFixtures' -v -count=1 2>&1 \
  | grep -E '^=== RUN .*/|amounts [0-9]|FAIL' | sed -e 's/^=== RUN   TestScannedFixtures\//  /' -e 's/^ *scan_test.go:[0-9]*: /    /'

echo "-- benchmarks (ns/op per document; warm = catalog and mapper loaded, cold = fresh mapper)"
go test ./normalize/... -run '^$' -bench . -benchtime 5x -count=1 2>&1 | grep -E '^Benchmark' || true

echo "-- one document through budgetpdf convert (wall s, peak RSS)"
doc=../shared/corpus/real/hangzhou-police-2026-budget.pdf
[ -f "$doc" ] || doc=fixtures/pdf/changji-hitech-zone-2026-budget.pdf
if go build -o /tmp/budgetpdf-bench ./cmd/budgetpdf && [ -x /usr/bin/time ]; then
  for mode in "--no-ocr" ""; do
    out=$(mktemp -d)
    /usr/bin/time -f "  $(basename "$doc") ${mode:-(OCR engine on)}: wall %e s, peak RSS %M KB" \
      /tmp/budgetpdf-bench convert -q $mode -format csv,json -o "$out" "$doc" 2>&1 | tail -1
    rm -rf "$out"
  done
  /usr/bin/time -f "  process start and exit (budgetpdf version): wall %e s, peak RSS %M KB" \
    /tmp/budgetpdf-bench version 2>&1 | tail -1
  rm -f /tmp/budgetpdf-bench
else
  echo "  (/usr/bin/time not available: skipped)"
fi
