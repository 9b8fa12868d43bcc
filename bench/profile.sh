#!/usr/bin/env bash
# Where the CPU of a request goes: JFR in every JVM of the running platform during 20 s of chat
# completions at 32 connections, then each process's hottest methods (JDK 25's `jfr view`).
# Needs ./aggregator up and a funded API key with a high rpm_limit:
#
#   bench/profile.sh sk-agg-...        recordings and views in bench/results/profile/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY=${1:?usage: bench/profile.sh API_KEY}
JDK="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
OUT="$ROOT/bench/results/profile"
mkdir -p "$OUT"

services=(api-gateway proxy-service billing-service analytics-service)
for s in "${services[@]}"; do
  "$JDK/jcmd" "$(cat "$ROOT/.aggregator/pids/$s.pid")" JFR.start name=bench settings=profile \
    filename="$OUT/$s.jfr" >/dev/null
done
BENCH_STREAM=false BENCH_KEYS="$KEY" wrk -t2 -c32 -d20s -s "$ROOT/bench/chat.lua" http://127.0.0.1:3000 | grep RESULT
for s in "${services[@]}"; do
  "$JDK/jcmd" "$(cat "$ROOT/.aggregator/pids/$s.pid")" JFR.stop name=bench >/dev/null
  "$JDK/jfr" view --width 160 hot-methods "$OUT/$s.jfr" >"$OUT/$s.hot-methods.txt"
  echo "== $s"
  head -20 "$OUT/$s.hot-methods.txt"
done
