//! Storage: the narrow interface the HTTP layer uses, so that no SQL lives in handlers, with a
//! SQLite store (embedded default) and a PostgreSQL store (several collectors, one database).
//!
//! Two kinds of data are kept:
//! - per-person rows, keyed by summary id, carrying the daily pseudonym. They exist for
//!   de-duplication and for the person's own access, and only for the retention period;
//! - aggregate cells (app × day × route × purpose × metric → sum, distinct people), with no
//!   identifiers. An (app, day) is *published* at the first read of any of its cells
//!   ([`Store::cells`]) or when it is folded ([`Store::fold_days_before`]), whichever comes
//!   first: its cells are then computed once from the per-person rows, stored, and never
//!   change again (later summaries for it are refused), so two reads of a day cannot differ by
//!   one person. [`Store::delete_aggregates_before`] applies an app's aggregate retention.
//!
//! Deletions (a person's forget, a fold, aggregate expiry) append their audit row in the same
//! transaction as the deletion, so a crash cannot leave an unaudited deletion behind.

mod postgres;
mod sqlite;

pub use self::postgres::PostgresStore;
pub use sqlite::{SqliteStore, MEMORY};

use std::fmt;

use activity_capture_core::id::SubjectId;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;

use crate::audit::{AuditEntry, AuditRecord};
use crate::clip::{self, PersonSum};
use crate::metrics::SUMMARIES;

/// What happened to one summary handed to [`Store::store_summaries`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
    /// Stored now.
    Stored,
    /// A summary with this id was already stored; nothing changed.
    Duplicate,
    /// Its day has already been folded into aggregates; nothing was stored (storing it now
    /// would count it twice or change a published day).
    DayFolded,
}

/// The totals of one cell (app × day × route × purpose), each person's contribution clipped
/// (see `clip`), before k-suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellTotals {
    /// The route template.
    pub route: String,
    /// Distinct people (daily pseudonyms) with at least one summary in the cell.
    pub people: u64,
    /// Each metric's sum and the distinct people who contributed to it, by name.
    pub metrics: Vec<MetricTotal>,
}

/// One metric of a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricTotal {
    /// The metric's name (see the `metrics` module).
    pub name: String,
    /// The sum over the cell's summaries.
    pub total: u64,
    /// Distinct people who contributed to it.
    pub people: u64,
}

/// What one fold did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FoldReport {
    /// Per-person rows folded and deleted.
    pub rows_folded: u64,
    /// Aggregate cell metrics written.
    pub cells_written: u64,
    /// Every day before this one is now folded.
    pub folded_before: u64,
    /// Aggregate cell metrics deleted by the apps' aggregate retention (set by
    /// `retention::fold`; the store's fold leaves it 0).
    pub aggregate_cells_deleted: u64,
}

/// Row counts, for tests and operators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreCounts {
    /// Per-person rows.
    pub person_rows: u64,
    /// Per-person metric rows.
    pub person_metrics: u64,
    /// Aggregate cell metrics.
    pub aggregate_cells: u64,
    /// Audit log entries.
    pub audit_entries: u64,
}

/// A storage failure. Its text goes to the log only, never to an HTTP client.
#[derive(Debug)]
pub enum StoreError {
    /// The database reported an error.
    Database(rusqlite::Error),
    /// PostgreSQL reported an error (or could not be reached).
    Postgres(::postgres::Error),
    /// A file could not be prepared.
    Io(std::io::Error),
    /// The stored data is not what this code wrote.
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "database error: {e}"),
            StoreError::Postgres(e) => write!(f, "PostgreSQL error: {e}"),
            StoreError::Io(e) => write!(f, "file error: {e}"),
            StoreError::Corrupt(what) => write!(f, "unexpected stored data: {what}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(e) => Some(e),
            StoreError::Postgres(e) => Some(e),
            StoreError::Io(e) => Some(e),
            StoreError::Corrupt(_) => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Database(e)
    }
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> StoreError {
        StoreError::Postgres(e)
    }
}

/// Cells from stored aggregate rows `(route, metric, total, people)` ordered by route: the
/// totals were clipped when they were published.
fn cells_from_folded(rows: Vec<(String, String, u64, u64)>) -> Vec<CellTotals> {
    let mut cells: Vec<CellTotals> = Vec::new();
    for (route, name, total, people) in rows {
        if cells.last().is_none_or(|c| c.route != route) {
            cells.push(CellTotals {
                route,
                people: 0,
                metrics: Vec::new(),
            });
        }
        let cell = cells.last_mut().expect("a cell was just pushed");
        if name == SUMMARIES {
            cell.people = people;
        }
        cell.metrics.push(MetricTotal {
            name,
            total,
            people,
        });
    }
    cells
}

