//! The outbox across tabs and page loads. Each tab persists its outbox under its own key with a
//! lease; a tab adopts the outboxes of tabs that closed (or went silent for long), so a reload or
//! a closed tab loses nothing, and a tab whose outbox was adopted drops those summaries, so two
//! tabs do not both send them. Storage is injected ([`KeyValue`]; the SDK passes localStorage),
//! so the protocol is tested natively.

use crate::outbox::{wire_id, Outbox};
use crate::text::{concat, decimal, parse_decimal};

/// A tab silent for this long is presumed gone (a page in the back/forward cache keeps its
/// lease fresh when it comes back; one evicted from it never does).
pub const STALE_MS: u64 = 10 * 60_000;

/// How often a running tab looks for outboxes to adopt before sending: scanning storage's keys
/// costs more the more the page stores, and what a closed tab left is not urgent.
pub const ADOPT_EVERY_MS: u64 = 30_000;

/// A write younger than this, of exactly the outbox held, is not repeated before a send.
const FRESH_MS: u64 = 1_000;

/// String storage shared by the tabs of one origin.
pub trait KeyValue {
    /// Reads a value.
    fn get(&self, key: &str) -> Option<String>;
    /// Writes a value; `false` if storage refused (quota, policy).
    fn set(&mut self, key: &str, value: &str) -> bool;
    /// Removes a value.
    fn remove(&mut self, key: &str);
    /// Every key.
    fn keys(&self) -> Vec<String>;
}

/// Whether a tab with this lease value is gone: no lease, marked closed, or silent too long.
fn lease_gone(lease: Option<&str>, now_ms: u64) -> bool {
    match lease {
        None | Some("closed") => true,
        Some(ms) => parse_decimal(ms).is_none_or(|t| now_ms.saturating_sub(t) > STALE_MS),
    }
}

/// One tab's view of the shared outbox storage.
#[derive(Clone, Debug)]
pub struct TabOutbox {
    outbox_prefix: String,
    lease_prefix: String,
    legacy_key: String,
    tab: String,
    /// Ids this tab last wrote; if its key disappears, another tab adopted exactly these.
    written: Vec<String>,
    /// The page is going away: later writes (a request settling during unload) keep the lease
    /// marked closed.
    closed: bool,
    /// When this tab last wrote its outbox, and the drop count it wrote.
    persisted: Option<(u64, u32)>,
    /// When this tab last looked for outboxes to adopt.
    adopted_at: Option<u64>,
}

impl TabOutbox {
    /// The storage of `app`'s outbox for the tab `tab` (a random id per page load).
    pub fn new(app: &str, tab: &str) -> TabOutbox {
        TabOutbox {
            outbox_prefix: concat(&["ac:", app, ":outbox:"]),
            lease_prefix: concat(&["ac:", app, ":lease:"]),
            legacy_key: concat(&["ac:", app, ":outbox"]),
            tab: tab.to_owned(),
            written: Vec::new(),
            closed: false,
            persisted: None,
            adopted_at: None,
        }
    }

    fn own_key(&self) -> String {
        concat(&[&self.outbox_prefix, &self.tab])
    }

    fn lease_key(&self, tab: &str) -> String {
        concat(&[&self.lease_prefix, tab])
    }

    /// Drops what another tab adopted from us since our last write (our key vanished).
    fn notice_adoption(&mut self, kv: &dyn KeyValue, outbox: &mut Outbox) {
        if !self.written.is_empty() && kv.get(&self.own_key()).is_none() {
            let ids: Vec<&str> = self.written.iter().map(String::as_str).collect();
            outbox.remove_ids(&ids);
            self.written.clear();
        }
    }

    /// Writes this tab's outbox and refreshes its lease. Returns whether storage took it.
    pub fn persist(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) -> bool {
        self.notice_adoption(kv, outbox);
        let ok = if outbox.is_empty() && outbox.dropped() == 0 {
            kv.remove(&self.own_key());
            true
        } else {
            kv.set(&self.own_key(), &outbox.store())
        };
        let lease = self.lease_key(&self.tab);
        kv.set(
            &lease,
            &if self.closed {
                "closed".to_owned()
            } else {
                decimal(now_ms)
            },
        );
        self.written = outbox
            .items()
            .iter()
            .filter_map(|w| wire_id(w).map(str::to_owned))
            .collect();
        // A write storage refused is not fresh: the next send or close writes again.
        self.persisted = ok.then_some((now_ms, outbox.dropped()));
        ok
    }

