#!/usr/bin/env bash
# docker-compose.yml, run: builds every image locally, starts the stack under podman-compose with
# two gateway and two proxy replicas, waits until every container is healthy, drives the paid chat
# slice through both gateways with the OpenAI SDK (e2e-tests' ComposeStackIT), checks that both
# proxies served, then stops the stack and removes its containers, network and volumes. Prints how
# long each phase took (also in target/compose-smoke/timings.txt).
#
# For a machine that can pull no image (this repository's build machine): the Debian base image is
# made with debootstrap, the JRE with jlink from the host's JDK 25, PostgreSQL, RabbitMQ and Redis
# from Debian packages (deploy/podman/images), and the services from the jars `./mvnw package`
# builds, all through the override deploy/podman/compose.podman.yml. docs/deploy.md, "Compose".
#
# Usage: deploy/podman/compose-smoke.sh [--keep]
#   --keep          leave the stack running at the end (stop it with --down)
#   --down          only stop and remove a stack a previous --keep left
# Environment:
#   SKIP_PACKAGE=1  use the jars already in */target (e.g. after ./mvnw verify) instead of packaging
#   MVN_OFFLINE=1   pass -o to Maven
#   CACHE_DIR       where the Debian root filesystem and the jlinked JRE are kept
#                   (default /var/tmp/aggregator-podman); the images stay in podman's store, so a
#                   second run skips debootstrap and jlink
#   NICE            niceness of every heavy command (default 19: the machine is shared)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/podman"
PROJECT=aggregator-smoke
CACHE_DIR=${CACHE_DIR:-/var/tmp/aggregator-podman}
OUT="$ROOT/target/compose-smoke"
NICE=${NICE:-19}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
export CONTAINERS_CONF="$HERE/containers.conf"
# The gateways' host ports: a random one each on 127.0.0.1 (podman-compose gives every replica the
# same port list, so a fixed range cannot be split between them).
export GATEWAY_HOST_IP=127.0.0.1 GATEWAY_PORTS=

DEBIAN_IMAGE=localhost/aggregator-podman/debian:bookworm
JRE_IMAGE=localhost/aggregator-podman/jre:25
INFRA=(postgres rabbitmq redis)
BACKEND=(mock-provider auth-service provider-orchestrator proxy-service billing-service analytics-service)
EDGE=(api-gateway)

