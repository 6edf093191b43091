# Sourced by the scripts that build the shipped wasm (scripts/build.sh, bench/size/report.sh,
# bench/redact/build-wasm.sh). They build it with `cargo_wasm_release [cargo args...]`.

# A path of the build machine can only enter the wasm through a panic location or a `file!()`;
# `-Zlocation-detail=none` below keeps no panic locations, and these flags make any other path
# relative, so the shipped SDK names no directory of the machine that built it (its home, its
# toolchain, its package cache).
# (scripts/build.sh checks the built wasm for these same directories.)
wasm_sysroot=$(rustc --print sysroot)
wasm_cargo_home=${CARGO_HOME:-$HOME/.cargo}
wasm_flags="--remap-path-prefix=$wasm_sysroot=rust --remap-path-prefix=$PWD=."
for d in "$wasm_cargo_home"/registry/src/*/ "$wasm_cargo_home"/git/checkouts/*/; do
  [ -d "$d" ] && wasm_flags="$wasm_flags --remap-path-prefix=${d%/}=crates"
done

# A panic in the shipped wasm aborts on the spot. The SDK installs no panic hook and the wasm has
# no stderr, so the message a panic formats, and the location it reports, go nowhere; yet the
# formatting code (core::fmt for panics, Location, the message strings) was 6.7 KB of the
# gzipped wasm. Dropping it needs std compiled for the build (`-Zbuild-std`, from the toolchain's
# rust-src component, which scripts/install.sh adds) with `-Cpanic=immediate-abort` and
# `-Zlocation-detail=none`: unstable flags, which `RUSTC_BOOTSTRAP=1` unlocks on the stable
# toolchain for this one command. A panic still traps (`unreachable`), as `panic = "abort"` did,
# and js/facade.js and js/sense.js stop calling the broken instance as before. The tests'
# wasm builds (`cargo test --target wasm32-unknown-unknown`) keep the ordinary std, so a failing
# test still prints its message.
# std's own crates are optimised for speed, as the precompiled std is: at the release profile's
# opt-level "z" the redactor ran 3-4 % slower in Chromium (bench/redact, alternating rounds); at
# 3 it runs 2-7 % faster than with the precompiled std, and the wasm is smaller (-0.3 KB gzip).
wasm_abort_flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
cargo_wasm_release() {
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags $wasm_abort_flags" \
    cargo build --quiet --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort \
      --config 'profile.release.package.core.opt-level=3' --config 'profile.release.package.alloc.opt-level=3' \
      --config 'profile.release.package.std.opt-level=3' "$@"
}

# wasm-opt inlines a function with one caller into it whatever its size, by default. V8 compiles
# a wasm function when it is first called, all of it, on the main thread (Liftoff), and its
# cost grows faster than the function's size: the redactor's scan became one 23 KB function
# (every detector inlined) that took 1.2-3.6 ms to compile inside a first visit's `init`, to
# redact a route that needs two detectors. Capped, a function larger than this stays on its
# own and is compiled only if it runs; and the wasm gzips smaller.
wasm_opt_inline="--one-caller-inline-max-function-size 500"
