//! The PostgreSQL store, for running several stateless collectors against one database: the
//! same tables and behaviour as the SQLite store, a small pool of blocking connections, and
//! database locks where instances must not interleave (migrations and audit appends take
//! transaction-scoped advisory locks; stores lock the fold state row for sharing, folds and
//! publications for update, so no summary is stored between a publication's check and its
//! cells). Lock order, to rule out deadlocks: the fold state row, then the audit lock.
//!
//! The `postgres` client runs its own small runtime per connection, so its methods must not be
//! called on an async runtime thread: the HTTP layer calls the store on blocking threads, and
//! dropping the store hands its connections to a plain thread to close.

use std::sync::{Mutex, MutexGuard};

use activity_capture_core::id::SubjectId;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use activity_capture_core::window::utc_day;
use activity_capture_core::wire::{self, SCHEMA_VERSION};
use postgres::{Client, NoTls, Transaction};

use super::{CellTotals, FoldReport, Store, StoreCounts, StoreError, StoreOutcome};
use crate::audit::{AuditEntry, AuditRecord, GENESIS};
use crate::clip::PersonSum;
use crate::metrics::metric_values;

/// The migrations, in order: (version, name, SQL). Append only.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "published_days",
        include_str!("migrations/postgres/0002_published_days.sql"),
    ),
];

/// Advisory lock keys (arbitrary constants, unique to this program).
const MIGRATION_LOCK: i64 = 0x6163_6d69_6772;
const AUDIT_LOCK: i64 = 0x6163_6175_6474;

/// Connections kept open between calls.
const MAX_IDLE: usize = 8;

/// A PostgreSQL database behind a small connection pool.
pub struct PostgresStore {
    url: String,
    idle: Mutex<Vec<Client>>,
}

