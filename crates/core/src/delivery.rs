//! The delivery policy: when to send which summaries, and what each answer means for the
//! outbox. Pure: the clock and randomness come in as parameters and the shell performs the
//! request, so every rule (backoff with full jitter, `Retry-After`, pausing on 401/403, splitting
//! on 413, offline) is tested natively with a fake clock.

use crate::outbox::{wire_id, Outbox, MAX_BATCH_BYTES};
use crate::wire::encode_batch;

/// First retry delay bound.
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// Largest retry delay.
pub const BACKOFF_CAP_MS: u64 = 5 * 60_000;
/// Longest `Retry-After` honoured.
pub const RETRY_AFTER_CAP_MS: u64 = 60 * 60_000;

/// What the collector said about one summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ack {
    /// Stored now.
    Stored,
    /// Stored before (a retry): done.
    Duplicate,
    /// Refused (the reason went to the debug console): dropped and counted, never retried.
    Refused,
}

impl Ack {
    /// Parses the collector's `status` word.
    pub fn parse(s: &str) -> Option<Ack> {
        match s {
            "stored" => Some(Ack::Stored),
            "duplicate" => Some(Ack::Duplicate),
            "refused" => Some(Ack::Refused),
            _ => None,
        }
    }
}

/// How a request ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A 200 with per-summary results.
    Results(Vec<(String, Ack)>),
    /// Any other HTTP status, with its `Retry-After` in seconds if present.
    Status {
        /// The HTTP status.
        code: u16,
        /// `Retry-After`, in seconds.
        retry_after_s: Option<u64>,
    },
    /// No answer: offline, collector down, connection refused.
    Network,
}

/// A request to make: the body and the ids it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The exact request body.
    pub body: String,
    /// Ids of the summaries in it, in order.
    pub ids: Vec<String>,
}

/// What an answer did, for debug messages and host callbacks (counts only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Summaries stored or acknowledged as duplicates.
    pub delivered: usize,
    /// Summaries refused and dropped.
    pub refused: usize,
    /// When the next try may happen, if sending is backing off.
    pub retry_at_ms: Option<u64>,
    /// Sending is paused until the key or origin is fixed (401/403).
    pub blocked: bool,
}

/// The delivery state of one page.
#[derive(Clone, Debug)]
pub struct Delivery {
    attempt: u32,
    not_before_ms: u64,
    blocked: bool,
    online: bool,
    in_flight: bool,
    batch_bytes: usize,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            attempt: 0,
            not_before_ms: 0,
            blocked: false,
            online: true,
            in_flight: false,
            batch_bytes: MAX_BATCH_BYTES,
        }
    }
}

impl Delivery {
    /// The next request to make now, if any: nothing while a request is in flight, while
    /// blocked, offline or backing off, or when the outbox is empty.
    pub fn next(&mut self, outbox: &Outbox, ingest_key: &str, now_ms: u64) -> Option<Request> {
        if self.in_flight || self.blocked || !self.online || now_ms < self.not_before_ms {
            return None;
        }
        let mut batch = outbox.next_batch(ingest_key.len(), self.batch_bytes);
        if batch.is_empty() {
            // A single summary larger than the split budget still goes alone.
            batch = outbox.items().get(..1).unwrap_or_default();
        }
        if batch.is_empty() {
            return None;
        }
        self.in_flight = true;
        Some(Request {
            body: encode_batch(ingest_key, batch.iter().map(String::as_str)),
            ids: batch
                .iter()
                .filter_map(|w| wire_id(w).map(str::to_owned))
                .collect(),
        })
    }

    /// The body the next request would carry, without starting it (for `pending()`).
    pub fn preview(&self, outbox: &Outbox, ingest_key: &str) -> Option<String> {
        let mut batch = outbox.next_batch(ingest_key.len(), self.batch_bytes);
        if batch.is_empty() {
            batch = outbox.items().get(..1).unwrap_or_default();
        }
        (!batch.is_empty()).then(|| encode_batch(ingest_key, batch.iter().map(String::as_str)))
    }

