#!/usr/bin/env bash
# Stops the test stack and the private dockerd, and removes what setup made.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-it}
export DOCKER_HOST="unix://$HAGW_IT_DIR/docker.sock"
if [ -f "$HAGW_IT_DIR/docker-compose.merged.yml" ] && docker info >/dev/null 2>&1; then
  docker-compose -p hagwit -f "$HAGW_IT_DIR/docker-compose.merged.yml" down -v --remove-orphans >/dev/null 2>&1 || true
fi
HAGW_IT_DIR=$HAGW_IT_DIR bash "$root/test/integration/dockerd.sh" stop || true
# dockerd unmounts its overlays when it stops; anything left is unmounted before the folder goes.
grep " $HAGW_IT_DIR/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r umount -l 2>/dev/null || true
rm -rf "$HAGW_IT_DIR"
echo "[teardown] stopped the test stack and dockerd; removed $HAGW_IT_DIR"
