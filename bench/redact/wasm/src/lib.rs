//! The wasm harness: one export that redacts every line of a text, so the browser benchmark
//! crosses the JS boundary once per round, and so that the size build with and without the
//! `redactor` feature differs only by the redactor.

use wasm_bindgen::prelude::wasm_bindgen;

// The SDK's allocator (see the root crate's src/lib.rs), so that the redactor is measured as
// the SDK ships it: it costs the redactor some 6-8 % against Rust's default (dlmalloc) here.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Redacts each record of `text` (records are separated by U+001E, so a record may span
/// lines); returns the total length of the output. Each redacted record is measured where it
/// is, as the SDK uses it, not copied out first.
#[wasm_bindgen]
pub fn redact_lines(text: &str) -> usize {
    text.split('\u{1e}').map(redacted_len).sum()
}

/// Redacts one string (the call a host or the SDK makes).
#[wasm_bindgen]
pub fn redact_one(text: &str) -> String {
    process(text)
}

#[cfg(feature = "redactor")]
fn process(s: &str) -> String {
    activity_capture_core::redact::redact(s).as_str().to_owned()
}

#[cfg(not(feature = "redactor"))]
fn process(s: &str) -> String {
    s.to_owned()
}

#[cfg(feature = "redactor")]
fn redacted_len(s: &str) -> usize {
    activity_capture_core::redact::redact(s).as_str().len()
}

#[cfg(not(feature = "redactor"))]
fn redacted_len(s: &str) -> usize {
    process(s).len()
}
