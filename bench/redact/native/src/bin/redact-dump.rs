//! Prints the redactor's findings and output for every corpus row, every adversarial row and a
//! stream of generated inputs, one record per input, so that two builds of the redactor can be
//! compared byte for byte (`diff`) after a change meant to make it faster, not different.
//!
//! Run: `cargo run --release --manifest-path bench/redact/native/Cargo.toml --bin redact-dump
//! -- 200000 > before.txt`, change the redactor, run it again into `after.txt`, and diff.

use std::io::{BufWriter, Write};

use activity_capture_core::redact::{redact, scan};

// The generator and the corpus escaping of the core's tests, so both see the same inputs.
#[path = "../../../../../crates/core/tests/support/redact_inputs.rs"]
mod redact_inputs;
use redact_inputs::{random_text, unescape, Rng};

fn main() {
    let cases: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../crates/core/tests/data"
    );
    let mut inputs = Vec::new();
    for file in [
        "redact_corpus_dev.tsv",
        "redact_corpus_heldout.tsv",
        "redact_adversarial.tsv",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("corpus");
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some(input) = line.split('\t').nth(2) {
                inputs.push(unescape(input).unwrap_or_else(|| input.to_owned()));
            }
        }
    }
    // All rows joined, as the benchmark's one-string workload.
    inputs.push(inputs.join("\n"));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..cases {
        inputs.push(random_text(&mut rng));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for input in &inputs {
        let findings = scan(input);
        let redacted = redact(input);
        write!(out, "{input:?}\n  ").unwrap();
        for f in &findings {
            write!(out, "{}:{}-{} ", f.kind.name(), f.start, f.end).unwrap();
        }
        writeln!(out, "\n  {:?}", redacted.as_str()).unwrap();
    }
}
