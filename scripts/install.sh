#!/usr/bin/env bash
# Installs what building, the demo and the tests need, if it is missing; idempotent.
# Usage: scripts/install.sh [build|test]   (build: toolchain only; test: browsers too)
# Prints what it could not install and exits non-zero if anything required is missing.
set -u
cd "$(dirname "$0")/.."
want="${1:-test}"
missing=()
say() { printf '[install] %s\n' "$*"; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_updated=0
apt_install() {
  if ! is_root; then missing+=("$* (apt packages: not root, install them yourself)"); return 1; fi
  if [ $apt_updated = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed"
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
    || { missing+=("$* (apt-get install failed)"); return 1; }
}

# 1. Rust and the wasm target.
if ! command -v cargo >/dev/null 2>&1; then
  missing+=("cargo (install Rust with rustup)")
else
  if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
      || { say "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
           || missing+=("rust target wasm32-unknown-unknown"); }
    # The shipped wasm is built with std compiled for it (scripts/wasm-flags.sh).
    [ -f "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ] \
      || { say "rustup component add rust-src"; rustup component add rust-src >/dev/null 2>&1 \
           || missing+=("rust component rust-src"); }
  else
    missing+=("rustup (needed to add the wasm32-unknown-unknown target and the rust-src component)")
  fi
  # 2. wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version.
  wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
  if [ "$have" != "$wbg" ]; then
    say "cargo install wasm-bindgen-cli --version $wbg (about 2 minutes)"
    cargo install -q wasm-bindgen-cli --version "$wbg" --force --locked >/dev/null 2>&1 \
      || cargo install -q wasm-bindgen-cli --version "$wbg" --force >/dev/null 2>&1 \
      || missing+=("wasm-bindgen-cli $wbg (cargo install failed)")
  fi
fi

# 3. Node.js, and the npm packages (wasm-opt from binaryen, terser, playwright-core for e2e and benches).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
if command -v npm >/dev/null 2>&1; then
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -d node_modules/playwright-core ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || missing+=("npm packages (npm ci failed)")
  fi
fi

# The bundler check's app (tests/vite-app) has its own dependencies (Vite).
if [ "$want" = test ] && command -v npm >/dev/null 2>&1; then
  if [ ! -x tests/vite-app/node_modules/.bin/vite ] || [ tests/vite-app/package-lock.json -nt tests/vite-app/node_modules/.package-lock.json ]; then
    say "npm ci (tests/vite-app)"
    (cd tests/vite-app && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || missing+=("Vite for tests/vite-app (npm ci failed)")
  fi
fi

# 4. Browsers and their drivers (tests only).
if [ "$want" = test ]; then
  pkgs=()
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || pkgs+=(chromium-driver)
  command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || pkgs+=(firefox-esr)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs+=(postgresql)
  [ ${#pkgs[@]} -gt 0 ] && apt_install "${pkgs[@]}"
  if ! command -v geckodriver >/dev/null 2>&1 && command -v cargo >/dev/null 2>&1; then
    say "cargo install geckodriver (about 3 minutes)"
    cargo install -q geckodriver --locked >/dev/null 2>&1 \
      || cargo install -q geckodriver >/dev/null 2>&1 || missing+=("geckodriver (cargo install failed)")
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "could not install:"
  for m in "${missing[@]}"; do say "  - $m"; done
  exit 1
fi
say "all present"
