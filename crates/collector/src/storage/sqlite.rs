//! The SQLite store (the embedded default): WAL journal, `secure_delete`, versioned migrations
//! embedded from numbered SQL files and applied in transactions.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use activity_capture_core::id::SubjectId;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use activity_capture_core::window::utc_day;
use activity_capture_core::wire::{self, SCHEMA_VERSION};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{CellTotals, FoldReport, Store, StoreCounts, StoreError, StoreOutcome};
use crate::audit::{AuditEntry, AuditKind, AuditRecord, GENESIS};
use crate::clip::PersonSum;
use crate::metrics::metric_values;

/// The migrations, in order: (version, name, SQL). Append only; never edit an applied one.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "person_rows_and_cells",
        include_str!("migrations/0001_person_rows_and_cells.sql"),
    ),
    (
        2,
        "read_audit",
        include_str!("migrations/0002_read_audit.sql"),
    ),
    (
        3,
        "audit_chain",
        include_str!("migrations/0003_audit_chain.sql"),
    ),
    (
        4,
        "published_days",
        include_str!("migrations/0004_published_days.sql"),
    ),
];

/// The path that opens a private in-memory database.
pub const MEMORY: &str = ":memory:";

/// A SQLite database behind one connection.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn uint(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, or a private in-memory one for
    /// `":memory:"`, and applies pending migrations.
    pub fn open(path: &str) -> Result<SqliteStore, StoreError> {
        if path != MEMORY {
            create_private_file(Path::new(path)).map_err(StoreError::Io)?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Deleted content is overwritten with zeros, so folded or forgotten rows do not linger.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic elsewhere cannot leave a half-done transaction behind (it rolls back on drop),
        // so a poisoned lock is safe to take over.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Creates the database file readable by its owner only (SQLite gives its `-wal` and `-shm`
/// files the same permissions).
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    )?;
    let newest: Option<i64> =
        conn.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    if let Some(newest) = newest.filter(|v| *v > i64::from(known)) {
        return Err(StoreError::Corrupt(format!(
            "database schema version {newest} is newer than this collector knows ({known})"
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [version],
            |r| r.get(0),
        )?;
        if !applied {
            tx.execute_batch(sql)?;
            if *version == 3 {
                move_legacy_reads(&tx)?;
            }
            tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                params![version, name],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Moves the rows of the unchained `read_audit` table (migration 2) into the chain, oldest
/// first, and drops it.
fn move_legacy_reads(conn: &Connection) -> Result<(), StoreError> {
    let legacy: Vec<AuditEntry> = {
        let mut stmt = conn.prepare(
            "SELECT at_hour, reader, app, day, purpose, published, suppressed FROM read_audit ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let reader: String = r.get(1)?;
            let day: Option<i64> = r.get(3)?;
            let purpose: Option<String> = r.get(4)?;
            let own = reader == "self";
            Ok(AuditEntry {
                at: uint(r.get(0)?),
                kind: if own {
                    AuditKind::OwnExport
                } else {
                    AuditKind::AggregateRead
                },
                actor: if own {
                    reader
                } else {
                    format!("reader:{reader}")
                },
                app: r.get(2)?,
                query: match (day, purpose) {
                    (Some(d), Some(p)) => {
                        format!("day={}&purpose={p}", crate::calendar::date_of(uint(d)))
                    }
                    _ => String::new(),
                },
                returned: uint(r.get(5)?),
                suppressed: uint(r.get(6)?),
                deleted: 0,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for entry in &legacy {
        append_audit_in(conn, entry)?;
    }
    conn.execute_batch("DROP TABLE read_audit")?;
    Ok(())
}

/// Appends to the chain on `conn`, which must be inside an immediate transaction.
fn append_audit_in(conn: &Connection, entry: &AuditEntry) -> Result<AuditRecord, StoreError> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, previous) = match &last {
        Some((seq, hash)) => (uint(*seq) + 1, hash_of(hash)?),
        None => (1, GENESIS),
    };
    let record = AuditRecord::link(seq, entry, &previous);
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at_hour, kind, actor, app, query, returned, suppressed, deleted, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        int(record.seq),
        int(record.at_hour),
        record.kind,
        record.actor,
        record.app,
        record.query,
        int(record.returned),
        int(record.suppressed),
        int(record.deleted),
        record.hash,
    ])?;
    Ok(record)
}

fn hash_of(hex: &str) -> Result<[u8; 32], StoreError> {
    activity_capture_core::digest::parse_hex::<32>(hex)
        .ok_or_else(|| StoreError::Corrupt("an audit hash is not 64 hex digits".into()))
}

fn folded_before(conn: &Connection) -> Result<u64, StoreError> {
    let v: i64 = conn.query_row(
        "SELECT folded_before FROM fold_state WHERE only_row = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(uint(v))
}

/// Whether (`app`, `day`) is published.
fn is_published(conn: &Connection, app: &str, day: u64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM published_days WHERE app = ?1 AND day = ?2)")?
        .query_row(params![app, int(day)], |r| r.get(0))?)
}

/// Publishes, inside the caller's immediate transaction, every not yet published (app, day)
/// with per-person rows of a day before `before` (only `only`, if given): stores its clipped
/// cells and marks it published (`only` is marked even without rows, so an empty answer is
/// frozen too). Returns the cell metrics written.
fn publish_in(
    conn: &Connection,
    before: u64,
    only: Option<(&str, u64)>,
) -> Result<u64, StoreError> {
    let (only_app, only_day) = only.map_or((None, None), |(a, d)| (Some(a), Some(int(d))));
    // One sum per person, route and metric: the pseudonym stays in the database.
    let sums: Vec<(String, u64, String, PersonSum)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT r.app, r.day, r.purpose, r.route, m.metric, SUM(m.value) \
             FROM person_rows r JOIN person_metrics m ON m.id = r.id \
             WHERE r.day < ?1 AND (?2 IS NULL OR (r.app = ?2 AND r.day = ?3)) \
             AND NOT EXISTS (SELECT 1 FROM published_days p WHERE p.app = r.app AND p.day = r.day) \
             GROUP BY r.app, r.day, r.purpose, r.route, m.metric, r.subject \
             ORDER BY r.app, r.day, r.purpose, r.route, m.metric",
        )?;
        let rows = stmt.query_map(params![int(before), only_app, only_day], |r| {
            Ok((
                r.get(0)?,
                uint(r.get(1)?),
                r.get(2)?,
                PersonSum {
                    route: r.get(3)?,
                    metric: r.get(4)?,
                    value: uint(r.get(5)?),
                },
            ))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut cells_written = 0;
    let mut insert = conn.prepare_cached(
        "INSERT INTO aggregate_cells (app, day, route, purpose, metric, total, people) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (app, day, purpose, cell) in super::fold_groups(sums) {
        for m in &cell.metrics {
            insert.execute(params![
                app,
                int(day),
                cell.route,
                purpose,
                m.name,
                int(m.total),
                int(m.people)
            ])?;
            cells_written += 1;
        }
    }
    conn.prepare_cached(
        "INSERT INTO published_days (app, day) SELECT DISTINCT app, day FROM person_rows \
         WHERE day < ?1 AND (?2 IS NULL OR (app = ?2 AND day = ?3)) ON CONFLICT DO NOTHING",
    )?
    .execute(params![int(before), only_app, only_day])?;
    if let Some((app, day)) = only {
        conn.prepare_cached(
            "INSERT INTO published_days (app, day) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute(params![app, int(day)])?;
    }
    Ok(cells_written)
}

/// Empties the WAL into the database file and truncates it, so that the old page images it
/// holds (which may contain deleted rows) are gone from disk.
fn checkpoint(conn: &Connection) -> Result<(), StoreError> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(StoreError::Corrupt(
            "WAL checkpoint could not complete".into(),
        ));
    }
    Ok(())
}

impl Store for SqliteStore {
    fn schema_versions(&self) -> Result<Vec<u32>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn.prepare("SELECT version FROM schema_migrations ORDER BY version")?;
        let versions = stmt
            .query_map([], |r| r.get::<_, u32>(0))?
            .collect::<Result<_, _>>()?;
        Ok(versions)
    }

    fn store_summaries(
        &self,
        summaries: &[Summary],
        received_day: u64,
    ) -> Result<Vec<StoreOutcome>, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let folded_before = folded_before(&tx)?;
        let mut outcomes = Vec::with_capacity(summaries.len());
        {
            let mut insert_row = tx.prepare_cached(
                "INSERT INTO person_rows (id, subject, app, day, window_start, minutes, route, purpose, \
                 schema_version, policy, consent, wire, received_day) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING",
            )?;
            let mut insert_metric = tx.prepare_cached(
                "INSERT INTO person_metrics (id, metric, value) VALUES (?1, ?2, ?3)",
            )?;
            for s in summaries {
                let day = utc_day(s.window_start());
                if day < folded_before {
                    outcomes.push(StoreOutcome::DayFolded);
                    continue;
                }
                // A summary for a day already published is still stored, for de-duplication and
                // the person's own access; it never changes the published (frozen) cells, and the
                // fold deletes it without aggregating it.
                let id = s.id.to_hex();
                let inserted = insert_row.execute(params![
                    id,
                    s.subject.to_hex(),
                    s.app.as_str(),
                    int(day),
                    int(s.window_start()),
                    s.window.minutes(),
                    s.route.as_str(),
                    s.purpose().as_str(),
                    SCHEMA_VERSION,
                    s.policy.to_hex(),
                    s.consent.as_str(),
                    wire::encode(s),
                    int(received_day),
                ])?;
                if inserted == 0 {
                    outcomes.push(StoreOutcome::Duplicate);
                    continue;
                }
                for (metric, value) in metric_values(s) {
                    insert_metric.execute(params![id, metric, int(value)])?;
                }
                outcomes.push(StoreOutcome::Stored);
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn own_rows(
        &self,
        app: &str,
        subjects: &[(u64, SubjectId)],
    ) -> Result<Vec<String>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT wire FROM person_rows WHERE app = ?1 AND day = ?2 AND subject = ?3 ORDER BY window_start, purpose, route, id",
        )?;
        let mut rows = Vec::new();
        for (day, subject) in subjects {
            let found = stmt.query_map(params![app, int(*day), subject.to_hex()], |r| {
                r.get::<_, String>(0)
            })?;
            for wire in found {
                rows.push(wire?);
            }
        }
        Ok(rows)
    }

    fn forget_own_rows(
        &self,
        app: &str,
        subjects: &[(u64, SubjectId)],
        purposes: &[Purpose],
        audit: &dyn Fn(u64) -> AuditEntry,
    ) -> Result<(u64, AuditRecord), StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut deleted = 0;
        {
            let mut delete_metrics = tx.prepare_cached(
                "DELETE FROM person_metrics WHERE id IN \
                 (SELECT id FROM person_rows WHERE app = ?1 AND day = ?2 AND subject = ?3 AND purpose = ?4)",
            )?;
            let mut delete_rows = tx.prepare_cached(
                "DELETE FROM person_rows WHERE app = ?1 AND day = ?2 AND subject = ?3 AND purpose = ?4",
            )?;
            for (day, subject) in subjects {
                for purpose in purposes {
                    let p = params![app, int(*day), subject.to_hex(), purpose.as_str()];
                    delete_metrics.execute(p)?;
                    deleted += delete_rows.execute(p)? as u64;
                }
            }
        }
        // The deletion and its audit row commit together, or neither does.
        let record = append_audit_in(&tx, &audit(deleted))?;
        tx.commit()?;
        if deleted > 0 {
            checkpoint(&conn)?;
        }
        Ok((deleted, record))
    }

    fn cells(&self, app: &str, day: u64, purpose: Purpose) -> Result<Vec<CellTotals>, StoreError> {
        let mut conn = self.lock();
        // Immediate: publishing writes, and no store may slip in between the check and it.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !is_published(&tx, app, day)? {
            publish_in(&tx, day + 1, Some((app, day)))?;
        }
        let mut stored = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT route, metric, total, people FROM aggregate_cells \
                 WHERE app = ?1 AND day = ?2 AND purpose = ?3 ORDER BY route, metric",
            )?;
            let rows = stmt.query_map(params![app, int(day), purpose.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                let (route, metric, total, people) = row?;
                stored.push((route, metric, uint(total), uint(people)));
            }
        }
        tx.commit()?;
        let cells = super::cells_from_folded(stored);
        super::check_cells(&cells)?;
        Ok(cells)
    }

    fn fold_days_before(
        &self,
        day: u64,
        audit: &dyn Fn(&FoldReport) -> Option<AuditEntry>,
    ) -> Result<(FoldReport, Option<AuditRecord>), StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let cutoff = folded_before(&tx)?.max(day);
        let rows_folded: i64 = tx.query_row(
            "SELECT COUNT(*) FROM person_rows WHERE day < ?1",
            [int(cutoff)],
            |r| r.get(0),
        )?;
        // Subjects rotate daily, so a day's distinct-person counts are complete at fold time.
        // Days already published keep their published cells.
        let cells_written = publish_in(&tx, cutoff, None)?;
        tx.execute(
            "DELETE FROM person_metrics WHERE id IN (SELECT id FROM person_rows WHERE day < ?1)",
            [int(cutoff)],
        )?;
        tx.execute("DELETE FROM person_rows WHERE day < ?1", [int(cutoff)])?;
        tx.execute(
            "UPDATE fold_state SET folded_before = ?1 WHERE only_row = 1",
            [int(cutoff)],
        )?;
        let report = FoldReport {
            rows_folded: uint(rows_folded),
            cells_written,
            folded_before: cutoff,
            aggregate_cells_deleted: 0,
        };
        let record = audit(&report)
            .map(|entry| append_audit_in(&tx, &entry))
            .transpose()?;
        tx.commit()?;
        checkpoint(&conn)?;
        Ok((report, record))
    }

    fn delete_aggregates_before(
        &self,
        app: &str,
        day: u64,
        audit: &dyn Fn(u64) -> Option<AuditEntry>,
    ) -> Result<(u64, Option<AuditRecord>), StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deleted = tx.execute(
            "DELETE FROM aggregate_cells WHERE app = ?1 AND day < ?2",
            params![app, int(day)],
        )? as u64;
        tx.execute(
            "DELETE FROM published_days WHERE app = ?1 AND day < ?2",
            params![app, int(day)],
        )?;
        let record = audit(deleted)
            .map(|entry| append_audit_in(&tx, &entry))
            .transpose()?;
        tx.commit()?;
        if deleted > 0 {
            checkpoint(&conn)?;
        }
        Ok((deleted, record))
    }

    fn append_audit(&self, entry: &AuditEntry) -> Result<AuditRecord, StoreError> {
        let mut conn = self.lock();
        // BEGIN IMMEDIATE takes the write lock first, so two collectors on one file cannot
        // both read the same head and fork the chain.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let record = append_audit_in(&tx, entry)?;
        tx.commit()?;
        Ok(record)
    }

    fn audit_records(&self, after: u64, limit: u64) -> Result<Vec<AuditRecord>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, at_hour, kind, actor, app, query, returned, suppressed, deleted, hash \
             FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![int(after), int(limit)], |r| {
            Ok(AuditRecord {
                seq: uint(r.get(0)?),
                at_hour: uint(r.get(1)?),
                kind: r.get(2)?,
                actor: r.get(3)?,
                app: r.get(4)?,
                query: r.get(5)?,
                returned: uint(r.get(6)?),
                suppressed: uint(r.get(7)?),
                deleted: uint(r.get(8)?),
                hash: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn counts(&self) -> Result<StoreCounts, StoreError> {
        let conn = self.lock();
        let count = |table: &str| -> Result<u64, StoreError> {
            let n: Option<i64> = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .optional()?;
            Ok(uint(n.unwrap_or(0)))
        };
        Ok(StoreCounts {
            person_rows: count("person_rows")?,
            person_metrics: count("person_metrics")?,
            aggregate_cells: count("aggregate_cells")?,
            audit_entries: count("audit_log")?,
        })
    }
}
