#!/usr/bin/env bash
# What shared provider health tracking costs the hot path, as a paired comparison in one running,
# warmed-up proxy: tracking is switched on and off at run time (/actuator/healthtracking, which this
# script enables on the proxy alone) in ABBA order (on off, off on, …), so that a machine drifting
# during the run weighs on both arms alike and both arms run the same JIT-compiled code. (Restarting
# the proxy per arm was tried first: each restart compiles the hot path differently, ±10 % per
# arm, far above the effect.) Each arm is measured at 32 connections against an instant upstream,
# as run.sh's CPU target is. Per arm: requests/s, CPU ms per request of every process of the
# platform, of the proxy with Redis (where tracking runs: tallies, snapshot, flushes and
# refreshes), and of the proxy's threads that do tracking's background work alone (provider-health
# and Lettuce's event loops: a direct reading, far finer than a difference of totals). Then the mean paired difference (on − off) with its 95 % interval: an interval that
# straddles 0 means the cost is below what the benchmark can see, and its bound says by how much.
#
#   bench/health-cost.sh                       (restarts the platform as ./aggregator up starts it)
#   HEALTH_PAIRS=10 BENCH_DURATION=15s bench/health-cost.sh
#
# Loopback only. About 2 min of warm-up, then 2 × (DURATION + 7 s) per pair.
set -euo pipefail

PAIRS="${HEALTH_PAIRS:-10}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$RESULTS/health-cost.txt"
PROXY="http://127.0.0.1:3003"

restart_platform
echo "== the proxy again, with its health-tracking switch enabled"
MANAGEMENT_ENDPOINT_HEALTHTRACKING_ACCESS=unrestricted \
  MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,info,prometheus,healthtracking \
  "$ROOT/aggregator" restart proxy-service >/dev/null
admin_login
funded_company warmup
WARMUP_KEYS=$KEYS
funded_company measured
MEASURED_KEYS=$KEYS

track() { # on|off
  local on=$([[ $1 == on ]] && echo true || echo false)
  curl -sS --fail-with-body -X POST "$PROXY/actuator/healthtracking" -H 'Content-Type: application/json' \
    -d "{\"on\":$on}" >/dev/null
}

