//! Token boundaries, context words and the context-dependent kinds: social security numbers,
//! dates of birth and passport numbers, which count only when nearby words say what they are.

use super::numeric::Groups;
use super::{Finding, Kind, Span};

/// Byte class bit: continues a word (see [`is_word`]).
const WORD: u8 = 1;
/// Byte class bit: may be part of a URL (printable, not a quote, `<`, `>`, `` ` `` or `\`).
pub(super) const URL: u8 = 2;
/// Byte class bit: may be part of an IPv6 address (a hex digit, `:` or `.`).
pub(super) const IPV6: u8 = 4;
/// Byte class bit: may follow the space after a word in the word pass's common case: anything
/// ASCII but a capital (a name), an `i` (` is `), or what a keyword or label takes after
/// spaces (more white space, `:`, `=`, `-`).
pub(super) const PLAIN_NEXT: u8 = 8;
/// Byte class bit: ends a secret value, or may (`&`, before a query key).
pub(super) const VALUE_STOP: u8 = 16;
/// Byte class bit: may be part of a name word (a letter, non-ASCII, `'` or `-`).
pub(super) const NAME: u8 = 32;
/// Byte class bit: may be part of an e-mail address's local part.
pub(super) const LOCAL: u8 = 64;
/// Byte class bit: may be part of an e-mail address's domain.
pub(super) const DOMAIN: u8 = 128;

/// The class bits of each byte: one table for the predicates the scanners test byte by byte.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut bits = 0;
        if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            bits |= WORD;
        }
        if c > b' ' && !matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`' | b'\\') && c != 0x7F {
            bits |= URL;
        }
        if c.is_ascii_hexdigit() || c == b':' || c == b'.' {
            bits |= IPV6;
        }
        if c < 0x80
            && !c.is_ascii_uppercase()
            && !matches!(c, b' ' | b'\t' | b':' | b'=' | b'-' | b'i')
        {
            bits |= PLAIN_NEXT;
        }
        if matches!(
            c,
            b' ' | b'\t'
                | b'\n'
                | b'\r'
                | b'"'
                | b'\''
                | b'<'
                | b'>'
                | b','
                | b';'
                | b'`'
                | b'('
                | b')'
                | b'{'
                | b'}'
                | b'&'
        ) {
            bits |= VALUE_STOP;
        }
        if c.is_ascii_alphabetic() || c >= 0x80 || c == b'\'' || c == b'-' {
            bits |= NAME;
        }
        let alnum_or_other = c.is_ascii_alphanumeric() || c >= 0x80;
        if alnum_or_other || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'') {
            bits |= LOCAL;
        }
        if alnum_or_other || c == b'-' || c == b'.' {
            bits |= DOMAIN;
        }
        table[b] = bits;
        b += 1;
    }
    table
};

/// Whether `b` has any of the class bits `class`.
#[inline(always)]
pub(super) fn has_class(b: u8, class: u8) -> bool {
    CLASS[usize::from(b)] & class != 0
}

/// A byte that continues a word: ASCII letter or digit, `_`, or any non-ASCII character.
#[inline]
pub(super) fn is_word(b: u8) -> bool {
    has_class(b, WORD)
}

/// Whether a number may start at `p`: not glued to a word, and not the continuation of a
/// dotted, dashed or slashed token (`v1.2`, `INV-2024`, `a/2024`).
pub(super) fn number_starts_cleanly(t: &[u8], p: usize) -> bool {
    if p == 0 {
        return true;
    }
    let prev = t[p - 1];
    if is_word(prev) {
        return false;
    }
    if matches!(prev, b'-' | b'.' | b'/' | b',' | b'\\') && p >= 2 && is_word(t[p - 2]) {
        return false;
    }
    true
}

