//! Fuzzes the redactor: any UTF-8 input must not panic, spans must be sorted, disjoint and on
//! character boundaries, `redact` must agree with `scan`, and redaction must be idempotent.
#![no_main]

use activity_capture_core::redact::{redact, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let findings = scan(&input);
    let mut last = 0;
    let mut expected = String::new();
    for f in &findings {
        assert!(
            f.start >= last && f.start < f.end && f.end <= input.len(),
            "bad span {f:?}"
        );
        assert!(
            input.is_char_boundary(f.start) && input.is_char_boundary(f.end),
            "span {f:?} splits a character"
        );
        expected.push_str(&input[last..f.start]);
        expected.push_str(f.kind.placeholder());
        last = f.end;
    }
    expected.push_str(&input[last..]);
    let once = redact(&input);
    assert_eq!(once.as_str(), expected, "redact disagrees with scan");
    let twice = redact(once.as_str());
    assert_eq!(twice.as_str(), once.as_str(), "redaction is not idempotent");
});
