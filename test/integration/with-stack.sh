#!/usr/bin/env bash
# Runs a command with the integration setup around it: setup.sh (private dockerd, images, the
# stack's .env, the merged compose file), a fresh build, and teardown on exit, whatever happens.
#   HAGW_IT_DIR=/tmp/x bash test/integration/with-stack.sh <command...>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export HAGW_IT_DIR=${HAGW_IT_DIR:-/tmp/hagw-it}
trap 'bash "$root/test/integration/teardown.sh"' EXIT
# shellcheck source=setup.sh
source "$root/test/integration/setup.sh"
npm run build >/dev/null
"$@"