/// Whether a value ending at `end` is not glued to what follows (a letter, digit, or a
/// separator followed by a digit, which would make it part of a longer token).
pub(super) fn number_ends_cleanly(t: &[u8], end: usize) -> bool {
    match t.get(end) {
        None => true,
        Some(&b) if is_word(b) => false,
        Some(b'-' | b'/') => !t.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        Some(b'.' | b',' | b':') => !t.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(b'%') => false,
        _ => true,
    }
}

/// A list of lower-case ASCII words, packed into one byte string (grouped by length, shortest
/// first, each group after its length and word count: no pointer per word in the wasm), with a
/// 128-bit summary of them (a two-hash Bloom filter over length, first and last byte), so that
/// most words are rejected without comparing them with any entry, and the others are compared
/// only with the entries of their length. Built at compile time by [`word_list!`].
pub(super) struct WordList {
    packed: &'static [u8],
    bloom: [u64; 2],
}

/// Builds a [`WordList`] at compile time from lower-case ASCII words (each non-empty and
/// shorter than 256 bytes).
macro_rules! word_list {
    ($($w:literal),+ $(,)?) => {{
        const WORDS: &[&[u8]] = &[$($w),+];
        const PACKED: [u8; super::context::packed_len(WORDS)] = super::context::pack(WORDS);
        super::context::WordList::new(&PACKED, WORDS)
    }};
}
pub(super) use word_list;

/// How many words of `words` have `len` bytes.
const fn count_of_len(words: &[&[u8]], len: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < words.len() {
        if words[i].len() == len {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The length of `words` packed (a length byte and a count byte before each group of words of
/// one length).
pub(super) const fn packed_len(words: &[&[u8]]) -> usize {
    let mut n = 0;
    let mut len = 1;
    while len < 256 {
        let count = count_of_len(words, len);
        if count > 0 {
            n += 2 + count * len;
        }
        len += 1;
    }
    n
}

/// `words` packed: for each length in increasing order, the length, the number of words of
/// that length, then those words.
pub(super) const fn pack<const N: usize>(words: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut n = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        assert!(!w.is_empty() && w.len() < 256);
        let mut j = 0;
        while j < w.len() {
            assert!(!w[j].is_ascii_uppercase());
            j += 1;
        }
        i += 1;
    }
    let mut len = 1;
    while len < 256 {
        let count = count_of_len(words, len);
        if count > 0 {
            assert!(count < 256);
            out[n] = len as u8;
            out[n + 1] = count as u8;
            n += 2;
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                if w.len() == len {
                    let mut j = 0;
                    while j < len {
                        out[n] = w[j];
                        n += 1;
                        j += 1;
                    }
                }
                i += 1;
            }
        }
        len += 1;
    }
    out
}

/// The Bloom hash of a word: mixes its length with its first and last bytes, case folded by
/// setting bit 5 (so a word equal to an entry ignoring ASCII case always has the entry's
/// hash). Each half of the filter takes six of its bits.
const fn bloom_hash(len: usize, first: u8, last: u8) -> u32 {
    let x = (first | 0x20) as u32 | ((last | 0x20) as u32) << 8 | (len as u32 & 0xFF) << 16;
    x.wrapping_mul(0x9E37_79B1)
}

impl WordList {
    /// The list of `words`, given also `packed` (see [`word_list!`]).
    pub(super) const fn new(packed: &'static [u8], words: &[&[u8]]) -> WordList {
        let mut bloom = [0u64; 2];
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            let h = bloom_hash(w.len(), w[0], w[w.len() - 1]);
            bloom[0] |= 1 << (h >> 26);
            bloom[1] |= 1 << ((h >> 20) & 63);
            i += 1;
        }
        WordList { packed, bloom }
    }

    /// Whether `word` is in the list, ignoring ASCII case.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn contains(&self, word: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return false;
        };
        let h = bloom_hash(word.len(), first, last);
        if self.bloom[0] >> (h >> 26) & self.bloom[1] >> ((h >> 20) & 63) & 1 == 0 {
            return false;
        }
        self.holds(word, first)
    }

    /// Whether `word` (first byte `first`) is in the list: the comparisons, out of line (the
    /// summary above, inlined natively, turns most words away).
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn holds(&self, word: &[u8], first: u8) -> bool {
        // Skip the groups of shorter words; compare with the group of this length, if any,
        // first byte first (the entries are lower case).
        let p = self.packed;
        let n = word.len();
        let first = first.to_ascii_lowercase();
        let mut i = 0;
        while let (Some(&len), Some(&count)) = (p.get(i), p.get(i + 1)) {
            let (len, count) = (usize::from(len), usize::from(count));
            i += 2;
            if len < n {
                i += len * count;
                continue;
            }
            if len == n {
                for _ in 0..count {
                    if p.get(i) == Some(&first)
                        && p.get(i..i + n)
                            .is_some_and(|w| word.eq_ignore_ascii_case(w))
                    {
                        return true;
                    }
                    i += n;
                }
            }
            return false;
        }
        false
    }
}

