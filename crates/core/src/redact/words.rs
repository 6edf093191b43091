//! The word pass: at each word start, prefixed tokens and JWTs, values after secret keywords,
//! passport numbers after "passport", and names after labels, greetings and sign-offs.

use super::context::{self, has_class, is_word, PLAIN_NEXT};
use super::{person, secret, Finding, Kind};

const PASSPORT_WORDS: &[&[u8]] = &[
    b"passport",
    b"reisepass",
    b"passeport",
    b"pasaporte",
    b"passaporto",
    b"paspoort",
];

/// Runs the word pass over `t`.
#[inline(never)]
pub(super) fn find(t: &[u8], out: &mut Vec<Finding>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        // Two tight loops: skip separators, then take a whole word.
        while i < n && !is_word(t[i]) {
            i += 1;
        }
        let ws = i;
        while i < n && is_word(t[i]) {
            i += 1;
        }
        if ws < n && t[ws].is_ascii_alphabetic() {
            i = claim(t, ws, i, out).max(i);
        }
    }
}

/// Records a secret spanning `start..end`; returns where to resume (its end).
#[inline(always)]
fn push_secret(out: &mut Vec<Finding>, (start, end): (usize, usize)) -> usize {
    out.push(Finding {
        kind: Kind::Secret,
        start,
        end,
    });
    end
}

/// Offers the word at `ws..we` to each word-anchored detector; returns where to resume.
fn claim(t: &[u8], ws: usize, we: usize, out: &mut Vec<Finding>) -> usize {
    let follow = t.get(we).copied().unwrap_or(b' ');
    let len = we - ws;
    // Whether the word may start a prefixed token (`AKIA`, `ghp_`, `xoxb-`, `sk_live_`, ...).
    // (Functions always inlined rather than closures, which the wasm build keeps out of line;
    // evaluated only where needed.)
    #[inline(always)]
    fn prefix_start(b: u8) -> bool {
        matches!(
            b,
            b'A' | b'g' | b'x' | b's' | b'r' | b'p' | b'w' | b'n' | b'h' | b'S' | b'e'
        )
    }
    #[inline(always)]
    fn passport_word(len: usize, b: u8) -> bool {
        len >= 8 && matches!(b, b'p' | b'P' | b'r' | b'R')
    }
    // Every passport word starts `pa` or `re`.
    #[inline(always)]
    fn passport_start(t: &[u8], ws: usize, len: usize) -> bool {
        passport_word(len, t[ws]) && matches!(t[ws + 1] | 0x20, b'a' | b'e')
    }
    // The common case first: a word followed by a space and a lower-case word other than `is`,
    // a number, or punctuation that opens no value (or by the end of the text, read as a space,
    // or by a space that ends it), has no punctuation, no capital after it and no ` is `, so it
    // passes none of the tests below unless it is long enough for a prefixed token, starts as
    // a passport word, or is `bearer`-long. (Below, a long word starting with p or r is let
    // through in case a keyword's ` is ` comes after more spaces.)
    if follow == b' '
        && t.get(we + 1).is_none_or(|&b| has_class(b, PLAIN_NEXT))
        && (len <= 6 || !(passport_start(t, ws, len) || len >= 10 && prefix_start(t[ws])))
    {
        // A `bearer`-long word may still be a keyword: followed by a space and no `:`, `=` or
        // ` is `, only `bearer` itself (no label without punctuation, no greeting has six
        // letters, no passport word, and no other keyword takes a value there), so `before`
        // need not be offered.
        if len == 6 && t[ws] | 0x20 == b'b' && t[we - 1] | 0x20 == b'r' {
            if let Some(span) = secret::keyword_value(t, ws, we) {
                return push_secret(out, span);
            }
        }
        return we;
    }
    // Prefixed tokens are long, or continue with `-` or `.` (`xoxb-`, `glpat-`, `SG.`, JWTs).
    if (len >= 10 || follow == b'-' || follow == b'.') && prefix_start(t[ws]) {
        if let Some(end) = secret::prefixed(t, ws) {
            return push_secret(out, (ws, end));
        }
    }
    // Followed by anything but a space (or the end), a quote, `,`, `-`, `:` or `=`, a word has
    // no punctuation, no capital and no space after it: only a passport word or ` is ` remain.
    if !matches!(follow, b' ' | b'"' | b'\'' | b',' | b'-' | b':' | b'=')
        && !passport_word(len, t[ws])
        && !secret::may_precede_is(t, we)
    {
        return we;
    }
    // Everything below needs the word to be followed by punctuation (`:`, `=`, `,`, `-`, a
    // closing quote), by ` is `, or by a capitalised word; a short word (`bearer`) or a
    // passport word may also be followed by a space. Most prose words are none of these.
    let mut k = we;
    if matches!(follow, b'"' | b'\'') {
        k += 1;
    }
    while t.get(k) == Some(&b' ') && k - we < 3 {
        k += 1;
    }
    let sep = t.get(k).copied().unwrap_or(b' ');
    let punct = matches!(sep, b':' | b'=' | b'-') || matches!(follow, b',' | b'-' | b'"' | b'\'');
    let capital_next = follow == b' '
        && t.get(we + 1)
            .is_some_and(|&b| b.is_ascii_uppercase() || b >= 0x80);
    let bearer = len == 6 && follow == b' ';
    if !(punct
        || capital_next
        || bearer
        || passport_word(len, t[ws])
        || secret::may_precede_is(t, we))
    {
        return we;
    }
    // Keywords may contain dashes (`API-KEY`, `x-api-key`).
    let mut ke = we;
    while ke < t.len()
        && (t[ke] == b'-' || t[ke] == b'_')
        && t.get(ke + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        ke += 1;
        while ke < t.len() && (t[ke].is_ascii_alphanumeric() || t[ke] == b'_') {
            ke += 1;
        }
    }
    if secret::may_be_keyword(&t[ws..ke]) {
        if let Some(span) = secret::keyword_value(t, ws, ke) {
            return push_secret(out, span);
        }
    }
    let word = &t[ws..we];
    // `passport`, `Reisepass`, and keys such as `passport_number`, `passport-no`.
    let passport = PASSPORT_WORDS
        .iter()
        .filter(|_| matches!(word[0] | 0x20, b'p' | b'r'))
        .find(|w| word.len() >= w.len() && word[..w.len()].eq_ignore_ascii_case(w));
    if let Some(w) = passport {
        let rest = &word[w.len()..];
        let suffix_ok = rest.is_empty()
            || rest.len() > 1 && rest[0] == b'_' && context::is_passport_filler(&rest[1..]);
        if suffix_ok {
            if let Some(e) = context::push_passport(t, we, out) {
                return e;
            }
        }
    }
    if let Some((s, e)) = person::name_after(t, ws, we) {
        out.push(Finding {
            kind: Kind::Name,
            start: s,
            end: e,
        });
        return e;
    }
    we
}
