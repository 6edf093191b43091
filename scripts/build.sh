#!/usr/bin/env bash
# Builds pkg/: the classic-script and ES-module forms of the SDK, their TypeScript types, and
# the shared wasm optimised by wasm-opt. Prints raw and gzip -9 sizes and fails if the wasm plus
# the classic script exceed the size budget (scripts/size-budget).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_INSTALL:-0}" = 1 ] || scripts/install.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
target=${CARGO_TARGET_DIR:-target}
tmp=$target/pkg-build
rm -rf "$tmp" pkg
mkdir -p "$tmp" pkg

. scripts/wasm-flags.sh
cargo_wasm_release -p activity-capture
raw=$target/wasm32-unknown-unknown/release/activity_capture.wasm
wasm-bindgen "$raw" --target no-modules --no-typescript --out-dir "$tmp/classic" --out-name activity_capture
wasm-bindgen "$raw" --target web --no-typescript --out-dir "$tmp/esm" --out-name activity_capture

# Both targets must share one wasm file: the ES module loads the same bytes as the script.
if ! cmp -s "$tmp/classic/activity_capture_bg.wasm" "$tmp/esm/activity_capture_bg.wasm"; then
  echo "build: the classic and ES module targets produced different wasm; cannot share one file" >&2
  exit 1
