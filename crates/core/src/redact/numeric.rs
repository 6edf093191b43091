//! The digit pass: every run of digits that starts a token is offered, in priority order, to
//! the detectors of numeric kinds (IBAN, dates, IPv4, card, SSN, phone, street number); the
//! first that claims it consumes the whole value, so later detectors never see a fragment.

use super::bytes::{find_digit, skip_word};
use super::context::{self, is_word, number_starts_cleanly};
use super::{card, iban, network, person, phone, Finding, Kind};

const MAX_GROUPS: usize = 10;

/// Digit groups from a starting digit, split by short separators (`' '`, `-`, `.`, `/`,
/// parentheses): `+1 (415) 555-2671` from the `4` is `415`, `555`, `2671`.
///
/// Offsets are kept relative to the first digit, in bytes (ten groups of at most twenty digits
/// and three-byte separators end within 230 bytes): the whole is a few dozen bytes, cheap to
/// build for every number.
pub(super) struct Groups {
    p: usize,
    n: usize,
    end: [u8; MAX_GROUPS],
    /// The separator class before each group (0 for the first): `b' '`, `b'-'`, `b'.'`,
    /// `b'/'`, or `b'('` when it contains a parenthesis.
    sep: [u8; MAX_GROUPS],
    size: [u8; MAX_GROUPS],
    /// The digits in each group and those before it.
    count: [u8; MAX_GROUPS],
}

/// The digits of a few groups, as values 0 to 9.
pub(super) struct Digits {
    d: [u8; 40],
    n: usize,
}

impl std::ops::Deref for Digits {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.d[..self.n]
    }
}

impl Groups {
    /// Parses groups starting at the digit at `p`.
    pub(super) fn parse(t: &[u8], p: usize) -> Groups {
        let mut g = Groups {
            p,
            n: 0,
            end: [0; MAX_GROUPS],
            sep: [0; MAX_GROUPS],
            size: [0; MAX_GROUPS],
            count: [0; MAX_GROUPS],
        };
        let mut at = p;
        let mut sep = 0u8;
        loop {
            let s = at;
            while at < t.len() && t[at].is_ascii_digit() && at - s < 20 {
                at += 1;
            }
            // At most 10 * 20 + 9 * 3 bytes from `p` (see the type).
            g.end[g.n] = (at - p) as u8;
            g.size[g.n] = (at - s) as u8;
            g.count[g.n] = g.count[g.n.saturating_sub(1)] + g.size[g.n];
            g.sep[g.n] = sep;
            g.n += 1;
            if g.n == MAX_GROUPS || at - s == 20 {
                break;
            }
            // A separator: one to three of ` -./()`, with at most one of `-./`.
            let mut k = at;
            let mut class = b' ';
            let mut strong = 0;
            while k < t.len() && k - at < 3 {
                match t[k] {
                    b' ' => {}
                    b'(' | b')' => class = b'(',
                    c @ (b'-' | b'.' | b'/') => {
                        strong += 1;
                        if class != b'(' {
                            class = c;
                        }
                    }
                    _ => break,
                }
                k += 1;
            }
            if k == at || strong > 1 || !t.get(k).is_some_and(u8::is_ascii_digit) {
                break;
            }
            // Two spaces or a space before a dot are not a number's separator.
            if &t[at..k] == b"  " || t[at] == b' ' && class == b'.' {
                break;
            }
            sep = class;
            at = k;
        }
        g
    }

    /// How many groups there are.
    #[inline(always)]
    pub(super) fn len(&self) -> usize {
        self.n
    }

    /// The number of digits in each group.
    #[inline(always)]
    pub(super) fn sizes(&self) -> &[u8] {
        &self.size[..self.n]
    }

    /// The separator class before group `i` (0 for the first).
    #[inline(always)]
    pub(super) fn separator(&self, i: usize) -> u8 {
        self.sep[i]
    }

    /// The byte offset just past the `k`-th group.
    #[inline(always)]
    pub(super) fn end_of(&self, k: usize) -> usize {
        self.p + usize::from(self.end[k - 1])
    }

    /// The separator class shared by the first `k` groups, 0 for one group, `None` if mixed.
    pub(super) fn uniform_separator(&self, k: usize) -> Option<u8> {
        if k <= 1 {
            return Some(0);
        }
        let s = self.sep[1];
        self.sep[2..k].iter().all(|&x| x == s).then_some(s)
    }

