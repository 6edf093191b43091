//! Storage: the narrow interface the HTTP layer uses, so that no SQL lives in handlers, with a
//! SQLite store (embedded default) and a PostgreSQL store (several collectors, one database).
//!
//! Two kinds of data are kept:
//! - per-person rows, keyed by summary id, carrying the daily pseudonym. They exist for
//!   de-duplication and for the person's own access, and only for the retention period;
//! - aggregate cells (app × day × route × purpose × metric → sum, distinct people), with no
//!   identifiers. [`Store::fold_days_before`] turns the first kind into the second.

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

/// Cells from folded aggregate rows `(route, metric, total, people)` ordered by route: the
/// totals were clipped when they were folded.
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
    /// one of `purposes`; returns how many.
    fn forget_own_rows(
        &self,
        app: &str,
        subjects: &[(u64, SubjectId)],
        purposes: &[Purpose],
    ) -> Result<u64, StoreError>;

    /// The cells of (`app`, `day`, `purpose`), ordered by route: from aggregates if the day is
    /// folded, else computed from the per-person rows (never both). Either way each person's
    /// contribution is clipped by `clip::cells`.
    fn cells(&self, app: &str, day: u64, purpose: Purpose) -> Result<Vec<CellTotals>, StoreError>;

    /// Folds every per-person row of a day before `day` into aggregate cells (clipped per
    /// person, by `clip::cells`) and deletes those rows, in one transaction, then makes sure the deleted bytes do not linger in the files.
    fn fold_days_before(&self, day: u64) -> Result<FoldReport, StoreError>;

    /// Appends `entry` to the hash-chained audit log, serialised against concurrent appends
    /// (from this or another collector on the same database), and returns the stored row.
    /// Callers use [`crate::audit::append`], which also writes the head outside the database.
    fn append_audit(&self, entry: &AuditEntry) -> Result<AuditRecord, StoreError>;

    /// At most `limit` audit rows with `seq > after`, ascending.
    fn audit_records(&self, after: u64, limit: u64) -> Result<Vec<AuditRecord>, StoreError>;

    /// Row counts.
    fn counts(&self) -> Result<StoreCounts, StoreError>;
}
