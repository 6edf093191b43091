//! The normalised view the detectors read: evasion characters folded to plain ASCII, with a
//! map back to byte offsets in the original input so that a finding replaces the whole
//! original span.
//!
//! Folding rules (each original character becomes zero or one normalised byte):
//! - ASCII stays as it is;
//! - fullwidth forms (`Ａ`, `４`, `＠`, `．`) become their ASCII twins;
//! - non-breaking and other Unicode spaces become `' '`, Unicode dashes and minus signs `'-'`,
//!   ideographic full stops `'.'`, typographic quotes `'"'` or `'\''`;
//! - zero-width characters, word joiners, the BOM and soft hyphens are dropped;
//! - percent escapes of printable ASCII (`%40`) and HTML character references (`&#64;`,
//!   `&commat;`, `&lt;`, `&nbsp;`, ...) become the character they stand for;
//! - every other non-ASCII character becomes the single byte [`OTHER`], which detectors treat
//!   as a letter (names, internationalised domains).
//!
//! Input that folding would not change (ASCII whose `%`, `&` and brackets start no escape) is
//! used as it is, with no copy and no map; a folded view is built in [`Buffers`] the caller may
//! reuse.

use super::bytes::skip_plain;

/// The normalised byte standing for any other non-ASCII character.
pub(super) const OTHER: u8 = 0x80;

/// The normalised text and its map back to the original.
pub(super) struct Text<'a> {
    bytes: &'a [u8],
    /// The map back, piecewise: `(normalised, original)` offsets where the map stops being
    /// one byte for one byte. The original offset of the character a normalised byte came
    /// from is that of the last break at or before it, plus the distance from that break; the
    /// byte one past the end maps to the input's length. Empty when the view is the input
    /// itself.
    breaks: &'a [(usize, usize)],
}

/// The storage of a folded view, reused by the next view built in it.
#[derive(Default)]
pub(super) struct Buffers {
    bytes: Vec<u8>,
    breaks: Vec<(usize, usize)>,
}

impl Buffers {
    /// Empty buffers (no allocation).
    pub(super) const fn new() -> Buffers {
        Buffers {
            bytes: Vec::new(),
            breaks: Vec::new(),
        }
    }

    /// Gives back the storage of buffers grown beyond `keep` bytes or breaks.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn trim(&mut self, keep: usize) {
        if self.bytes.capacity() > keep || self.breaks.capacity() > keep {
            *self = Buffers::new();
        }
    }
}

/// Builds the normalised bytes and their breaks.
struct Builder {
    bytes: Vec<u8>,
    breaks: Vec<(usize, usize)>,
}

impl Builder {
    /// The original offset the next normalised byte would map to without a break.
    fn next_original(&self) -> usize {
        match self.breaks.last() {
            Some(&(n, o)) => o + (self.bytes.len() - n),
            None => self.bytes.len(),
        }
    }

    /// Appends bytes that came one for one from the original bytes starting at `at`.
    fn push(&mut self, at: usize, bytes: &[u8]) {
        if self.next_original() != at {
            self.breaks.push((self.bytes.len(), at));
        }
        self.bytes.extend_from_slice(bytes);
    }

    /// Removes the last byte.
    fn pop(&mut self) {
        self.bytes.pop();
        if self
            .breaks
            .last()
            .is_some_and(|&(n, _)| n == self.bytes.len())
        {
            self.breaks.pop();
        }
    }
}

