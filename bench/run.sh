#!/usr/bin/env bash
# Baseline benchmark: the mock-provider directly vs. the same requests through the gateway (auth,
# rate limit, routing, reservation, proxying, usage event), back to back, at 1 and 32 connections,
# streamed and not. Afterwards it checks that billing moved by exactly the sum of the costs.
#
#   bench/run.sh                 (restarts the platform with full JIT for the run)
#   BENCH_DURATION=20s bench/run.sh
#
# Loopback only; every wrk run is bounded by BENCH_DURATION.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-10s}"
GATEWAY="http://127.0.0.1:3000"
MOCK="http://127.0.0.1:3010"
RESULTS="$ROOT/bench/results"
ADMIN_EMAIL="${PLATFORM_ADMIN_EMAIL:-admin@aggregator.local}"
ADMIN_PASSWORD="${PLATFORM_ADMIN_PASSWORD:-admin-password-change-me}"
mkdir -p "$RESULTS"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
api() { # METHOD PATH TOKEN [BODY]
  curl -sS --fail-with-body -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"}
}

echo "== restarting the platform with full JIT (C2) for the benchmark"
"$ROOT/aggregator" down >/dev/null
AGGREGATOR_JVM_OPTS="-Xmx512m -XX:+UseSerialGC -Xshare:auto" "$ROOT/aggregator" up >"$RESULTS/up.log"
grep -E "started in|up in" "$RESULTS/up.log" || true

