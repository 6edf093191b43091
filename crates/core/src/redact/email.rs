//! E-mail addresses: plus tags, subdomains, any case, internationalised local parts and
//! domains (Unicode or punycode), inside `<...>`, `mailto:` links and query strings, with `@`
//! written as `%40`, `&#64;` or fullwidth (folded by the normaliser).

use super::bytes::find_byte;
use super::context::{has_class, is_word, DOMAIN, LOCAL};
use super::normalise::OTHER;
use super::{Finding, Kind};

fn is_local(b: u8) -> bool {
    has_class(b, LOCAL)
}

fn is_domain(b: u8) -> bool {
    has_class(b, DOMAIN)
}

/// Runs the e-mail pass over `t`, anchored on `@`.
#[inline(never)]
pub(super) fn find(t: &[u8], out: &mut Vec<Finding>) {
    let mut from = 0;
    while let Some(at) = find_byte(t, from, b'@') {
        from = at + 1;
        if let Some((s, e)) = address(t, at) {
            out.push(Finding {
                kind: Kind::Email,
                start: s,
                end: e,
            });
            from = e;
        }
    }
}

fn address(t: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut s = at;
    while s > 0 && is_local(t[s - 1]) && at - s < 64 {
        s -= 1;
    }
    while s < at && matches!(t[s], b'.' | b'-' | b'\'' | b'+') {
        s += 1;
    }
    if s == at {
        return None;
    }
    // `scheme://user:pass@host` is a URL credential, not an address.
    if s > 0 && t[s - 1] == b':' {
        let lo = s.saturating_sub(300);
        if t[lo..s].windows(3).any(|w| w == b"://") && !t[lo..s].contains(&b' ') {
            return None;
        }
    }
    let mut e = at + 1;
    while e < t.len() && is_domain(t[e]) && e - at < 255 {
        e += 1;
    }
    while e > at + 1 && matches!(t[e - 1], b'.' | b'-') {
        e -= 1;
    }
    // A top-level domain glued to dashes (`example.com-----BEGIN`) ends at its letters.
    if let Some(dot) = t[at + 1..e].iter().rposition(|&b| b == b'.') {
        let ts = at + 1 + dot + 1;
        let letters = t[ts..e]
            .iter()
            .take_while(|&&b| b.is_ascii_alphabetic() || b >= OTHER)
            .count();
        if letters >= 2 && t.get(ts + letters) == Some(&b'-') && !t[ts..e].starts_with(b"xn--") {
            e = ts + letters;
        }
    }
    let domain = &t[at + 1..e];
    let first = domain.split(|&b| b == b'.').next()?;
    let tld = domain.rsplit(|&b| b == b'.').next()?;
    if first.is_empty()
        || domain.split(|&b| b == b'.').any(<[u8]>::is_empty)
        || tld.len() == domain.len()
    {
        return None;
    }
    let tld_ok = tld.len() >= 2
        && (tld.iter().all(|&b| b.is_ascii_alphabetic() || b >= OTHER) || tld.starts_with(b"xn--"));
    if !tld_ok {
        return None;
    }
    // Retina asset names (`logo@2x.png`).
    if first.len() <= 2
        && first.last() == Some(&b'x')
        && first[..first.len() - 1].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    // scp-style remotes (`git@host:org/repo.git`) name a login, not a mailbox.
    if t.get(e) == Some(&b':')
        && t.get(e + 1)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'~')
    {
        return None;
    }
    if e < t.len() && is_word(t[e]) {
        return None;
    }
    Some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let mut out = Vec::new();
        find(input.as_bytes(), &mut out);
        assert_eq!(
            out.first().map(|f| &input[f.start..f.end]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_addresses() {
        check(
            "mail jane.doe+x@mail.example.com.",
            Some("jane.doe+x@mail.example.com"),
        );
        check("<JANE@EXAMPLE.ORG>", Some("JANE@EXAMPLE.ORG"));
        check("?email=jane@example.com&x=1", Some("jane@example.com"));
        check("jane@xn--mnchen-3ya.de", Some("jane@xn--mnchen-3ya.de"));
        check("a@b", None);
        check("@types/node", None);
        check("logo@2x.png", None);
        check("git clone git@github.example:org/repo.git", None);
        check("https://user:pass@example.com/", None);
    }
}
