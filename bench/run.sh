#!/usr/bin/env bash
# Measure LDR Assurance at England's size (issue 10). Not part of the test suite: timings
# belong here, never in a timed test. Needs `wrk` (installed from Debian if missing).
#
#   bash bench/run.sh                 # generate England once (cached), then measure
#   BENCH_PAGES='/ /dma' bash bench/run.sh
#   BENCH_NO_PAGE_CACHE=1 bash bench/run.sh   # every page drawn afresh (what the cache saves)
#
# 1. Builds the release binary. 2. Generates England into bench/data/england.sqlite the first
# time (`ldr generate` with its defaults; the time it took is printed). 3. Starts the server on
# a copy of that file and measures its cold start (spawn to first answered request). 4. Signs
# in as a reviewer and runs `wrk -t2 -c32 -d10s` on loopback against each page and against one
# static CSS file of the same server, then against each JSON API list (same session cookie).
# 5. Prints requests a second, p50 and p99 per page and list, each page's throughput as a
# share of the static file's, and the server's resident memory.
set -euo pipefail
# Page paths hold "?": never expand them as file patterns.
set -f
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DATA=bench/data
DB="$DATA/england.sqlite"
PORT="${BENCH_PORT:-3917}"
BASE="http://127.0.0.1:$PORT"
PASSWORD="bench-reviewer-$(date +%s)-pw"
DURATION="${BENCH_DURATION:-10s}"
# The pages the issues name: a generated footprint's dashboard, the national view, an
# organisation page, a capability, the DMA page, returns and the audit log (issue 10); the gap
# analysis, a capability's trajectories (in a quarter the 2016 DMA, which has them, is in
# force) and the deployment timeline (issue 11).
PAGES="${BENCH_PAGES:-/?footprint=SYN01 /national /organisations/Z01A1 /capabilities/9?footprint=SYN01 /dma?footprint=SYN01 /returns?footprint=SYN01 /audit?footprint=SYN01 /gaps?footprint=SYN01 /trajectories/records?footprint=SYN01&period=2017-18-q4 /deployments?footprint=SYN01 /reports?footprint=SYN01}"

if ! command -v wrk >/dev/null; then
  sudo -n apt-get install -y wrk 2>/dev/null || apt-get install -y wrk
fi
bash scripts/style.sh >/dev/null
cargo build --release --bin ldr
LDR=target/release/ldr
mkdir -p "$DATA"

if [ ! -f "$DB" ]; then
  echo "== generating England (once; cached in $DB)"
  start=$(date +%s.%N)
  "$LDR" generate --database "$DB.partial"
  end=$(date +%s.%N)
  mv "$DB.partial" "$DB"
  printf 'generate: %.1f s\n' "$(echo "$end - $start" | bc)" | tee "$DATA/generate-time.txt"
fi

RUN="$DATA/run.sqlite"
rm -f "$RUN" "$RUN-wal" "$RUN-shm"
cp "$DB" "$RUN"
echo "$PASSWORD" | "$LDR" user add bench.reviewer --role reviewer --name "Bench reviewer" --database "$RUN" >/dev/null

# The steering pack of one footprint on England (issue 12): gather, build, typeset the PDF and
# store a frozen version, then the page HTML and the XLSX, three times (the first parses fonts).
REPORT_PERIOD="${BENCH_REPORT_PERIOD:-2025-26-q4}"
echo "$PASSWORD" | "$LDR" user add bench.pmo --role pmo --footprint SYN01 --name "Bench PMO" --database "$RUN" >/dev/null
echo "== steering pack: SYN01 $REPORT_PERIOD"
for _ in 1 2 3; do
  start=$(date +%s%N)
  LDR_LOG=warn "$LDR" report --footprint SYN01 --period "$REPORT_PERIOD" --as bench.pmo --database "$RUN" | tail -1
  echo "   whole command (process start, open, all of the above): $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
# The DMA import of a national file, 250 organisations by 50 themes (issue 13): dry run,
# import, and the same file again.
bash bench/import_dma.sh "$LDR" "$RUN"
# The copy's 600 MB are still being written back: without this, the server's first commit
# (the health check's write) waits for them, and cold start measures the disk, not the app.
sync

start=$(date +%s%N)
EXTRA=()
[ -n "${BENCH_NO_PAGE_CACHE:-}" ] && EXTRA+=(--no-page-cache)
LDR_LOG=warn "$LDR" serve --database "$RUN" --bind "127.0.0.1:$PORT" "${EXTRA[@]}" >/dev/null 2>"$DATA/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "$BASE/healthz"; do sleep 0.005; done
cold_ms=$(( ($(date +%s%N) - start) / 1000000 ))

JAR="$DATA/cookies.txt"
rm -f "$JAR"
token=$(curl -fs -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "csrf_token=$token" --data-urlencode "username=bench.reviewer" \
  --data-urlencode "password=$PASSWORD" "$BASE/login"
# curl marks HttpOnly cookies with a "#HttpOnly_" prefix: they are cookies, not comments.
COOKIE=$(sed 's/^#HttpOnly_//' "$JAR" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }')
[ -n "$COOKIE" ] || { echo "bench: could not sign in as bench.reviewer" >&2; exit 1; }
CSS=$(curl -fs -b "$JAR" "$BASE/national" | grep -o 'href="/style/[^"]*\.css[^"]*"' | head -1 | sed 's/href="//; s/"$//')

# wrk's latency as milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
measure() {
  local out rps p50 p99
  out=$(wrk -t2 -c32 -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE$1")
  if ! echo "$out" | grep -q "Non-2xx"; then :; else echo "warning: $1 answered non-2xx" >&2; fi
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  echo "$rps $p50 $p99"
}

read -r css_rps css_p50 css_p99 < <(measure "$CSS")
echo
echo "| page | req/s | p50 ms | p99 ms | share of static |"
echo "|---|---|---|---|---|"
for page in $PAGES; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$BASE$page")
  [ "$status" = 200 ] || echo "warning: $page answered $status" >&2
  read -r rps p50 p99 < <(measure "$page")
  share=$(awk -v a="$rps" -v b="$css_rps" 'BEGIN { printf "%.2f", a / b }')
  echo "| \`$page\` | $rps | $p50 | $p99 | $share |"
done
echo "| static CSS | $css_rps | $css_p50 | $css_p99 | 1.00 |"

# The JSON API's lists (issue 13), signed in by the same session cookie: one footprint's
# rows as at its latest quarter, first page (100 rows) each.
API_LISTS="${BENCH_API:-/api/v1/footprints /api/v1/organisations?footprint=SYN01 /api/v1/periods?footprint=SYN01 /api/v1/dma-scores?footprint=SYN01 /api/v1/aims?footprint=SYN01 /api/v1/trajectories?footprint=SYN01 /api/v1/deployments?footprint=SYN01 /api/v1/measures?footprint=SYN01 /api/v1/returns?footprint=SYN01 /api/v1/reports?footprint=SYN01}"
echo
echo "| API list | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for list in $API_LISTS; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$BASE$list")
  [ "$status" = 200 ] || echo "warning: $list answered $status" >&2
  read -r rps p50 p99 < <(measure "$list")
  echo "| \`$list\` | $rps | $p50 | $p99 |"
done
echo
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status")
echo "resident memory after the run: $(( rss_kb / 1024 )) MB; cold start: ${cold_ms} ms; $(cat "$DATA/generate-time.txt" 2>/dev/null || echo 'generate: cached')"
