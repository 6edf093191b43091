//! The audit log: every read (aggregates, a person's own export, the audit log itself) and
//! every deletion (a person's forget, a fold, the expiry of aggregates) is appended as one row
//! of a hash chain. Deletions append their row in the deletion's own transaction (see
//! `Store::forget_own_rows`), so none can happen unaudited.
//!
//! Each row's hash is `SHA-256(previous row's hash ‖ canonical row)`, the first row's previous
//! hash being 32 zero bytes; the canonical row is the JSON array
//! `[seq, at_hour, kind, actor, app, query, returned, suppressed, deleted]`. Changing, removing
//! or reordering a row breaks every later link. Rewriting the whole table with fresh hashes is
//! caught by the chain head written outside the database: each append also adds a line
//! `<seq> <hash>` to the head file (see `Config::audit_head`) and logs it under
//! [`TARGET`]. Stores serialise appends (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory
//! lock), so the chain stays linear with several collectors on one database.
//!
//! Nothing in a row describes a person: readers and auditors are named, a person's own
//! export or forget is recorded as `self` with counts only.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use activity_capture_core::digest::{hex, parse_hex, Sha256};
use serde::Serialize;

use crate::storage::{Store, StoreError};

/// The tracing target of the chain-head lines.
pub const TARGET: &str = "activity_capture_collector::audit";

/// The hash before the first row.
pub const GENESIS: [u8; 32] = [0; 32];

/// What kind of event a row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    /// A reader read an aggregate grid query.
    AggregateRead,
    /// A person read their own rows.
    OwnExport,
    /// An auditor read the audit log.
    AuditRead,
    /// A person deleted their own rows.
    Forget,
    /// Per-person rows were folded into aggregates and deleted.
    Fold,
    /// An app's aggregate cells older than its aggregate retention were deleted.
    AggregateExpiry,
}

impl AuditKind {
    /// The name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::AggregateRead => "aggregate-read",
            AuditKind::OwnExport => "own-export",
            AuditKind::AuditRead => "audit-read",
            AuditKind::Forget => "forget",
            AuditKind::Fold => "fold",
            AuditKind::AggregateExpiry => "aggregate-expiry",
        }
    }
}

/// An event to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (Unix seconds; stored truncated to the hour).
    pub at: u64,
    /// What happened.
    pub kind: AuditKind,
    /// Who: `reader:<name>`, `auditor:<name>`, `self` (a person, never identified) or
    /// `admin` (the command line or the service's own fold).
    pub actor: String,
    /// The app concerned (empty for a fold, which covers every app).
    pub app: String,
    /// The query on the fixed grid, e.g. `day=2026-11-27&purpose=interaction`.
    pub query: String,
    /// Cells, rows or log entries returned.
    pub returned: u64,
    /// Cells withheld (fewer than k people).
    pub suppressed: u64,
    /// Rows deleted.
    pub deleted: u64,
}

/// A stored row of the chain, as read back (every field as stored, so verification sees
/// exactly what is in the database).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// Unix seconds, truncated to the hour.
    pub at_hour: u64,
    /// [`AuditKind::as_str`].
    pub kind: String,
    /// [`AuditEntry::actor`].
    pub actor: String,
    /// [`AuditEntry::app`].
    pub app: String,
    /// [`AuditEntry::query`].
    pub query: String,
    /// [`AuditEntry::returned`].
    pub returned: u64,
    /// [`AuditEntry::suppressed`].
    pub suppressed: u64,
    /// [`AuditEntry::deleted`].
    pub deleted: u64,
    /// The stored link hash (64 hex digits).
    pub hash: String,
}

impl AuditRecord {
    /// The record `entry` becomes at position `seq` after `previous`, with its hash.
    pub fn link(seq: u64, entry: &AuditEntry, previous: &[u8; 32]) -> AuditRecord {
        let mut record = AuditRecord {
            seq,
            at_hour: entry.at - entry.at % 3600,
            kind: entry.kind.as_str().to_owned(),
            actor: entry.actor.clone(),
            app: entry.app.clone(),
            query: entry.query.clone(),
            returned: entry.returned,
            suppressed: entry.suppressed,
            deleted: entry.deleted,
            hash: String::new(),
        };
        record.hash = hex(&record.chain_hash(previous));
        record
    }

