#!/usr/bin/env bash
# queue-corpus.sh: issue 15's must-show run on the real corpus. A JetStream server
# (Debian's nats-server, a fresh store), `submit` of every corpus PDF, two worker processes
# (--workers 1 each, --ack-wait 15s so the killed worker's job comes back soon); worker A is SIGKILLed while it is inside a document (its state shows
# page progress) and restarted; then `status --wait` must exit 0, every document must be
# converted exactly once (the workers' JSON lines), no temp file may be left, and every
# document's cells.csv must equal a local `convert`'s byte for byte. Exit 0 only if all hold.
# Usage: scripts/queue-corpus.sh [CORPUS_DIR...]   (default ../shared/corpus/real)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/budgetpdf}
[ -x "$bin" ] || { echo "build first: make build"; exit 2; }
command -v nats-server >/dev/null || { echo "needs nats-server (apt-get install nats-server)"; exit 2; }
corpus=("$@")
[ ${#corpus[@]} -gt 0 ] || corpus=(../shared/corpus/real)
export OMP_THREAD_LIMIT=1
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
url=nats://127.0.0.1:$port
nats-server -a 127.0.0.1 -p "$port" -js -sd "$tmp/js" >"$tmp/nats.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do "$bin" status --nats "$url" >/dev/null 2>&1 && break; sleep 0.1; done
out=$tmp/out
echo "== local convert (reference)"
"$bin" convert -q --workers 2 -o "$tmp/local" "${corpus[@]}" || echo "(convert exit $?)"
echo "== submit"
"$bin" submit -q --nats "$url" "${corpus[@]}"
"$bin" submit -q --nats "$url" "${corpus[@]}"
start_worker() { # ID
  "$bin" worker --nats "$url" --workers 1 --ack-wait 15s --id "$1" -o "$out" >"$tmp/$1.jsonl" 2>"$tmp/$1.err" &
  pids+=($!)
  eval "pid_$1=$!"
}
start=$(date +%s.%N)
start_worker A
start_worker B
echo "== waiting for worker A to be inside a document (page progress)"
killed=""
for _ in $(seq 6000); do
  line=$("$bin" status --nats "$url" --json | grep '"state":"running"' | grep '"worker":"A"' | grep '"page":[1-9]' | head -1 || true)
  if [ -n "$line" ]; then
    kill -9 "$pid_A"
    killed=$(sed 's/.*"doc_id":"\([^"]*\)".*"page":\([0-9]*\),"pages":\([0-9]*\).*/\1 (page \2 of \3)/' <<<"$line")
    break
  fi
  sleep 0.2
done
[ -n "$killed" ] || { echo "worker A never showed page progress"; exit 1; }
after=$("$bin" status --nats "$url" --json | grep "\"doc_id\":\"${killed%% *}\"" | grep -o '"state":"[a-z]*","worker":"[^"]*"')
echo "SIGKILLed worker A inside $killed; its state right after the kill: $after"
echo "temp files in the shared folder right after the kill: $(find "$out" -name '.*.tmp-*' | wc -l)"
start_worker A2
echo "== status --wait"
set +e
"$bin" status --nats "$url" --wait -q
rc=$?
set -e
end=$(date +%s.%N)
echo "status --wait exit $rc after $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s"
kill "$pid_B" "$pid_A2"
wait "$pid_B" "$pid_A2" 2>/dev/null || true
fail=0
[ "$rc" = 0 ] || fail=1
docs=$(ls "$tmp/local"/*/cells.csv | wc -l)
# One line per job outcome; the job's doc_id is the first one on the line.
conv=$(cat "$tmp"/A.jsonl "$tmp"/B.jsonl "$tmp"/A2.jsonl | grep '"event":"done"' | grep '"status":"converted"' |
  sed 's/^[^}]*"doc_id":"\([^"]*\)".*/\1/' | sort | uniq -c | awk '{ print $1 }' | sort | uniq -c)
echo "documents: $docs; times each was converted (count x times): $(echo $conv)"
[ "$(echo $conv)" = "$docs 1" ] || { echo "FAIL: not every document converted exactly once"; fail=1; }
temps=$(find "$out" -name '.*.tmp-*' | wc -l)
echo "temp files left: $temps"
[ "$temps" = 0 ] || fail=1
same=0 differ=0
for c in "$tmp/local"/*/cells.csv; do
  d=$(dirname "$c")
  id=$(basename "$d")
  if cmp -s "$d/cells.csv" "$out/$id/cells.csv"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $id"; fi
done
echo "cells.csv identical to the local convert: $same of $docs (differ: $differ)"
[ "$differ" = 0 ] || fail=1
for w in A B A2; do echo "worker $w: $(grep -c '"event":"done"' "$tmp/$w.jsonl" || true) jobs done"; done
[ "$fail" = 0 ] && echo "PASS" || echo "FAIL"
exit "$fail"