impl<'a> Text<'a> {
    /// Builds the normalised view of `input`.
    #[cfg(test)]
    pub(super) fn new(input: &'a str, buffers: &'a mut Buffers) -> Text<'a> {
        Text::with_anchors(input, anchors(input.as_bytes()), buffers)
    }

    /// Builds the normalised view of `input`, whose raw [`anchors`] are known, in `buffers`
    /// if it needs any folding. The test inlined natively: most text needs none.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn with_anchors(
        input: &'a str,
        raw_anchors: u8,
        buffers: &'a mut Buffers,
    ) -> Text<'a> {
        let raw = input.as_bytes();
        // A `%`, `&` or bracket that starts no escape (`a&b`, `50%`, a query string's
        // `&key=`, `(team)`) needs no folding either: no copy is made.
        if raw_anchors & (FOLD | BRACKET) == 0 || !folding_changes(raw) {
            return Text {
                bytes: raw,
                breaks: &[],
            };
        }
        Text::folded(input, buffers)
    }

    /// Builds the folded view of `input` in `buffers` (out of line natively, part of
    /// [`Text::with_anchors`] in the wasm build).
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn folded(input: &'a str, buffers: &'a mut Buffers) -> Text<'a> {
        let raw = input.as_bytes();
        let mut out = Builder {
            bytes: std::mem::take(&mut buffers.bytes),
            breaks: std::mem::take(&mut buffers.breaks),
        };
        out.bytes.clear();
        out.breaks.clear();
        out.bytes.reserve(raw.len());
        let mut at = 0;
        while at < raw.len() {
            // Plain ASCII runs are copied whole.
            let run = skip_plain(raw, at) - at;
            if run > 0 {
                out.push(at, &raw[at..at + run]);
                at += run;
                continue;
            }
            let b = raw[at];
            if b < 0x80 {
                if let Some((decoded, mut used)) = decode_escape(raw, at) {
                    if matches!(b, b'[' | b'(' | b'{') {
                        // `jane [at] example [dot] com`: the spaces go with the word.
                        if out.bytes.last() == Some(&b' ') && raw[at - 1] == b' ' {
                            out.pop();
                        }
                        if raw.get(at + used) == Some(&b' ') {
                            used += 1;
                        }
                    }
                    if decoded != 0 {
                        out.push(at, &[decoded]);
                    }
                    at += used;
                    continue;
                }
                out.push(at, &[b]);
                at += 1;
                continue;
            }
            // `input` is valid UTF-8 and `at` is on a character boundary here.
            let ch = input
                .get(at..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\u{FFFD}');
            let len = ch.len_utf8();
            if let Some(folded) = fold(ch) {
                out.push(at, &[folded]);
            }
            at += len;
        }
        // The sentinel: one past the end maps to the input's length.
        if out.next_original() != raw.len() {
            out.breaks.push((out.bytes.len(), raw.len()));
        }
        // An empty map would mean "not folded"; a break at the start keeps it non-empty.
        if out.breaks.is_empty() {
            out.breaks.push((0, 0));
        }
        buffers.bytes = out.bytes;
        buffers.breaks = out.breaks;
        Text {
            bytes: &buffers.bytes,
            breaks: &buffers.breaks,
        }
    }

    /// Whether folding changed anything (the bytes are not the input's own).
    pub(super) fn is_folded(&self) -> bool {
        !self.breaks.is_empty()
    }

    /// The normalised bytes.
    pub(super) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Maps a normalised span to the original span it came from. The end includes any dropped
    /// characters (zero-width) that sit between the span's last character and the next one.
    pub(super) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.breaks.is_empty() {
            (start, end)
        } else {
            (self.original(start), self.original(end))
        }
    }

    /// The original offset of normalised offset `i` (at most the text's length).
    fn original(&self, i: usize) -> usize {
        // Breaks are sorted by normalised offset; before the first one the map is the identity.
        let k = self.breaks.partition_point(|&(n, _)| n <= i);
        match k.checked_sub(1).map(|k| self.breaks[k]) {
            Some((n, o)) => o + (i - n),
            None => i,
        }
    }
}

/// Anchor bit: an ASCII digit.
pub(super) const DIGIT: u8 = 1;
/// Anchor bit: `@`.
pub(super) const AT: u8 = 2;
/// Anchor bit: `:`.
pub(super) const COLON: u8 = 4;
/// Anchor bit: `-` (PEM armour).
pub(super) const DASH: u8 = 8;
/// Anchor bit: `/`, which with `:` makes a possible `://` (a `:` alone is common in text:
/// labels, times).
pub(super) const SLASH: u8 = 16;
/// Anchor bit: a byte that needs folding (non-ASCII, `%`, `&`).
pub(super) const FOLD: u8 = 32;
/// Anchor bit: a closing bracket (a possible `[at]` or `(dot)`).
pub(super) const BRACKET: u8 = 64;
/// Anchor bit: `G`, which with `-` makes a possible `-----BEGIN` (a `-` alone is common in
/// text: dates, phone numbers, compound words).
pub(super) const BEGIN: u8 = 128;
/// The anchor class of each byte.
static ANCHOR: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'@' => AT,
            b':' => COLON,
            b'-' => DASH,
            b'/' => SLASH,
            b'G' => BEGIN,
            b'%' | b'&' => FOLD,
            b']' | b')' | b'}' => BRACKET,
            0x80..=0xFF => FOLD,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Which anchor classes occur in `t` (a bit set), so passes with nothing to anchor on are
