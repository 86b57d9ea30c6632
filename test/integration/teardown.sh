#!/usr/bin/env bash
# Stops the test stack and the private dockerd, and removes what setup made.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-it}
export DOCKER_HOST="unix://$HAGW_IT_DIR/docker.sock"
if [ -f "$HAGW_IT_DIR/docker-compose.merged.yml" ] && docker info >/dev/null 2>&1; then
  docker-compose -p hagwit -f "$HAGW_IT_DIR/docker-compose.merged.yml" down -v --remove-orphans >/dev/null 2>&1 || true
fi
if [ -f "$HAGW_IT_DIR/docker.pid" ]; then
  pid=$(cat "$HAGW_IT_DIR/docker.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
fi
# dockerd unmounts its overlays when it stops; anything left is unmounted before the folder goes.
grep " $HAGW_IT_DIR/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r umount -l 2>/dev/null || true
rm -rf "$HAGW_IT_DIR"
echo "[teardown] stopped the test stack and dockerd; removed $HAGW_IT_DIR"
