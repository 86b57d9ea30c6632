#!/usr/bin/env bash
# npm run bench — on the integration stack (root, private dockerd), bounded: BENCH_KILLS kills each.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-bench}
trap 'bash "$root/test/integration/teardown.sh"' EXIT
# shellcheck source=../integration/setup.sh
source "$root/test/integration/setup.sh"
npm run build >/dev/null
node --import tsx test/bench/run.ts