    /// Whether the last write, less than a second before `now_ms`, holds exactly `outbox`: its
    /// lease is fresh (no other tab can have adopted from it since) and writing again would
    /// change nothing.
    fn fresh(&self, outbox: &Outbox, now_ms: u64) -> bool {
        !self.closed
            && self.persisted.is_some_and(|(at, dropped)| {
                now_ms.saturating_sub(at) < FRESH_MS && dropped == outbox.dropped()
            })
            && self.written.len() == outbox.items().len()
            && self
                .written
                .iter()
                .zip(outbox.items())
                .all(|(id, w)| wire_id(w) == Some(id.as_str()))
    }

    /// Before a send: writes the outbox unless the last write is fresh and holds it all (so a
    /// summary adopted by another tab is dropped here, not sent twice), and adopts what closed
    /// or silent tabs left, at most every [`ADOPT_EVERY_MS`].
    pub fn before_send(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) {
        if !self.fresh(outbox, now_ms) {
            self.persist(kv, outbox, now_ms);
        }
        let due = self
            .adopted_at
            .is_none_or(|at| now_ms.saturating_sub(at) >= ADOPT_EVERY_MS);
        if due && self.adopt(kv, outbox, now_ms) > 0 {
            self.persist(kv, outbox, now_ms);
        }
    }

    /// Marks this tab closed (its page is being unloaded, not kept in the back/forward cache):
    /// the next tab to start adopts its outbox at once.
    pub fn close(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) {
        let fresh = self.fresh(outbox, now_ms);
        self.closed = true;
        if fresh {
            // The outbox was just written as it is (windows closed in the same pagehide): only
            // the lease changes.
            let lease = self.lease_key(&self.tab);
            kv.set(&lease, "closed");
        } else {
            self.persist(kv, outbox, now_ms);
        }
    }

    /// The page came back (restored from the back/forward cache after all): it is live again.
    pub fn reopen(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) {
        self.closed = false;
        self.persist(kv, outbox, now_ms);
    }

    /// Adopts the outboxes of closed or silent tabs (and of older SDK versions, which used one
    /// key per app) into `outbox`, removing them from storage. Returns how many were adopted.
    pub fn adopt(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) -> usize {
        self.adopted_at = Some(now_ms);
        self.notice_adoption(kv, outbox);
        let mut adopted = 0;
        let mut take = |kv: &mut dyn KeyValue, key: &str, outbox: &mut Outbox| {
            if let Some(stored) = kv.get(key) {
                let theirs = Outbox::restore(&stored, usize::MAX, usize::MAX);
                outbox.count_dropped(theirs.dropped());
                for item in theirs.items() {
                    let id = wire_id(item).unwrap_or_default();
                    if !outbox.items().iter().any(|w| wire_id(w) == Some(id)) {
                        outbox.push(item.clone());
                        adopted += 1;
                    }
                }
            }
            kv.remove(key);
        };
        if kv.get(&self.legacy_key).is_some() {
            let legacy = self.legacy_key.clone();
            take(kv, &legacy, outbox);
        }
        let own = self.own_key();
        for key in kv.keys() {
            let Some(tab) = key.strip_prefix(&self.outbox_prefix) else {
                continue;
            };
            if key == own {
                continue;
            }
            if lease_gone(kv.get(&self.lease_key(tab)).as_deref(), now_ms) {
                take(kv, &key, outbox);
                kv.remove(&self.lease_key(tab));
            }
        }
        // Leases of tabs that left nothing behind are dropped too, so storage does not grow.
        for key in kv.keys() {
            let Some(tab) = key.strip_prefix(&self.lease_prefix) else {
                continue;
            };
            let orphan = tab != self.tab && kv.get(&concat(&[&self.outbox_prefix, tab])).is_none();
            if orphan && lease_gone(kv.get(&key).as_deref(), now_ms) {
                kv.remove(&key);
            }
        }
        adopted
    }

