# Sourced by the scripts that build the shipped wasm (scripts/build.sh, bench/size/report.sh,
# bench/redact/build-wasm.sh).
# The wasm keeps the source file of each of its few panic locations; these flags make them
# relative, so the shipped SDK names no directory of the machine that built it (its home, its
# toolchain, its package cache).
wasm_flags="--remap-path-prefix=$(rustc --print sysroot)=rust --remap-path-prefix=$PWD=."
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ "${CARGO_HOME:-$HOME/.cargo}"/git/checkouts/*/; do
  [ -d "$d" ] && wasm_flags="$wasm_flags --remap-path-prefix=${d%/}=crates"
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags"

# wasm-opt inlines a function with one caller into it whatever its size, by default. V8 compiles
# a wasm function when it is first called, all of it, on the main thread (Liftoff), and its
# cost grows faster than the function's size: the redactor's scan became one 23 KB function
# (every detector inlined) that took 1.2-3.6 ms to compile inside a first visit's `init`, to
# redact a route that needs two detectors. Capped, a function larger than this stays on its
# own and is compiled only if it runs; and the wasm gzips smaller.
wasm_opt_inline="--one-caller-inline-max-function-size 500"