/// Whether one of `words` (lower-case ASCII) appears as a whole word in the `window` bytes
/// before `pos`, on the same line.
pub(super) fn word_before(t: &[u8], pos: usize, window: usize, words: &WordList) -> bool {
    let lo = pos.saturating_sub(window);
    let mut j = pos;
    while j > lo {
        let b = t[j - 1];
        if b == b'\n' {
            return false;
        }
        if !b.is_ascii_alphabetic() {
            j -= 1;
            continue;
        }
        let we = j;
        while j > lo && t[j - 1].is_ascii_alphabetic() {
            j -= 1;
        }
        if j == lo && lo > 0 && t[lo - 1].is_ascii_alphabetic() {
            return false; // a word cut by the window edge
        }
        if words.contains(&t[j..we]) {
            return true;
        }
    }
    false
}

/// Words after which a number is an order, invoice, product or tracking reference.
pub(super) const REFERENCE_WORDS: WordList = word_list![
    b"order",
    b"orders",
    b"invoice",
    b"inv",
    b"ref",
    b"reference",
    b"ticket",
    b"case",
    b"tracking",
    b"shipment",
    b"confirmation",
    b"receipt",
    b"bill",
    b"part",
    b"po",
    b"sku",
    b"ean",
    b"upc",
    b"gtin",
    b"isbn",
    b"barcode",
    b"item",
    b"model",
    b"build",
    b"rechnung",
    b"reservation",
    b"booking",
    b"serial",
    b"version",
    b"release",
    b"firmware",
];

/// Words that say a number is a phone number.
pub(super) const PHONE_WORDS: WordList = word_list![
    b"phone",
    b"telephone",
    b"tel",
    b"call",
    b"mobile",
    b"mob",
    b"cell",
    b"fax",
    b"whatsapp",
    b"sms",
    b"text",
    b"ring",
    b"dial",
    b"contact",
    b"reach",
    b"telefon",
    b"handy",
    b"portable",
    b"landline",
    b"hotline",
    b"ph",
    b"cellphone",
    b"signal",
    b"viber",
    b"telegram",
];

/// Words that say a number is a social security number.
pub(super) const SSN_WORDS: WordList = word_list![
    b"ssn",
    b"social",
    b"security",
    b"ss",
    b"tin",
    b"ssns",
    b"itin",
];

const DOB_WORDS: WordList = word_list![
    b"dob",
    b"birth",
    b"born",
    b"birthday",
    b"birthdate",
    b"geburtsdatum",
    b"geb",
    b"geboren",
    b"naissance",
    b"nacimiento",
    b"bday",
];

