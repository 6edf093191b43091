//! IP addresses: dotted IPv4 (each octet 0 to 255, no version-string context) and IPv6 in
//! every compressed form, with embedded IPv4, zone ids (`fe80::1%eth0`) and inside URL
//! brackets (`http://[2001:db8::1]:8080/`).

use super::bytes::find_byte;
use super::context::{has_class, is_word, word_before, word_list, WordList, IPV6};
use super::{Finding, Kind};

const VERSION_WORDS: WordList = word_list![
    b"version",
    b"ver",
    b"v",
    b"build",
    b"release",
    b"firmware",
    b"android",
    b"ios",
    b"chrome",
    b"node",
    b"rustc",
    b"kernel",
    b"python",
    b"java",
    b"libc",
    b"os",
    b"macos",
    b"windows",
    b"firefox",
    b"safari",
    b"edge",
    b"app",
    b"sdk",
    b"api",
    b"update",
    b"upgrade",
    b"patch",
];

fn octet(t: &[u8], at: usize) -> Option<usize> {
    let mut e = at;
    let mut v = 0u32;
    while e < t.len() && t[e].is_ascii_digit() && e - at < 3 {
        v = v * 10 + u32::from(t[e] - b'0');
        e += 1;
    }
    let len = e - at;
    if len == 0 || v > 255 || len > 1 && t[at] == b'0' || t.get(e).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(e)
}

/// The end of a dotted IPv4 address at `at` (no boundary checks).
fn ipv4_end(t: &[u8], at: usize) -> Option<usize> {
    let mut e = octet(t, at)?;
    for _ in 0..3 {
        if t.get(e) != Some(&b'.') {
            return None;
        }
        e = octet(t, e + 1)?;
    }
    Some(e)
}

/// An IPv4 address starting at `p`; returns its end.
pub(super) fn ipv4(t: &[u8], p: usize) -> Option<usize> {
    let e = ipv4_end(t, p)?;
    let glued = match t.get(e) {
        None => false,
        Some(&b) if is_word(b) => true,
        Some(b'.' | b'-') => t.get(e + 1).is_some_and(u8::is_ascii_alphanumeric),
        _ => false,
    };
    if glued || word_before(t, p, 16, &VERSION_WORDS) {
        return None;
    }
    Some(e)
}

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Whether `s` is an IPv6 address (without zone).
fn ipv6_valid(s: &[u8]) -> bool {
    let mut groups = 0;
    let mut double = 0;
    let mut has_digit = false;
    let mut full_group = false;
    let mut i = 0;
    if s.starts_with(b"::") {
        double = 1;
        i = 2;
    } else if s.first() == Some(&b':') {
        return false;
    }
    while i < s.len() {
        let gs = i;
        while i < s.len() && is_hex(s[i]) && i - gs < 5 {
            i += 1;
        }
        let gl = i - gs;
        if i < s.len() && s[i] == b'.' {
            // Embedded IPv4 as the last two groups.
            if ipv4_end(s, gs) != Some(s.len()) {
                return false;
            }
            groups += 2;
            has_digit = true;
            break;
        }
        if gl == 0 || gl > 4 {
            return false;
        }
        has_digit |= s[gs..i].iter().any(u8::is_ascii_digit);
        full_group |= gl == 4;
        groups += 1;
        if i == s.len() {
            break;
        }
        // s[i] == b':'
        if s.get(i + 1) == Some(&b':') {
            double += 1;
            i += 2;
            if i == s.len() {
                break;
            }
        } else {
            i += 1;
            if i == s.len() {
                return false;
            }
        }
    }
    let ok = match double {
        0 => groups == 8,
        1 => groups <= 7,
        _ => false,
    };
    // Words like `a::b` are code, not addresses: ask for a digit, a four-digit group or three
    // groups.
    ok && groups >= 1 && (has_digit || full_group || groups >= 3)
}

/// Runs the IPv6 pass over `t`, anchored on `:`.
#[inline(never)]
pub(super) fn find_ipv6(t: &[u8], out: &mut Vec<Finding>) {
    let mut from = 0;
    while let Some(c) = find_byte(t, from, b':') {
        let mut l = c;
        while l > 0 && has_class(t[l - 1], IPV6) && c - l < 45 {
            l -= 1;
        }
        let mut r = c;
        while r < t.len() && has_class(t[r], IPV6) && r - l < 45 {
            r += 1;
        }
        from = r.max(c + 1);
        // Trailing dots and single colons are punctuation.
        while r > c && t[r - 1] == b'.' {
            r -= 1;
        }
        if r > c + 1 && t[r - 1] == b':' && (t[r - 2] != b':' || r > c + 2 && t[r - 3] == b':') {
            r -= 1;
        }
        while l < c && t[l] == b'.' {
            l += 1;
        }
        if l > 0 && is_word(t[l - 1]) || r < t.len() && is_word(t[r]) && t[r] != b'%' {
            continue;
        }
        if !ipv6_valid(&t[l..r]) {
            continue;
        }
        let mut end = r;
        if t.get(r) == Some(&b'%') {
            let zs = r + 1;
            let mut z = zs;
            while z < t.len()
                && (t[z].is_ascii_alphanumeric() || t[z] == b'_' || t[z] == b'.')
                && z - zs < 16
            {
                z += 1;
            }
            if z > zs {
                end = z;
            }
        } else if r < t.len() && is_word(t[r]) {
            continue;
        }
        out.push(Finding {
            kind: Kind::IpAddress,
            start: l,
            end,
        });
        from = from.max(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check6(input: &str, expected: Option<&str>) {
        let mut out = Vec::new();
        find_ipv6(input.as_bytes(), &mut out);
        assert_eq!(
            out.first().map(|f| &input[f.start..f.end]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_ipv6() {
        check6(
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            Some("2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        );
        check6("addr 2001:db8::1.", Some("2001:db8::1"));
        check6("::1", Some("::1"));
        check6(
            "fe80::1ff:fe23:4567:890a%eth0 up",
            Some("fe80::1ff:fe23:4567:890a%eth0"),
        );
        check6("http://[2001:db8::1]:8080/", Some("2001:db8::1"));
        check6("::ffff:192.0.2.1", Some("::ffff:192.0.2.1"));
        check6(
            "db47:74b3:58f3:98a7:819d:3d79::",
            Some("db47:74b3:58f3:98a7:819d:3d79::"),
        );
        check6("09:26:53", None);
        check6("00:1A:2B:3C:4D:5E", None);
        check6("std::collections::HashMap", None);
        check6("a = b::c::d(1)", None);
        check6("Foo::Bar", None);
    }

    #[test]
    fn finds_ipv4() {
        let t = b"from 10.0.3.17:8080";
        assert_eq!(ipv4(t, 5), Some(14));
        assert_eq!(ipv4(b"version 1.2.3.4", 8), None);
        assert_eq!(ipv4(b"1.2.3.256", 0), None);
        assert_eq!(ipv4(b"1.2.3.4.5", 0), None);
    }
}