    /// Removes this tab's stored outbox and lease (consent withdrawn for everything, `forget`).
    pub fn clear(&mut self, kv: &mut dyn KeyValue) {
        kv.remove(&self.own_key());
        let lease = self.lease_key(&self.tab);
        kv.remove(&lease);
        self.written.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::Purpose;
    use crate::wire::encode;
    use crate::wire::example::example_summary;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Memory(BTreeMap<String, String>);

    impl KeyValue for Memory {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            self.0.insert(key.to_owned(), value.to_owned());
            true
        }
        fn remove(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn keys(&self) -> Vec<String> {
            self.0.keys().cloned().collect()
        }
    }

    fn wire(n: u8) -> String {
        let w = encode(&example_summary(Purpose::Typing));
        let id = wire_id(&w).unwrap().to_owned();
        w.replace(&id, &format!("{n:02x}").repeat(16))
    }

    fn ids(o: &Outbox) -> Vec<String> {
        o.items()
            .iter()
            .map(|w| wire_id(w).unwrap()[..2].to_owned())
            .collect()
    }

    #[test]
    fn a_reload_adopts_what_the_closed_page_left() {
        let mut kv = Memory::default();
        let mut first = TabOutbox::new("desk", "aaaa");
        let mut pending = Outbox::default();
        pending.push(wire(1));
        pending.push(wire(2));
        first.close(&mut kv, &mut pending, 1_000);
        let mut second = TabOutbox::new("desk", "bbbb");
        let mut mine = Outbox::default();
        assert_eq!(second.adopt(&mut kv, &mut mine, 2_000), 2);
        assert_eq!(ids(&mine), ["01", "02"]);
        second.persist(&mut kv, &mut mine, 2_000);
        assert_eq!(
            kv.keys(),
            ["ac:desk:lease:bbbb", "ac:desk:outbox:bbbb"],
            "the closed tab's keys are gone"
        );
    }

    #[test]
    fn a_closed_tab_stays_closed_when_a_late_answer_persists() {
        let mut kv = Memory::default();
        let mut tab = TabOutbox::new("desk", "aaaa");
        let mut o = Outbox::default();
        o.push(wire(1));
        tab.close(&mut kv, &mut o, 1);
        tab.persist(&mut kv, &mut o, 2);
        assert_eq!(kv.get("ac:desk:lease:aaaa").as_deref(), Some("closed"));
        tab.reopen(&mut kv, &mut o, 3);
        assert_eq!(kv.get("ac:desk:lease:aaaa").as_deref(), Some("3"));
    }

    #[test]
    fn a_live_tab_keeps_its_outbox_and_a_silent_one_is_adopted_after_the_lease() {
        let mut kv = Memory::default();
        let mut a = TabOutbox::new("desk", "aaaa");
        let mut a_box = Outbox::default();
        a_box.push(wire(1));
        a.persist(&mut kv, &mut a_box, 0);
        let mut b = TabOutbox::new("desk", "bbbb");
        let mut b_box = Outbox::default();
        assert_eq!(b.adopt(&mut kv, &mut b_box, 60_000), 0, "tab a is alive");
        assert_eq!(
            b.adopt(&mut kv, &mut b_box, STALE_MS + 1),
            1,
            "tab a went silent"
        );
        // Tab a wakes up: its key is gone, so it drops what b adopted and never sends it.
        a_box.push(wire(3));
        a.persist(&mut kv, &mut a_box, STALE_MS + 2);
        assert_eq!(ids(&a_box), ["03"], "only what a made after the adoption");
        assert_eq!(ids(&b_box), ["01"]);
    }

    #[test]
    fn the_previous_versions_single_key_is_adopted_and_dropped_counts_carry_over() {
        let mut kv = Memory::default();
        let mut old = Outbox::new(1, usize::MAX);
        old.push(wire(7));
        old.push(wire(8));
        kv.set("ac:desk:outbox", &old.store());
        let mut tab = TabOutbox::new("desk", "cccc");
        let mut mine = Outbox::default();
        assert_eq!(tab.adopt(&mut kv, &mut mine, 0), 1);
        assert_eq!(mine.dropped(), 1);
        assert_eq!(kv.get("ac:desk:outbox"), None);
        // Adopting twice never duplicates a summary.
        kv.set("ac:desk:outbox", &old.store());
        assert_eq!(tab.adopt(&mut kv, &mut mine, 0), 0);
        assert_eq!(ids(&mine), ["08"]);
    }

    /// Counts writes and key scans.
    #[derive(Default)]
    struct Counting {
        inner: Memory,
        writes: usize,
        scans: std::cell::Cell<usize>,
        /// Storage refuses writes (quota): `set` stores nothing and answers `false`.
        refuse: bool,
    }

    impl KeyValue for Counting {
        fn get(&self, key: &str) -> Option<String> {
            self.inner.get(key)
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            self.writes += 1;
            !self.refuse && self.inner.set(key, value)
        }
        fn remove(&mut self, key: &str) {
            self.writes += 1;
            self.inner.remove(key)
        }
        fn keys(&self) -> Vec<String> {
            self.scans.set(self.scans.get() + 1);
            self.inner.keys()
        }
    }

    #[test]
    fn before_a_send_a_fresh_write_is_not_repeated_and_adoption_is_looked_for_every_half_minute() {
        let mut kv = Counting::default();
        let mut tab = TabOutbox::new("desk", "aaaa");
        let mut o = Outbox::default();
        tab.adopt(&mut kv, &mut o, 0);
        o.push(wire(1));
        tab.persist(&mut kv, &mut o, 10);
        let (writes, scans) = (kv.writes, kv.scans.get());
        tab.before_send(&mut kv, &mut o, 500);
        assert_eq!(
            (kv.writes, kv.scans.get()),
            (writes, scans),
            "nothing changed"
        );
        // A new summary, an older write, a changed drop count: each is written.
        o.push(wire(2));
        tab.before_send(&mut kv, &mut o, 600);
        assert_eq!(kv.writes, writes + 2, "outbox and lease");
        tab.before_send(&mut kv, &mut o, 1_700);
        assert_eq!(
            kv.writes,
            writes + 4,
            "the lease is refreshed after a second"
        );
        o.count_dropped(1);
        tab.before_send(&mut kv, &mut o, 1_800);
        assert_eq!(kv.writes, writes + 6);
        assert_eq!(kv.scans.get(), scans, "no adoption scan yet");
        // Half a minute after the last look, another tab's leftovers are adopted and written.
        let mut gone = TabOutbox::new("desk", "bbbb");
        let mut theirs = Outbox::default();
        theirs.push(wire(9));
        gone.close(&mut kv.inner, &mut theirs, 2_000);
        tab.before_send(&mut kv, &mut o, ADOPT_EVERY_MS - 1);
        assert_eq!(ids(&o), ["01", "02"]);
        tab.before_send(&mut kv, &mut o, ADOPT_EVERY_MS);
        assert_eq!(ids(&o), ["01", "02", "09"]);
        assert_eq!(kv.inner.get("ac:desk:outbox:bbbb"), None);
        // Closing right after a write of the same outbox writes only the lease; a closed tab
        // then always writes (its lease stays marked closed).
        tab.persist(&mut kv, &mut o, ADOPT_EVERY_MS);
        let writes = kv.writes;
        tab.close(&mut kv, &mut o, ADOPT_EVERY_MS + 1);
        assert_eq!(kv.writes, writes + 1, "only the lease");
        assert_eq!(
            kv.inner.get("ac:desk:lease:aaaa").as_deref(),
            Some("closed")
        );
        let writes = kv.writes;
        tab.before_send(&mut kv, &mut o, ADOPT_EVERY_MS + 2);
        assert!(kv.writes > writes);
        assert_eq!(
            kv.inner.get("ac:desk:lease:aaaa").as_deref(),
            Some("closed")
        );
        // A write storage refused is not fresh: the next send writes again.
        let mut kv = Counting {
            refuse: true,
            ..Counting::default()
        };
        let mut tab = TabOutbox::new("desk", "cccc");
        let mut o = Outbox::default();
        o.push(wire(1));
        tab.persist(&mut kv, &mut o, 10);
        let writes = kv.writes;
        tab.before_send(&mut kv, &mut o, 20);
        assert!(kv.writes > writes, "a refused write is tried again");
    }

    #[test]
    fn clearing_removes_this_tabs_storage() {
        let mut kv = Memory::default();
        let mut tab = TabOutbox::new("desk", "dddd");
        let mut o = Outbox::default();
        o.push(wire(1));
        tab.persist(&mut kv, &mut o, 0);
        tab.clear(&mut kv);
        assert!(kv.keys().is_empty());
    }
}