/// A US social security number at `p`: `AAA-GG-SSSS` anywhere, `AAA GG SSSS` or `AAAGGSSSS`
/// only after a word such as "SSN". Invalid areas (000, 666, 900-999), groups (00) and
/// serials (0000) are not SSNs.
pub(super) fn ssn(t: &[u8], p: usize, g: &Groups) -> Option<Span> {
    let sizes = g.sizes();
    let (k, sep) = if sizes.len() >= 3 && sizes[..3] == [3, 2, 4] {
        (3, g.uniform_separator(3)?)
    } else if sizes[0] == 9 {
        (1, 0)
    } else {
        return None;
    };
    if k == 3 && !matches!(sep, b'-' | b' ') {
        return None;
    }
    let end = g.end_of(k);
    if g.len() > k && g.separator(k) == sep || !number_ends_cleanly(t, end) {
        return None;
    }
    let d = g.digits(t, k);
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..9].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
        return None;
    }
    let context = word_before(t, p, 40, &SSN_WORDS);
    let dashed = sep == b'-';
    (context || dashed && !word_before(t, p, 24, &REFERENCE_WORDS)).then_some((p, end))
}

const MONTHS: [&[u8]; 12] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];

/// The month a word names (full English name, or its first three letters, or "Sept").
fn month(word: &[u8]) -> Option<u32> {
    // Three to nine letters (`may` to `september`), starting as a month does: most words
    // fail here, before the list is read.
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    // The names are lower case: only those with the word's first letter can match.
    let first = word[0].to_ascii_lowercase();
    if !matches!(first, b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') {
        return None;
    }
    for (i, m) in MONTHS.iter().enumerate() {
        if m[0] != first {
            continue;
        }
        if word.eq_ignore_ascii_case(m) || word.len() == 3 && word.eq_ignore_ascii_case(&m[..3]) {
            return Some(i as u32 + 1);
        }
    }
    word.eq_ignore_ascii_case(b"sept").then_some(9)
}

fn number(t: &[u8], at: usize, max_len: usize) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut i = at;
    while i < t.len() && t[i].is_ascii_digit() && i - at < max_len {
        v = v * 10 + u32::from(t[i] - b'0');
        i += 1;
    }
    if i == at || t.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((v, i))
}

