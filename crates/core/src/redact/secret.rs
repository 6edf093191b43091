//! Secrets: provider tokens recognised by their prefix (cloud access keys, source-hosting,
//! chat and payment tokens, Google API keys), JWTs, PEM private-key blocks, and values after
//! words such as `password`, `token`, `secret`, `api_key`, `authorization` or `bearer`.

use super::bytes::find_bytes;
use super::context::{has_class, is_word, word_list, WordList, VALUE_STOP};
use super::{Finding, Kind, Span};

#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn b62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[inline(always)]
fn word_or_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

#[inline(always)]
fn upper_alnum(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

#[inline(always)]
fn run(t: &[u8], at: usize, ok: fn(u8) -> bool) -> usize {
    let mut e = at;
    while e < t.len() && ok(t[e]) && e - at < 1024 {
        e += 1;
    }
    e
}

/// The end of the run of letters and digits at `at`, with `-` and `_` too when `url`
/// (base64url), at most 1024 bytes: eight bytes at a time natively, byte by byte in the
/// (smaller) wasm build.
#[inline(always)]
fn run_alnum(t: &[u8], at: usize, url: bool) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    return super::bytes::skip_alnum(t, at, url, 1024);
    #[cfg(target_arch = "wasm32")]
    run(t, at, if url { b64url } else { b62 })
}

/// Body alphabets of prefixed tokens (see [`body_run`]).
const B62: u8 = 0;
const B64URL: u8 = 1;
const WORD_OR_DASH: u8 = 2;
const UPPER_ALNUM: u8 = 3;

/// The end of the run of `body`'s alphabet at `at`.
fn body_run(t: &[u8], at: usize, body: u8) -> usize {
    match body {
        B62 => run_alnum(t, at, false),
        B64URL => run_alnum(t, at, true),
        WORD_OR_DASH => run(t, at, word_or_dash),
        _ => run(t, at, upper_alnum),
    }
}

/// The Bloom bit of a token's first two bytes.
const fn pair_bit(a: u8, b: u8) -> u64 {
    1 << ((a as u32 * 31 + b as u32) % 64)
}

/// The first two bytes of every prefix (and of `eyJ`), summarised.
const PREFIX_PAIRS: u64 = {
    let mut bits = pair_bit(b'e', b'y');
    let mut i = 0;
    while i < PREFIX_LIST.len() {
        let text = PREFIX_LIST[i].0;
        bits |= pair_bit(text[0], text[1]);
        i += 1;
    }
    bits
};

/// Prefixed tokens: the prefix, the body's alphabet, and the body's least (and, for fixed
/// sizes, exact) length. Used at compile time only: the wasm holds [`PREFIXES`].
const PREFIX_LIST: &[(&[u8], u8, u8, bool)] = &[
    (b"AKIA", UPPER_ALNUM, 16, true),
    (b"ASIA", UPPER_ALNUM, 16, true),
    (b"AGPA", UPPER_ALNUM, 16, true),
    (b"AIDA", UPPER_ALNUM, 16, true),
    (b"AROA", UPPER_ALNUM, 16, true),
    (b"ANPA", UPPER_ALNUM, 16, true),
    (b"AIza", B64URL, 35, true),
    (b"ghp_", B62, 30, false),
    (b"gho_", B62, 30, false),
    (b"ghu_", B62, 30, false),
    (b"ghs_", B62, 30, false),
    (b"ghr_", B62, 30, false),
    (b"github_pat_", B64URL, 40, false),
    (b"glpat-", B64URL, 20, false),
    (b"xoxb-", WORD_OR_DASH, 10, false),
    (b"xoxp-", WORD_OR_DASH, 10, false),
    (b"xoxa-", WORD_OR_DASH, 10, false),
    (b"xoxr-", WORD_OR_DASH, 10, false),
    (b"xoxs-", WORD_OR_DASH, 10, false),
    (b"xoxe-", WORD_OR_DASH, 10, false),
    (b"xapp-", WORD_OR_DASH, 10, false),
    (b"sk_live_", B62, 16, false),
    (b"rk_live_", B62, 16, false),
    (b"sk_test_", B62, 16, false),
    (b"rk_test_", B62, 16, false),
    (b"pk_live_", B62, 16, false),
    (b"whsec_", B62, 24, false),
    (b"npm_", B62, 36, false),
    (b"shpat_", B62, 32, false),
    (b"hf_", B62, 30, false),
    (b"SG.", B64URL, 16, false),
];

