//! Retention and publication: which days' per-person rows are kept, which are accepted, when a
//! day's aggregates are published, how long each app's aggregates are kept, and the fold that
//! applies all of it.
//!
//! A UTC day is *published* (readable) only once it is closed: after its end plus
//! `publish_grace_hours` for late summaries. Its cells are computed at the first read (or the
//! fold) and frozen: later summaries for that day are refused per summary, so two reads of a
//! day always give the same answer and no difference of answers isolates a late arrival.

use std::ops::RangeInclusive;

use activity_capture_core::window::DAY_SECONDS;

use crate::audit::{self, AuditEntry, AuditKind, HeadFile};
use crate::calendar::date_of;
use crate::config::Config;
use crate::storage::{FoldReport, Store, StoreError};

/// The oldest UTC day whose per-person rows are kept on `today`: rows of earlier days are folded.
pub fn oldest_kept_day(today: u64, retention_days: u32) -> u64 {
    today.saturating_sub(u64::from(retention_days))
}

/// The UTC days whose summaries the collector accepts on `today`: the kept days, and tomorrow
/// (a device clock slightly ahead of ours, or a window starting just after midnight).
pub fn accepted_days(today: u64, retention_days: u32) -> RangeInclusive<u64> {
    oldest_kept_day(today, retention_days)..=today + 1
}

/// The first instant (Unix seconds) at which `day` is published: its end plus the grace.
pub fn published_from(day: u64, grace_hours: u32) -> u64 {
    (day + 1) * DAY_SECONDS + u64::from(grace_hours) * 3600
}

/// The newest day published at `now`, if any.
pub fn newest_published_day(now: u64, grace_hours: u32) -> Option<u64> {
    (now.checked_sub(u64::from(grace_hours) * 3600)? / DAY_SECONDS).checked_sub(1)
}

/// The oldest UTC day whose aggregates an app keeping them `aggregate_retention_days` keeps on
/// `today`: earlier ones are deleted by the fold.
pub fn oldest_aggregate_day(today: u64, aggregate_retention_days: u32) -> u64 {
    today.saturating_sub(u64::from(aggregate_retention_days))
}

/// Folds every per-person row older than the retention period into aggregates, then deletes
/// each app's aggregates older than its aggregate retention. Each deletion is appended to the
/// audit log (actor `admin`) in the deletion's own transaction; the chain head is then written
/// outside the database.
pub fn fold(store: &dyn Store, config: &Config, today: u64) -> Result<FoldReport, StoreError> {
    let head = config.audit_head.as_ref().map(HeadFile::new);
    let at = today * DAY_SECONDS;
    let (mut report, record) =
        store.fold_days_before(oldest_kept_day(today, config.retention_days), &|r| {
            (r.rows_folded > 0).then(|| AuditEntry {
                at,
                kind: AuditKind::Fold,
                actor: "admin".into(),
                app: String::new(),
                query: format!("before={}", date_of(r.folded_before)),
                returned: 0,
                suppressed: 0,
                deleted: r.rows_folded,
            })
        })?;
    if let Some(record) = record {
        audit::record_head(head.as_ref(), &record)?;
    }
    for app in &config.apps {
        let before = oldest_aggregate_day(today, app.aggregate_retention_days);
        let (deleted, record) =
            store.delete_aggregates_before(app.name.as_str(), before, &|n| {
                (n > 0).then(|| AuditEntry {
                    at,
                    kind: AuditKind::AggregateExpiry,
                    actor: "admin".into(),
                    app: app.name.as_str().to_owned(),
                    query: format!("before={}", date_of(before)),
                    returned: 0,
                    suppressed: 0,
                    deleted: n,
                })
            })?;
        report.aggregate_cells_deleted += deleted;
        if let Some(record) = record {
            audit::record_head(head.as_ref(), &record)?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_keeps_today_and_the_last_n_days() {
        assert_eq!(oldest_kept_day(100, 7), 93);
        assert_eq!(accepted_days(100, 7), 93..=101);
        assert_eq!(oldest_kept_day(3, 7), 0);
        assert_eq!(oldest_aggregate_day(1000, 400), 600);
    }

    #[test]
    fn a_day_is_published_after_its_end_plus_the_grace() {
        let day = 20_784;
        assert_eq!(published_from(day, 6), (day + 1) * DAY_SECONDS + 6 * 3600);
        let first = published_from(day, 6);
        assert_eq!(newest_published_day(first, 6), Some(day));
        assert_eq!(newest_published_day(first - 1, 6), Some(day - 1));
        assert_eq!(newest_published_day(first, 0), Some(day));
        assert_eq!(newest_published_day(3600, 6), None);
    }
}