# funded_company NAME: registers a company with four API keys (the gateway limits each key per
# minute) and $1000; sets OWNER (a member token), COMPANY and KEYS.
funded_company() {
  local email="bench-$1-$(date +%s)-$RANDOM@bench.local" i
  COMPANY=$(curl -sS --fail-with-body "$GATEWAY/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $1\",\"email\":\"$email\",\"password\":\"bench-password-123\"}" | json 'd["id"]')
  OWNER=$(curl -sS --fail-with-body "$GATEWAY/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench-password-123\"}" | json 'd["access_token"]')
  local keys=()
  for i in 1 2 3 4; do
    keys+=("$(api POST /v1/auth/api-keys "$OWNER" "{\"name\":\"bench-$i\",\"rpm_limit\":100000}" | json 'd["key"]')")
  done
  KEYS=$(IFS=,; echo "${keys[*]}")
  for i in $(seq 1 30); do
    api POST /v1/billing/balance "$admin" "{\"amount\":1000,\"operation\":\"CREDIT\",\"company_id\":\"$COMPANY\"}" \
      >/dev/null 2>&1 && return
    sleep 1
  done
  echo "could not fund the benchmark company" >&2
  exit 1
}

echo "== funded companies: one for the warm-up, one whose bill is checked"
admin=$(curl -sS --fail-with-body "$GATEWAY/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["access_token"]')
funded_company warmup
WARMUP_KEYS=$KEYS
funded_company measured
owner=$OWNER
before=$(api GET /v1/billing/balance "$owner" | json 'd["balance"]')

run() { # NAME URL CONNECTIONS STREAM KEYS
  local threads=$(($3 < 2 ? 1 : 2))
  BENCH_STREAM=$4 BENCH_KEYS=$5 wrk -t"$threads" -c"$3" -d"$DURATION" --latency -s "$ROOT/bench/chat.lua" "$2" \
    >"$RESULTS/$1.txt"
  grep '^RESULT' "$RESULTS/$1.txt" | sed "s/^RESULT/$1/"
}

echo "== warm-up (not measured): six JVMs share two cores, so C2 needs a while to compile the hot paths"
for stream in false true; do
  BENCH_STREAM=$stream BENCH_KEYS="$WARMUP_KEYS" wrk -t2 -c8 -d20s -s "$ROOT/bench/chat.lua" "$GATEWAY" >/dev/null
  BENCH_STREAM=$stream BENCH_KEYS="" wrk -t2 -c8 -d5s -s "$ROOT/bench/chat.lua" "$MOCK" >/dev/null
done

echo "== measured runs ($DURATION each)"
: >"$RESULTS/summary.txt"
for stream in false true; do
  for conns in 1 32; do
    run "direct-c$conns-stream-$stream" "$MOCK" "$conns" "$stream" "" | tee -a "$RESULTS/summary.txt"
    run "gateway-c$conns-stream-$stream" "$GATEWAY" "$conns" "$stream" "$KEYS" | tee -a "$RESULTS/summary.txt"
  done
done

echo "== waiting for billing and analytics to settle every request"
python3 - "$GATEWAY" "$owner" "$before" "$RESULTS/summary.txt" <<'PY'
import json, sys, time, urllib.request
from decimal import Decimal

gateway, token, before, summary = sys.argv[1], sys.argv[2], Decimal(sys.argv[3]), sys.argv[4]

def get(path):
    request = urllib.request.Request(gateway + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read(), parse_float=Decimal)

def usage_entries():
    entries, cursor = [], None
    while True:
        page = get("/v1/billing/transactions?type=USAGE&limit=500" + (f"&cursor={cursor}" if cursor else ""))
        entries += page["data"]
        cursor = page.get("next_cursor")
        if not cursor:
            return entries

deadline = time.time() + 120
while True:
    balance = get("/v1/billing/balance")
    totals = get("/v1/analytics/usage?group_by=model")["totals"]
    entries = usage_entries()
    settled = Decimal(str(balance["reserved"])) == 0 and totals["requests"] == len(entries)
    if settled or time.time() > deadline:
        break
    time.sleep(2)

moved = before - Decimal(str(balance["balance"]))
ledger_sum = -sum(Decimal(str(e["amount"])) for e in entries)
analytics_sum = Decimal(str(totals["cost"]))
unit_costs = sorted({Decimal(str(e["amount"])) for e in entries})

rows = {}
for line in open(summary):
    name, *fields = line.split()
    rows[name] = dict(f.split("=") for f in fields)
served = sum(int(r["ok"]) for n, r in rows.items() if n.startswith("gateway"))

print(f"\n{'scenario':<28}{'direct rps':>12}{'gateway rps':>13}{'Δ rps':>9}"
      f"{'direct p50':>12}{'gateway p50':>13}{'Δ p50':>9}{'direct p99':>12}{'gateway p99':>13}{'Δ p99':>9}")
for stream in ("false", "true"):
    for conns in ("1", "32"):
        d, g = rows[f"direct-c{conns}-stream-{stream}"], rows[f"gateway-c{conns}-stream-{stream}"]
        label = f"{conns} conn, {'streamed' if stream == 'true' else 'plain'}"
        drps, grps = float(d["rps"]), float(g["rps"])
        d50, g50, d99, g99 = (float(x) for x in (d["p50_ms"], g["p50_ms"], d["p99_ms"], g["p99_ms"]))
        print(f"{label:<28}{drps:>12.1f}{grps:>13.1f}{(grps - drps) / drps * 100:>8.1f}%"
              f"{d50:>10.2f}ms{g50:>11.2f}ms{g50 - d50:>7.2f}ms{d99:>10.2f}ms{g99:>11.2f}ms{g99 - d99:>7.2f}ms")
failed = sum(int(r["failed"]) + int(r["socket_errors"]) for n, r in rows.items() if n.startswith("gateway"))
print(f"\ngateway requests answered 200 to wrk: {served}; non-200 or socket errors: {failed}")
print(f"requests billed: {len(entries)} (wrk drops the requests in flight when a run ends, up to one per"
      " connection, uncounted by wrk but served and billed)")
print(f"distinct per-request costs: {', '.join(str(c) for c in unit_costs)}")
print(f"balance moved by:          {moved}")
print(f"sum of USAGE ledger costs: {ledger_sum}")
print(f"sum of analytics costs:    {analytics_sum}")
in_flight = sum(int(n.split("-c")[1].split("-")[0]) for n in rows if n.startswith("gateway"))
ok = settled and moved == ledger_sum == analytics_sum and served <= len(entries) <= served + in_flight
print("BILLING CHECK:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