/// skipped: plain prose needs only the word pass.
#[inline(never)]
pub(super) fn anchors(t: &[u8]) -> u8 {
    const ALL: u8 = DIGIT | AT | COLON | DASH | SLASH | FOLD | BRACKET | BEGIN;
    // Eight bytes a step, written out: the size-optimised wasm build does not unroll loops.
    // Natively sixteen, the bits tested once for both halves.
    const STEP: usize = if cfg!(target_arch = "wasm32") { 8 } else { 16 };
    let class = |b: &u8| ANCHOR[usize::from(*b)];
    let eight = |c: &[u8]| {
        class(&c[0])
            | class(&c[1])
            | class(&c[2])
            | class(&c[3])
            | class(&c[4])
            | class(&c[5])
            | class(&c[6])
            | class(&c[7])
    };
    let mut bits = 0u8;
    let mut chunks = t.chunks_exact(STEP);
    for c in &mut chunks {
        bits |= eight(c);
        if STEP == 16 {
            bits |= eight(&c[8..]);
        }
        if bits & ALL == ALL {
            return ALL;
        }
    }
    let mut rest = chunks.remainder();
    if STEP == 16 && rest.len() >= 8 {
        bits |= eight(rest);
        rest = &rest[8..];
    }
    for b in rest {
        bits |= class(b);
    }
    bits & ALL
}

/// Whether folding would change `raw`: it holds a non-ASCII character or an escape that
/// decodes (the bytes at which [`Text::folded`] stops copying, tested the same way).
fn folding_changes(raw: &[u8]) -> bool {
    let mut at = 0;
    loop {
        at = skip_plain(raw, at);
        match raw.get(at) {
            None => return false,
            Some(&b) if b >= 0x80 => return true,
            Some(_) if decode_escape(raw, at).is_some() => return true,
            Some(_) => at += 1,
        }
    }
}