fn skip_ordinal(t: &[u8], at: usize) -> usize {
    match t.get(at..at + 2) {
        Some(&[a, b]) => match [a.to_ascii_lowercase(), b.to_ascii_lowercase()] {
            [b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h'] => at + 2,
            _ => at,
        },
        _ => at,
    }
}

fn skip_spaces(t: &[u8], mut at: usize, max: usize) -> usize {
    let lo = at;
    while at < t.len() && t[at] == b' ' && at - lo < max {
        at += 1;
    }
    at
}

fn word_at(t: &[u8], at: usize) -> usize {
    let mut e = at;
    while e < t.len() && t[e].is_ascii_alphabetic() {
        e += 1;
    }
    e
}

fn year_ok(y: u32, len: usize) -> bool {
    len == 2 || (1900..=2099).contains(&y)
}

/// A calendar date whose first digit run starts at `p`: numeric (`1985-03-14`, `14/03/1985`,
/// `03/14/1985`, `14.03.1985`, `3/14/85`) or written (`March 14, 1985`, `14 March 1985`,
/// `14th Mar 1985`, `Mar 14 1985`, `March 1985`). Returns the date's span.
pub(super) fn date(t: &[u8], p: usize) -> Option<Span> {
    numeric_date(t, p).or_else(|| written_date(t, p))
}

fn numeric_date(t: &[u8], p: usize) -> Option<Span> {
    let (a, ae) = number(t, p, 4)?;
    let sep = *t.get(ae)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let (b, be) = number(t, ae + 1, 2)?;
    if t.get(be) != Some(&sep) {
        return None;
    }
    let (c, ce) = number(t, be + 1, 4)?;
    let (la, lb, lc) = (ae - p, be - ae - 1, ce - be - 1);
    let ok = if la == 4 {
        lb <= 2 && lc <= 2 && year_ok(a, 4) && (1..=12).contains(&b) && (1..=31).contains(&c)
    } else if la <= 2 && lb <= 2 && (lc == 4 || lc == 2 && sep != b'-') {
        year_ok(c, lc) && (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12)
    } else {
        false
    };
    if !ok {
        return None;
    }
    // ISO dates may be followed by a time (`T09:30`).
    let glued = match t.get(ce) {
        Some(b'T') if la == 4 => false,
        _ => !number_ends_cleanly(t, ce),
    };
    (!glued).then_some((p, ce))
}

fn written_date(t: &[u8], p: usize) -> Option<Span> {
    // Month first: `March 14, 1985`, `Mar. 14 1985`, `March 1985`.
    let mut j = p;
    while j > 0 && t[j - 1] == b' ' && p - j < 2 {
        j -= 1;
    }
    if j < p {
        let mut we = j;
        if we > 0 && t[we - 1] == b'.' {
            we -= 1;
        }
        let mut ws = we;
        while ws > 0 && t[ws - 1].is_ascii_alphabetic() {
            ws -= 1;
        }
        if ws < we && (ws == 0 || !is_word(t[ws - 1])) && month(&t[ws..we]).is_some() {
            let (d, de) = number(t, p, 4)?;
            if de - p == 4 {
                return (year_ok(d, 4) && number_ends_cleanly(t, de)).then_some((ws, de));
            }
            if !(1..=31).contains(&d) {
                return None;
            }
            let mut k = skip_ordinal(t, de);
            if t.get(k) == Some(&b',') {
                k += 1;
            }
            let k2 = skip_spaces(t, k, 2);
            if k2 == k {
                return None;
            }
            let (y, ye) = number(t, k2, 4)?;
            return (ye - k2 == 4 && year_ok(y, 4) && number_ends_cleanly(t, ye))
                .then_some((ws, ye));
        }
    }
    // Day first: `14 March 1985`, `14th of Mar. 1985`.
    let (d, de) = number(t, p, 2)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut k = skip_ordinal(t, de);
    let k1 = skip_spaces(t, k, 2);
    if k1 == k && t.get(k) != Some(&b'-') {
        return None;
    }
    k = if t.get(k) == Some(&b'-') { k + 1 } else { k1 };
    let mut we = word_at(t, k);
    if t[k..we].eq_ignore_ascii_case(b"of") {
        k = skip_spaces(t, we, 2);
        we = word_at(t, k);
    }
    month(&t[k..we])?;
    let mut k = we;
    if t.get(k) == Some(&b'.') {
        k += 1;
    }
    if t.get(k) == Some(&b',') {
        k += 1;
    }
    let k2 = if t.get(k) == Some(&b'-') {
        k + 1
    } else {
        skip_spaces(t, k, 2)
    };
    if k2 == k {
        return None;
    }
    let (y, ye) = number(t, k2, 4)?;
    (ye - k2 == 4 && year_ok(y, 4) && number_ends_cleanly(t, ye)).then_some((p, ye))
}

/// Whether the words before `start` say that a date is a date of birth.
pub(super) fn birth_context(t: &[u8], start: usize) -> bool {
    if word_before(t, start, 48, &DOB_WORDS) {
        return true;
    }
    // `D.O.B.` and `b. 1985-...`.
    // The last few characters with tags, brackets and quotes removed.
    let lo = start.saturating_sub(24);
    let mut clean = [0u8; 24];
    let mut n = 0;
    let mut in_tag = false;
    for &b in &t[lo..start] {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'(' | b'[' | b'"' | b'\'' | b'{' => {}
            _ if !in_tag => {
                clean[n] = b.to_ascii_lowercase();
                n += 1;
            }
            _ => {}
        }
    }
    let mut clean = &clean[..n];
    while let [rest @ .., b' ' | b':' | b'=' | b'-'] = clean {
        clean = rest;
    }
    let mut letters = clean.iter().rev().filter(|b| b.is_ascii_alphabetic());
    let dob = letters.next() == Some(&b'b')
        && letters.next() == Some(&b'o')
        && letters.next() == Some(&b'd');
    dob || clean == b"b." || clean.ends_with(b" b.")
}

