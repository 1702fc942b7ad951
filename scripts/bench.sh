#!/usr/bin/env bash
# Benchmark: cold start (empty database: migrate, seed, 10 argon2 accounts; then an existing
# one) and throughput/latency of the main pages for a signed-in user, with wrk against a
# release build on loopback. Not part of the tests: numbers depend on the machine.
# Usage: scripts/bench.sh [seconds per page, default 10]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs=${1:-10}

command -v wrk >/dev/null 2>&1 || { apt-get install -y wrk >/dev/null 2>&1 || { echo "install wrk (Debian package wrk)" >&2; exit 1; }; }
bash scripts/style.sh
cargo build --release --bin ldr --quiet

work=$(mktemp -d)
pid=""
stop_server() { if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop_server; rm -rf "$work"' EXIT

# Sets $pid, $url and $ms (milliseconds from exec to the printed "listening" line).
start_server() {
  local t0 line fifo=$work/out
  rm -f "$fifo"; mkfifo "$fifo"
  t0=$(date +%s%N)
  target/release/ldr serve --bind 127.0.0.1:0 --database "$work/ldr.sqlite" >"$fifo" 2>/dev/null &
  pid=$!
  read -r line <"$fifo"
  url=${line##* }; url=${url%/}
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

start_server; echo "cold start, empty database: $ms ms to listening"
stop_server
start_server; echo "cold start, existing database: $ms ms to listening"

jar=$work/jar
token=$(curl -s -c "$jar" -b "$jar" "$url/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" -d "username=pmo&password=ldr-demo-2016" "$url/login"
cookie="ldr_session=$(awk '$6 == "ldr_session" {print $7}' "$jar")"

for page in / /organisations/RTE /dma /capabilities/9 /roadmap /returns /returns/2016-17-q1/RTE /audit; do
  for conns in 1 8; do
    printf '%-20s %d connection(s): ' "$page" "$conns"
    wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" "$url$page" \
      | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$5} END {printf "%s req/s, p50 %s, p99 %s%s\n", rps, p50, p99, (bad ? ", NON-2XX " bad : "")}'
  done
done
