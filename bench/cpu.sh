#!/usr/bin/env bash
# CPU time each process spends per gateway request: where a request's cost goes. Needs a running
# platform (./aggregator up) and a funded API key with a high rpm_limit:
#
#   bench/cpu.sh sk-agg-...              # 10 s of plain chat completions at 4 connections
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY=${1:?usage: bench/cpu.sh API_KEY}

ticks() { # NAME PID...: total user+system clock ticks of these processes
  local name=$1 total=0 pid
  shift
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$name $total"
}
snapshot() {
  local f
  for f in "$ROOT"/.aggregator/pids/*.pid; do ticks "$(basename "$f" .pid)" "$(cat "$f")"; done
  ticks postgresql $(pgrep -u postgres || true)
  ticks rabbitmq $(pgrep -f beam.smp || true)
  ticks redis $(pgrep -x redis-server || true)
}

snapshot >/tmp/cpu-before.$$
out=$(BENCH_STREAM=false BENCH_KEYS="$KEY" wrk -t1 -c4 -d10s -s "$ROOT/bench/chat.lua" http://127.0.0.1:3000)
snapshot >/tmp/cpu-after.$$
requests=$(grep -oE '[0-9]+ requests in' <<<"$out" | cut -d' ' -f1)
hz=$(getconf CLK_TCK)
echo "$requests requests"
join /tmp/cpu-before.$$ /tmp/cpu-after.$$ | awk -v n="$requests" -v hz="$hz" '
  { ms = ($3 - $2) * 1000 / hz / n; total += ms; printf "%-22s %6.2f ms CPU/request\n", $1, ms }
  END { printf "%-22s %6.2f ms CPU/request\n", "total", total }'
rm -f /tmp/cpu-before.$$ /tmp/cpu-after.$$
