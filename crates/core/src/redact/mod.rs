//! The redactor: the only way to make a [`Redacted`] string, and the scanner the collector runs
//! as a tripwire on every string it receives.
//!
//! This is the minimal engine the foundations need (emails, Luhn-valid card numbers, long digit
//! runs); the complete engine replaces the detectors behind the same API.

use std::fmt;

/// A string that has passed through [`redact`]. It cannot be built any other way.
///
/// No public field, no `From`, no `FromStr`, no `Default`, no deserialisation:
///
/// ```compile_fail
/// let r = activity_capture_core::redact::Redacted(String::from("jane@example.com"));
/// ```
/// ```compile_fail
/// let r: activity_capture_core::redact::Redacted = String::from("jane@example.com").into();
/// ```
/// ```compile_fail
/// let r: activity_capture_core::redact::Redacted = "jane@example.com".parse().unwrap();
/// ```
/// ```compile_fail
/// let r = activity_capture_core::redact::Redacted::default();
/// ```
/// The one constructor:
/// ```
/// let r = activity_capture_core::redact::redact("mail jane@example.com");
/// assert_eq!(r.as_str(), "mail [EMAIL]");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Redacted(String);

impl Redacted {
    /// The redacted text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of personal data or secret a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An email address.
    Email,
    /// A payment card number (Luhn-valid).
    Card,
    /// A run of digits long enough to identify someone or something (account, phone, id).
    Number,
}

impl Kind {
    /// The placeholder that replaces a value of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[EMAIL]",
            Kind::Card => "[CARD]",
            Kind::Number => "[NUMBER]",
        }
    }

    /// The kind's name as used in reports and collector errors.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Card => "card",
            Kind::Number => "number",
        }
    }
}

/// One detected value: its kind and its byte span in the scanned input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Byte offset of the first byte of the value.
    pub start: usize,
    /// Byte offset one past the last byte of the value.
    pub end: usize,
}

/// Reports every detected value in `input`, in order, without rewriting anything.
pub fn scan(input: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    scan_emails(input, &mut findings);
    scan_digit_runs(input, &mut findings);
    findings.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    // Drop findings nested inside an earlier one.
    let mut merged: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        match merged.last() {
            Some(last) if f.start < last.end => {}
            _ => merged.push(f),
        }
    }
    merged
}

/// Replaces every detected value in `input` with its kind's placeholder.
pub fn redact(input: &str) -> Redacted {
    let findings = scan(input);
    if findings.is_empty() {
        return Redacted(input.to_owned());
    }
    let mut out = String::with_capacity(input.len());
    let mut at = 0;
    for f in findings {
        out.push_str(&input[at..f.start]);
        out.push_str(f.kind.placeholder());
        at = f.end;
    }
    out.push_str(&input[at..]);
    Redacted(out)
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-'".contains(&b)
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b >= 0x80
}

fn scan_emails(input: &str, out: &mut Vec<Finding>) {
    let bytes = input.as_bytes();
    for (at, _) in input.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local_byte(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && is_domain_byte(bytes[end]) {
            end += 1;
        }
        // Never end inside a multi-byte character, nor on a trailing dot or dash.
        while end > at + 1
            && (!input.is_char_boundary(end) || matches!(bytes[end - 1], b'.' | b'-'))
        {
            end -= 1;
        }
        let domain = &input[at + 1..end];
        let has_dot = domain
            .rsplit_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && tld.chars().count() >= 2);
        if start < at && has_dot {
            out.push(Finding {
                kind: Kind::Email,
                start,
                end,
            });
        }
    }
}

fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Digit runs, allowing single spaces, dashes and dots between digit groups.
fn scan_digit_runs(input: &str, out: &mut Vec<Finding>) {
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = Vec::new();
        let mut j = i;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                digits.push(bytes[j] - b'0');
                j += 1;
                end = j;
            } else if matches!(bytes[j], b' ' | b'-' | b'.')
                && j + 1 < bytes.len()
                && bytes[j + 1].is_ascii_digit()
            {
                j += 1;
            } else {
                break;
            }
        }
        let kind = if (13..=19).contains(&digits.len()) && luhn_valid(&digits) {
            Some(Kind::Card)
        } else if digits.len() >= 7 {
            Some(Kind::Number)
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(Finding { kind, start, end });
        }
        i = end.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(redact(input).as_str(), expected, "input: {input:?}");
    }

    #[test]
    fn redacts_emails_cards_and_long_numbers() {
        check("mail jane.doe+x@mail.example.com now", "mail [EMAIL] now");
        check("<JANE@EXAMPLE.ORG>", "<[EMAIL]>");
        check("card 4111 1111 1111 1111", "card [CARD]");
        check("card 4111-1111-1111-1111.", "card [CARD].");
        check("call 0201234567", "call [NUMBER]");
        check("Save ticket", "Save ticket");
        check("v1.2.3 and 42", "v1.2.3 and 42");
        check("a@b", "a@b");
        check("ünïcode @ ☃.é", "ünïcode @ ☃.é");
    }

    #[test]
    fn redaction_is_idempotent() {
        for s in [
            "x jane@example.com 4111111111111111 5551234567",
            "plain",
            "",
        ] {
            let once = redact(s);
            assert_eq!(redact(once.as_str()), once);
        }
    }

    #[test]
    fn scan_reports_kinds_and_spans() {
        let f = scan("to a@b.io, 4111111111111111");
        assert_eq!(
            f,
            vec![
                Finding {
                    kind: Kind::Email,
                    start: 3,
                    end: 9
                },
                Finding {
                    kind: Kind::Card,
                    start: 11,
                    end: 27
                },
            ]
        );
    }
}
