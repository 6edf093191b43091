#!/usr/bin/env bash
# Runs the browser benchmark: builds pkg/ and the floor module, then bench/perf/run.mjs.
# ROUNDS=15 by default. Results: bench/results/perf.{md,json}. Not part of the test command.
# SKIP_INSTALL=1 skips scripts/install.sh; CARGO_TARGET_DIR is honoured (the floor builds in
# its own subdirectory of it, being its own workspace).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${SKIP_INSTALL:-0}" = 1 ] || scripts/install.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
mkdir -p bench/results && SKIP_INSTALL=1 scripts/build.sh | tee bench/results/sizes.txt
floor_target="${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/floor}"
floor_target="${floor_target:-$PWD/bench/floor/target}"
(cd bench/floor && CARGO_TARGET_DIR="$floor_target" cargo build --quiet --release --target wasm32-unknown-unknown)
wasm-bindgen "$floor_target/wasm32-unknown-unknown/release/activity_capture_floor.wasm" \
  --target no-modules --no-typescript --out-dir bench/floor/pkg
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  bench/floor/pkg/activity_capture_floor_bg.wasm -o bench/floor/pkg/activity_capture_floor_bg.wasm
node bench/perf/run.mjs