    /// The canonical form the hash covers.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            self.seq,
            self.at_hour,
            self.kind,
            self.actor,
            self.app,
            self.query,
            self.returned,
            self.suppressed,
            self.deleted
        ])
        .to_string()
    }

    /// `SHA-256(previous ‖ canonical)`.
    pub fn chain_hash(&self, previous: &[u8; 32]) -> [u8; 32] {
        let mut h = Sha256::default();
        h.update(previous);
        h.update(self.canonical().as_bytes());
        h.finish()
    }

    /// The stored hash as bytes (all zeros if it is not 64 hex digits, which never links).
    pub fn hash_bytes(&self) -> [u8; 32] {
        parse_hex::<32>(&self.hash).unwrap_or(GENESIS)
    }
}

/// The file the chain head is appended to, one `<seq> <hash>` line per append.
#[derive(Clone, Debug)]
pub struct HeadFile {
    path: PathBuf,
}

impl HeadFile {
    /// The head file at `path` (created on first append, readable by its owner only).
    pub fn new(path: impl Into<PathBuf>) -> HeadFile {
        HeadFile { path: path.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `record`'s position and hash.
    pub fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path)?;
        file.write_all(format!("{} {}\n", record.seq, record.hash).as_bytes())?;
        file.sync_data()
    }

    /// The (seq, hash) pairs written so far; an absent file has none.
    pub fn read(&self) -> Result<Vec<(u64, String)>, ChainBreak> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(ChainBreak {
                    seq: 0,
                    problem: format!("cannot read the head file {}: {e}", self.path.display()),
                })
            }
        };
        text.lines()
            .enumerate()
            .map(|(n, line)| {
                let parsed = line.split_once(' ').and_then(|(seq, hash)| {
                    let ok = hash.len() == 64 && parse_hex::<32>(hash).is_some();
                    Some((seq.parse().ok()?, hash.to_owned())).filter(|_| ok)
                });
                parsed.ok_or_else(|| ChainBreak {
                    seq: 0,
                    problem: format!("head file line {} is not `<seq> <hash>`", n + 1),
                })
            })
            .collect()
    }
}

/// Appends `entry` to the chain in `store`, then writes the new head to `head` (if any) and to
/// the log. A failure to write the head file is an error: the event must not go unrecorded
/// outside the database.
pub fn append(
    store: &dyn Store,
    head: Option<&HeadFile>,
    entry: &AuditEntry,
) -> Result<AuditRecord, StoreError> {
    let record = store.append_audit(entry)?;
    record_head(head, &record)?;
    Ok(record)
}

/// Writes the chain head `record` (just committed, by [`append`] or by a store's deletion) to
/// `head` (if any) and to the log. A failure to write the head file is an error.
pub fn record_head(head: Option<&HeadFile>, record: &AuditRecord) -> Result<(), StoreError> {
    tracing::info!(target: TARGET, seq = record.seq, head = %record.hash, "audit chain head");
    if let Some(head) = head {
        head.append(record).map_err(StoreError::Io)?;
    }
    Ok(())
}

/// The first broken link of a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first row that does not verify (0 when the problem is not one row's).
    pub seq: u64,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seq == 0 {
            f.write_str(&self.problem)
        } else {
            write!(f, "row {}: {}", self.seq, self.problem)
        }
    }
}

impl std::error::Error for ChainBreak {}

/// What a successful verification saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// Rows in the chain.
    pub rows: u64,
    /// The head hash (zeros for an empty chain).
    pub head: String,
    /// Head-file lines checked against the table.
    pub head_lines: u64,
}