# tallied_since EPOCH_MS: calls the proxy tallied into the shared health window's slices that
# began at or after that time (keys aggregator:health:<provider>:w:<slice start ms>). An arm with
# tracking on shows its calls; one with tracking off shows none, which proves the switch took.
tallied_since() {
  local total=0 key n
  while read -r key; do
    [[ -n $key ]] && ((${key##*:w:} >= $1)) || continue
    n=$(redis-cli -h "${REDIS_HOST:-127.0.0.1}" HGET "$key" ok)
    total=$((total + ${n:-0}))
  done < <(redis-cli -h "${REDIS_HOST:-127.0.0.1}" --scan --pattern 'aggregator:health:*:w:*')
  echo "$total"
}

# background_ticks PID: CPU ticks of the proxy's threads that do tracking's background work (the
# provider-health thread and Lettuce's event loops; the proxy talks to Redis for nothing else).
background_ticks() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case $(cat "$task/comm" 2>/dev/null) in
      provider-health* | lettuce-*) total=$((total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$total"
}

arm() { # on|off
  track "$1"
  # Flipping the switch deoptimizes the code that saw only the other branch lately: C2 recompiles it
  # under load first (unmeasured), and the last flush of the previous arm lands before measuring.
  BENCH_STREAM=false BENCH_KEYS="$WARMUP_KEYS" wrk -t2 -c32 -d"${HEALTH_REWARM:-5s}" -s "$ROOT/bench/chat.lua" "$GATEWAY" >/dev/null
  sleep 1
  local proxy redis all_before proxy_before started_ms out requests all_after proxy_after tallied
  local background_before background_after
  proxy=$(service_pid proxy-service)
  redis=$(pgrep -x redis-server | tr '\n' ' ')
  started_ms=$(date +%s%3N)
  all_before=$(cpu_ticks)
  proxy_before=$(process_ticks "$proxy" $redis)
  background_before=$(background_ticks "$proxy")
  out=$(BENCH_STREAM=false BENCH_KEYS="$MEASURED_KEYS" wrk -t2 -c32 -d"$DURATION" -s "$ROOT/bench/chat.lua" "$GATEWAY")
  all_after=$(cpu_ticks)
  proxy_after=$(process_ticks "$proxy" $redis)
  background_after=$(background_ticks "$proxy")
  sleep 1 # the last flush
  tallied=$(tallied_since "$started_ms")
  requests=$(grep -oE '[0-9]+ requests in' <<<"$out" | cut -d' ' -f1)
  python3 - "$1" "$requests" "$(getconf CLK_TCK)" "$all_before" "$all_after" "$proxy_before" "$proxy_after" \
    "$background_before" "$background_after" "$tallied" "$(grep '^RESULT' <<<"$out")" <<'PY' | tee -a "$OUT"
import sys
arm, n, hz, a0, a1, p0, p1, b0, b1, tallied, result = sys.argv[1:]
n, hz = int(n), int(hz)
fields = dict(f.split("=") for f in result.split()[1:])
ms = lambda before, after: (int(after) - int(before)) * 1000 / hz / n
print(f"tracking={arm} rps={fields['rps']} failed={int(fields['failed']) + int(fields['socket_errors'])}"
      f" cpu_all_ms={ms(a0, a1):.3f} cpu_proxy_redis_ms={ms(p0, p1):.3f}"
      f" background_us={ms(b0, b1) * 1000:.2f} tallied={tallied}")
PY
}

: >"$OUT"
# The whole platform warms up once (C2 compiles every hot path, tracking's included, with both
# branches seen); the arms then only flip the switch.
echo "== warm-up (not measured): tracking on, then off, then on"
for state in on off on; do
  track "$state"
  BENCH_STREAM=false BENCH_KEYS="$WARMUP_KEYS" wrk -t2 -c32 -d"${HEALTH_WARMUP:-40s}" -s "$ROOT/bench/chat.lua" "$GATEWAY" >/dev/null
done
echo "== $PAIRS pairs, ABBA order, $DURATION measured per arm"
for pair in $(seq 1 "$PAIRS"); do
  if ((pair % 2)); then arm on; arm off; else arm off; arm on; fi
done
track on

python3 - "$OUT" <<'PY'
import statistics, sys
rows = [dict(f.split("=") for f in line.split()) for line in open(sys.argv[1])]
pairs = [rows[i:i + 2] for i in range(0, len(rows) - 1, 2)]
on = [next(r for r in p if r["tracking"] == "on") for p in pairs]
off = [next(r for r in p if r["tracking"] == "off") for p in pairs]
# Student's t, two-sided 95 %, by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
       10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093}
problems = [f"tracking={r['tracking']} tallied {r['tallied']} calls"
            for r in rows if (r["tracking"] == "on") != (int(r["tallied"]) > 0)]
problems += [f"tracking={r['tracking']}: {r['failed']} failed requests" for r in rows if int(r["failed"])]
print(f"\n{len(pairs)} pairs{'':<20}{'tracking on':>14}{'tracking off':>14}   on - off, mean (95 % interval)")
for key, label in [("rps", "requests/s at 32 connections"), ("cpu_all_ms", "CPU ms/request, every process"),
                   ("cpu_proxy_redis_ms", "CPU ms/request, proxy + Redis"),
                   ("background_us", "CPU us/request, health threads")]:
    a = [float(r[key]) for r in on]
    b = [float(r[key]) for r in off]
    diffs = [x - y for x, y in zip(a, b)]  # the arms of one pair ran back to back
    mean = statistics.mean(diffs)
    half = T95.get(len(diffs) - 1, 2.0) * statistics.stdev(diffs) / len(diffs) ** 0.5
    base = statistics.mean(b)
    print(f"{label:<34}{statistics.mean(a):>14.3f}{base:>14.3f}   {mean:+.3f} ({mean - half:+.3f} .. {mean + half:+.3f})"
          f" = {mean / base * 100:+.1f} % ({(mean - half) / base * 100:+.1f} % .. {(mean + half) / base * 100:+.1f} %)")
if problems:
    print("\nINVALID RUN:", "; ".join(problems))
    sys.exit(1)
PY
