//! The wasm harness: one export that redacts every line of a text, so the browser benchmark
//! crosses the JS boundary once per round, and so that the size build with and without the
//! `redactor` feature differs only by the redactor.

use wasm_bindgen::prelude::wasm_bindgen;

/// Redacts each record of `text` (records are separated by U+001E, so a record may span
/// lines); returns the total length of the output.
#[wasm_bindgen]
pub fn redact_lines(text: &str) -> usize {
    text.split('\u{1e}')
        .map(|record| process(record).len())
        .sum()
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
