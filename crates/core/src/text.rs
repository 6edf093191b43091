//! Small text helpers used on the SDK's paths instead of std's, for the wasm's size: writers
//! instead of `format!` and `to_string()`, which pull the `core::fmt` machinery (and a copy of
//! its call setup per call site) into the wasm; byte scans instead of `char` patterns, which
//! bring std's char searcher and memchr; a character count instead of std's unrolled one. Each
//! is tested against the std function it stands for.

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

/// `s` split at each `sep`, as `s.split(char::from(sep))` splits it, for an ASCII `sep`. A byte
/// scan: std's `char` patterns bring their searcher and memchr into the wasm (about 1.5 KB), and
/// the texts split here are short (stored lists, option values, paths).
pub fn split_byte(s: &str, sep: u8) -> SplitByte<'_> {
    debug_assert!(sep.is_ascii());
    SplitByte { rest: Some(s), sep }
}

/// The iterator of [`split_byte`].
pub struct SplitByte<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == self.sep) {
            // An ASCII byte is always a character boundary, so `get` always succeeds.
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The lines of `s`, as `s.lines()` gives them: split at `\n`, a `\r` just before a `\n`
/// dropped, and no empty line after a final `\n`.
pub fn lines(s: &str) -> Lines<'_> {
    Lines(s)
}

/// The iterator of [`lines`].
pub struct Lines<'a>(&'a str);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.0;
        if s.is_empty() {
            return None;
        }
        let Some(i) = s.bytes().position(|b| b == b'\n') else {
            self.0 = "";
            return Some(s);
        };
        self.0 = s.get(i + 1..).unwrap_or_default();
        let end = if i > 0 && s.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        s.get(..end)
    }
}

/// `s` split around the last `sep`, as `s.rsplit_once(char::from(sep))`, for an ASCII `sep`.
pub fn rsplit_once_byte(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether `s` holds the byte `b`, as `s.contains(char::from(b))`, for an ASCII `b`.
pub fn contains_byte(s: &str, b: u8) -> bool {
    s.bytes().any(|x| x == b)
}

/// `s` without the `b`s at its end, as `s.trim_end_matches(char::from(b))`, for an ASCII `b`.
pub fn trim_end_byte(s: &str, b: u8) -> &str {
    let mut n = s.len();
    while n > 0 && s.as_bytes()[n - 1] == b {
        n -= 1;
    }
    s.get(..n).unwrap_or(s)
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
    fn concat_and_parse_decimal_match_the_standard_ones() {
        for parts in [&[][..], &[""], &["a"], &["a", "", "bé", "c"]] {
            assert_eq!(concat(parts), parts.concat(), "{parts:?}");
        }
        for s in [
            "",
            "0",
            "7",
            "0042",
            "18446744073709551615",
            "18446744073709551616",
            "1a",
            "+1",
            "-1",
            " 1",
            "１",
        ] {
            assert_eq!(
                parse_decimal(s),
                s.parse::<u64>()
                    .ok()
                    .filter(|_| s.bytes().all(|b| b.is_ascii_digit())),
                "{s:?}"
            );
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
    fn byte_splits_match_the_standard_ones() {
        let texts = [
            "",
            ",",
            ",,",
            "a",
            "a,b",
            ",a,",
            "a,,b,",
            "é,日本,👩‍💻",
            "\n",
            "\n\n",
            "a\n",
            "a\r\n",
            "a\r",
            "\r\n",
            "a\nb",
            "a\r\nb\r\n\r\nc\r",
            "x\r\r\n",
            "é\né\r\n",
        ];
        for s in texts {
            for sep in [b',', b'\n', b'\r', b'x'] {
                let c = char::from(sep);
                let ours: Vec<&str> = split_byte(s, sep).collect();
                assert_eq!(ours, s.split(c).collect::<Vec<_>>(), "{s:?} {c:?}");
                assert_eq!(rsplit_once_byte(s, sep), s.rsplit_once(c), "{s:?} {c:?}");
                assert_eq!(contains_byte(s, sep), s.contains(c), "{s:?} {c:?}");
                assert_eq!(trim_end_byte(s, sep), s.trim_end_matches(c), "{s:?} {c:?}");
            }
            assert_eq!(
                lines(s).collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
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
