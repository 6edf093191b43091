//! Payment card numbers: a known brand's prefix and length, grouped consistently (or not at
//! all), and valid by Luhn. A number failing Luhn is not a card.

use super::context::{number_ends_cleanly, word_before, word_list, WordList, REFERENCE_WORDS};
use super::numeric::Groups;

const CARD_WORDS: WordList = word_list![
    b"card",
    b"cards",
    b"visa",
    b"mastercard",
    b"amex",
    b"maestro",
    b"discover",
    b"cc",
    b"credit",
    b"debit",
    b"pan",
    b"payment",
    b"paid",
    b"charge",
    b"charged",
    b"cvv",
    b"expiry",
    b"exp",
    b"jcb",
    b"unionpay",
    b"diners",
];

/// Whether `d` passes the Luhn check.
pub(super) fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
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

/// Whether the prefix and length belong to a card brand (Visa, Mastercard, American Express,
/// Discover, Diners Club, JCB, UnionPay, Maestro).
fn brand(d: &[u8]) -> bool {
    let n = d.len();
    let p2 = u32::from(d[0]) * 10 + u32::from(d[1]);
    let p3 = p2 * 10 + u32::from(d[2]);
    let p4 = p3 * 10 + u32::from(d[3]);
    match d[0] {
        4 => matches!(n, 13 | 16 | 19),
        5 => {
            (51..=55).contains(&p2) && n == 16
                || (p2 == 50 || (56..=59).contains(&p2)) && (12..=19).contains(&n)
        }
        2 => (2221..=2720).contains(&p4) && n == 16,
        3 => {
            (p2 == 34 || p2 == 37) && n == 15
                || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39)
                    && (14..=19).contains(&n)
                || (3528..=3589).contains(&p4) && (16..=19).contains(&n)
        }
        6 => (12..=19).contains(&n),
        _ => false,
    }
}

/// A card number starting at `p`; returns its end.
pub(super) fn parse(t: &[u8], p: usize, g: &Groups) -> Option<usize> {
    let sizes = g.sizes();
    // Most numbers are too short for a card.
    if g.digit_count(g.len()) < 12 {
        return None;
    }
    for k in (1..=g.len()).rev() {
        let count = g.digit_count(k);
        if !(12..=19).contains(&count) {
            continue;
        }
        // Mixed spaces and dashes (an evasion) only in groups of four.
        let sep = match g.uniform_separator(k) {
            Some(sep) => sep,
            None if (1..k).all(|i| matches!(g.separator(i), b' ' | b'-'))
                && sizes[..k - 1].iter().all(|&s| s == 4)
                && sizes[k - 1] <= 4 =>
            {
                b' '
            }
            None => continue,
        };
        if !matches!(sep, 0 | b' ' | b'-') {
            continue;
        }
        // Groups of three to eight (the last may be shorter), or one compact run.
        if k > 1 && (sizes[..k - 1].iter().any(|&s| !(3..=8).contains(&s)) || sizes[k - 1] > 8) {
            continue;
        }
        let end = g.end_of(k);
        if k == g.len() && !number_ends_cleanly(t, end) {
            continue;
        }
        // More digits in the same grouping mean a longer number, not a card and a tail.
        if k < g.len() && k > 1 && g.separator(k) == sep {
            continue;
        }
        let d = g.digits(t, k);
        if !brand(&d) || !luhn(&d) {
            continue;
        }
        let context = word_before(t, p, 32, &CARD_WORDS);
        if !context && word_before(t, p, 24, &REFERENCE_WORDS) {
            return None;
        }
        return Some(end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let t = input.as_bytes();
        let p = t.iter().position(u8::is_ascii_digit).unwrap();
        let g = Groups::parse(t, p);
        assert_eq!(
            parse(t, p, &g).map(|e| &input[p..e]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_luhn_valid_cards_of_known_brands() {
        check("4111 1111 1111 1111", Some("4111 1111 1111 1111"));
        check("4111-1111-1111-1111 12/25", Some("4111-1111-1111-1111"));
        check("378282246310005", Some("378282246310005"));
        check("3782 822463 10005", Some("3782 822463 10005"));
        check("4111 1111 1111 1112", None);
        check("1111 1111 1111 1117", None);
        check("EAN 4006381333931", None);
        check("order 4111111111111111", None);
        check("card 4111111111111111", Some("4111111111111111"));
        check("4111 1111-1111 1111", Some("4111 1111-1111 1111"));
        check("4111 111-1111 1111", None);
    }
}
