//! The outbox: wire bytes of closed summaries waiting to be sent, bounded by count and bytes.
//! Past the bound the oldest are dropped and counted, so the next summary can report the loss;
//! nothing is lost silently. Batches stay under the browser's shared keepalive quota.

/// Default bound on the number of summaries held.
pub const DEFAULT_MAX_COUNT: usize = 500;
/// Default bound on the bytes held (localStorage quotas are about 5 MB per origin).
pub const DEFAULT_MAX_BYTES: usize = 512 * 1024;
/// Largest request body: below the 64 KiB keepalive quota browsers share per page.
pub const MAX_BATCH_BYTES: usize = 60 * 1024;

/// Pending wire summaries, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbox {
    items: Vec<String>,
    bytes: usize,
    max_count: usize,
    max_bytes: usize,
    dropped: u32,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox::new(DEFAULT_MAX_COUNT, DEFAULT_MAX_BYTES)
    }
}

/// The `"id":"…"` value of a wire summary (ids are 32 hex digits written second).
pub fn wire_id(wire: &str) -> Option<&str> {
    let rest = crate::text::split_once(wire, "\"id\":\"")?.1;
    rest.get(..32)
}

/// The `"start":…` value (window start, Unix seconds) of a wire summary.
pub fn wire_start(wire: &str) -> Option<u64> {
    let rest = crate::text::split_once(wire, "\"start\":")?.1;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(crate::text::parse_decimal)
}

/// The oldest a pending summary may get (6 days) before it is dropped and counted: below the
/// collector's default retention of 7 days, during which it recognises retries as duplicates.
pub const MAX_AGE_S: u64 = 6 * 86_400;

/// The `"purpose":"…"` value of a wire summary.
pub fn wire_purpose(wire: &str) -> Option<&str> {
    let rest = crate::text::split_once(wire, "\"purpose\":\"")?.1;
    crate::text::split_once(rest, "\"").map(|(p, _)| p)
}

impl Outbox {
    /// An empty outbox with the given bounds.
    pub fn new(max_count: usize, max_bytes: usize) -> Outbox {
        Outbox {
            items: Vec::new(),
            bytes: 0,
            max_count,
            max_bytes,
            dropped: 0,
        }
    }

    /// Restores a persisted outbox (one wire summary per line); unreadable lines are skipped.
    pub fn restore(stored: &str, max_count: usize, max_bytes: usize) -> Outbox {
        let mut o = Outbox::new(max_count, max_bytes);
        for line in crate::text::lines(stored) {
            if let Some(n) = line.strip_prefix("dropped=") {
                o.dropped = o.dropped.saturating_add(n.parse().unwrap_or(0));
            } else if wire_id(line).is_some() {
                o.push(line.to_owned());
            }
        }
        o
    }

    /// The persisted form.
    pub fn store(&self) -> String {
        let mut s = String::from("dropped=");
        crate::text::push_decimal(&mut s, self.dropped.into());
        for item in &self.items {
            s.push('\n');
            s.push_str(item);
        }
        s
    }

