#!/usr/bin/env bash
# Integration setup, as root on a Debian machine. Source it: it exports the environment the
# integration tests and the CLI use (DOCKER_HOST, HAGW_*). Undo with teardown.sh.
#   1. installs what is missing (docker.io, docker-compose, caddy, pebble, chromium, xvfb, ...)
#   2. starts a private dockerd (own socket, data root and pidfile under $HAGW_IT_DIR) with the
#      stand-in NVIDIA hook on its PATH
#   3. builds the FROM-scratch images, writes the stack's .env, merges compose + test override
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-it}
log() { printf '[setup] %s\n' "$*"; }
# A folder whose dockerd no longer answers is what a run cut short (killed, machine restarted)
# left behind: its volumes hold that run's rows and keys. Start from nothing instead.
if [ -d "$HAGW_IT_DIR/docker" ] && ! DOCKER_HOST="unix://$HAGW_IT_DIR/docker.sock" docker info >/dev/null 2>&1; then
  log "$HAGW_IT_DIR is left from a run cut short: removing it first"
  bash "$root/test/integration/teardown.sh" >/dev/null
fi
mkdir -p "$HAGW_IT_DIR" && chmod 700 "$HAGW_IT_DIR"

if [ "$(id -u)" != 0 ]; then
  echo "test:integration needs root (it starts its own dockerd); run it as root or via sudo." >&2
  exit 1
fi

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v caddy >/dev/null || need+=(caddy)
command -v pebble >/dev/null || need+=(pebble)
command -v openssl >/dev/null || need+=(openssl)
command -v prometheus >/dev/null || need+=(prometheus)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v docker-registry >/dev/null || need+=(docker-registry)
# The batch queue: redis-server for the test stack's image and for `hagw batch serve` tests.
command -v redis-server >/dev/null || need+=(redis-server)
# lspci: systeminformation.graphics() runs it on every call (the GPU bench compares against that).
command -v lspci >/dev/null || need+=(pciutils)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq
  # policy-rc.d 101: Debian's postinst scripts must not start their services (postgres, prometheus,
  # docker-registry would take ports the test stack needs).
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >"$HAGW_IT_DIR/apt.log" 2>&1 || { tail -20 "$HAGW_IT_DIR/apt.log"; exit 1; }
  rm -f /usr/sbin/policy-rc.d
fi

# Our own engine, even when another one runs: the GPU reservation needs the stand-in hook on
# dockerd's PATH, and the test must not touch anybody's containers. No bridge, no iptables: every
# test container uses the host network on 127.0.0.1.
export DOCKER_HOST="unix://$HAGW_IT_DIR/docker.sock"
export HAGW_HOOK_LOG="$HAGW_IT_DIR/nvidia-hook.log"
: > "$HAGW_HOOK_LOG"
log "starting dockerd on $DOCKER_HOST (unless it already answers)"
bash "$root/test/integration/dockerd.sh" start
log "dockerd $(docker version --format '{{.Server.Version}}') answers"

log "building FROM-scratch images"
bash "$root/test/integration/build-images.sh" 2>&1 | grep '^built' | sed 's/^/[setup] /'

# Tests talk to 127.0.0.0/8 only: the advisory check asks a loopback port, never OSV itself.
export HAGW_OSV_URL=${HAGW_OSV_URL:-http://127.0.0.1:9}
export HAGW_DATA_DIR="$HAGW_IT_DIR/data"
mkdir -p "$HAGW_DATA_DIR" && chmod 700 "$HAGW_DATA_DIR"
rand() { node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))"; }
if [ ! -f "$HAGW_DATA_DIR/.env" ]; then
  umask 077
  cat > "$HAGW_DATA_DIR/.env" <<ENV
LITELLM_MASTER_KEY=sk-$(rand)
LITELLM_SALT_KEY=sk-$(rand)
POSTGRES_PASSWORD=$(rand)
GRAFANA_ADMIN_PASSWORD=$(rand)
HAGW_BATCH_SECRET=$(rand)
HAGW_SITE_ADDRESS=gateway.home.arpa
# Where the test Caddy listens (host networking): hagw certs probes it there.
HAGW_HTTPS_PORT=18443
COMPOSE_PROFILES=gpu
ENV
fi

export HAGW_COMPOSE_PROJECT=hagwit
export HAGW_COMPOSE_FILE="$HAGW_IT_DIR/docker-compose.merged.yml"
node "$root/test/integration/strip-ports.mjs" --base "$root/compose/docker-compose.yml" \
  "$root/test/integration/docker-compose.test.yml" "$HAGW_IT_DIR/docker-compose.base.yml"
# --project-directory: relative paths (./caddy/Caddyfile) still resolve against compose/.
docker-compose -p "$HAGW_COMPOSE_PROJECT" --project-directory "$root/compose" \
  -f "$HAGW_IT_DIR/docker-compose.base.yml" -f "$root/test/integration/docker-compose.test.yml" \
  --env-file "$HAGW_DATA_DIR/.env" config > "$HAGW_IT_DIR/docker-compose.raw.yml"
node "$root/test/integration/strip-ports.mjs" "$HAGW_IT_DIR/docker-compose.raw.yml" "$HAGW_COMPOSE_FILE"
node "$root/test/integration/check-local-images.mjs" "$HAGW_COMPOSE_FILE" gpu
export HAGW_LITELLM_URL=http://127.0.0.1:4000
export HAGW_VLLM_URL=http://127.0.0.1:8000
export HAGW_GATEWAY_URL=https://gateway.home.arpa:18443
log "services left out, and why: grafana (no Debian package, no registry to pull it from), gpu-exporter (no Debian package; needs a real NVIDIA driver)"
log "stand-ins: vllm, litellm (Python services, not installable here); real Debian binaries: caddy, postgres, prometheus"
