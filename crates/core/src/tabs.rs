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
        ok
    }

    /// Marks this tab closed (its page is being unloaded, not kept in the back/forward cache):
    /// the next tab to start adopts its outbox at once.
    pub fn close(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) {
        self.closed = true;
        self.persist(kv, outbox, now_ms);
    }

    /// The page came back (restored from the back/forward cache after all): it is live again.
    pub fn reopen(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) {
        self.closed = false;
        self.persist(kv, outbox, now_ms);
    }

    /// Adopts the outboxes of closed or silent tabs (and of older SDK versions, which used one
    /// key per app) into `outbox`, removing them from storage. Returns how many were adopted.
    pub fn adopt(&mut self, kv: &mut dyn KeyValue, outbox: &mut Outbox, now_ms: u64) -> usize {
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
