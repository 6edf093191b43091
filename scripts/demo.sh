#!/usr/bin/env bash
# Builds the SDK and runs the demo: the collector on http://127.0.0.1:8787 (SQLite under .demo/)
# and the demo internal tool on a second origin, http://127.0.0.1:8788. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh build || { echo "demo: cannot build without the tools above" >&2; exit 1; }
SKIP_INSTALL=1 scripts/build.sh
exec cargo run --quiet --release -p activity-capture-collector -- --demo --www www --pkg pkg "$@"
