#!/usr/bin/env bash
# Queue benchmark (issue 15): `budgetpdf worker` processes on one NATS JetStream server on
# this machine (nats-server from Debian, a fresh store per run).
#  1. Scaling: the scanned fixtures (OCR) through submit + 1, 2 and 4 worker processes
#     (--workers 1 each: one document and one Tesseract client per process), wall time from
#     submit to `status --wait`; pages/s against the cores. Reference: `convert --workers 1`.
#  2. Overhead per document: N copies (distinct bytes) of a small born-digital fixture through
#     submit + one worker against `convert --workers 1` of the same files; the difference per
#     document is what the queue costs (upload, job, state updates, download, acks).
# Figures only; nothing fails on a number. Needs nats-server (apt-get install nats-server).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v nats-server >/dev/null || { echo "queue: nats-server not installed (apt-get install nats-server): skipped"; exit 0; }
export OMP_THREAD_LIMIT=1
bin=bin/budgetpdf
[ -x "$bin" ] || { mkdir -p bin && go build -o "$bin" ./cmd/budgetpdf; }
tmp=$(mktemp -d)
server=""
workers=()
cleanup() {
  for p in "${workers[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
port=$((20000 + RANDOM % 20000))
url=nats://127.0.0.1:$port

# start_server: a fresh JetStream store for each measurement.
start_server() {
  [ -n "$server" ] && { kill "$server"; wait "$server" 2>/dev/null || true; }
  rm -rf "$tmp/js"
  nats-server -a 127.0.0.1 -p "$port" -js -sd "$tmp/js" >"$tmp/nats.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do "$bin" status --nats "$url" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "nats-server did not start"; cat "$tmp/nats.log"; exit 1
}
# queue_run N OUT FILES...: submit, N worker processes, status --wait; sets qt to the
# seconds. Not run in $(...): start_server must see (and stop) the previous server.
queue_run() {
  local n=$1 out=$2
  shift 2
  start_server
  local start end
  start=$(now)
  "$bin" submit -q --nats "$url" "$@" >/dev/null
  workers=()
  for i in $(seq "$n"); do
    "$bin" worker -q --nats "$url" --workers 1 --id "w$i" -o "$out" >/dev/null 2>"$tmp/worker$i.err" &
    workers+=($!)
  done
  "$bin" status --nats "$url" --wait -q >"$tmp/status" || { echo "status --wait failed:"; cat "$tmp/status" "$tmp"/worker*.err; }
  end=$(now)
  for p in "${workers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  workers=()
  qt=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
}
pages_of() { # pages converted under OUT (conversion.json)
  cat "$1"/*/conversion.json | grep -o '"pages": *[0-9]*' | awk -F: '{ s += $2 } END { print s }'
}

# QUEUE_BENCH_SCANS (a glob) picks fewer scans, e.g. on a busy machine.
scans=(${QUEUE_BENCH_SCANS:-fixtures/pdf/*-scan*.pdf})
if [ ! -e "${scans[0]}" ]; then echo "queue: no scanned fixtures in fixtures/pdf: scaling skipped"; else
  echo "scaling: ${#scans[@]} scanned fixture PDFs (OCR), $(getconf _NPROCESSORS_ONLN) cores"
  printf '%-34s %8s %6s %9s %8s %9s\n' run processes pages seconds pages/s speedup
  start=$(now)
  "$bin" convert -q --workers 1 -o "$tmp/local" "${scans[@]}" >/dev/null 2>&1 || true
  end=$(now)
  pages=$(pages_of "$tmp/local")
  base=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
  awk -v p="$pages" -v t="$base" 'BEGIN { printf "%-34s %8d %6d %9.1f %8.2f %9s\n", "convert --workers 1 (no queue)", 1, p, t, p / t, "" }'
  one=""
  for n in 1 2 4; do
    queue_run "$n" "$tmp/q$n" "${scans[@]}"
    t=$qt
    p=$(pages_of "$tmp/q$n")
    [ -z "$one" ] && one=$t
    awk -v n="$n" -v p="$p" -v t="$t" -v o="$one" 'BEGIN { printf "%-34s %8d %6d %9.1f %8.2f %8.2fx\n", "submit + worker processes", n, p, t, p / t, o / t }'
    if ! cmp -s "$tmp/local/$(basename "${scans[0]}" .pdf)/cells.csv" "$tmp/q$n/$(basename "${scans[0]}" .pdf)/cells.csv"; then
      echo "  note: cells.csv of $(basename "${scans[0]}") differs from the local convert's"
    fi
  done
fi

doc=fixtures/pdf/ningan-statistics-2024-final-accounts.pdf
if [ -f "$doc" ]; then
  n=40
  mkdir -p "$tmp/copies"
  for i in $(seq -w 1 $n); do { cat "$doc"; printf '%%%s\n' "$i"; } >"$tmp/copies/c$i.pdf"; done
  echo
  echo "overhead per document: $n copies (distinct bytes) of $(basename "$doc"), one process, text layer"
  start=$(now)
  "$bin" convert -q --workers 1 -o "$tmp/olocal" "$tmp/copies" >/dev/null 2>&1 || true
  end=$(now)
  local_t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  start_server
  start=$(now)
  "$bin" submit -q --nats "$url" "$tmp/copies" >/dev/null
  end=$(now)
  sub_t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  start=$(now)
  "$bin" worker -q --nats "$url" --workers 1 -o "$tmp/oq" >/dev/null 2>&1 &
  workers=($!)
  "$bin" status --nats "$url" --wait -q >/dev/null || true
  end=$(now)
  kill "${workers[0]}"; wait "${workers[0]}" 2>/dev/null || true; workers=()
  work_t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  awk -v n="$n" -v l="$local_t" -v s="$sub_t" -v w="$work_t" 'BEGIN {
    printf "%-44s %9.3f s  %7.1f ms/doc\n", "convert --workers 1", l, l / n * 1000
    printf "%-44s %9.3f s  %7.1f ms/doc\n", "submit (hash, upload, job)", s, s / n * 1000
    printf "%-44s %9.3f s  %7.1f ms/doc\n", "1 worker until status --wait returns", w, w / n * 1000
    printf "%-44s %9s    %7.1f ms/doc\n", "queue overhead (submit + worker - convert)", "", (s + w - l) / n * 1000 }'
fi
