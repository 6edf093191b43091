#!/usr/bin/env bash
# Runs the browser benchmark: builds pkg/ and the floor module, then bench/perf/run.mjs.
# ROUNDS=15 by default. Results: bench/results/perf.{md,json}. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
mkdir -p bench/results && SKIP_INSTALL=1 scripts/build.sh | tee bench/results/sizes.txt
(cd bench/floor && cargo build --quiet --release --target wasm32-unknown-unknown)
wasm-bindgen bench/floor/target/wasm32-unknown-unknown/release/activity_capture_floor.wasm \
  --target no-modules --no-typescript --out-dir bench/floor/pkg
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  bench/floor/pkg/activity_capture_floor_bg.wasm -o bench/floor/pkg/activity_capture_floor_bg.wasm
node bench/perf/run.mjs
