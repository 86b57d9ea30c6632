#!/usr/bin/env bash
# npm run test:e2e — the renderer in Debian's Chromium through `hagw ui`, against the integration
# stack on a private dockerd (same setup as test:integration). Needs root, like that suite.
root=$(cd "$(dirname "$0")/../.." && pwd)
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-e2e}
# No GPU here: the dashboard reads the nvidia-smi stand-in, replaying a healthy card under load.
export HAGW_NVIDIA_SMI="$root/test/standins/bin/nvidia-smi"
export NVSMI_STANDIN_SCENARIO="$root/test/standins/scenarios/healthy-load.json"
exec bash "$root/test/integration/with-stack.sh" node scripts/run-tests.mjs test/e2e --test-concurrency=1
