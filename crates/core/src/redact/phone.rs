//! Phone numbers: E.164 (`+` and 8 to 15 digits), North American formats with parentheses,
//! dots, dashes or spaces, common European and Asian national formats (trunk prefix `0`),
//! and extensions. Bare digit runs count only after a word such as "phone" or "call"; any
//! number after an order, invoice or tracking word counts only with such a word too.

use super::context::{
    is_word, number_ends_cleanly, word_before, PHONE_WORDS, REFERENCE_WORDS, SSN_WORDS,
};
use super::numeric::Groups;
use super::Span;

/// A phone number whose first digit run starts at `p`.
pub(super) fn parse(t: &[u8], p: usize, g: &Groups) -> Option<Span> {
    let plus = p > 0 && t[p - 1] == b'+';
    // An opening parenthesis belongs to the number only around an area code.
    let paren = p > 0 && t[p - 1] == b'(' && t.get(g.end_of(1)) == Some(&b')');
    if plus && p >= 2 && (is_word(t[p - 2]) || t[p - 2] == b'+') {
        return None;
    }
    let start = if plus || paren { p - 1 } else { p };
    let k = g.len();
    let count = g.digit_count(k);
    // Fewer than seven digits are never a phone number (the shape alone needs nine).
    if count < 7 {
        return None;
    }
    let dotted = (1..k).any(|i| g.separator(i) == b'.');
    // The shape alone first, so that the context words are read only for candidates: a bare
    // run needs a phone word, a dotted number a phone's shape, any other a phone word or a
    // phone's shape.
    let shaped = k > 1 && shaped_like_phone(t, p, g, paren);
    let possible = if plus {
        (8..=15).contains(&count)
    } else if dotted {
        shaped
    } else if k == 1 {
        (7..=12).contains(&count) && !paren
    } else {
        (7..=12).contains(&count) || shaped
    };
    if !possible {
        return None;
    }
    let end = extension(t, g.end_of(k)).unwrap_or(g.end_of(k));
    // Numbers after SSN words are SSNs or nothing; `000` starts no phone number.
    if !number_ends_cleanly(t, end)
        || t[p..].starts_with(b"000")
        || word_before(t, start, 24, &SSN_WORDS)
    {
        return None;
    }
    if plus {
        return Some((start, end));
    }
    // Without a phone word, a phone's shape (not after an order, invoice or tracking word).
    let ok = word_before(t, start, 32, &PHONE_WORDS)
        || shaped && !word_before(t, start, 24, &REFERENCE_WORDS);
    ok.then_some((start, end))
}

/// Whether a formatted number (two or more groups) has a phone's shape without any context.
fn shaped_like_phone(t: &[u8], p: usize, g: &Groups, paren: bool) -> bool {
    let sizes = g.sizes();
    let k = g.len();
    let count = g.digit_count(k);
    if !(9..=12).contains(&count) {
        return false;
    }
    let sep = g.uniform_separator(k);
    let trunk = t[p] == b'0';
    let shape = |s: &[u8]| sizes == s;
    match sep {
        // Dotted: North American 3.3.4 and French 2.2.2.2.2 only (not versions, not IPs).
        Some(b'.') => shape(&[3, 3, 4]) || shape(&[2, 2, 2, 2, 2]) && trunk,
        // Slashed: German `089/1234567`.
        Some(b'/') => k == 2 && trunk,
        _ => {
            if (1..k).any(|i| g.separator(i) == b'.' || g.separator(i) == b'/') {
                return false;
            }
            paren && sizes[0] <= 4
                || trunk && sizes.iter().all(|&s| s >= 2)
                || shape(&[3, 3, 4])
                || shape(&[3, 4, 4])
                || shape(&[3, 2, 2, 2])
                || shape(&[1, 3, 3, 4]) && t[p] == b'1'
        }
    }
}

/// The end of an extension after a phone number ending at `end`: ` ext. 123`, ` x1234`,
/// `x12`, ` extension 55`, ` #123`.
fn extension(t: &[u8], end: usize) -> Option<usize> {
    let mut k = end;
    if t.get(k) == Some(&b' ') || t.get(k) == Some(&b',') {
        k += 1;
        if t.get(k) == Some(&b' ') {
            k += 1;
        }
    }
    let mut we = k;
    while we < t.len() && t[we].is_ascii_alphabetic() {
        we += 1;
    }
    let w = &t[k..we];
    let marker = w.eq_ignore_ascii_case(b"x")
        || w.eq_ignore_ascii_case(b"ext")
        || w.eq_ignore_ascii_case(b"extn")
        || w.eq_ignore_ascii_case(b"extension")
        || w.is_empty() && t.get(k) == Some(&b'#') && k > end;
    if !marker {
        return None;
    }
    let mut d = if w.is_empty() { k + 1 } else { we };
    if t.get(d) == Some(&b'.') {
        d += 1;
    }
    if t.get(d) == Some(&b':') {
        d += 1;
    }
    if t.get(d) == Some(&b' ') {
        d += 1;
    }
    let ds = d;
    while d < t.len() && t[d].is_ascii_digit() && d - ds < 6 {
        d += 1;
    }
    (d > ds && !t.get(d).is_some_and(u8::is_ascii_digit)).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let t = input.as_bytes();
        let p = t.iter().position(u8::is_ascii_digit).unwrap();
        let g = Groups::parse(t, p);
        assert_eq!(
            parse(t, p, &g).map(|(s, e)| &input[s..e]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_phone_numbers() {
        check("(415) 555-2671", Some("(415) 555-2671"));
        check("415.555.2671", Some("415.555.2671"));
        check(
            "+1 (415) 555-2671 ext. 12",
            Some("+1 (415) 555-2671 ext. 12"),
        );
        check("+442079460958", Some("+442079460958"));
        check("020 7946 0958", Some("020 7946 0958"));
        check("06 12 34 56 78", Some("06 12 34 56 78"));
        check("090-1234-5678", Some("090-1234-5678"));
        check("call 13800138000", Some("13800138000"));
        check("ref 13800138000", None);
        check("shipment 123 456 7890", None);
        check("10.0.19045.3803", None);
        check("1234-5678-9012", None);
        check("+3.4 %", None);
        check("4521-8890", None);
    }
}