const PASSPORT_FILLERS: WordList =
    word_list![b"no", b"nr", b"number", b"num", b"nbr", b"id", b"numero", b"nummer",];

/// A passport number after a word such as "passport" at `ws..we`: skips `No.`, `number`,
/// `#`, `:` and the like, then takes a 6 to 10 character upper-case letters-and-digits token
/// with at least four digits (or at least one when it has eight characters or more).
pub(super) fn passport(t: &[u8], we: usize) -> Option<Span> {
    let mut k = we;
    let mut steps = 0;
    loop {
        steps += 1;
        if steps > 8 || k >= t.len() {
            return None;
        }
        match t[k] {
            b' ' | b':' | b'#' | b'-' | b'.' | b'=' | b'"' | b'\'' | b'(' | b'[' | b'<' | b'>' => {
                k += 1
            }
            b if b.is_ascii_alphanumeric() => {
                let mut e = k;
                while e < t.len() && t[e].is_ascii_alphanumeric() {
                    e += 1;
                }
                let w = &t[k..e];
                if PASSPORT_FILLERS.contains(w) {
                    k = e;
                    continue;
                }
                if w == b"b" && t.get(e) == Some(&b'>') {
                    k = e;
                    continue;
                }
                let digits = w.iter().filter(|b| b.is_ascii_digit()).count();
                let upper = w
                    .iter()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
                // German passports use nine characters with no vowels, sometimes no digit.
                let german =
                    w.len() == 9 && w.iter().all(|b| b"CFGHJKLMNPRTVWXYZ0123456789".contains(b));
                let ok = (6..=10).contains(&w.len())
                    && (digits >= 4 || digits >= 1 && w.len() >= 8 || german)
                    && upper
                    && !is_word(*t.get(e).unwrap_or(&b' '));
                return ok.then_some((k, e));
            }
            _ => return None,
        }
    }
}

/// Whether a word is one of the words between "passport" and its number (`no`, `number`).
pub(super) fn is_passport_filler(w: &[u8]) -> bool {
    PASSPORT_FILLERS.contains(w)
}

/// Pushes a finding for a passport value after the word at `ws..we`, if any.
pub(super) fn push_passport(t: &[u8], we: usize, out: &mut Vec<Finding>) -> Option<usize> {
    let (s, e) = passport(t, we)?;
    out.push(Finding {
        kind: Kind::Passport,
        start: s,
        end: e,
    });
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_date(input: &str, expected: Option<&str>) {
        let t = input.as_bytes();
        let p = t.iter().position(u8::is_ascii_digit).unwrap();
        let got = date(t, p).map(|(s, e)| &input[s..e]);
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn parses_dates() {
        check_date("1985-03-14", Some("1985-03-14"));
        check_date("14/03/1985", Some("14/03/1985"));
        check_date("03/14/1985", Some("03/14/1985"));
        check_date("14.03.1985", Some("14.03.1985"));
        check_date("3/14/85", Some("3/14/85"));
        check_date("born March 14, 1985.", Some("March 14, 1985"));
        check_date("on Mar. 4 1985", Some("Mar. 4 1985"));
        check_date("14th of March 1985", Some("14th of March 1985"));
        check_date("3rd Mar 1985", Some("3rd Mar 1985"));
        check_date("March 1985", Some("March 1985"));
        check_date("13/13/1985", None);
        check_date("1.2.3", None);
        check_date("10.0.19045.3803", None);
    }

    #[test]
    fn finds_context_words() {
        assert!(word_before(b"call me on ", 11, 40, &PHONE_WORDS));
        assert!(!word_before(b"hotel ", 6, 40, &PHONE_WORDS));
        assert!(!word_before(b"call\nx ", 7, 40, &PHONE_WORDS));
        assert!(birth_context(b"D.O.B. ", 7));
        assert!(birth_context(b"Date of birth: ", 15));
    }
}
