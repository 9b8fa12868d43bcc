# Shared by the benchmark scripts (sourced, not run): the platform's addresses, gateway calls,
# funded benchmark companies and CPU accounting from /proc.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-10s}"
GATEWAY="http://127.0.0.1:3000"
MOCK="http://127.0.0.1:3010"
RESULTS="$ROOT/bench/results"
ADMIN_EMAIL="${PLATFORM_ADMIN_EMAIL:-admin@aggregator.local}"
ADMIN_PASSWORD="${PLATFORM_ADMIN_PASSWORD:-admin-password-change-me}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
mkdir -p "$RESULTS"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
api() { # METHOD PATH TOKEN [BODY]
  curl -sS --fail-with-body -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"}
}

restart_platform() {
  echo "== restarting the platform as ./aggregator up starts it"
  "$ROOT/aggregator" down >/dev/null
  "$ROOT/aggregator" up >"$RESULTS/up.log"
  grep -E "started in|up in|healthy in" "$RESULTS/up.log" || true
}

# Sets ADMIN, the platform admin's access token.
admin_login() {
  ADMIN=$(curl -sS --fail-with-body "$GATEWAY/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | json 'd["access_token"]')
}

# funded_company NAME: registers a company with four API keys (the gateway limits each key per
# minute) and $1000; sets OWNER (a member token), COMPANY and KEYS. Needs ADMIN (admin_login).
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
    api POST /v1/billing/balance "$ADMIN" "{\"amount\":1000,\"operation\":\"CREDIT\",\"company_id\":\"$COMPANY\"}" \
      >/dev/null 2>&1 && return
    sleep 1
  done
  echo "could not fund the benchmark company" >&2
  exit 1
}

# process_ticks PID...: user + system clock ticks these processes have used.
process_ticks() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}

service_pid() { cat "$ROOT/.aggregator/pids/$1.pid"; }

# CPU ticks of every process of the platform (the mock-provider apart: it is the provider).
cpu_ticks() {
  local pids=$(pgrep -u postgres || true; pgrep -f beam.smp || true; pgrep -x redis-server || true) f
  for f in "$ROOT"/.aggregator/pids/*.pid; do [[ $f == */mock-provider.pid ]] || pids+=" $(cat "$f")"; done
  process_ticks $pids
}
