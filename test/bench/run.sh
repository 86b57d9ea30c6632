#!/usr/bin/env bash
# npm run bench [-- --quick] — on the integration stack (root, private dockerd); bounded in count
# and time. Writes bench-results.json; npm run bench:readme puts its table into the README.
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-bench}
exec bash "$(dirname "$0")/../integration/with-stack.sh" node --import tsx test/bench/run.ts "$@"