/// Refuses cells without the metric every summary has.
fn check_cells(cells: &[CellTotals]) -> Result<(), StoreError> {
    match cells.iter().find(|c| c.people == 0) {
        Some(c) => Err(StoreError::Corrupt(format!(
            "cell without a `{SUMMARIES}` metric ({} metrics)",
            c.metrics.len()
        ))),
        None => Ok(()),
    }
}

/// Groups per-person sums `(app, day, purpose, sum)`, ordered by app, day, purpose, route and
/// metric, into clipped cells per (app, day, purpose).
fn fold_groups(
    sums: Vec<(String, u64, String, PersonSum)>,
) -> Vec<(String, u64, String, CellTotals)> {
    let mut out = Vec::new();
    let mut group: Option<(String, u64, String)> = None;
    let mut pending: Vec<PersonSum> = Vec::new();
    let mut flush = |group: &Option<(String, u64, String)>, pending: &mut Vec<PersonSum>| {
        if let Some((app, day, purpose)) = group {
            for cell in clip::cells(std::mem::take(pending)) {
                out.push((app.clone(), *day, purpose.clone(), cell));
            }
        }
    };
    for (app, day, purpose, sum) in sums {
        let key = (app, day, purpose);
        if group.as_ref() != Some(&key) {
            flush(&group, &mut pending);
            group = Some(key);
        }
        pending.push(sum);
    }
    flush(&group, &mut pending);
    out
}

/// The storage interface. Implementations are synchronous; the HTTP layer calls them on
/// blocking threads.
pub trait Store: Send + Sync + 'static {
    /// The versions of the applied schema migrations, ascending.
    fn schema_versions(&self) -> Result<Vec<u32>, StoreError>;

    /// Stores already-validated summaries as per-person rows, all in one transaction, and says
    /// per summary (in order) whether it was stored, a duplicate, or for an already folded day.
    fn store_summaries(
        &self,
        summaries: &[Summary],
        received_day: u64,
    ) -> Result<Vec<StoreOutcome>, StoreError>;

    /// The canonical wire JSON of the rows of `app` whose (day, subject) is one of `subjects`,
    /// ordered by window start.
    fn own_rows(&self, app: &str, subjects: &[(u64, SubjectId)])
        -> Result<Vec<String>, StoreError>;

    /// Deletes the rows of `app` whose (day, subject) is one of `subjects` and whose purpose is
    /// one of `purposes`, and appends `audit(deleted)` to the audit chain in the same
    /// transaction; returns how many rows were deleted and the audit row. Published cells are
    /// not changed (they hold no identifiers and never change once published).
    fn forget_own_rows(
        &self,
        app: &str,
        subjects: &[(u64, SubjectId)],
        purposes: &[Purpose],
        audit: &dyn Fn(u64) -> AuditEntry,
    ) -> Result<(u64, AuditRecord), StoreError>;

    /// The published cells of (`app`, `day`, `purpose`), ordered by route. If (`app`, `day`)
    /// is not yet published, it is published now, in one transaction: the cells of every
    /// purpose are computed from the per-person rows (each person's contribution clipped by
    /// `clip::cells`) and stored, and from then on this answer never changes. The caller makes
    /// sure the day is closed (see `retention::published_from`).
    fn cells(&self, app: &str, day: u64, purpose: Purpose) -> Result<Vec<CellTotals>, StoreError>;

    /// Publishes every not yet published (app, day) before `day` from its per-person rows,
    /// deletes every per-person row of a day before `day`, and appends `audit(report)` (if
    /// `Some`) to the audit chain, all in one transaction; then makes sure the deleted bytes do
    /// not linger in the files.
    fn fold_days_before(
        &self,
        day: u64,
        audit: &dyn Fn(&FoldReport) -> Option<AuditEntry>,
    ) -> Result<(FoldReport, Option<AuditRecord>), StoreError>;

    /// Deletes the aggregate cells (and publication marks) of `app`'s days before `day`, and
    /// appends `audit(deleted)` (if `Some`) in the same transaction; returns the cell metrics
    /// deleted and the audit row.
    fn delete_aggregates_before(
        &self,
        app: &str,
        day: u64,
        audit: &dyn Fn(u64) -> Option<AuditEntry>,
    ) -> Result<(u64, Option<AuditRecord>), StoreError>;

    /// Appends `entry` to the hash-chained audit log, serialised against concurrent appends
    /// (from this or another collector on the same database), and returns the stored row.
    /// Callers use [`crate::audit::append`], which also writes the head outside the database.
    fn append_audit(&self, entry: &AuditEntry) -> Result<AuditRecord, StoreError>;

    /// At most `limit` audit rows with `seq > after`, ascending.
    fn audit_records(&self, after: u64, limit: u64) -> Result<Vec<AuditRecord>, StoreError>;

    /// Row counts.
    fn counts(&self) -> Result<StoreCounts, StoreError>;
}
