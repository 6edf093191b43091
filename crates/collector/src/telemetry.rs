//! The service's counters and their Prometheus text form (`GET /metrics`): requests by route
//! template and status, summaries by outcome, tripwire refusals by field, rate-limited
//! requests. No label carries an identifier: routes are the router's templates, fields are
//! paths of the data dictionary (anything else is `(other)`), and there is no app, key,
//! person or address label.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use activity_capture_core::wire::DICTIONARY;

use crate::ingest::{Status, SummaryResult};

/// The counters of one collector instance.
#[derive(Debug, Default)]
pub struct Counters {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    stored: AtomicU64,
    duplicate: AtomicU64,
    refused: AtomicU64,
    tripwire: Mutex<BTreeMap<String, u64>>,
    rate_limited: AtomicU64,
}

/// The label of a refused field: its dictionary path (indexes dropped), or `(other)`.
pub fn field_label(field: &str) -> String {
    let mut path = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_index = true;
                path.push_str("[]");
            }
            ']' => in_index = false,
            c if !in_index => path.push(c),
            _ => {}
        }
    }
    if DICTIONARY.iter().any(|d| d.path == path) {
        path
    } else {
        "(other)".into()
    }
}

impl Counters {
    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((route.to_owned(), status)).or_insert(0) += 1;
    }

    /// Counts the per-summary answers of one ingest request.
    pub fn summaries(&self, results: &[SummaryResult]) {
        for r in results {
            let counter = match r.status {
                Status::Stored => &self.stored,
                Status::Duplicate => &self.duplicate,
                Status::Refused => &self.refused,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            let tripwire = r
                .error
                .as_deref()
                .is_some_and(|e| e.contains("personal data"));
            if tripwire {
                let field = field_label(r.field.as_deref().unwrap_or(""));
                let mut by_field = self.tripwire.lock().unwrap_or_else(|e| e.into_inner());
                *by_field.entry(field).or_insert(0) += 1;
            }
        }
    }

    /// Counts a request refused by the rate limit.
    pub fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP activity_capture_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE activity_capture_requests_total counter\n");
        for ((route, status), n) in requests.iter() {
            let _ = writeln!(
                out,
                "activity_capture_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        drop(requests);
        out.push_str("# HELP activity_capture_summaries_total Summaries received, by outcome.\n");
        out.push_str("# TYPE activity_capture_summaries_total counter\n");
        for (outcome, counter) in [
            ("stored", &self.stored),
            ("duplicate", &self.duplicate),
            ("refused", &self.refused),
        ] {
            let _ = writeln!(
                out,
                "activity_capture_summaries_total{{outcome=\"{outcome}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP activity_capture_tripwire_refusals_total Summaries refused for looking like personal data, by field.\n");
        out.push_str("# TYPE activity_capture_tripwire_refusals_total counter\n");
        let tripwire = self.tripwire.lock().unwrap_or_else(|e| e.into_inner());
        for (field, n) in tripwire.iter() {
            let _ = writeln!(
                out,
                "activity_capture_tripwire_refusals_total{{field=\"{}\"}} {n}",
                escape(field)
            );
        }
        drop(tripwire);
        out.push_str("# HELP activity_capture_rate_limited_total Ingest requests refused by the per-key rate limit.\n");
        out.push_str("# TYPE activity_capture_rate_limited_total counter\n");
        let _ = writeln!(
            out,
            "activity_capture_rate_limited_total {}",
            self.rate_limited.load(Ordering::Relaxed)
        );
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::field_label;

    #[test]
    fn field_labels_are_dictionary_paths_or_other() {
        for (field, label) in [
            ("data.targets[3].label", "data.targets[].label"),
            ("route", "route"),
            ("data.keys.character", "data.keys.character"),
            ("keys", "(other)"),
            ("(unprintable)", "(other)"),
            ("", "(other)"),
        ] {
            assert_eq!(field_label(field), label, "{field}");
        }
    }
}
