#!/usr/bin/env bash
# Serves a converted folder and asks for /, every /doc/<id> and every page PNG of every
# document twice (cold, then warm), printing status codes and timings. Not part of make
# test (a full corpus takes minutes of pdftoppm); figures recorded in docs/review.md.
#   scripts/serve-check.sh OUT [PORT]      (run from the folder convert was run from)
set -euo pipefail
out=${1:?usage: scripts/serve-check.sh OUT [PORT]}
port=${2:-18790}
bin=${BIN:-bin/budgetpdf}
"$bin" serve "$out" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/")
echo "/ $code"
bad=0; pages=0
cold=$(mktemp); warm=$(mktemp)
for conv in "$out"/*/conversion.json; do
  id=$(basename "$(dirname "$conv")")
  n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['pages'])" "$conv")
  c=$(curl -s -o /dev/null -w '%{http_code}' "$base/doc/$id")
  [ "$c" = 200 ] || { echo "/doc/$id $c"; bad=$((bad+1)); }
  for p in $(seq 1 "$n"); do
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base/doc/$id/page/$p.png")
    [ "${r%% *}" = 200 ] || { echo "/doc/$id/page/$p.png $r"; bad=$((bad+1)); }
    echo "${r##* }" >> "$cold"
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base/doc/$id/page/$p.png")
    echo "${r##* }" >> "$warm"
    pages=$((pages+1))
  done
done
stats() { sort -n "$1" | awk '{a[NR]=$1; s+=$1} END {printf "median %.1f ms, p95 %.1f ms, max %.1f ms, mean %.1f ms", a[int((NR+1)/2)]*1000, a[int(NR*0.95+0.5)]*1000, a[NR]*1000, s/NR*1000}'; }
echo "$pages pages, $bad errors"
echo "cold: $(stats "$cold")"
echo "warm: $(stats "$warm")"
rm -f "$cold" "$warm"
[ "$bad" = 0 ]