fi
# --low-memory-unused: wasm-opt may fold a constant added to a pointer into the access's offset,
# which differs only when the addition wraps past 4 GiB into the lowest 1 KiB; Rust never forms
# such a pointer (a wrapping pointer offset is undefined behaviour), so nothing changes (-0.4 KiB).
wasm-opt $wasm_opt_inline -Oz --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/classic/activity_capture_bg.wasm" -o "$tmp/opt.wasm"
# The names the wasm and its glue call each other by (import and export names such as
# `__wbg_addEventListener_f2d27251d333a631`) become one or two letters, and the JS glue below is
# rewritten to match (link.py): hashed names are incompressible, and each appears in both files
# (about 3.5 KiB gzip in all). wasm-opt prints the mapping as JSON. The producers and
# target-features sections, which browsers ignore, are dropped.
wasm-opt --minify-imports-and-exports-and-modules --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/opt.wasm" -o pkg/activity_capture_bg.wasm > "$tmp/names.json"
# link.py below renames the glue's import module to "a": check the wasm imports from exactly that.
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync("pkg/activity_capture_bg.wasm"));
const modules = [...new Set(WebAssembly.Module.imports(m).map((i) => i.module))];
if (modules.join() !== "a") { console.error("build: the wasm imports from module(s) " + modules + ", the glue provides \"a\""); process.exit(1); }
'
# The wasm names no directory of the build machine, nor the toolchain's source paths
# (scripts/wasm-flags.sh). (A path shorter than six bytes, a checkout at /src say, could match
# the wasm's bytes by chance and is not looked for.)
for path in "$PWD" "$wasm_cargo_home" "$wasm_sysroot" /rustc/; do
  if [ ${#path} -ge 6 ] && grep -qaF -- "$path" pkg/activity_capture_bg.wasm; then
    echo "build: the wasm names a path of the build machine: $path" >&2
    exit 1
  fi
done

# The classifier's JS half (js/sense.js, an ES module for the browser tests) goes in before the
# façade, as a plain function.
facade=$(sed 's/^export function makeSense/function makeSense/' js/sense.js; sed "s/__VERSION__/$version/" js/facade.js)
# Renames the glue's import keys, the import module and its `wasm.<export>` calls as wasm-opt
# renamed them; fails the build if any name is not found exactly where expected.
cat > "$tmp/link.py" <<'PY'
import json, re, sys
def link(js, names_file):
    text = open(names_file).read()
    names = json.loads(text[text.index('{'):])
    modules = {m for m, _, _ in names['imports']}
    if len(modules) != 1:
        sys.exit('build: expected one import module, got %s' % sorted(modules))
    module = modules.pop()
    quoted = '"%s": import0,' % module
    if js.count(quoted) != 1:
        sys.exit('build: the glue does not name the import module once')
    js = js.replace(quoted, '"a": import0,')
    for _, old, new in names['imports']:
        js, n = re.subn(r'(?m)^(\s*)%s: function' % re.escape(old), r'\g<1>%s: function' % new, js)
        if n != 1:
            sys.exit('build: import %s is defined %d times in the glue' % (old, n))
    for old, new in names['exports']:
        js = re.sub(r'\bwasm\.%s\b' % re.escape(old), 'wasm.' + new, js)
    left = [o for o, _ in names['exports'] if re.search(r'\bwasm\.%s\b' % re.escape(o), js)]
    if left or re.search(r'\bwasm\[', js):
        sys.exit('build: the glue still calls exports by their old names: %s' % left)
    return fixed_arity(js)

# The glue's closures (the SDK's listeners and timers) take their arguments as a rest parameter
# and spread them into the Rust side's invoke function: an array allocated on every call, in
# the code a page's events run (cold code, where V8 does not optimise it away; any allocation
# there is one a garbage collection can start from). Every invoke function takes at most three
# arguments after the closure's two state words: the closures take three named ones.
def fixed_arity(js):
    arities = [len(a.split(',')) - 2 for a in
               re.findall(r'__convert__closures_____invoke[0-9A-Za-z_]*\(([^)]*)\)', js)]
    if not arities or max(arities) > 3:
        sys.exit('build: a closure invoke function takes %s arguments, not at most 3' % arities)
    js, made = re.subn(r'\breal = \(\.\.\.args\) =>', 'real = (x, y, z) =>', js)
    js, spread = re.subn(r'(\bf\((?:state\.a|a), state\.b), \.\.\.args\)', r'\1, x, y, z)', js)
    if made != 2 or spread != 2 or '...args' in js:
        sys.exit('build: the glue\'s closure makers are not the two expected (%d, %d)' % (made, spread))
    return js
PY
# Assembly: the classic script wraps the no-modules glue and the façade; the ES module imports
# the web-target glue. Both glues are linked to the wasm's short names first.
python3 - "$tmp/classic/activity_capture.js" "$facade" "$tmp" > pkg/activity-capture.js <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
from link import link
glue = link(open(sys.argv[1]).read(), sys.argv[3] + '/names.json')
template = open('js/classic.js').read()
print(template.replace('/*__GLUE__*/', glue).replace('/*__FACADE__*/', sys.argv[2]), end='')
PY
python3 - "$tmp/esm/activity_capture.js" "$tmp" > pkg/activity-capture.glue.mjs <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from link import link
print(link(open(sys.argv[1]).read(), sys.argv[2] + '/names.json'), end='')
PY
python3 - "$facade" > pkg/activity-capture.mjs <<'PY'
import sys
print(open('js/esm.js').read().replace('/*__FACADE__*/', sys.argv[1]), end='')
PY
# The consent dialog and the transparency panel: ES modules loaded only when first shown (the
# optional UI, outside the budget). The loading snippet queues calls made before the SDK's
# script has run (not in the budget either: a few hundred bytes the page may inline).
for ui in dialog panel; do cp "js/$ui.js" "pkg/activity-capture-$ui.mjs"; done
cp js/snippet.js pkg/activity-capture-snippet.js
# Every shipped JS file is minified by terser (npm, pinned in package.json): comments and
# whitespace go, local names are shortened, statements compressed (top-level names of the ES
# modules' exports, property names, strings and class names stay). The readable sources are
# js/*.js; every e2e test runs on this output.
minify() {
  terser "$@" --ecma 2020 --compress passes=2 --mangle --keep-classnames -o "$tmp/min.js"
  mv "$tmp/min.js" "$1"
}
for f in activity-capture.js activity-capture-snippet.js; do minify "pkg/$f"; done
for f in activity-capture.mjs activity-capture.glue.mjs activity-capture-dialog.mjs activity-capture-panel.mjs; do
  minify "pkg/$f" --module
done
# V8's explicit compile hint (Chromium 136 and later; a comment to other engines): every
# function in the file is compiled with the script, before it runs, instead of each on its
# first call, on the main thread, during `init` (74 functions of the classic script in a first
# visit's `init`, 5 with the hint: bench/perf/init-trace.mjs; ARCHITECTURE.md has the wall-clock
# figures). Only the files `init` runs: the loading snippet is a few lines, and the dialog and
# panel load when first shown. It must be the file's first line, so it goes in after terser
# (which drops comments).
for f in activity-capture.js activity-capture.mjs activity-capture.glue.mjs; do
  { printf '//# allFunctionsCalledOnLoad\n'; cat "pkg/$f"; } > "$tmp/hinted.js"
  mv "$tmp/hinted.js" "pkg/$f"
done
cp js/activity-capture.d.ts pkg/activity-capture.d.ts
cp js/activity-capture.d.ts pkg/activity-capture.d.mts
cat > pkg/package.json <<JSON
{
  "name": "activity-capture",
  "version": "$version",
  "description": "Privacy-first activity capture: consented, aggregated summaries only.",
  "license": "Apache-2.0",
  "type": "module",
  "main": "./activity-capture.mjs",
  "module": "./activity-capture.mjs",
  "types": "./activity-capture.d.ts",
  "exports": {
    ".": { "types": "./activity-capture.d.mts", "import": "./activity-capture.mjs" },
    "./classic": "./activity-capture.js",
    "./snippet": "./activity-capture-snippet.js",
    "./activity_capture_bg.wasm": "./activity_capture_bg.wasm"
  },
  "files": ["activity-capture.js", "activity-capture-snippet.js", "activity-capture.mjs", "activity-capture-dialog.mjs", "activity-capture-panel.mjs", "activity-capture.glue.mjs", "activity_capture_bg.wasm", "activity-capture.d.ts", "activity-capture.d.mts"],
  "sideEffects": ["./activity-capture.js", "./activity-capture-snippet.js"]
}
JSON

size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
budget=$(head -n 1 scripts/size-budget | grep -Eo '^[0-9]+')
w_raw=$(size pkg/activity_capture_bg.wasm); w_gz=$(gz pkg/activity_capture_bg.wasm)
j_raw=$(size pkg/activity-capture.js); j_gz=$(gz pkg/activity-capture.js)
m_raw=$(( $(size pkg/activity-capture.mjs) + $(size pkg/activity-capture.glue.mjs) ))
m_gz=$(( $(gz pkg/activity-capture.mjs) + $(gz pkg/activity-capture.glue.mjs) ))
total=$(( w_gz + j_gz ))
printf 'size: wasm                 %7d B raw  %6d B gzip -9\n' "$w_raw" "$w_gz"
printf 'size: activity-capture.js  %7d B raw  %6d B gzip -9 (classic script)\n' "$j_raw" "$j_gz"
printf 'size: ES module (2 files)  %7d B raw  %6d B gzip -9\n' "$m_raw" "$m_gz"
printf 'size: loading snippet     %7d B raw  %6d B gzip -9 (optional)\n' "$(size pkg/activity-capture-snippet.js)" "$(gz pkg/activity-capture-snippet.js)"
printf 'size: dialog (lazy)       %7d B raw  %6d B gzip -9 (loaded when first shown)\n' "$(size pkg/activity-capture-dialog.mjs)" "$(gz pkg/activity-capture-dialog.mjs)"
printf 'size: panel (lazy)        %7d B raw  %6d B gzip -9 (loaded when opened)\n' "$(size pkg/activity-capture-panel.mjs)" "$(gz pkg/activity-capture-panel.mjs)"
printf 'size: wasm + classic JS    %7d B gzip -9 = %s KiB; budget %d KiB\n' "$total" "$(awk "BEGIN{printf \"%.1f\", $total/1024}")" "$budget"
if [ "$total" -gt $(( budget * 1024 )) ]; then
  echo "build: FAILED the size budget: $total B gzip > $budget KiB (scripts/size-budget)" >&2
  exit 1
fi