/// Verifies `records` (all of them, in order) as a chain from the genesis hash, then checks
/// every `(seq, hash)` of the external head against it: a row the table lacks, or a different
/// hash, means the table was rewritten or truncated.
pub fn verify(records: &[AuditRecord], head: &[(u64, String)]) -> Result<Verified, ChainBreak> {
    let mut previous = GENESIS;
    for (n, r) in records.iter().enumerate() {
        let expected_seq = n as u64 + 1;
        if r.seq != expected_seq {
            return Err(ChainBreak {
                seq: expected_seq,
                problem: format!("missing (the next stored row is {})", r.seq),
            });
        }
        if r.chain_hash(&previous) != r.hash_bytes() {
            return Err(ChainBreak {
                seq: r.seq,
                problem: "its hash does not match its contents and the previous row's hash".into(),
            });
        }
        previous = r.hash_bytes();
    }
    for (seq, hash) in head {
        let stored = usize::try_from(*seq)
            .ok()
            .and_then(|s| s.checked_sub(1))
            .and_then(|i| records.get(i));
        match stored {
            None => {
                return Err(ChainBreak {
                    seq: *seq,
                    problem: format!(
                        "named by the head file but absent from the table ({} rows): the table was truncated or rewritten",
                        records.len()
                    ),
                })
            }
            Some(r) if r.hash != *hash => {
                return Err(ChainBreak {
                    seq: *seq,
                    problem: "its hash differs from the one the head file recorded: the table was rewritten".into(),
                })
            }
            Some(_) => {}
        }
    }
    Ok(Verified {
        rows: records.len() as u64,
        head: hex(&previous),
        head_lines: head.len() as u64,
    })
}

/// Verifies the chain in `store` against the head file, if any.
pub fn verify_store(store: &dyn Store, head: Option<&HeadFile>) -> Result<Verified, VerifyError> {
    let records = store.audit_records(0, u64::MAX)?;
    let lines = match head {
        Some(h) => h.read()?,
        None => Vec::new(),
    };
    Ok(verify(&records, &lines)?)
}

/// Why `verify-audit` failed.
#[derive(Debug)]
pub enum VerifyError {
    /// The log could not be read.
    Store(StoreError),
    /// The chain is broken.
    Broken(ChainBreak),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Store(e) => write!(f, "{e}"),
            VerifyError::Broken(b) => write!(f, "audit chain broken at {b}"),
        }
    }
}

impl std::error::Error for VerifyError {}

impl From<StoreError> for VerifyError {
    fn from(e: StoreError) -> VerifyError {
        VerifyError::Store(e)
    }
}

impl From<ChainBreak> for VerifyError {
    fn from(b: ChainBreak) -> VerifyError {
        VerifyError::Broken(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u64) -> AuditEntry {
        AuditEntry {
            at: 1_795_774_953 + n,
            kind: AuditKind::AggregateRead,
            actor: "reader:ops".into(),
            app: "ticket-desk".into(),
            query: "day=2026-11-27&purpose=interaction".into(),
            returned: n,
            suppressed: 1,
            deleted: 0,
        }
    }

    fn chain(n: u64) -> Vec<AuditRecord> {
        let mut previous = GENESIS;
        (1..=n)
            .map(|seq| {
                let r = AuditRecord::link(seq, &entry(seq), &previous);
                previous = r.hash_bytes();
                r
            })
            .collect()
    }

    fn check(records: &[AuditRecord], head: &[(u64, String)], expected: Result<u64, u64>) {
        let got = verify(records, head).map(|v| v.rows).map_err(|b| b.seq);
        assert_eq!(got, expected, "{:?}", verify(records, head));
    }

    #[test]
    fn tampering_is_found_at_the_first_broken_link() {
        let good = chain(4);
        let head: Vec<(u64, String)> = good.iter().map(|r| (r.seq, r.hash.clone())).collect();
        check(&good, &head, Ok(4));
        check(&[], &[], Ok(0));
        let mut changed = good.clone();
        changed[1].returned = 99;
        check(&changed, &[], Err(2));
        let mut removed = good.clone();
        removed.remove(2);
        check(&removed, &[], Err(3));
        let mut swapped = good.clone();
        swapped.swap(1, 2);
        check(&swapped, &[], Err(2));
        // A rewritten chain is internally valid but contradicts the head file.
        let mut rewritten = chain(3);
        let mut previous = rewritten[1].hash_bytes();
        rewritten[2].returned = 99;
        rewritten[2] = AuditRecord::link(3, &entry(99), &previous);
        previous = rewritten[2].hash_bytes();
        let _ = previous;
        check(&rewritten, &[], Ok(3));
        check(&rewritten, &head, Err(3));
        // Truncation: the head file names a row the table lacks.
        check(&good[..2], &head, Err(3));
        // The time is stored to the hour only.
        assert_eq!(good[0].at_hour % 3600, 0);
    }
}
