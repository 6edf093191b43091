# Sourced by the scripts that build the shipped wasm (scripts/build.sh, bench/size/report.sh).
# The wasm keeps the source file of each of its few panic locations; these flags make them
# relative, so the shipped SDK names no directory of the machine that built it (its home, its
# toolchain, its package cache).
wasm_flags="--remap-path-prefix=$(rustc --print sysroot)=rust --remap-path-prefix=$PWD=."
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ "${CARGO_HOME:-$HOME/.cargo}"/git/checkouts/*/; do
  [ -d "$d" ] && wasm_flags="$wasm_flags --remap-path-prefix=${d%/}=crates"
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags"
