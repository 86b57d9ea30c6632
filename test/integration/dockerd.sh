#!/usr/bin/env bash
# Starts or stops the private test dockerd (socket, data root and pidfile under $HAGW_IT_DIR),
# with the stand-in NVIDIA hook on its PATH. Used by setup.sh and by the fault tests, which stop
# the engine in the middle of an operation and start it again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-it}
sock="unix://$HAGW_IT_DIR/docker.sock"
case "${1:-}" in
  start)
    if DOCKER_HOST=$sock docker info >/dev/null 2>&1; then exit 0; fi
    PATH="$root/test/standins/hook:$PATH" HAGW_HOOK_LOG="$HAGW_IT_DIR/nvidia-hook.log" dockerd \
      --data-root "$HAGW_IT_DIR/docker" --exec-root "$HAGW_IT_DIR/exec" --pidfile "$HAGW_IT_DIR/docker.pid" \
      --host "$sock" --bridge=none --iptables=false --ip6tables=false \
      >>"$HAGW_IT_DIR/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do DOCKER_HOST=$sock docker info >/dev/null 2>&1 && exit 0; sleep 0.5; done
    tail -20 "$HAGW_IT_DIR/dockerd.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$HAGW_IT_DIR/docker.pid" ] || exit 0
    pid=$(cat "$HAGW_IT_DIR/docker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.5; done
    echo "dockerd $pid did not stop" >&2
    exit 1
    ;;
  *)
    echo "usage: dockerd.sh start|stop" >&2
    exit 2
    ;;
esac
