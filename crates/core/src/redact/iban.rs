//! International bank account numbers: a country's exact length, grouped in fours or compact,
//! upper or lower case, valid by the ISO 13616 mod-97 check.

use super::context::is_word;

/// Country codes and IBAN lengths (SWIFT registry), packed as `CCnn`.
const LENGTHS: &[u8] = b"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28\
EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32\
LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33\
SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";

fn length_for(country: [u8; 2]) -> Option<usize> {
    LENGTHS
        .chunks_exact(4)
        .find(|c| c[..2] == country)
        .map(|c| usize::from(c[2] - b'0') * 10 + usize::from(c[3] - b'0'))
}

/// An IBAN starting with the country code at `s`; returns its end.
pub(super) fn parse(t: &[u8], s: usize) -> Option<usize> {
    // Two check digits follow the country code, and no IBAN is shorter than 15 characters:
    // most words of two letters glued to a number (`ID42`, `no 7`) end here, before the
    // country table is searched.
    if t.len() < s + 15 || !t[s + 3].is_ascii_digit() {
        return None;
    }
    let country = [t[s].to_ascii_uppercase(), t[s + 1].to_ascii_uppercase()];
    let len = length_for(country)?;
    let mut chars = [0u8; 34];
    let mut n = 0;
    let mut at = s;
    let mut sep = 0u8;
    while n < len && at < t.len() {
        let b = t[at];
        if b.is_ascii_alphanumeric() {
            chars[n] = b.to_ascii_uppercase();
            n += 1;
            at += 1;
        } else if (b == b' ' || b == b'-') && n >= 4 && n % 4 == 0 && (sep == 0 || sep == b) {
            sep = b;
            at += 1;
        } else {
            return None;
        }
    }
    if n < len || at < t.len() && is_word(t[at]) {
        return None;
    }
    if !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() {
        return None;
    }
    // Mixed case inside one IBAN is not an IBAN someone wrote.
    let raw = &t[s..at];
    if raw.iter().any(u8::is_ascii_lowercase) && raw.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let mut rem = 0u32;
    for &c in chars[4..len].iter().chain(&chars[..4]) {
        if c.is_ascii_digit() {
            rem = (rem * 10 + u32::from(c - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(c - b'A') + 10) % 97;
        }
    }
    (rem == 1).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            parse(input.as_bytes(), 0).map(|e| &input[..e]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn validates_ibans() {
        check(
            "DE89 3704 0044 0532 0130 00",
            Some("DE89 3704 0044 0532 0130 00"),
        );
        check("DE89370400440532013000.", Some("DE89370400440532013000"));
        check("de89370400440532013000", Some("de89370400440532013000"));
        check(
            "GB82 WEST 1234 5698 7654 32",
            Some("GB82 WEST 1234 5698 7654 32"),
        );
        check("DE89 3704 0044 0532 0130 01", None);
        check("DE89 3704 0044 0532 0130 0", None);
        check("DE8937040044053201300012", None);
        check("XX89370400440532013000", None);
    }
}
