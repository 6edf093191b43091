#!/usr/bin/env bash
# Runs every test: formatting, lints (the content-getter ban is a lint) and rustdoc, native tests of the
# core and the collector, the wasm-bindgen-test suites in headless Chromium and Firefox, the
# pkg build with its size budget, the TypeScript declarations, and the end-to-end tests that
# drive the real demo and fixture pages in Chromium and Firefox. Installs what is missing first (scripts/install.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test || { echo "test: cannot run every test without the tools above" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
log=$(mktemp -d)/test.log
failed=()

step() {
  local name=$1; shift
  printf '\n=== %s\n' "$name" | tee -a "$log"
  local start=$SECONDS
  if "$@" 2>&1 | tee -a "$log"; then
    printf '=== %s: ok (%ds)\n' "$name" $((SECONDS - start)) | tee -a "$log"
  else
    printf '=== %s: FAILED (%ds)\n' "$name" $((SECONDS - start)) | tee -a "$log"
    failed+=("$name")
  fi
}

# The runner gives the WebDriver 5 s to bind its port by default; on a loaded 2-core machine
# chromedriver once took longer, and the whole suite failed before a test ran. 60 s lets the
# runner restart a stuck driver (it does so every 10 s) a few times.
wasm_test() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=60 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 "$@" \
    cargo test --target wasm32-unknown-unknown -p activity-capture
}

step "format" cargo fmt --all -- --check
step "lint (native)" cargo clippy --workspace --all-targets -- -D warnings
step "lint (wasm)" cargo clippy --target wasm32-unknown-unknown -p activity-capture -p activity-capture-core --all-targets -- -D warnings
step "docs" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
# The collector's behavioural suite runs against SQLite and PostgreSQL: start a throwaway
# PostgreSQL on 127.0.0.1 unless ACTIVITY_CAPTURE_PG_URL points at an existing server.
if [ -z "${ACTIVITY_CAPTURE_PG_URL:-}" ]; then
  export ACTIVITY_CAPTURE_PG_STATE="$(dirname "$log")/pg.state"
  ACTIVITY_CAPTURE_PG_URL=$(scripts/pg.sh start) || { echo "test: cannot start PostgreSQL (scripts/pg.sh)" >&2; exit 1; }
  trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT
fi
export ACTIVITY_CAPTURE_PG_URL
step "native tests" cargo test --workspace
step "wasm tests: Chromium" wasm_test env CHROMEDRIVER="$(command -v chromedriver)"
step "wasm tests: Firefox" wasm_test env GECKODRIVER="$(command -v geckodriver)"
step "build pkg (size budget)" env SKIP_INSTALL=1 scripts/build.sh
step "TypeScript declarations" tsc -p tests/types/tsconfig.json
step "collector binary" cargo build -p activity-capture-collector
step "e2e: demo and fixture pages in Chromium and Firefox" node --test --test-concurrency=1 tests/e2e/
# The consent files take their browser from E2E_BROWSER (Chromium above): again in Firefox.
step "e2e: consent and transparency in Firefox" env E2E_BROWSER=firefox \
  node --test --test-concurrency=1 tests/e2e/consent.test.mjs tests/e2e/consent-controls.test.mjs

# One closing line over every suite: cargo's "N passed; M failed" and node's "pass N / fail M".
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END{print s+0}')
nfailed=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END{print s+0}')
passed=$((passed + $(grep -Eo '^(ℹ|#) pass [0-9]+' "$log" | awk '{s+=$3} END{print s+0}')))
nfailed=$((nfailed + $(grep -Eo '^(ℹ|#) fail [0-9]+' "$log" | awk '{s+=$3} END{print s+0}')))
if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "FAILED steps: ${failed[*]}"
  [ "$nfailed" -gt 0 ] || nfailed=${#failed[@]}
  echo "all suites: $passed passed, $nfailed failed"
  exit 1
fi
echo
echo "all suites: $passed passed, 0 failed"
