//! The recently-sent log the transparency panel shows: the wire bytes of summaries the
//! collector acknowledged, kept in this app's localStorage for a bounded time (at most
//! [`MAX_ENTRIES`] entries, none older than [`MAX_AGE_MS`]), purged on revocation and forget.
//!
//! Stored as lines `<ms since epoch>\t<summary JSON>`; summaries are single-line JSON.

use activity_capture_core::outbox::wire_purpose;
use activity_capture_core::text;

/// The most entries kept.
pub const MAX_ENTRIES: usize = 200;
/// The longest an entry is kept: 7 days.
pub const MAX_AGE_MS: u64 = 7 * 24 * 3600 * 1000;

fn entries(stored: &str) -> impl Iterator<Item = (u64, &str)> {
    text::lines(stored).filter_map(|line| {
        let (t, wire) = text::split_once(line, "\t")?;
        // Hand-read digits: `str::parse` would pull the whole integer parser into the wasm.
        let mut ms = 0u64;
        for b in t.bytes() {
            ms = ms
                .checked_mul(10)?
                .checked_add(u64::from(b.checked_sub(b'0').filter(|d| *d < 10)?))?;
        }
        Some((ms, wire))
    })
}

/// Appends `wires` sent at `now_ms` to `stored`, dropping expired and surplus entries.
pub fn append(stored: &str, now_ms: u64, wires: &[&str]) -> String {
    let mut kept: Vec<(u64, &str)> = entries(stored)
        .filter(|(t, _)| now_ms.saturating_sub(*t) <= MAX_AGE_MS)
        .collect();
    kept.extend(wires.iter().map(|w| (now_ms, *w)));
    let skip = kept.len().saturating_sub(MAX_ENTRIES);
    join(kept.into_iter().skip(skip))
}

/// `stored` without the entries for `purpose`.
pub fn purge(stored: &str, purpose: &str) -> String {
    join(entries(stored).filter(|(_, w)| wire_purpose(w) != Some(purpose)))
}

fn join<'a>(items: impl Iterator<Item = (u64, &'a str)>) -> String {
    let mut out = String::new();
    for (t, w) in items {
        activity_capture_core::text::push_decimal(&mut out, t);
        out.push('\t');
        out.push_str(w);
        out.push('\n');
    }
    out
}
