//! Prints the redactor's findings and output for every corpus row, every adversarial row and a
//! stream of generated inputs, one record per input, so that two builds of the redactor can be
//! compared byte for byte (`diff`) after a change meant to make it faster, not different.
//!
//! Run: `cargo run --release --manifest-path bench/redact/native/Cargo.toml --bin redact-dump
//! -- 200000 > before.txt`, change the redactor, run it again into `after.txt`, and diff.

use std::io::{BufWriter, Write};

use activity_capture_core::redact::{redact, scan};

/// xorshift64*, as in the property tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise every detector, its context words and its edges, and placeholders.
const FRAGMENTS: &[&str] = &[
    "jane.doe+x@mail.example.com",
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "378282246310005",
    "(415) 555-2671",
    "+44 20 7946 0958",
    "020 7946 0958",
    "DE89 3704 0044 0532 0130 00",
    "GB82WEST12345698765432",
    "SSN 123-45-6789",
    "123-45-6789",
    "DOB: 14/03/1985",
    "born March 14, 1985",
    "14 Mar 1985",
    "Passport No. X12345678",
    "192.168.1.20",
    "2001:db8::1",
    "fe80::1%eth0",
    "::ffff:10.0.0.1",
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "xoxb-1234567890-abc",
    "sk_live_abcdefghij0123456789",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
    "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----",
    "password: hunter2!",
    "password is Tr0ub4dor&3",
    "token=abc123XYZ789",
    "api_key: ",
    "Bearer abcDEF123456ghiJKL",
    "Authorization: ",
    "https://admin:s3cret@db.example:5432/x",
    "https://x.io/users/jane.doe?token=abc123XYZ&id=42",
    "mailto:",
    "://",
    "?email=",
    "Name: Jane Doe",
    "Name: ",
    "Hi Jane,",
    "Dear Mr. Smith,",
    "Regards,\nJane Doe",
    "221B Baker Street",
    "Hauptstraße 5",
    "Via Roma 42",
    "PO Box 12",
    "Order #10023417",
    "INV-2024-000123",
    "2024-03-14T09:26:53Z",
    "v1.2.3",
    "version ",
    "$1,299.00",
    "12.5%",
    "123e4567-e89b-42d3-a456-426614174000",
    "3f2a9c1b",
    "#1a2b3c",
    "/var/log/app.log",
    "std::vec::Vec",
    "[EMAIL]",
    "[CARD]",
    "[PHONE]",
    "[IP]",
    "[DOB]",
    "[SSN]",
    "[ID]",
    "[SECRET]",
    "[URL_CREDENTIALS]",
    "[NAME]",
    "[ADDRESS]",
    "[at]",
    " (dot) ",
    "%40",
    "%2B",
    "&#64;",
    "&lt;",
    "&nbsp;",
    "＠",
    "４",
    "．",
    "\u{200b}",
    "\u{a0}",
    "\u{feff}",
    "\u{ad}",
    "\u{2013}",
    "é",
    "☃",
    "日本",
    "\u{1F600}",
    "\u{301}",
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    "-",
    ".",
    ",",
    "/",
    ":",
    "::",
    "@",
    "+",
    "(",
    ")",
    "=",
    "&",
    "%",
    "#",
    "\"",
    "'",
    "<",
    ">",
    "0",
    "1",
    "5",
    "9",
    "42",
    "1234",
    "555",
    "x",
    "ext",
    "a",
    "Z",
    "the",
    "call",
    "card",
    "ssn",
    "dob",
    "passport",
    "order",
];

fn random_text(rng: &mut Rng) -> String {
    let mut s = String::new();
    let parts = 1 + rng.below(14);
    for _ in 0..parts {
        match rng.below(12) {
            0 => {
                for _ in 0..1 + rng.below(6) {
                    let c = loop {
                        let v = match rng.below(4) {
                            0 => rng.below(0x80) as u32,
                            1 => rng.below(0x800) as u32,
                            2 => rng.below(0x10000) as u32,
                            _ => rng.below(0x110000) as u32,
                        };
                        if let Some(c) = char::from_u32(v) {
                            break c;
                        }
                    };
                    s.push(c);
                }
            }
            1 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())];
                let cut = rng.below(f.chars().count() + 1);
                s.extend(f.chars().take(cut));
            }
            2 => {
                // A run of digits and separators.
                for _ in 0..1 + rng.below(20) {
                    s.push(b"0123456789 -./()+"[rng.below(17)] as char);
                }
            }
            _ => s.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]),
        }
    }
    s
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => {}
        }
    }
    out
}

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
                inputs.push(unescape(input));
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
