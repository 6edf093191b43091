//! Byte searches eight bytes at a time (SWAR on `u64`, which wasm32 has natively): the passes
//! jump from one possible anchor (`@`, `:`, `-`, a digit) to the next instead of testing every
//! byte in turn.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i` (the caller checks `i + 8 <= t.len()`), little-endian.
#[inline(always)]
fn word(t: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&t[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The offset of the lowest marked byte of a mask of high bits (which must not be zero).
#[inline(always)]
fn lowest(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The first `needle` in `t` at or after `from`.
#[inline]
pub(super) fn find_byte(t: &[u8], from: usize, needle: u8) -> Option<usize> {
    let rep = LO * u64::from(needle);
    let mut i = from;
    while i + 8 <= t.len() {
        let v = word(t, i) ^ rep;
        // A zero byte sets its high bit; borrows can only mark bytes above the first zero.
        let zero = v.wrapping_sub(LO) & !v & HI;
        if zero != 0 {
            return Some(i + lowest(zero));
        }
        i += 8;
    }
    while i < t.len() {
        if t[i] == needle {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The first ASCII digit in `t` at or after `from`.
#[inline]
pub(super) fn find_digit(t: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 8 <= t.len() {
        let v = word(t, i);
        // Per byte, without carries between bytes: the low seven bits plus an offset set the
        // high bit when the byte is at least `0` (resp. above `9`); ASCII bytes only.
        let low = v & !HI;
        let ge0 = low + LO * (0x80 - u64::from(b'0'));
        let gt9 = low + LO * (0x80 - u64::from(b'9') - 1);
        let digit = ge0 & !gt9 & !v & HI;
        if digit != 0 {
            return Some(i + lowest(digit));
        }
        i += 8;
    }
    while i < t.len() {
        if t[i].is_ascii_digit() {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The first byte at or after `from` that does not continue a word (see
/// `context::is_word`: an ASCII letter or digit, `_`, or any byte of a non-ASCII
/// character), or `t.len()`.
pub(super) fn skip_word(t: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 8 <= t.len() {
        let v = word(t, i);
        // Per byte, without carries between bytes, on the low seven bits: a digit, a letter
        // (case folded by setting bit 5), or `_` (zero after xor); any byte with its high bit
        // set continues a word.
        let low = v & !HI;
        let x = low ^ (LO * u64::from(b'_'));
        let underscore = !((x + LO * 0x7F) | x);
        let other = !(v | alnum(low) | underscore) & HI;
        if other != 0 {
            return i + lowest(other);
        }
        i += 8;
    }
    while i < t.len() && super::context::is_word(t[i]) {
        i += 1;
    }
    i
}

/// Per byte of `low` (eight bytes with their high bits clear), bit 7 set where the byte is an
/// ASCII digit or letter (case folded by setting bit 5), without carries between bytes.
#[inline(always)]
fn alnum(low: u64) -> u64 {
    let digit = (low + LO * (0x80 - u64::from(b'0'))) & !(low + LO * (0x80 - u64::from(b'9') - 1));
    let folded = low | (LO * 0x20);
    let letter =
        (folded + LO * (0x80 - u64::from(b'a'))) & !(folded + LO * (0x80 - u64::from(b'z') - 1));
    digit | letter
}

/// The first byte at or after `from` that the normaliser has to look at (any non-ASCII byte,
/// `%`, `&`, `[`, `(` or `{`), or `t.len()`.
pub(super) fn skip_plain(t: &[u8], from: usize) -> usize {
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let mut i = from;
    while i + 8 <= t.len() {
        let v = word(t, i);
        // `[` and `{` differ only in bit 5.
        let special = v & HI
            | zero(v ^ (LO * u64::from(b'%')))
            | zero(v ^ (LO * u64::from(b'&')))
            | zero(v ^ (LO * u64::from(b'(')))
            | zero((v | (LO * 0x20)) ^ (LO * u64::from(b'{')));
        if special != 0 {
            return i + lowest(special);
        }
        i += 8;
    }
    while i < t.len() && t[i] < 0x80 && !matches!(t[i], b'%' | b'&' | b'[' | b'(' | b'{') {
        i += 1;
    }
    i
}

/// The end of the run of ASCII letters and digits (and, with `dash`, `-` and `_`) at `from`,
/// at most `max` bytes long. Natively only: the wasm build keeps the byte loop, which is
/// smaller.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn skip_alnum(t: &[u8], from: usize, dash: bool, max: usize) -> usize {
    let end = t.len().min(from.saturating_add(max));
    let mut i = from;
    while i + 8 <= end {
        let v = word(t, i);
        // Per byte, without carries between bytes, on the low seven bits (as in `skip_word`);
        // a byte with its high bit set ends the run.
        let low = v & !HI;
        let mut ok = alnum(low);
        if dash {
            let x = low ^ (LO * u64::from(b'_'));
            let y = low ^ (LO * u64::from(b'-'));
            ok |= !((x + LO * 0x7F) | x) | !((y + LO * 0x7F) | y);
        }
        let stop = (v | !ok) & HI;
        if stop != 0 {
            return i + lowest(stop);
        }
        i += 8;
    }
    while i < end && (t[i].is_ascii_alphanumeric() || dash && matches!(t[i], b'-' | b'_')) {
        i += 1;
    }
    i
}

/// The first occurrence of `needle` (at least two bytes) in `hay` at or after `from`.
pub(super) fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = find_byte(hay, at, needle[0]) {
        // The second byte before the rest: a lone `-` or `:` is common in text.
        if hay.get(i + 1) == needle.get(1) && hay[i..].starts_with(needle) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_like_a_plain_loop() {
        let mut t = Vec::new();
        for i in 0..300u32 {
            let r = (i.wrapping_mul(2_654_435_761) >> 13) as u8;
            // Mostly ASCII, with runs of digits and brackets among other bytes.
            t.push(match r % 4 {
                0 => b'0' + r % 10,
                1 => b"([{ax:@%&-_"[usize::from(r % 11)],
                _ => r,
            });
        }
        for from in 0..t.len() + 2 {
            for needle in [b'@', b':', 0, 0xFF, b'0', t[from.min(t.len() - 1)]] {
                let want = t
                    .get(from..)
                    .and_then(|s| s.iter().position(|&b| b == needle));
                assert_eq!(find_byte(&t, from, needle), want.map(|k| from + k));
            }
            let want = t
                .get(from..)
                .and_then(|s| s.iter().position(|&b| b >= 0x80 || b"%&[({".contains(&b)));
            assert_eq!(
                skip_plain(&t, from.min(t.len())),
                want.map_or(t.len(), |k| from + k)
            );
            // (The wasm build has no `skip_alnum`: its callers keep the byte loop.)
            #[cfg(not(target_arch = "wasm32"))]
            for dash in [false, true] {
                for max in [0, 5, 1024] {
                    let ok = |b: &u8| b.is_ascii_alphanumeric() || dash && matches!(b, b'-' | b'_');
                    let f = from.min(t.len());
                    let run = t[f..].iter().take(max).take_while(|b| ok(b)).count();
                    assert_eq!(skip_alnum(&t, f, dash, max), f + run);
                }
            }
            let want = t
                .get(from..)
                .and_then(|s| s.iter().position(u8::is_ascii_digit));
            assert_eq!(find_digit(&t, from), want.map(|k| from + k));
            let want = t
                .get(from..)
                .and_then(|s| s.iter().position(|&b| !crate::redact::context::is_word(b)));
            assert_eq!(
                skip_word(&t, from.min(t.len())),
                want.map_or(t.len(), |k| from + k)
            );
        }
        assert_eq!(find_bytes(b"a:/b://c", b"://", 0), Some(4));
        assert_eq!(find_bytes(b"a:/b://c", b"://", 5), None);
    }
}
