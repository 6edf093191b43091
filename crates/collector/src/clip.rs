//! Contribution bounds: each person's contribution to one cell (app × UTC day × route ×
//! purpose) is clipped per metric, so one heavy contributor (or one forged pseudonym sending
//! many summaries) cannot dominate a published cell.
//!
//! The caps are per person, per cell, per day, derived from what windows can hold: a working
//! day of [`WINDOWS_PER_DAY`] default 15-minute windows (8 hours), each holding at most the
//! per-window bound below (a high but human rate, or the window's own length for durations).
//!
//! | metric | per window | per person, cell and day |
//! |---|---|---|
//! | `summaries`, `dropped` | 1 | 32 |
//! | `data.active_s`, `data.visible_s` | 900 s (the window) | 28,800 s |
//! | `data.scroll_depth` | 100 % | 3,200 |
//! | `data.clicks`, `data.submits`, `data.focus_changes`, `data.copies`, `data.cuts`, `data.pastes`, `targets.*.clicks` | 240 (one every ~4 s) | 7,680 |
//! | `data.keys.*`, `data.inputs.*`, `data.private` (both purposes share the name: the typing bound) | 1,800 (two a second) | 57,600 |
//! | `data.distance_px` | 100,000 px | 3,200,000 |
//! | `data.page_views`, `data.route_changes`, `data.hides` | 60 | 1,920 |
//!
//! A person's daily pseudonym is what "person" means here: the collector cannot link one
//! person's pseudonyms across days or apps, and a forger can mint many pseudonyms (see
//! PRIVACY.md for what that attack can and cannot do).

use crate::metrics::SUMMARIES;
use crate::storage::{CellTotals, MetricTotal};

/// Windows a person is assumed to be able to fill in one cell in one day.
pub const WINDOWS_PER_DAY: u64 = 32;

/// What one window can hold of `metric`.
pub fn per_window(metric: &str) -> u64 {
    match metric {
        SUMMARIES | "dropped" => 1,
        "data.active_s" | "data.visible_s" => 900,
        "data.scroll_depth" => 100,
        "data.distance_px" => 100_000,
        "data.page_views" | "data.route_changes" | "data.hides" => 60,
        m if m.starts_with("data.keys.") || m.starts_with("data.inputs.") => 1_800,
        // `data.private` is shared by interaction and typing; the typing bound is the larger.
        "data.private" => 1_800,
        _ => 240,
    }
}

/// The most one person contributes to `metric` of one cell in one day.
pub fn cap(metric: &str) -> u64 {
    per_window(metric) * WINDOWS_PER_DAY
}

/// One person's sum of one metric in one cell (the store groups by person and hands these
/// over without the pseudonym).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonSum {
    /// The route template.
    pub route: String,
    /// The metric.
    pub metric: String,
    /// The person's sum, before clipping.
    pub value: u64,
}

/// The cells of one (app, day, purpose) from per-person sums ordered by route then metric:
/// each sum is clipped to [`cap`], and each metric's distinct people are the sums counted.
pub fn cells(sums: impl IntoIterator<Item = PersonSum>) -> Vec<CellTotals> {
    let mut cells: Vec<CellTotals> = Vec::new();
    for s in sums {
        if cells.last().is_none_or(|c| c.route != s.route) {
            cells.push(CellTotals {
                route: s.route.clone(),
                people: 0,
                metrics: Vec::new(),
            });
        }
        let cell = cells.last_mut().expect("a cell was just pushed");
        let clipped = s.value.min(cap(&s.metric));
        match cell.metrics.last_mut() {
            Some(m) if m.name == s.metric => {
                m.total += clipped;
                m.people += 1;
            }
            _ => cell.metrics.push(MetricTotal {
                name: s.metric,
                total: clipped,
                people: 1,
            }),
        }
    }
    for cell in &mut cells {
        cell.people = cell
            .metrics
            .iter()
            .find(|m| m.name == SUMMARIES)
            .map_or(0, |m| m.people);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(route: &str, metric: &str, value: u64) -> PersonSum {
        PersonSum {
            route: route.into(),
            metric: metric.into(),
            value,
        }
    }

    #[test]
    fn each_person_is_clipped_to_the_cap_of_the_metric() {
        assert_eq!(cap("summaries"), 32);
        assert_eq!(cap("data.active_s"), 28_800);
        assert_eq!(cap("data.keys.character"), 57_600);
        assert_eq!(cap("targets.Assign ticket.clicks"), 7_680);
        let cells = cells([
            sum("/a", "data.clicks", 10),
            sum("/a", "data.clicks", 1_000_000),
            sum("/a", "summaries", 1),
            sum("/a", "summaries", 500),
            sum("/b", "summaries", 2),
        ]);
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].people, 2);
        assert_eq!(cells[0].metrics[0].total, 10 + 7_680);
        assert_eq!(cells[0].metrics[1].total, 1 + 32);
        assert_eq!((cells[1].people, cells[1].metrics[0].total), (1, 2));
    }
}