    /// The digit count of the first `k` groups (`k` at least one).
    #[inline(always)]
    pub(super) fn digit_count(&self, k: usize) -> usize {
        usize::from(self.count[k - 1])
    }

    /// The digits of the first `k` groups (at most 40).
    pub(super) fn digits(&self, t: &[u8], k: usize) -> Digits {
        let mut d = Digits { d: [0; 40], n: 0 };
        for i in 0..k {
            let e = self.p + usize::from(self.end[i]);
            for &b in &t[e - usize::from(self.size[i])..e] {
                if d.n < d.d.len() {
                    d.d[d.n] = b - b'0';
                    d.n += 1;
                }
            }
        }
        d
    }
}

/// Runs the digit pass over `t`.
#[inline(never)]
pub(super) fn find(t: &[u8], out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < t.len() {
        match find_digit(t, i) {
            Some(k) => i = k,
            None => break,
        }
        let next = claim(t, i, out);
        // Always move past this digit run.
        let mut e = i;
        while e < t.len() && t[e].is_ascii_digit() {
            e += 1;
        }
        if next == i && i > 0 && is_word(t[i - 1]) {
            // The run was glued to the word before it (`a1b2`, a hash): so is every later run
            // of the same word, with at least two word bytes before it, so none can be an
            // IBAN's start or anything else. Skip the rest of the word.
            e = skip_word(t, e);
        }
        i = next.max(e);
    }
}

fn push(out: &mut Vec<Finding>, kind: Kind, start: usize, end: usize) -> usize {
    out.push(Finding { kind, start, end });
    end
}

/// Offers the digit run at `p` to each numeric detector; returns where scanning resumes.
fn claim(t: &[u8], p: usize, out: &mut Vec<Finding>) -> usize {
    // IBAN: two letters glued to the check digits.
    if p >= 2
        && t[p - 1].is_ascii_alphabetic()
        && t[p - 2].is_ascii_alphabetic()
        && (p == 2 || !is_word(t[p - 3]))
    {
        if let Some(end) = iban::parse(t, p - 2) {
            return push(out, Kind::Iban, p - 2, end);
        }
    }
    // German-style street names put the number after the street: `Hauptstraße 5`.
    if p > 0 && t[p - 1] == b' ' {
        if let Some((s, e)) = person::street_before_number(t, p) {
            return push(out, Kind::Address, s, e);
        }
    }
    if !number_starts_cleanly(t, p) {
        return p;
    }
    if let Some((s, e)) = context::date(t, p) {
        if context::birth_context(t, s) {
            push(out, Kind::DateOfBirth, s, e);
        }
        return e;
    }
    if let Some(end) = network::ipv4(t, p) {
        return push(out, Kind::IpAddress, p, end);
    }
    // A run of fewer than seven digits with no separator after it is one short group: too
    // short for a card, an SSN or a phone number.
    let mut run = 0;
    while run < 7 && t.get(p + run).is_some_and(u8::is_ascii_digit) {
        run += 1;
    }
    let mut end = p + run;
    if run == 7 || matches!(t.get(end), Some(b' ' | b'-' | b'.' | b'/' | b'(' | b')')) {
        let groups = Groups::parse(t, p);
        if let Some(end) = card::parse(t, p, &groups) {
            return push(out, Kind::Card, p, end);
        }
        if let Some((s, e)) = context::ssn(t, p, &groups) {
            return push(out, Kind::Ssn, s, e);
        }
        if let Some((s, e)) = phone::parse(t, p, &groups) {
            return push(out, Kind::Phone, s, e);
        }
        end = groups.end_of(groups.len());
    }
    if let Some((s, e)) = person::street_after_number(t, p) {
        return push(out, Kind::Address, s, e);
    }
    // Nothing claimed the number: skip all of it, so that no detector sees a fragment.
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, sizes: &[u8]) {
        let t = input.as_bytes();
        let g = Groups::parse(t, 0);
        assert_eq!(g.sizes(), sizes, "input: {input:?}");
    }

    #[test]
    fn splits_digit_groups() {
        check("415) 555-2671", &[3, 3, 4]);
        check("4111 1111 1111 1111.", &[4, 4, 4, 4]);
        check("1 299,00", &[1, 3]);
        check("12  34", &[2]);
        check("2024-03-14T09", &[4, 2, 2]);
        check("30 (0)30 1234", &[2, 1, 2, 4]);
    }
}