/// A connection taken from the pool; it goes back when dropped, unless it broke.
struct Pooled<'a> {
    store: &'a PostgresStore,
    client: Option<Client>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("present until drop")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let mut idle = self.store.lock_idle();
            if !client.is_closed() && idle.len() < MAX_IDLE {
                idle.push(client);
            }
        }
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        let clients = std::mem::take(&mut *self.lock_idle());
        // Closing a connection blocks on its runtime, which must not happen on an async
        // runtime thread: close them on a plain thread.
        let _ = std::thread::spawn(move || drop(clients)).join();
    }
}

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn uint(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`) and applies pending
    /// migrations (serialised across instances by an advisory lock).
    pub fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let store = PostgresStore {
            url: url.to_owned(),
            idle: Mutex::new(Vec::new()),
        };
        {
            let mut client = store.client()?;
            migrate(&mut client)?;
        }
        Ok(store)
    }

    fn lock_idle(&self) -> MutexGuard<'_, Vec<Client>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn client(&self) -> Result<Pooled<'_>, StoreError> {
        let pooled = self.lock_idle().pop();
        let client = match pooled {
            Some(c) => c,
            None => Client::connect(&self.url, NoTls)?,
        };
        Ok(Pooled {
            store: self,
            client: Some(client),
        })
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    )?;
    let newest: Option<i32> = tx
        .query_one("SELECT MAX(version) FROM schema_migrations", &[])?
        .get(0);
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    if let Some(newest) = newest.filter(|v| *v as u32 > known) {
        return Err(StoreError::Corrupt(format!(
            "database schema version {newest} is newer than this collector knows ({known})"
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        let version = *version as i32;
        let applied = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[&version],
            )?
            .is_some();
        if !applied {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &[&version, name],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The fold state, locked for sharing (stores) or for update (folds) until the transaction
/// ends, so a fold never runs between a store's check and its insert.
fn folded_before(tx: &mut Transaction<'_>, for_update: bool) -> Result<u64, StoreError> {
    let sql = if for_update {
        "SELECT folded_before FROM fold_state WHERE only_row = 1 FOR UPDATE"
    } else {
        "SELECT folded_before FROM fold_state WHERE only_row = 1 FOR SHARE"
    };
    Ok(uint(tx.query_one(sql, &[])?.get(0)))
}

/// Appends `entry` to the audit chain inside `tx`, after taking the audit lock (held until the
/// transaction ends) so the chain stays linear across instances.
fn append_audit_in(
    tx: &mut Transaction<'_>,
    entry: &AuditEntry,
) -> Result<AuditRecord, StoreError> {
    // Every instance takes this lock before reading the head, so the chain stays linear.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&AUDIT_LOCK])?;
    let last = tx.query_opt(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        &[],
    )?;
    let (seq, previous) = match last {
        Some(row) => {
            let hash: String = row.get(1);
            let previous = activity_capture_core::digest::parse_hex::<32>(&hash)
                .ok_or_else(|| StoreError::Corrupt("an audit hash is not 64 hex digits".into()))?;
            (uint(row.get(0)) + 1, previous)
        }
        None => (1, GENESIS),
    };
    let record = AuditRecord::link(seq, entry, &previous);
    tx.execute(
        "INSERT INTO audit_log (seq, at_hour, kind, actor, app, query, returned, suppressed, deleted, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &int(record.seq),
            &int(record.at_hour),
            &record.kind,
            &record.actor,
            &record.app,
            &record.query,
            &int(record.returned),
            &int(record.suppressed),
            &int(record.deleted),
            &record.hash,
        ],
    )?;
    Ok(record)
}

/// Whether (`app`, `day`) is published.
fn is_published(tx: &mut Transaction<'_>, app: &str, day: u64) -> Result<bool, StoreError> {
    Ok(tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM published_days WHERE app = $1 AND day = $2)",
            &[&app, &int(day)],
        )?
        .get(0))
}

/// Publishes, inside `tx` (which holds the fold state row for update), every not yet
/// published (app, day) with per-person rows of a day before `before` (only `only`, if given):
/// stores its clipped cells and marks it published (`only` even without rows). Returns the
/// cell metrics written.
fn publish_in(
    tx: &mut Transaction<'_>,
    before: u64,
    only: Option<(&str, u64)>,
) -> Result<u64, StoreError> {
    let (only_app, only_day) = only.map_or((None, None), |(a, d)| (Some(a), Some(int(d))));
    let sums = tx
        .query(
            "SELECT r.app, r.day, r.purpose, r.route, m.metric, SUM(m.value)::BIGINT \
             FROM person_rows r JOIN person_metrics m ON m.id = r.id \
             WHERE r.day < $1 AND ($2::TEXT IS NULL OR (r.app = $2 AND r.day = $3::BIGINT)) \
             AND NOT EXISTS (SELECT 1 FROM published_days p WHERE p.app = r.app AND p.day = r.day) \
             GROUP BY r.app, r.day, r.purpose, r.route, m.metric, r.subject \
             ORDER BY r.app COLLATE \"C\", r.day, r.purpose COLLATE \"C\", r.route COLLATE \"C\", m.metric COLLATE \"C\"",
            &[&int(before), &only_app, &only_day],
        )?
        .iter()
        .map(|r| {
            (
                r.get(0),
                uint(r.get(1)),
                r.get(2),
                PersonSum {
                    route: r.get(3),
                    metric: r.get(4),
                    value: uint(r.get(5)),
                },
            )
        })
        .collect();
    let insert = tx.prepare(
        "INSERT INTO aggregate_cells (app, day, route, purpose, metric, total, people) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?;
    let mut cells_written = 0;
    for (app, day, purpose, cell) in super::fold_groups(sums) {
        for m in &cell.metrics {
            tx.execute(
                &insert,
                &[
                    &app,
                    &int(day),
                    &cell.route,
                    &purpose,
                    &m.name,
                    &int(m.total),
                    &int(m.people),
                ],
            )?;
            cells_written += 1;
        }
    }
    tx.execute(
        "INSERT INTO published_days (app, day) SELECT DISTINCT app, day FROM person_rows \
         WHERE day < $1 AND ($2::TEXT IS NULL OR (app = $2 AND day = $3::BIGINT)) ON CONFLICT DO NOTHING",
        &[&int(before), &only_app, &only_day],
    )?;
    if let Some((app, day)) = only {
        tx.execute(
            "INSERT INTO published_days (app, day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&app, &int(day)],
        )?;
    }
    Ok(cells_written)
}

fn record_of(row: &postgres::Row) -> AuditRecord {
    AuditRecord {
        seq: uint(row.get(0)),
        at_hour: uint(row.get(1)),
        kind: row.get(2),
        actor: row.get(3),
        app: row.get(4),
        query: row.get(5),
        returned: uint(row.get(6)),
        suppressed: uint(row.get(7)),
        deleted: uint(row.get(8)),
        hash: row.get(9),
    }
}

impl Store for PostgresStore {
    fn schema_versions(&self) -> Result<Vec<u32>, StoreError> {
        let mut client = self.client()?;
        let rows = client.query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )?;
        Ok(rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect())
    }

    fn store_summaries(
        &self,
        summaries: &[Summary],
        received_day: u64,
    ) -> Result<Vec<StoreOutcome>, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let folded_before = folded_before(&mut tx, false)?;
        let insert_row = tx.prepare(
            "INSERT INTO person_rows (id, subject, app, day, window_start, minutes, route, purpose, \
             schema_version, policy, consent, wire, received_day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING",
        )?;
        // One statement per summary for all its metrics (a round trip each would dominate).
        let insert_metrics = tx.prepare(
            "INSERT INTO person_metrics (id, metric, value) \
             SELECT $1, m, v FROM UNNEST($2::TEXT[], $3::BIGINT[]) AS t (m, v)",
        )?;
        let mut outcomes = Vec::with_capacity(summaries.len());
        for s in summaries {
            let day = utc_day(s.window_start());
            if day < folded_before {
                outcomes.push(StoreOutcome::DayFolded);
                continue;
            }
            // A summary for a day already published is still stored, for de-duplication and the
            // person's own access; it never changes the published (frozen) cells, and the fold
            // deletes it without aggregating it.
            let id = s.id.to_hex();
            let inserted = tx.execute(
                &insert_row,
                &[
                    &id,
                    &s.subject.to_hex(),
                    &s.app.as_str(),
                    &int(day),
                    &int(s.window_start()),
                    &(s.window.minutes() as i32),
                    &s.route.as_str(),
                    &s.purpose().as_str(),
                    &(SCHEMA_VERSION as i32),
                    &s.policy.to_hex(),
                    &s.consent.as_str(),
                    &wire::encode(s),
                    &int(received_day),
                ],
            )?;
            if inserted == 0 {
                outcomes.push(StoreOutcome::Duplicate);
                continue;
            }
            let (names, values): (Vec<String>, Vec<i64>) = metric_values(s)
                .into_iter()
                .map(|(name, value)| (name, int(value)))
                .unzip();
            tx.execute(&insert_metrics, &[&id, &names, &values])?;
            outcomes.push(StoreOutcome::Stored);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn own_rows(
        &self,
        app: &str,
        subjects: &[(u64, SubjectId)],
    ) -> Result<Vec<String>, StoreError> {
        let mut client = self.client()?;
        let stmt = client.prepare(
            "SELECT wire FROM person_rows WHERE app = $1 AND day = $2 AND subject = $3 \
             ORDER BY window_start, purpose, route, id",
        )?;
        let mut rows = Vec::new();
        for (day, subject) in subjects {
            for row in client.query(&stmt, &[&app, &int(*day), &subject.to_hex()])? {
                rows.push(row.get(0));
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
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // Metrics go with their rows (ON DELETE CASCADE).
        let delete = tx.prepare(
            "DELETE FROM person_rows WHERE app = $1 AND day = $2 AND subject = $3 AND purpose = $4",
        )?;
        let mut deleted = 0;
        for (day, subject) in subjects {
            for purpose in purposes {
                deleted += tx.execute(
                    &delete,
                    &[&app, &int(*day), &subject.to_hex(), &purpose.as_str()],
                )?;
            }
        }
        // The deletion and its audit row commit together, or neither does.
        let record = append_audit_in(&mut tx, &audit(deleted))?;
        tx.commit()?;
        Ok((deleted, record))
    }

    fn cells(&self, app: &str, day: u64, purpose: Purpose) -> Result<Vec<CellTotals>, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        if !is_published(&mut tx, app, day)? {
            // Lock out stores (and other publications), then check again: another instance
            // may have published it meanwhile.
            folded_before(&mut tx, true)?;
            if !is_published(&mut tx, app, day)? {
                publish_in(&mut tx, day + 1, Some((app, day)))?;
            }
        }
        let rows = tx.query(
            "SELECT route, metric, total, people FROM aggregate_cells \
             WHERE app = $1 AND day = $2 AND purpose = $3 ORDER BY route COLLATE \"C\", metric COLLATE \"C\"",
            &[&app, &int(day), &purpose.as_str()],
        )?;
        let cells = super::cells_from_folded(
            rows.iter()
                .map(|r| (r.get(0), r.get(1), uint(r.get(2)), uint(r.get(3))))
                .collect(),
        );
        tx.commit()?;
        super::check_cells(&cells)?;
        Ok(cells)
    }

    fn fold_days_before(
        &self,
        day: u64,
        audit: &dyn Fn(&FoldReport) -> Option<AuditEntry>,
    ) -> Result<(FoldReport, Option<AuditRecord>), StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let cutoff = folded_before(&mut tx, true)?.max(day);
        let rows_folded: i64 = tx
            .query_one(
                "SELECT COUNT(*) FROM person_rows WHERE day < $1",
                &[&int(cutoff)],
            )?
            .get(0);
        // Days already published keep their published cells.
        let cells_written = publish_in(&mut tx, cutoff, None)?;
        tx.execute("DELETE FROM person_rows WHERE day < $1", &[&int(cutoff)])?;
        tx.execute(
            "UPDATE fold_state SET folded_before = $1 WHERE only_row = 1",
            &[&int(cutoff)],
        )?;
        let report = FoldReport {
            rows_folded: uint(rows_folded),
            cells_written,
            folded_before: cutoff,
            aggregate_cells_deleted: 0,
        };
        let record = match audit(&report) {
            Some(entry) => Some(append_audit_in(&mut tx, &entry)?),
            None => None,
        };
        tx.commit()?;
        Ok((report, record))
    }

    fn delete_aggregates_before(
        &self,
        app: &str,
        day: u64,
        audit: &dyn Fn(u64) -> Option<AuditEntry>,
    ) -> Result<(u64, Option<AuditRecord>), StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let deleted = tx.execute(
            "DELETE FROM aggregate_cells WHERE app = $1 AND day < $2",
            &[&app, &int(day)],
        )?;
        tx.execute(
            "DELETE FROM published_days WHERE app = $1 AND day < $2",
            &[&app, &int(day)],
        )?;
        let record = match audit(deleted) {
            Some(entry) => Some(append_audit_in(&mut tx, &entry)?),
            None => None,
        };
        tx.commit()?;
        Ok((deleted, record))
    }

    fn append_audit(&self, entry: &AuditEntry) -> Result<AuditRecord, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let record = append_audit_in(&mut tx, entry)?;
        tx.commit()?;
        Ok(record)
    }

    fn audit_records(&self, after: u64, limit: u64) -> Result<Vec<AuditRecord>, StoreError> {
        let mut client = self.client()?;
        let rows = client.query(
            "SELECT seq, at_hour, kind, actor, app, query, returned, suppressed, deleted, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&int(after), &int(limit)],
        )?;
        Ok(rows.iter().map(record_of).collect())
    }

    fn counts(&self) -> Result<StoreCounts, StoreError> {
        let mut client = self.client()?;
        let row = client.query_one(
            "SELECT (SELECT COUNT(*) FROM person_rows), (SELECT COUNT(*) FROM person_metrics), \
             (SELECT COUNT(*) FROM aggregate_cells), (SELECT COUNT(*) FROM audit_log)",
            &[],
        )?;
        Ok(StoreCounts {
            person_rows: uint(row.get(0)),
            person_metrics: uint(row.get(1)),
            aggregate_cells: uint(row.get(2)),
            audit_entries: uint(row.get(3)),
        })
    }
}