    /// Applies the answer to `request`; `random` is a fresh random number for the jitter.
    pub fn answer(
        &mut self,
        outbox: &mut Outbox,
        request: &Request,
        answer: &Answer,
        now_ms: u64,
        random: u64,
    ) -> Report {
        self.in_flight = false;
        let mut report = Report::default();
        match answer {
            Answer::Results(results) => {
                let done: Vec<&str> = results
                    .iter()
                    .filter(|(id, _)| request.ids.contains(id))
                    .map(|(id, _)| id.as_str())
                    .collect();
                report.delivered = results.iter().filter(|(_, a)| *a != Ack::Refused).count();
                report.refused = results.iter().filter(|(_, a)| *a == Ack::Refused).count();
                outbox.remove_ids(&done);
                self.attempt = 0;
                self.not_before_ms = 0;
                self.batch_bytes = (self.batch_bytes * 2).min(MAX_BATCH_BYTES);
            }
            Answer::Status {
                code: 401 | 403, ..
            } => {
                self.blocked = true;
            }
            Answer::Status { code: 413, .. }
            | Answer::Status {
                code: 400 | 404 | 405 | 415 | 422,
                ..
            } => {
                if request.ids.len() > 1 {
                    // Split: the next tries carry half as much, isolating what the collector refuses.
                    // (A summary larger than the budget still goes alone: see `next`.)
                    self.batch_bytes = request.body.len() / 2;
                } else {
                    // One summary the collector will never take: drop it, counted.
                    let ids: Vec<&str> = request.ids.iter().map(String::as_str).collect();
                    outbox.remove_ids(&ids);
                    outbox.count_dropped(ids.len() as u32);
                    report.refused = ids.len();
                }
            }
            Answer::Status { retry_after_s, .. } => self.back_off(now_ms, random, *retry_after_s),
            Answer::Network => self.back_off(now_ms, random, None),
        }
        report.blocked = self.blocked;
        report.retry_at_ms = (self.not_before_ms > now_ms).then_some(self.not_before_ms);
        report
    }

    /// Capped exponential backoff with full jitter, never sooner than `Retry-After`.
    fn back_off(&mut self, now_ms: u64, random: u64, retry_after_s: Option<u64>) {
        self.attempt = self.attempt.saturating_add(1);
        let ceiling = BACKOFF_BASE_MS
            .saturating_mul(1 << self.attempt.min(20))
            .min(BACKOFF_CAP_MS);
        // Uniform in 0..=ceiling: scale the random number instead of taking a biased remainder.
        let jitter = ((u128::from(random) * u128::from(ceiling + 1)) >> 64) as u64;
        let floor = retry_after_s.map_or(0, |s| s.saturating_mul(1000).min(RETRY_AFTER_CAP_MS));
        self.not_before_ms = now_ms.saturating_add(jitter.max(floor));
    }

    /// The browser went online (`true`) or offline.
    pub fn set_online(&mut self, online: bool) {
        self.online = online;
        if online {
            // Coming back is a good moment to try; the backoff restarts.
            self.not_before_ms = 0;
            self.attempt = 0;
        }
    }

    /// Lifts a 401/403 pause (a new page load, or the host fixed the key or origin).
    pub fn unblock(&mut self) {
        self.blocked = false;
    }

    /// Whether sending is paused by a 401/403.
    pub fn blocked(&self) -> bool {
        self.blocked
    }

