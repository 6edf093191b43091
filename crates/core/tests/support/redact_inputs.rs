//! Inputs for the redactor shared by the property tests, the corpus test and the benchmarks in
//! `bench/redact/native` (which include this file by path): the corpus files' escaping and the
//! generator of random inputs, so that each of them reads and generates exactly the same text.
#![allow(dead_code)]

/// xorshift64*: small, fast, deterministic.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise every detector, its context words and its edges, and placeholders.
pub const FRAGMENTS: &[&str] = &[
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

/// A random input: arbitrary Unicode, cut and whole fragments, digit-and-separator runs.
pub fn random_text(rng: &mut Rng) -> String {
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

/// A corpus cell's text: `\n`, `\t`, `\r`, `\\` and `\u{…}` escapes; `None` when malformed.
pub fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}
