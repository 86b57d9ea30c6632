#!/usr/bin/env bash
# npm run test:integration — the integration suite against a real dockerd, compose, Caddy,
# PostgreSQL and Prometheus (the stand-ins where the real thing cannot run here).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'bash "$root/test/integration/teardown.sh"' EXIT
# shellcheck source=setup.sh
source "$root/test/integration/setup.sh"
[ -f dist/cli/hagw.mjs ] || npm run build
node scripts/run-tests.mjs test/integration --test-concurrency=1