    /// Adds a summary's wire bytes, dropping the oldest past the bounds.
    pub fn push(&mut self, wire: String) {
        if wire.len() > MAX_BATCH_BYTES || crate::text::contains_byte(&wire, b'\n') {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        self.bytes += wire.len();
        self.items.push(wire);
        while self.items.len() > self.max_count || self.bytes > self.max_bytes {
            let old = self.items.remove(0);
            self.bytes -= old.len();
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Counts summaries dropped outside the bound (e.g. one the collector can never accept).
    pub fn count_dropped(&mut self, n: u32) {
        self.dropped = self.dropped.saturating_add(n);
    }

    /// Summaries dropped and not yet reported.
    pub fn dropped(&self) -> u32 {
        self.dropped
    }

    /// Summaries dropped and not yet reported; taking resets the count.
    pub fn take_dropped(&mut self) -> u32 {
        std::mem::take(&mut self.dropped)
    }

    /// The held summaries, oldest first.
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The oldest summaries that fit in one request body of at most `max_bytes` with `key`, and
    /// at most [`crate::wire::MAX_SUMMARIES_PER_BATCH`] of them.
    pub fn next_batch(&self, key_len: usize, max_bytes: usize) -> &[String] {
        let mut size = key_len + 32;
        let mut n = 0;
        for item in &self.items {
            if size + item.len() + 1 > max_bytes || n == crate::wire::MAX_SUMMARIES_PER_BATCH {
                break;
            }
            size += item.len() + 1;
            n += 1;
        }
        &self.items[..n]
    }

    /// Removes the summaries with these ids (acknowledged as stored, duplicate or refused).
    pub fn remove_ids(&mut self, ids: &[&str]) {
        self.items
            .retain(|w| !wire_id(w).is_some_and(|id| ids.contains(&id)));
        self.bytes = self.items.iter().map(String::len).sum();
    }

    /// Removes every summary of `purpose` (its consent was withdrawn).
    pub fn purge_purpose(&mut self, purpose: &str) {
        self.items.retain(|w| wire_purpose(w) != Some(purpose));
        self.bytes = self.items.iter().map(String::len).sum();
    }

    /// Drops summaries whose window started more than `max_age_s` before `now_s`, counting them:
    /// the collector remembers ids only for its retention period, so an older retry could be
    /// stored twice. Keep `max_age_s` below the collector's retention.
    pub fn expire(&mut self, now_s: u64, max_age_s: u64) {
        let before = self.items.len();
        self.items
            .retain(|w| wire_start(w).is_none_or(|start| now_s.saturating_sub(start) <= max_age_s));
        let gone = before - self.items.len();
        if gone > 0 {
            self.bytes = self.items.iter().map(String::len).sum();
            self.count_dropped(gone as u32);
        }
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.items.clear();
        self.bytes = 0;
        self.dropped = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::Purpose;
    use crate::wire::encode;
    use crate::wire::example::example_summary;

    fn wire(n: u8, purpose: Purpose) -> String {
        let w = encode(&example_summary(purpose));
        let id = wire_id(&w).unwrap().to_owned();
        w.replace(&id, &format!("{n:02x}").repeat(16))
    }

    #[test]
    fn ids_and_purposes_are_read_from_wire_bytes() {
        let w = wire(7, Purpose::Typing);
        assert_eq!(wire_id(&w), Some("07070707070707070707070707070707"));
        assert_eq!(wire_purpose(&w), Some("typing"));
        assert_eq!(wire_id("{}"), None);
    }

    #[test]
    fn bounds_drop_the_oldest_and_count_them() {
        let mut o = Outbox::new(3, usize::MAX);
        for n in 0..5 {
            o.push(wire(n, Purpose::Pointer));
        }
        let ids: Vec<_> = o
            .items()
            .iter()
            .map(|w| wire_id(w).unwrap()[..2].to_owned())
            .collect();
        assert_eq!(ids, ["02", "03", "04"]);
        assert_eq!(o.take_dropped(), 2);
        assert_eq!(o.take_dropped(), 0);
        let one = wire(0, Purpose::Pointer).len();
        let mut by_bytes = Outbox::new(100, one * 2);
        for n in 0..3 {
            by_bytes.push(wire(n, Purpose::Pointer));
        }
        assert_eq!(by_bytes.items().len(), 2);
        assert_eq!(by_bytes.take_dropped(), 1);
    }

    #[test]
    fn batches_fit_the_keepalive_quota_and_acks_remove_by_id() {
        let mut o = Outbox::default();
        for n in 0..200 {
            o.push(wire(n, Purpose::Interaction));
        }
        let batch = o.next_batch(20, MAX_BATCH_BYTES);
        let body = crate::wire::encode_batch(&"k".repeat(20), batch.iter().map(String::as_str));
        assert!(body.len() <= MAX_BATCH_BYTES, "{}", body.len());
        assert!(batch.len() < 200 && !batch.is_empty());
        let ids: Vec<String> = batch
            .iter()
            .map(|w| wire_id(w).unwrap().to_owned())
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        o.remove_ids(&refs);
        assert_eq!(o.items().len(), 200 - ids.len());
    }

    #[test]
    fn summaries_older_than_the_maximum_age_are_dropped_and_counted() {
        let mut o = Outbox::default();
        o.push(wire(1, Purpose::Typing));
        let start = wire_start(&o.items()[0]).unwrap();
        assert_eq!(start, 1_795_774_500);
        o.expire(start + MAX_AGE_S, MAX_AGE_S);
        assert_eq!(o.items().len(), 1);
        o.expire(start + MAX_AGE_S + 1, MAX_AGE_S);
        assert!(o.is_empty());
        assert_eq!(o.dropped(), 1);
    }

    #[test]
    fn the_outbox_persists_and_purges_by_purpose() {
        let mut o = Outbox::new(2, usize::MAX);
        o.push(wire(1, Purpose::Typing));
        o.push(wire(2, Purpose::Pointer));
        o.push(wire(3, Purpose::Typing));
        let restored = Outbox::restore(&o.store(), 2, usize::MAX);
        assert_eq!(restored, o);
        let mut p = restored;
        p.purge_purpose("typing");
        assert_eq!(p.items().len(), 1);
        assert_eq!(wire_purpose(&p.items()[0]), Some("pointer"));
        assert_eq!(Outbox::restore("garbage\n{}", 5, 100).items().len(), 0);
        p.clear();
        assert!(p.is_empty());
    }
}
