//! Storage: the narrow interface the HTTP layer uses, so that no SQL lives in handlers and a
//! PostgreSQL store can be added beside the SQLite one.
//!
//! Two kinds of data are kept:
//! - per-person rows, keyed by summary id, carrying the daily pseudonym. They exist for
//!   de-duplication and for the person's own access, and only for the retention period;
//! - aggregate cells (app × day × route × purpose × metric → sum, distinct people), with no
//!   identifiers. [`Store::fold_days_before`] turns the first kind into the second.

mod sqlite;

pub use sqlite::{SqliteStore, MEMORY};

use std::fmt;

use activity_capture_core::id::SubjectId;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;

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

/// The totals of one cell (app × day × route × purpose), before k-suppression.
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

/// One read, as the audit log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadAudit {
    /// When (Unix seconds; stored truncated to the hour).
    pub at: u64,
    /// The reader's name, or `self` for a person's own export.
    pub reader: String,
    /// The app read.
    pub app: String,
    /// The day read, for aggregate reads.
    pub day: Option<u64>,
    /// The purpose read, for aggregate reads.
    pub purpose: Option<Purpose>,
    /// Cells (or own rows) returned.
    pub published: u64,
    /// Cells withheld for having fewer than k people.
    pub suppressed: u64,
}

/// A storage failure. Its text goes to the log only, never to an HTTP client.
#[derive(Debug)]
pub enum StoreError {
    /// The database reported an error.
    Database(rusqlite::Error),
    /// A file could not be prepared.
    Io(std::io::Error),
    /// The stored data is not what this code wrote.
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "database error: {e}"),
            StoreError::Io(e) => write!(f, "file error: {e}"),
            StoreError::Corrupt(what) => write!(f, "unexpected stored data: {what}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(e) => Some(e),
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
    /// folded, else computed from the per-person rows (never both).
    fn cells(&self, app: &str, day: u64, purpose: Purpose) -> Result<Vec<CellTotals>, StoreError>;

    /// Folds every per-person row of a day before `day` into aggregate cells and deletes those
    /// rows, in one transaction, then makes sure the deleted bytes do not linger in the files.
    fn fold_days_before(&self, day: u64) -> Result<FoldReport, StoreError>;

    /// Appends a read to the audit log.
    fn record_read(&self, entry: &ReadAudit) -> Result<(), StoreError>;

    /// Row counts.
    fn counts(&self) -> Result<StoreCounts, StoreError>;
}
