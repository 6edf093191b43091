//! Retention: which days' per-person rows are kept, which are accepted, and the fold that turns
//! older ones into aggregates.

use std::ops::RangeInclusive;

use activity_capture_core::window::DAY_SECONDS;

use crate::audit::{self, AuditEntry, AuditKind, HeadFile};
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

/// Folds every per-person row older than the retention period into aggregates; a fold that
/// deleted rows is appended to the audit log (actor `admin`).
pub fn fold(store: &dyn Store, config: &Config, today: u64) -> Result<FoldReport, StoreError> {
    let report = store.fold_days_before(oldest_kept_day(today, config.retention_days))?;
    if report.rows_folded > 0 {
        let head = config.audit_head.as_ref().map(HeadFile::new);
        let entry = AuditEntry {
            at: today * DAY_SECONDS,
            kind: AuditKind::Fold,
            actor: "admin".into(),
            app: String::new(),
            query: format!("before={}", crate::calendar::date_of(report.folded_before)),
            returned: 0,
            suppressed: 0,
            deleted: report.rows_folded,
        };
        audit::append(store, head.as_ref(), &entry)?;
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
    }
}
