#!/usr/bin/env bash
# Builds the wasm harness twice (with and without the redactor), runs wasm-bindgen and the npm
# binaryen wasm-opt -Oz on both, prints gzip -9 sizes and the redactor's contribution, and
# leaves the full build in www/pkg with the corpus text for run-browser.mjs.
#
# Needs: rustup target wasm32-unknown-unknown and component rust-src, wasm-bindgen CLI 0.2.130,
# `npm install` here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$here/target}"
out="$here/out"
wasm_opt="$here/node_modules/.bin/wasm-opt"
mkdir -p "$out"
# The shipped SDK's wasm-opt inlining limit (and its build flags), so the harness measures the
# redactor as the SDK ships it.
. "$repo/scripts/wasm-flags.sh"
[ -x "$wasm_opt" ] || { echo "run npm install in $here first" >&2; exit 1; }

build() { # $1 = name, $2.. = cargo feature flags
  local name="$1"; shift
  cargo_wasm_release --manifest-path "$here/wasm/Cargo.toml" --target-dir "$target" "$@"
  rm -rf "$out/$name"
  wasm-bindgen --target web --out-dir "$out/$name" "$target/wasm32-unknown-unknown/release/redact_bench_wasm.wasm"
  "$wasm_opt" $wasm_opt_inline -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/$name/redact_bench_wasm_bg.wasm" -o "$out/$name/redact_bench_wasm_bg.wasm"
  gzip -9 -c "$out/$name/redact_bench_wasm_bg.wasm" | wc -c
}

with=$(build with)
without=$(build without --no-default-features)
raw_with=$(wc -c < "$out/with/redact_bench_wasm_bg.wasm")
raw_without=$(wc -c < "$out/without/redact_bench_wasm_bg.wasm")
echo "wasm after wasm-opt -Oz: with redactor $raw_with B, without $raw_without B"
echo "gzip -9: with redactor $with B, without $without B, redactor contributes $((with - without)) B"

rm -rf "$here/www/pkg"
cp -r "$out/with" "$here/www/pkg"
# The corpus inputs, unescaped, one record per row, records separated by U+001E.
python3 - "$repo" "$here/www/corpus.txt" <<'PY'
import re, sys, pathlib
repo, dest = sys.argv[1], sys.argv[2]
def unescape(s):
    return re.sub(r"\\(u\{([0-9A-Fa-f]+)\}|.)", lambda m: chr(int(m.group(2), 16)) if m.group(2) else {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(1)), s)
rows = []
for half in ("dev", "heldout"):
    for line in pathlib.Path(repo, "crates/core/tests/data", f"redact_corpus_{half}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("kind\t"):
            continue
        rows.append(unescape(line.split("\t")[2]))
pathlib.Path(dest).write_text("\x1e".join(rows), encoding="utf-8")
PY
echo "built $here/www/pkg and www/corpus.txt"
