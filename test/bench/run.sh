#!/usr/bin/env bash
# npm run bench — on the integration stack (root, private dockerd), bounded: BENCH_KILLS kills each.
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-bench}
exec bash "$(dirname "$0")/../integration/with-stack.sh" node --import tsx test/bench/run.ts