    /// Whether a request is in flight.
    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    /// When sending may resume, if it is backing off.
    pub fn retry_at(&self, now_ms: u64) -> Option<u64> {
        (self.not_before_ms > now_ms).then_some(self.not_before_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::Purpose;
    use crate::wire::encode;
    use crate::wire::example::example_summary;

    fn outbox(n: u8) -> Outbox {
        let mut o = Outbox::default();
        for i in 0..n {
            let w = encode(&example_summary(Purpose::Interaction));
            let id = wire_id(&w).unwrap().to_owned();
            o.push(w.replace(&id, &format!("{i:02x}").repeat(16)));
        }
        o
    }

    fn results(request: &Request, ack: Ack) -> Answer {
        Answer::Results(request.ids.iter().map(|id| (id.clone(), ack)).collect())
    }

    #[test]
    fn one_request_at_a_time_and_acknowledged_summaries_leave() {
        let mut o = outbox(3);
        let mut d = Delivery::default();
        let preview = d.preview(&o, "k").unwrap();
        let r = d.next(&o, "k", 0).unwrap();
        assert_eq!(r.body, preview, "the preview is the next request's body");
        assert_eq!(r.ids.len(), 3);
        assert!(r.body.starts_with(r#"{"key":"k","summaries":["#));
        assert_eq!(d.next(&o, "k", 0), None, "one in flight");
        let answer = Answer::Results(vec![
            (r.ids[0].clone(), Ack::Stored),
            (r.ids[1].clone(), Ack::Duplicate),
            (r.ids[2].clone(), Ack::Refused),
        ]);
        let report = d.answer(&mut o, &r, &answer, 0, 0);
        assert_eq!((report.delivered, report.refused), (2, 1));
        assert!(o.is_empty());
        assert_eq!(d.next(&o, "k", 0), None, "nothing left");
    }

    #[test]
    fn failures_back_off_exponentially_with_full_jitter_and_keep_everything() {
        let mut o = outbox(2);
        let mut d = Delivery::default();
        let mut now = 0;
        let mut ceilings = Vec::new();
        for _ in 0..12 {
            let r = d.next(&o, "k", now).expect("ready after the backoff");
            // The largest random number shows the ceiling of the jitter window.
            let report = d.answer(&mut o, &r, &Answer::Network, now, u64::MAX - 1);
            let wait = report.retry_at_ms.unwrap() - now;
            ceilings.push(wait);
            assert_eq!(
                d.next(&o, "k", now + wait - 1),
                None,
                "not before the backoff ends"
            );
            now += wait;
        }
        assert!(ceilings.windows(2).all(|w| w[1] >= w[0]), "{ceilings:?}");
        assert!(*ceilings.last().unwrap() <= BACKOFF_CAP_MS);
        assert_eq!(o.items().len(), 2, "nothing lost while failing");
        // Full jitter: a small random number retries soon.
        let r = d.next(&o, "k", now).unwrap();
        let report = d.answer(
            &mut o,
            &r,
            &Answer::Status {
                code: 503,
                retry_after_s: None,
            },
            now,
            0,
        );
        assert_eq!(report.retry_at_ms, None, "a zero draw retries at once");
        // Success resets the backoff.
        let r = d.next(&o, "k", now).unwrap();
        d.answer(&mut o, &r, &results(&r, Ack::Stored), now, 0);
        assert!(o.is_empty());
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let mut o = outbox(1);
        let mut d = Delivery::default();
        let r = d.next(&o, "k", 1000).unwrap();
        let report = d.answer(
            &mut o,
            &r,
            &Answer::Status {
                code: 429,
                retry_after_s: Some(120),
            },
            1000,
            0,
        );
        assert_eq!(report.retry_at_ms, Some(1000 + 120_000));
        let r = d.next(&o, "k", 121_000).unwrap();
        let report = d.answer(
            &mut o,
            &r,
            &Answer::Status {
                code: 503,
                retry_after_s: Some(999_999),
            },
            121_000,
            0,
        );
        assert_eq!(report.retry_at_ms, Some(121_000 + RETRY_AFTER_CAP_MS));
    }

    #[test]
    fn auth_failures_pause_sending_and_keep_everything_until_unblocked() {
        let mut o = outbox(2);
        let mut d = Delivery::default();
        for code in [401, 403] {
            let r = d.next(&o, "k", 0).unwrap();
            let report = d.answer(
                &mut o,
                &r,
                &Answer::Status {
                    code,
                    retry_after_s: None,
                },
                0,
                0,
            );
            assert!(report.blocked && d.blocked());
            assert_eq!(d.next(&o, "k", u64::MAX / 2), None, "paused, however long");
            assert_eq!(o.items().len(), 2);
            d.unblock();
        }
        assert!(d.next(&o, "k", 0).is_some());
    }

    #[test]
    fn too_large_splits_and_a_single_refused_summary_is_dropped_and_counted() {
        let mut o = outbox(8);
        let mut d = Delivery::default();
        let r = d.next(&o, "k", 0).unwrap();
        assert_eq!(r.ids.len(), 8);
        d.answer(
            &mut o,
            &r,
            &Answer::Status {
                code: 413,
                retry_after_s: None,
            },
            0,
            0,
        );
        let r = d.next(&o, "k", 0).unwrap();
        assert!(r.ids.len() < 8 && !r.ids.is_empty(), "{}", r.ids.len());
        assert_eq!(o.items().len(), 8, "splitting loses nothing");
        // Keep splitting until one summary is alone; if even that is refused, drop it.
        let mut rounds = 0;
        let mut r = r;
        while r.ids.len() > 1 {
            d.answer(
                &mut o,
                &r,
                &Answer::Status {
                    code: 413,
                    retry_after_s: None,
                },
                0,
                0,
            );
            r = d.next(&o, "k", 0).unwrap();
            rounds += 1;
            assert!(rounds < 10);
        }
        let report = d.answer(
            &mut o,
            &r,
            &Answer::Status {
                code: 400,
                retry_after_s: None,
            },
            0,
            0,
        );
        assert_eq!(report.refused, 1);
        assert_eq!(o.items().len(), 7);
        assert_eq!(
            o.dropped(),
            1,
            "the dropped summary is reported in the next one"
        );
    }

    #[test]
    fn offline_pauses_and_online_resumes_at_once() {
        let mut o = outbox(1);
        let mut d = Delivery::default();
        let r = d.next(&o, "k", 0).unwrap();
        d.answer(&mut o, &r, &Answer::Network, 0, u64::MAX - 1);
        d.set_online(false);
        assert_eq!(d.next(&o, "k", u64::MAX / 2), None);
        d.set_online(true);
        assert!(d.next(&o, "k", 1).is_some(), "back online: try now");
    }
}