/// Folds one non-ASCII character: `None` drops it.
fn fold(ch: char) -> Option<u8> {
    let c = ch as u32;
    Some(match c {
        // Fullwidth ASCII variants.
        0xFF01..=0xFF5E => (c - 0xFEE0) as u8,
        // Zero-width space/joiners, marks, word joiner and invisible operators, BOM, soft
        // hyphen, Mongolian vowel separator.
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF | 0x00AD | 0x180E => return None,
        // Spaces: no-break, en/em/thin/figure/..., narrow no-break, medium math, ideographic.
        0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => b' ',
        // Line and paragraph separators.
        0x2028 | 0x2029 | 0x0085 => b'\n',
        // Hyphens and dashes, minus sign, small and fullwidth hyphen-minus.
        0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => b'-',
        // Ideographic and halfwidth full stops, one-dot leader.
        0x3002 | 0xFF61 | 0x2024 => b'.',
        // Small commercial at.
        0xFE6B => b'@',
        // Typographic quotes and guillemets.
        0x2018 | 0x2019 | 0x201A | 0x2039 | 0x203A => b'\'',
        0x201C | 0x201D | 0x201E | 0x00AB | 0x00BB => b'"',
        _ => OTHER,
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes a percent escape, an HTML character reference, or a bracketed `[at]` / `(dot)`
/// starting at `at`: the decoded byte (0 for "drop") and how many input bytes it used.
fn decode_escape(raw: &[u8], at: usize) -> Option<(u8, usize)> {
    match raw[at] {
        b'[' | b'(' | b'{' => decode_bracketed(raw, at),
        b'%' => {
            let hi = hex_value(*raw.get(at + 1)?)?;
            let lo = hex_value(*raw.get(at + 2)?)?;
            let v = hi * 16 + lo;
            // Only printable ASCII: anything else stays as written.
            (0x20..0x7F).contains(&v).then_some((v, 3))
        }
        b'&' => decode_entity(raw, at),
        _ => None,
    }
}

/// `[at]`, `(at)`, `{dot}` and the like as `@` and `.`; a space on each side goes with them.
fn decode_bracketed(raw: &[u8], at: usize) -> Option<(u8, usize)> {
    let close = match raw[at] {
        b'[' => b']',
        b'(' => b')',
        _ => b'}',
    };
    let rest = raw.get(at + 1..)?;
    let (value, len) =
        if rest.len() >= 3 && rest[..2].eq_ignore_ascii_case(b"at") && rest[2] == close {
            (b'@', 4)
        } else if rest.len() >= 4 && rest[..3].eq_ignore_ascii_case(b"dot") && rest[3] == close {
            (b'.', 5)
        } else {
            return None;
        };
    Some((value, len))
}

fn decode_entity(raw: &[u8], at: usize) -> Option<(u8, usize)> {
    let rest = &raw[at + 1..];
    let semi = rest.iter().take(9).position(|&b| b == b';')?;
    let body = &rest[..semi];
    let used = semi + 2;
    let value = if let Some(num) = body.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        if digits.is_empty() {
            return None;
        }
        let mut v: u32 = 0;
        for &d in digits {
            let d = u32::from(hex_value(d)?);
            if d >= radix {
                return None;
            }
            v = v * radix + d;
        }
        match v {
            0x20..=0x7E => v as u8,
            0xA0 => b' ',
            0x200B..=0x200D | 0x2060 | 0xFEFF | 0xAD => 0,
            _ => return None,
        }
    } else {
        match body {
            b"lt" => b'<',
            b"gt" => b'>',
            b"amp" => b'&',
            b"quot" => b'"',
            b"apos" => b'\'',
            b"nbsp" => b' ',
            b"commat" => b'@',
            b"period" => b'.',
            b"colon" => b':',
            b"plus" => b'+',
            b"lowbar" => b'_',
            b"hyphen" | b"dash" => b'-',
            b"zwj" | b"zwnj" | b"shy" => 0,
            _ => return None,
        }
    };
    Some((value, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, normalised: &[u8]) {
        let mut buffers = Buffers::new();
        let t = Text::new(input, &mut buffers);
        assert_eq!(t.bytes(), normalised, "input: {input:?}");
        let (s, e) = t.original_span(0, t.bytes().len());
        assert!(input.is_char_boundary(s) && input.is_char_boundary(e));
    }

    #[test]
    fn folds_evasion_characters() {
        check("plain", b"plain");
        check("４１１１\u{200b}1", b"41111");
        check("a\u{00a0}b", b"a b");
        check("jane＠example．com", b"jane@example.com");
        check(
            "jane%40x.io &lt;b&gt; &#64; &#x40; &commat;",
            b"jane@x.io <b> @ @ @",
        );
        check("50% off &unknown; %zz", b"50% off &unknown; %zz");
        check("Zoë", b"Zo\x80");
        check("jane [at] example (dot) com", b"jane@example.com");
        check("meet (at) noon [x]", b"meet@noon [x]");
    }

    #[test]
    fn builds_no_copy_when_folding_would_change_nothing() {
        let mut buffers = Buffers::new();
        for plain in [
            "50% off &unknown; %zz",
            "?a=1&b=2",
            "R&D (team) [x]",
            "no anchors",
        ] {
            let t = Text::new(plain, &mut buffers);
            assert!(!t.is_folded(), "input: {plain:?}");
            assert_eq!(t.bytes(), plain.as_bytes());
        }
        for folded in ["?a=1&amp;b=2", "100%25", "x (dot) y", "é", "a&b&#64;"] {
            assert!(
                Text::new(folded, &mut buffers).is_folded(),
                "input: {folded:?}"
            );
        }
    }

    #[test]
    fn maps_spans_back_over_dropped_and_wide_characters() {
        let input = "x ４\u{200b}２ y";
        let mut buffers = Buffers::new();
        let t = Text::new(input, &mut buffers);
        assert_eq!(t.bytes(), b"x 42 y");
        let (s, e) = t.original_span(2, 4);
        assert_eq!(&input[s..e], "４\u{200b}２");
    }
}
