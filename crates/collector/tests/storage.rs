//! The SQLite store: migrations, folding into aggregates without double counting, and no
//! folded identifier left in the database or WAL files.

mod common;

use activity_capture_collector::retention;
use activity_capture_collector::storage::{SqliteStore, Store, StoreOutcome};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use common::*;

#[test]
fn migrations_apply_once_and_reopen_idempotently() {
    let dir = temp_dir("migrations");
    let path = dir.join("c.sqlite");
    let path = path.to_str().unwrap();
    let store = SqliteStore::open(path).unwrap();
    assert_eq!(store.schema_versions().unwrap(), [1, 2, 3, 4]);
    store
        .store_summaries(&[summary(1, 1, Purpose::Interaction)], today())
        .unwrap();
    drop(store);
    let store = SqliteStore::open(path).unwrap();
    assert_eq!(store.schema_versions().unwrap(), [1, 2, 3, 4]);
    assert_eq!(
        store.counts().unwrap().person_rows,
        1,
        "reopening keeps the data"
    );
    drop(store);

    // A database from a newer collector is refused rather than misread.
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (99, 'future')",
        [],
    )
    .unwrap();
    drop(conn);
    let e = SqliteStore::open(path)
        .err()
        .expect("a newer schema is refused");
    assert!(e.to_string().contains("newer"), "{e}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the database is private to its owner");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn fold_moves_old_rows_into_cells_and_leaves_no_identifier_in_the_files() {
    let dir = temp_dir("fold");
    let path = dir.join("c.sqlite");
    let wal = dir.join("c.sqlite-wal");
    let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
    let config = config();

    // Enough rows to split pages: 40 people × 3 purposes ten days ago, a few kept ones today.
    let mut old: Vec<Summary> = Vec::new();
    for person in 0..40u8 {
        for (n, purpose) in [Purpose::Interaction, Purpose::Typing, Purpose::Navigation]
            .into_iter()
            .enumerate()
        {
            let route = if person % 2 == 0 {
                "/tickets"
            } else {
                "/reports"
            };
            old.push(summary_for(APP, person, n as u16, purpose, route, 10));
        }
    }
    let kept: Vec<Summary> = (0..6u8)
        .map(|p| summary(p, 900, Purpose::Interaction))
        .collect();
    let outcomes = store.store_summaries(&old, today()).unwrap();
    assert!(outcomes.iter().all(|o| *o == StoreOutcome::Stored));
    store.store_summaries(&kept, today()).unwrap();
    let old_day = today() - 10;
    let before: Vec<_> = [Purpose::Interaction, Purpose::Typing, Purpose::Navigation]
        .into_iter()
        .map(|p| store.cells(APP, old_day, p).unwrap())
        .collect();
    assert_eq!(before[0].len(), 2);
    assert_eq!(before[0][0].people, 20);

    let report = retention::fold(&store, &config, today()).unwrap();
    assert_eq!(report.rows_folded, old.len() as u64);
    assert_eq!(report.folded_before, today() - 7);
    let counts = store.counts().unwrap();
    assert_eq!(counts.person_rows, kept.len() as u64);
    assert!(counts.aggregate_cells > 0);

    // Reads of the folded day come from the aggregates, with the same totals (no double
    // counting), and the kept day still reads from the rows.
    let after: Vec<_> = [Purpose::Interaction, Purpose::Typing, Purpose::Navigation]
        .into_iter()
        .map(|p| store.cells(APP, old_day, p).unwrap())
        .collect();
    assert_eq!(after, before);
    assert_eq!(
        store.cells(APP, today(), Purpose::Interaction).unwrap()[0].people,
        6
    );

    // A late arrival for a folded day is refused, not counted twice.
    let late = summary_for(APP, 41, 1, Purpose::Interaction, "/tickets", 10);
    assert_eq!(
        store.store_summaries(&[late], today()).unwrap(),
        [StoreOutcome::DayFolded]
    );
    // Folding again changes nothing.
    assert_eq!(
        retention::fold(&store, &config, today())
            .unwrap()
            .rows_folded,
        0
    );
    assert_eq!(
        store.cells(APP, old_day, Purpose::Interaction).unwrap(),
        before[0]
    );

    // The files: no folded summary id or pseudonym, in the database or in its WAL.
    let db_bytes = std::fs::read(&path).unwrap();
    let wal_bytes = std::fs::read(&wal).unwrap_or_default();
    for s in &old {
        for id in [s.id.to_hex(), s.subject.to_hex()] {
            assert!(
                !contains(&db_bytes, &id),
                "{id} lingers in the database file"
            );
            assert!(!contains(&wal_bytes, &id), "{id} lingers in the WAL");
        }
    }
    // The search does find what is kept (so the check above can fail).
    let kept_id = kept[0].id.to_hex();
    assert!(contains(&db_bytes, &kept_id) || contains(&wal_bytes, &kept_id));
    drop(store);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn forgetting_leaves_no_identifier_in_the_files() {
    let dir = temp_dir("forget");
    let path = dir.join("c.sqlite");
    let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
    let mine: Vec<Summary> = (0..30u16)
        .map(|n| summary(1, n, Purpose::Interaction))
        .collect();
    store.store_summaries(&mine, today()).unwrap();
    store
        .store_summaries(&[summary(2, 1, Purpose::Interaction)], today())
        .unwrap();
    let subjects = activity_capture_collector::access::own_subjects(&secret(1), APP, today(), 7);
    assert_eq!(
        store
            .forget_own_rows(APP, &subjects, &Purpose::ALL, &self_forget)
            .unwrap()
            .0,
        30
    );
    let db_bytes = std::fs::read(&path).unwrap();
    let wal_bytes = std::fs::read(dir.join("c.sqlite-wal")).unwrap_or_default();
    for s in &mine {
        for id in [s.id.to_hex(), s.subject.to_hex()] {
            assert!(
                !contains(&db_bytes, &id) && !contains(&wal_bytes, &id),
                "{id} lingers"
            );
        }
    }
    assert_eq!(store.counts().unwrap().person_rows, 1);
    drop(store);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_store_stores_once_folds_clips_and_forgets_alike() {
    for (name, store) in stores() {
        let store = store.as_ref();
        let mut old: Vec<Summary> = (0..6u8)
            .map(|p| summary_for(APP, p, 1, Purpose::Interaction, "/tickets", 10))
            .collect();
        // One heavy contributor, clipped before and after the fold.
        old.extend(
            (0..40u16).map(|n| summary_for(APP, 9, 100 + n, Purpose::Interaction, "/tickets", 10)),
        );
        let kept: Vec<Summary> = (0..5u8).map(|p| summary(p, 7, Purpose::Typing)).collect();
        let outcomes = store.store_summaries(&old, today()).unwrap();
        assert!(
            outcomes.iter().all(|o| *o == StoreOutcome::Stored),
            "{name}"
        );
        store.store_summaries(&kept, today()).unwrap();
        assert_eq!(
            store.store_summaries(&kept[..2], today()).unwrap(),
            [StoreOutcome::Duplicate, StoreOutcome::Duplicate],
            "{name}"
        );
        let old_day = today() - 10;
        let before = store.cells(APP, old_day, Purpose::Interaction).unwrap();
        assert_eq!((before.len(), before[0].people), (1, 7), "{name}");
        let summaries = before[0]
            .metrics
            .iter()
            .find(|m| m.name == "summaries")
            .unwrap();
        assert_eq!(
            summaries.total,
            6 + 32,
            "{name}: the heavy contributor is clipped"
        );

        let report = retention::fold(store, &config(), today()).unwrap();
        assert_eq!(report.rows_folded, old.len() as u64, "{name}");
        assert_eq!(
            store.cells(APP, old_day, Purpose::Interaction).unwrap(),
            before,
            "{name}"
        );
        let late = summary_for(APP, 41, 1, Purpose::Interaction, "/tickets", 10);
        assert_eq!(
            store.store_summaries(&[late], today()).unwrap(),
            [StoreOutcome::DayFolded],
            "{name}"
        );

        let subjects =
            activity_capture_collector::access::own_subjects(&secret(1), APP, today(), 7);
        assert_eq!(store.own_rows(APP, &subjects).unwrap().len(), 1, "{name}");
        assert_eq!(
            store
                .forget_own_rows(APP, &subjects, &Purpose::ALL, &self_forget)
                .unwrap()
                .0,
            1,
            "{name}"
        );
        assert!(store.own_rows(APP, &subjects).unwrap().is_empty(), "{name}");
        let counts = store.counts().unwrap();
        assert_eq!(
            (counts.person_rows, counts.audit_entries),
            (4, 2),
            "{name}: the fold and the forget are audited"
        );
        let verified = activity_capture_collector::audit::verify_store(store, None).unwrap();
        assert_eq!(verified.rows, 2, "{name}");
    }
}

#[test]
fn aggregates_expire_per_app_and_each_expiry_is_audited() {
    use activity_capture_collector::config::Config;
    use activity_capture_collector::storage::MEMORY;
    // ticket-desk keeps its aggregates 30 days; crm keeps the default 400.
    let text = config_text(MEMORY).replacen(
        &format!("name = \"{APP}\"\n"),
        &format!("name = \"{APP}\"\naggregate_retention_days = 30\n"),
        1,
    );
    let config = Config::parse(&text).unwrap();
    assert_eq!(
        config
            .apps
            .iter()
            .map(|a| a.aggregate_retention_days)
            .collect::<Vec<_>>(),
        [30, 400]
    );
    for (name, store) in stores() {
        let store = store.as_ref();
        let mut rows = Vec::new();
        for (n, app, route) in [(0, APP, "/tickets"), (100, OTHER_APP, "/deals")] {
            for days_ago in [40, 20] {
                rows.extend((0..5u8).map(|p| {
                    let id = n + days_ago as u16;
                    summary_for(app, p, id, Purpose::Interaction, route, days_ago)
                }));
            }
        }
        store.store_summaries(&rows, today()).unwrap();
        let report = retention::fold(store, &config, today()).unwrap();
        assert_eq!(report.rows_folded, 20, "{name}");
        // Four (app, day)s of one cell each were published; ticket-desk's day 40 is gone.
        let metrics_per_day = report.cells_written / 4;
        assert_eq!(report.aggregate_cells_deleted, metrics_per_day, "{name}");
        for (app, days_ago, kept) in [
            (APP, 40, false),
            (APP, 20, true),
            (OTHER_APP, 40, true),
            (OTHER_APP, 20, true),
        ] {
            let cells = store
                .cells(app, today() - days_ago, Purpose::Interaction)
                .unwrap();
            assert_eq!(!cells.is_empty(), kept, "{name}: {app} {days_ago}");
        }
        let records = store.audit_records(0, u64::MAX).unwrap();
        let kinds: Vec<(&str, &str, &str, u64)> = records
            .iter()
            .map(|r| (r.kind.as_str(), r.app.as_str(), r.query.as_str(), r.deleted))
            .collect();
        assert_eq!(
            kinds,
            [
                ("fold", "", "before=2026-11-20", 20),
                (
                    "aggregate-expiry",
                    APP,
                    "before=2026-10-28",
                    metrics_per_day
                ),
            ],
            "{name}"
        );
        // Nothing more to expire: nothing more audited.
        let again = retention::fold(store, &config, today()).unwrap();
        assert_eq!(again.aggregate_cells_deleted, 0, "{name}");
        assert_eq!(store.counts().unwrap().audit_entries, 2, "{name}");
        activity_capture_collector::audit::verify_store(store, None).unwrap();
    }
}

#[test]
fn old_read_audit_rows_move_into_the_chain_when_migration_3_applies() {
    let dir = temp_dir("legacy-audit");
    let path = dir.join("c.sqlite");
    // A database as a collector with migrations 1 and 2 left it, with two audited reads.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(concat!(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        include_str!("../src/storage/migrations/0001_person_rows_and_cells.sql"),
        include_str!("../src/storage/migrations/0002_read_audit.sql"),
        "INSERT INTO schema_migrations VALUES (1, 'person_rows_and_cells'), (2, 'read_audit');",
        "INSERT INTO read_audit VALUES (1795773600, 'ops-analytics', 'ticket-desk', 20783, 'interaction', 2, 1);",
        "INSERT INTO read_audit VALUES (1795777200, 'self', 'ticket-desk', NULL, NULL, 3, 0);",
    ))
    .unwrap();
    drop(conn);

    let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.schema_versions().unwrap(), [1, 2, 3, 4]);
    let records = store.audit_records(0, u64::MAX).unwrap();
    // Each row as its hash covers it: [seq, at_hour, kind, actor, app, query, returned,
    // suppressed, deleted].
    let moved: Vec<String> = records.iter().map(|r| r.canonical()).collect();
    assert_eq!(
        moved,
        [
            r#"[1,1795773600,"aggregate-read","reader:ops-analytics","ticket-desk","day=2026-11-26&purpose=interaction",2,1,0]"#,
            r#"[2,1795777200,"own-export","self","ticket-desk","",3,0,0]"#,
        ]
    );
    assert_eq!(
        activity_capture_collector::audit::verify_store(&store, None)
            .unwrap()
            .rows,
        2
    );
    // The old table is gone, and new appends continue the same chain.
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let legacy: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'read_audit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(legacy, 0);
    drop(conn);
    let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.append_audit(&self_forget(0)).unwrap().seq, 3);
    activity_capture_collector::audit::verify_store(&store, None).unwrap();
    drop(store);
    std::fs::remove_dir_all(dir).unwrap();
}