log() { printf '[compose-smoke %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*"; exit 1; }
heavy() { nice -n "$NICE" "$@"; }
compose() {
  heavy podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" -f "$HERE/compose.podman.yml" "$@"
}

mkdir -p "$OUT"
: >"$OUT/timings.txt"
phase_started=0
phase_name=
begin() { phase_name=$1; phase_started=$SECONDS; log "== $1"; }
end() {
  local took=$((SECONDS - phase_started))
  printf '%-28s %4d s\n' "$phase_name" "$took" | tee -a "$OUT/timings.txt"
}

require_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v podman-compose >/dev/null || missing+=(podman-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ -x /usr/lib/podman/aardvark-dns ] || missing+=(aardvark-dns) # service names on the network
  ((${#missing[@]} == 0)) && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    heavy apt-get install -y "${missing[@]}" >"$OUT/apt.log" 2>&1 \
      || { apt-get update >>"$OUT/apt.log" 2>&1 && heavy apt-get install -y "${missing[@]}" >>"$OUT/apt.log" 2>&1; } \
      || die "apt-get install ${missing[*]} (see $OUT/apt.log)"
  else
    die "missing ${missing[*]}: apt-get install ${missing[*]}"
  fi
}

image_exists() { podman image exists "$1"; }

# The Debian root filesystem (curl for the healthchecks, ca-certificates), as an image.
base_image() {
  image_exists "$DEBIAN_IMAGE" && { log "$DEBIAN_IMAGE exists"; return; }
  local rootfs="$CACHE_DIR/rootfs"
  if [ ! -x "$rootfs/usr/bin/curl" ]; then
    rm -rf "$rootfs"
    mkdir -p "$CACHE_DIR"
    heavy debootstrap --variant=minbase --include=curl,ca-certificates bookworm "$rootfs" \
      >"$OUT/debootstrap.log" 2>&1 || die "debootstrap (see $OUT/debootstrap.log)"
  fi
  tar -C "$rootfs" -c . | heavy podman import --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
}

# A JRE jlinked from the host's JDK 25 on the Debian image.
jre_image() {
  image_exists "$JRE_IMAGE" && { log "$JRE_IMAGE exists"; return; }
  local context="$CACHE_DIR/jre-context"
  rm -rf "$context"
  mkdir -p "$context"
  cp "$HERE/images/jre/Containerfile" "$context/"
  heavy jlink --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.net,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.crypto.cryptoki,jdk.httpserver,jdk.localedata \
    --strip-debug --no-header-files --no-man-pages --output "$context/jre"
  heavy podman build -q -t "$JRE_IMAGE" "$context" >/dev/null
}

container_of() { podman ps -a --filter "label=io.podman.compose.project=$PROJECT" \
  --filter "label=com.docker.compose.service=$1" --format '{{.Names}}'; }

# wait_healthy TIMEOUT SERVICE...: run each container's healthcheck (podman has no systemd timer
# here to run it, and podman-compose 1.0.3 does not wait for `condition: service_healthy`) until
# every replica of every SERVICE passes; fail early when one has exited.
wait_healthy() {
  local timeout=$1
  shift
  local deadline=$((SECONDS + timeout)) pending
  while :; do
    pending=()
    for service in "$@"; do
      local names
      names=$(container_of "$service")
      [ -n "$names" ] || die "no container for $service"
      for name in $names; do
        if [ "$(podman inspect -f '{{.State.Running}}' "$name")" != true ]; then
          podman logs --tail 40 "$name" >&2 || true
          die "$name is not running"
        fi
        podman healthcheck run "$name" >/dev/null 2>&1 || pending+=("$name")
      done
    done
    ((${#pending[@]} == 0)) && { log "healthy: $*"; return; }
    if ((SECONDS >= deadline)); then
      for name in "${pending[@]}"; do podman logs --tail 40 "$name" >&2 || true; done
      die "not healthy within ${timeout} s: ${pending[*]}"
    fi
    sleep 3
  done
}

down() {
  log "stopping the stack"
  compose down -v -t 30 >"$OUT/down.log" 2>&1 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  # podman-compose 1.0.3 removes the volumes it names in the file only when they were created
  local volumes
  volumes=$(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT")
  [ -z "$volumes" ] || podman volume rm -f $volumes >/dev/null 2>&1 || true
}

if [ "${1:-}" = --down ]; then
  down
  exit 0
fi
keep=false
[ "${1:-}" = --keep ] && keep=true

total_started=$SECONDS
require_tools
cd "$ROOT"

begin "package jars"
if [ "${SKIP_PACKAGE:-0}" = 1 ]; then
  log "SKIP_PACKAGE=1: using the jars in */target"
else
  heavy ./mvnw ${MVN_OFFLINE:+-o} -q -B package -DskipTests >"$OUT/package.log" 2>&1 \
    || die "./mvnw package (see $OUT/package.log)"
fi
for module in "${BACKEND[@]}" "${EDGE[@]}"; do
  [ -f "$module/target/$module.jar" ] || die "missing $module/target/$module.jar"
done
end

begin "base images"
base_image
jre_image
end

begin "build images"
compose build "${INFRA[@]}" "${BACKEND[@]}" "${EDGE[@]}" >"$OUT/build.log" 2>&1 \
  || die "podman-compose build (see $OUT/build.log)"
end

# From here on the stack is (partly) up: stop it on every way out unless --keep.
$keep || trap down EXIT
down >/dev/null 2>&1 # leftovers of an interrupted run

# The order docker-compose.yml's depends_on asks for, each step once its dependencies are healthy.
# (`up SERVICE` also runs SERVICE's dependencies again: podman-compose tries to create them, finds
# the running container and starts it, which leaves it as it is.)
begin "up: infrastructure"
compose up -d --no-build "${INFRA[@]}" >"$OUT/up.log" 2>&1 || die "up ${INFRA[*]} (see $OUT/up.log)"
wait_healthy 180 "${INFRA[@]}"
end

begin "up: services"
compose up -d --no-build "${BACKEND[@]}" >>"$OUT/up.log" 2>&1 || die "up services (see $OUT/up.log)"
wait_healthy 420 "${BACKEND[@]}"
end

begin "up: gateways"
compose up -d --no-build "${EDGE[@]}" >>"$OUT/up.log" 2>&1 || die "up gateways (see $OUT/up.log)"
wait_healthy 300 "${EDGE[@]}"
end

podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}\t{{.Status}}' \
  | sort | tee "$OUT/containers.txt"
for service in proxy-service api-gateway; do
  replicas=$(container_of "$service" | wc -l)
  ((replicas == 2)) || die "$service runs $replicas replicas, not 2"
done

gateways=()
for name in $(container_of api-gateway); do
  port=$(podman port "$name" 3000/tcp | head -1)
  [ -n "$port" ] || die "$name publishes no port"
  gateways+=("http://${port/0.0.0.0/127.0.0.1}")
done
log "gateways: ${gateways[*]}"

begin "chat slice (OpenAI SDK)"
# -am because e2e-tests' build waits for the service modules, which are never installed.
heavy ./mvnw ${MVN_OFFLINE:+-o} -B -pl e2e-tests -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dit.test=ComposeStackIT -Dfailsafe.failIfNoSpecifiedTests=false \
  "-Dcompose.gateways=$(IFS=,; echo "${gateways[*]}")" >"$OUT/smoke.log" 2>&1 \
  || { grep -E 'Tests run|FAIL|ERROR' "$OUT/smoke.log" | head -40 >&2; die "ComposeStackIT (see $OUT/smoke.log)"; }
grep -E 'compose smoke:|Tests run:.*ComposeStackIT' "$OUT/smoke.log" || true
grep -q 'Tests run: 1, Failures: 0, Errors: 0, Skipped: 0' "$OUT/smoke.log" \
  || die "ComposeStackIT did not run (see $OUT/smoke.log)"
end

# Which proxy replica served how many completions (each proxy's own http.server.requests).
served_by_all=true
for name in $(container_of proxy-service); do
  count=$(podman exec "$name" curl -fsS http://localhost:3003/actuator/prometheus \
    | awk '/^http_server_requests_seconds_count/ && /uri="\/v1\/chat\/completions"/ { n += $NF } END { print n + 0 }')
  log "$name served $count chat completions"
  echo "$name chat completions: $count" >>"$OUT/timings.txt"
  [ "${count%.*}" -gt 0 ] || served_by_all=false
done
$served_by_all || die "a proxy replica served no chat completion"

if $keep; then
  log "stack left running (--keep); stop it with $0 --down"
else
  begin "down"
  trap - EXIT
  down
  end
fi
printf '%-28s %4d s\n' "total" $((SECONDS - total_started)) | tee -a "$OUT/timings.txt"
log "PASSED"