/// [`PREFIX_LIST`] packed into one byte string: for each token, the prefix's length, the
/// body's least length, the alphabet (bit 7: the length is exact), then the prefix.
const PREFIXES: [u8; prefixes_len()] = pack_prefixes();

const fn prefixes_len() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < PREFIX_LIST.len() {
        n += 3 + PREFIX_LIST[i].0.len();
        i += 1;
    }
    n
}

const fn pack_prefixes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let mut n = 0;
    let mut i = 0;
    while i < PREFIX_LIST.len() {
        let (text, body, min, exact) = PREFIX_LIST[i];
        out[n] = text.len() as u8;
        out[n + 1] = min;
        out[n + 2] = body | if exact { 0x80 } else { 0 };
        n += 3;
        let mut j = 0;
        while j < text.len() {
            out[n] = text[j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A prefixed token or JWT starting at the word start `ws`; returns its end. Out of line
/// natively: few words get here, and the word pass's loop stays smaller without it (the wasm
/// build, optimised for size, is left to decide, and grows if made to keep it apart).
#[cfg_attr(not(target_arch = "wasm32"), inline(never))]
pub(super) fn prefixed(t: &[u8], ws: usize) -> Option<usize> {
    let rest = &t[ws..];
    // Every prefix has at least two bytes: most words fail on their first two.
    if rest.len() < 2 || PREFIX_PAIRS & pair_bit(rest[0], rest[1]) == 0 {
        return None;
    }
    if rest.starts_with(b"eyJ") {
        return jwt(t, ws);
    }
    let p = &PREFIXES;
    let mut i = 0;
    while i + 3 < p.len() {
        let (len, min, flags) = (usize::from(p[i]), usize::from(p[i + 1]), p[i + 2]);
        // The first byte first: most entries differ there.
        if p[i + 3] != rest[0] {
            i += 3 + len;
            continue;
        }
        let text = p.get(i + 3..i + 3 + len).unwrap_or_default();
        i += 3 + len;
        if !rest.starts_with(text) {
            continue;
        }
        let bs = ws + len;
        let mut e = body_run(t, bs, flags & 0x7F);
        if flags & 0x80 != 0 {
            if e - bs < min {
                continue;
            }
            e = bs + min;
            if e < t.len() && is_word(t[e]) {
                continue;
            }
        } else if e - bs < min {
            continue;
        }
        // SendGrid keys carry a second dotted part.
        if text == b"SG." && t.get(e) == Some(&b'.') {
            e = run_alnum(t, e + 1, true);
        }
        return Some(e);
    }
    None
}

/// A JSON Web Token: `eyJ` header, payload and (possibly empty) signature, base64url.
fn jwt(t: &[u8], ws: usize) -> Option<usize> {
    let h = run_alnum(t, ws, true);
    if h - ws < 10 || t.get(h) != Some(&b'.') {
        return None;
    }
    let p = run_alnum(t, h + 1, true);
    if p - h - 1 < 2 || t.get(p) != Some(&b'.') {
        return None;
    }
    Some(run_alnum(t, p + 1, true))
}

/// Runs the PEM pass: every `-----BEGIN ... PRIVATE KEY-----` block to its matching `END`
/// line (or to the end of the text when the block is cut off).
#[inline(never)]
pub(super) fn find_pem(t: &[u8], out: &mut Vec<Finding>) {
    let mut from = 0;
    while let Some(b) = find_bytes(t, b"-----BEGIN ", from) {
        let label_start = b + 11;
        let window = &t[label_start..t.len().min(label_start + 45)];
        let Some(label_end) = find_bytes(window, b"-----", 0).map(|e| label_start + e) else {
            from = label_start;
            continue;
        };
        let label = &t[label_start..label_end];
        if !label.windows(11).any(|w| w == b"PRIVATE KEY") {
            from = label_end;
            continue;
        }
        let end = find_bytes(t, b"-----END ", label_end + 5)
            .and_then(|e| find_bytes(t, b"-----", e + 9).map(|x| x + 5))
            .unwrap_or(t.len());
        out.push(Finding {
            kind: Kind::Secret,
            start: b,
            end,
        });
        from = end;
    }
}

/// How a keyword introduces its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Anything non-trivial after it is a password.
    Password,
    /// Only a high-entropy value counts.
    Token,
    /// `Authorization:` skips a scheme word before the value.
    Authorization,
    /// `Bearer` takes the next token, separated by a space.
    Bearer,
}

const SUFFIXES: &[(&[u8], Family)] = &[
    (b"password", Family::Password),
    (b"passwd", Family::Password),
    (b"passphrase", Family::Password),
    (b"pwd", Family::Password),
    (b"secret", Family::Token),
    (b"token", Family::Token),
    (b"apikey", Family::Token),
    (b"secretkey", Family::Token),
    (b"privatekey", Family::Token),
    (b"accesskey", Family::Token),
    (b"accesskeyid", Family::Token),
    (b"signingkey", Family::Token),
    (b"encryptionkey", Family::Token),
    (b"masterkey", Family::Token),
    (b"credentials", Family::Token),
    (b"sessionid", Family::Token),
    (b"authorization", Family::Authorization),
];

const EXACT: &[(&[u8], Family)] = &[
    (b"pass", Family::Password),
    (b"pw", Family::Password),
    (b"key", Family::Token),
    (b"auth", Family::Token),
    (b"bearer", Family::Bearer),
];

const NOT_VALUES: WordList = word_list![
    b"null",
    b"none",
    b"nil",
    b"true",
    b"false",
    b"undefined",
    b"required",
    b"optional",
    b"string",
    b"hidden",
    b"redacted",
    b"masked",
    b"empty",
    b"unset",
    b"yes",
    b"no",
    b"n/a",
    b"na",
    b"tbd",
    b"your",
    b"the",
    b"a",
    b"an",
    b"is",
    b"was",
    b"and",
    b"or",
    b"not",
    b"must",
    b"should",
];

/// The Bloom bit (0 to 255) of a keyword's last three bytes (lower case; `a` is 0 for a
/// two-letter keyword).
const fn tail_bit(a: u8, b: u8, c: u8) -> usize {
    let x = (a as u32) << 16 | (b as u32) << 8 | c as u32;
    (x.wrapping_mul(0x9E37_79B1) >> 24) as usize
}

/// The Bloom bit of the end of `w` (lower case, at least two bytes).
const fn word_tail_bit(w: &[u8]) -> usize {
    let n = w.len();
    tail_bit(if n > 2 { w[n - 3] } else { 0 }, w[n - 2], w[n - 1])
}

/// The last three bytes of every keyword, summarised in 256 bits: most words end otherwise
/// (about one in ten of the others passes, against one in three with 64 bits).
const KEYWORD_TAILS: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut i = 0;
    while i < SUFFIXES.len() + EXACT.len() {
        let w = if i < SUFFIXES.len() {
            SUFFIXES[i].0
        } else {
            EXACT[i - SUFFIXES.len()].0
        };
        let h = word_tail_bit(w);
        bits[h / 64] |= 1 << (h % 64);
        i += 1;
    }
    bits
};

/// Whether `key` (letters, digits, `-`, `_`) may be a keyword: most words end otherwise than
/// any keyword, and are turned away by their last three letters (a key of two letters is
/// matched whole, a longer one by a suffix of three letters or more). Checked by the word pass
/// before it offers a word to [`keyword_value`], so that most words cost no call.
#[inline(always)]
pub(super) fn may_be_keyword(key: &[u8]) -> bool {
    let mut tail = [0u8; 3];
    let mut seen = 0;
    for &b in key.iter().rev() {
        if b != b'-' && b != b'_' {
            tail[seen] = b.to_ascii_lowercase();
            seen += 1;
            if seen == 3 {
                break;
            }
        }
    }
    let h = tail_bit(tail[2], tail[1], tail[0]);
    seen >= 2 && KEYWORD_TAILS[h / 64] >> (h % 64) & 1 != 0
}

/// The family of keyword `key`, if it is one ([`may_be_keyword`] first saves the comparisons).
fn family_of(key: &[u8]) -> Option<Family> {
    let mut buf = [0u8; 48];
    let mut n = 0;
    for &b in key {
        if b == b'-' || b == b'_' {
            continue;
        }
        if n == buf.len() {
            return None;
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    let k = &buf[..n];
    EXACT
        .iter()
        .find(|(w, _)| k == *w)
        .or_else(|| SUFFIXES.iter().find(|(w, _)| k.ends_with(w)))
        .map(|&(_, f)| f)
}

fn classes(v: &[u8]) -> (bool, bool, bool, bool) {
    let lower = v.iter().any(u8::is_ascii_lowercase);
    let upper = v.iter().any(u8::is_ascii_uppercase);
    let digit = v.iter().any(u8::is_ascii_digit);
    let symbol = v.iter().any(|b| !b.is_ascii_alphanumeric());
    (lower, upper, digit, symbol)
}

/// Whether a value looks like a generated secret rather than a word.
fn high_entropy(v: &[u8]) -> bool {
    let (lower, upper, digit, symbol) = classes(v);
    let letter = lower || upper;
    let count = [lower, upper, digit, symbol].iter().filter(|&&c| c).count();
    v.len() >= 8
        && (count >= 3
            || digit && letter
            || lower && upper && v.len() >= 10
            || v.len() >= 24 && count >= 2)
}

fn plausible_password(v: &[u8]) -> bool {
    let (lower, upper, digit, symbol) = classes(v);
    v.len() >= 4 && (digit || symbol || lower && upper || v.len() >= 8)
}

fn is_placeholder(v: &[u8]) -> bool {
    let env_reference = v[0] == b'$'
        && (matches!(v.get(1), Some(b'{' | b'('))
            || v[1..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_'));
    let template = [&b"%s"[..], b"%d", b"%(", b"#{", b"{{", b"***"]
        .iter()
        .any(|p| v.starts_with(p));
    env_reference
        || template
        || matches!(v.first(), Some(b'[' | b'<' | b'{' | b'('))
        || v.iter().all(|&b| b == v[0])
        || NOT_VALUES.contains(v)
}

fn value_stop(t: &[u8], i: usize) -> bool {
    match t[i] {
        b'&' => {
            // `&next_key=` ends a query value.
            let k = run(t, i + 1, |b| b.is_ascii_alphanumeric() || b == b'_');
            k > i + 1 && t.get(k) == Some(&b'=')
        }
        b => has_class(b, VALUE_STOP),
    }
}

/// Reads a value starting at `at` (after an optional opening quote); returns its span.
fn value_at(t: &[u8], at: usize) -> Option<Span> {
    let (s, quote) = match t.get(at) {
        Some(&q @ (b'"' | b'\'')) => (at + 1, Some(q)),
        Some(_) => (at, None),
        None => return None,
    };
    let mut e = s;
    match quote {
        Some(q) => {
            while e < t.len() && t[e] != q && t[e] != b'\n' && e - s < 512 {
                e += 1;
            }
        }
        None => {
            while e < t.len() && !value_stop(t, e) && e - s < 512 {
                e += 1;
            }
            // A trailing `:` is punctuation; a trailing `.` may be the value's own and is kept.
            while e > s && t[e - 1] == b':' {
                e -= 1;
            }
        }
    }
    (e > s).then_some((s, e))
}

fn skip_spaces(t: &[u8], mut at: usize) -> usize {
    let lo = at;
    while at < t.len() && (t[at] == b' ' || t[at] == b'\t') && at - lo < 4 {
        at += 1;
    }
    at
}

const AUTH_SCHEMES: WordList = word_list![
    b"bearer",
    b"basic",
    b"token",
    b"digest",
    b"negotiate",
    b"ntlm",
    b"apikey",
    b"key",
];

/// Whether the word ending at `we` is followed by ` is ` (`password is hunter2`).
pub(super) fn may_precede_is(t: &[u8], we: usize) -> bool {
    // Byte by byte: the wasm build would call a comparison for every word.
    matches!(
        t.get(we + 1..we + 4),
        Some(&[b'i' | b'I', b's' | b'S', b' '])
    )
}

/// A secret value after the keyword `t[ws..ke]` (letters, digits, `_`, `-`); returns the
/// value's span.
pub(super) fn keyword_value(t: &[u8], ws: usize, ke: usize) -> Option<Span> {
    let mut k = ke;
    if matches!(t.get(k), Some(b'"' | b'\'')) {
        k += 1;
    }
    k = skip_spaces(t, k);
    // The separator before the word: a keyword glued to anything but `:` or `=` has no value
    // (` is ` and `Bearer x` need a space).
    if k == ke && !matches!(t.get(k), Some(b':' | b'=')) {
        return None;
    }
    let family = family_of(&t[ws..ke])?;
    let sep_start = k;
    let mut strict = false;
    match t.get(k) {
        Some(b':') => {
            k += 1;
            if t.get(k) == Some(&b'=') {
                k += 1;
            }
        }
        Some(b'=') => {
            k += 1;
            if t.get(k) == Some(&b'>') {
                k += 1;
            }
        }
        Some(b'i' | b'I')
            if t.get(k + 1).is_some_and(|b| b.eq_ignore_ascii_case(&b's'))
                && t.get(k + 2) == Some(&b' ')
                && k > ke =>
        {
            k += 2;
            strict = true;
        }
        _ if family == Family::Bearer && k > ke => {}
        _ => return None,
    }
    if k == sep_start && family != Family::Bearer {
        return None;
    }
    k = skip_spaces(t, k);
    let (mut s, mut e) = value_at(t, k)?;
    if (family == Family::Authorization || family == Family::Bearer && k == sep_start)
        && AUTH_SCHEMES.contains(&t[s..e])
    {
        (s, e) = value_at(t, skip_spaces(t, e))?;
    }
    let v = &t[s..e];
    if is_placeholder(v) {
        return None;
    }
    let ok = match family {
        Family::Password if strict => {
            plausible_password(v) && (classes(v).2 || classes(v).3 || v.len() >= 10 && classes(v).1)
        }
        Family::Password => plausible_password(v),
        Family::Token => high_entropy(v),
        Family::Authorization | Family::Bearer => v.len() >= 8 && high_entropy(v),
    };
    ok.then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_keyword(input: &str, expected: Option<&str>) {
        let t = input.as_bytes();
        let ke = t
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(t.len());
        assert_eq!(
            keyword_value(t, 0, ke).map(|(s, e)| &input[s..e]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_values_after_keywords() {
        check_keyword("password: hunter2!", Some("hunter2!"));
        check_keyword("password is Tr0ub4dor&3 ok", Some("Tr0ub4dor&3"));
        check_keyword("api_key=3f9a8b7c6d5e4f30", Some("3f9a8b7c6d5e4f30"));
        check_keyword(
            "Authorization: Bearer abcDEF123456ghiJKL",
            Some("abcDEF123456ghiJKL"),
        );
        check_keyword("bearer abcDEF123456ghiJKL", Some("abcDEF123456ghiJKL"));
        check_keyword("token: [SECRET]", None);
        check_keyword("token: expired", None);
        check_keyword("password is None:", None);
        check_keyword("password reset", None);
        check_keyword("bearer of this note", None);
        check_keyword("secret='s3cr3tValue9'", Some("s3cr3tValue9"));
    }

    #[test]
    fn finds_prefixed_tokens() {
        assert_eq!(prefixed(b"AKIAIOSFODNN7EXAMPLE", 0), Some(20));
        assert_eq!(prefixed(b"AKIAIOSFODNN7EXAMPLEX", 0), None);
        assert_eq!(prefixed(b"ghp_abc", 0), None);
        let jwt = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x";
        assert_eq!(prefixed(jwt, 0), Some(jwt.len()));
    }
}
