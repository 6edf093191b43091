//! Small text writers used on the SDK's paths instead of `format!` and `to_string()`, which pull
//! the `core::fmt` machinery (and a copy of its call setup per call site) into the wasm.

/// Appends `n` in decimal to `out`.
pub fn push_decimal(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// `n` in decimal.
pub fn decimal(n: u64) -> String {
    let mut s = String::new();
    push_decimal(&mut s, n);
    s
}

/// The parts joined into one string (what `[..].concat()` does, without the generic join).
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Splits `s` around the first occurrence of `marker`, like `str::split_once` with a string
/// pattern, but with a plain scan instead of the two-way searcher (much smaller in the wasm;
/// the texts searched here are short).
pub fn split_once<'a>(s: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let m = marker.as_bytes();
    if m.is_empty() {
        return Some(("", s));
    }
    let at = s.as_bytes().windows(m.len()).position(|w| w == m)?;
    Some((s.get(..at)?, s.get(at + m.len()..)?))
}

/// Parses a run of ASCII digits (the whole string) as a number; `None` for anything else or an
/// overflow. Written out so that no slicing or panicking path is linked into the wasm.
pub fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// The number of characters in `s`, as `s.chars().count()` gives it: the bytes that do not
/// continue a character. One short loop, where the standard one is an unrolled, word-at-a-time
/// routine of half a kilobyte in the wasm; the texts counted here are labels and option texts.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_the_standard_formatting() {
        for n in [0, 1, 9, 10, 99, 100, 4711, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn char_count_matches_the_standard_one() {
        for s in [
            "",
            "a",
            "é",
            "naïve café",
            "日本語",
            "👩‍💻 x",
            "\u{10FFFF}\u{80}\u{7FF}\u{800}",
        ] {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn split_once_matches_the_standard_one() {
        for (s, m) in [
            ("https://x", "://"),
            ("a://b://c", "://"),
            ("none", "://"),
            ("", "x"),
            ("x", ""),
            ("é\"id\":\"ab", "\"id\":\""),
        ] {
            assert_eq!(split_once(s, m), s.split_once(m), "{s:?} {m:?}");
        }
    }
}
