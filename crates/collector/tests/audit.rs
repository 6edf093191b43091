//! The hash-chained audit log: reads and deletions are appended, auditors read them, and
//! `verify-audit` finds a tampered row and a rewritten table (through the head file kept
//! outside the database). Against a SQLite file and, when `ACTIVITY_CAPTURE_PG_URL` is set,
//! PostgreSQL; tampering goes through SQL on the database behind the store's back.

mod common;

use std::sync::Arc;

use activity_capture_collector::audit::{self, HeadFile, GENESIS};
use activity_capture_collector::config::Config;
use activity_capture_collector::storage::SqliteStore;
use activity_capture_collector::{retention, AppState, Clock};
use activity_capture_core::purpose::Purpose;
use common::*;
use serde_json::json;

#[test]
fn a_sqlite_file_gets_its_head_file_beside_it_by_default() {
    let dir = temp_dir("audit-default-head");
    let db = dir.join("c.sqlite");
    let config = Config::parse(&config_text(db.to_str().unwrap())).unwrap();
    assert_eq!(
        config.audit_head.as_deref(),
        Some(format!("{}.audit-head", db.display()).as_str())
    );
    let store = Arc::new(SqliteStore::open(db.to_str().unwrap()).unwrap());
    let state = AppState::new(config, store).with_clock(Clock::fixed(NOW));
    let record = audit::append(
        state.store.as_ref(),
        state.audit_head.as_deref(),
        &self_forget(0),
    )
    .unwrap();
    let head = HeadFile::new(format!("{}.audit-head", db.display()));
    assert_eq!(head.read().unwrap(), [(1, record.hash)]);
}

/// Verifies the chain of `store` on a plain thread.
fn verify(
    store: &SqlStore,
    head: Option<&HeadFile>,
) -> Result<audit::Verified, audit::VerifyError> {
    off_runtime(|| audit::verify_store(store.store.as_ref(), head))
}

/// An ingest, a read, an export and a forget: four audit rows (the ingest is not audited).
async fn activity(state: &AppState) {
    let app = router(state);
    let rows: Vec<_> = (1..=5u8)
        .map(|p| {
            summary_for(
                APP,
                p,
                u16::from(p),
                Purpose::Interaction,
                "/tickets/:id",
                1,
            )
        })
        .collect();
    ingest_ok(&app, &rows).await;
    let read = send(
        &app,
        get(
            &aggregates_path(APP, YESTERDAY_DATE, "interaction"),
            Some(READER_KEY),
        ),
    )
    .await;
    assert_eq!(read.status.as_u16(), 200, "{}", read.text);
    let me = json!({"app": APP, "secret": secret(1).to_hex()}).to_string();
    assert_eq!(
        send(&app, sdk_post("/v1/me", me.clone()))
            .await
            .status
            .as_u16(),
        200
    );
    assert_eq!(
        send(&app, sdk_post("/v1/me/forget", me))
            .await
            .status
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn reads_and_deletions_are_chained_and_auditors_page_through_them() {
    for store in sql_stores("audit-read") {
        let state = store.state();
        activity(&state).await;
        let old = summary_for(APP, 7, 7, Purpose::Interaction, "/tickets", 9);
        off_runtime(|| {
            state.store.store_summaries(&[old], today() - 9).unwrap();
            retention::fold(state.store.as_ref(), &state.config, today()).unwrap();
        });

        let app = router(&state);
        let reply = send(&app, get("/v1/audit?after=0", Some(AUDITOR_KEY))).await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
        let entries = reply.json["entries"].as_array().unwrap();
        let kinds: Vec<(&str, &str, &str, u64)> = entries
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap(),
                    e["actor"].as_str().unwrap(),
                    e["query"].as_str().unwrap(),
                    e["deleted"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "aggregate-read",
                    "reader:ops-analytics",
                    "day=2026-11-26&purpose=interaction",
                    0
                ),
                ("own-export", "self", "", 0),
                (
                    "forget",
                    "self",
                    "purposes=interaction,typing,pointer,navigation",
                    1
                ),
                ("fold", "admin", "before=2026-11-20", 1),
            ],
            "{}",
            store.name
        );
        assert_eq!(entries[0]["returned"], 1);
        assert_eq!(entries[0]["at_hour"].as_u64().unwrap() % 3600, 0);
        assert_eq!(reply.json["after"], 4);
        // The auditor's own read is the next row; paging goes on from `after`.
        let reply = send(&app, get("/v1/audit?after=4", Some(AUDITOR_KEY))).await;
        let next = reply.json["entries"].as_array().unwrap();
        assert_eq!(
            (next.len(), next[0]["kind"].as_str()),
            (1, Some("audit-read"))
        );
        for bad in ["after=-1", "after=x", "after=1&after=2", "from=1"] {
            let reply = send(&app, get(&format!("/v1/audit?{bad}"), Some(AUDITOR_KEY))).await;
            assert_eq!(reply.status.as_u16(), 400, "{bad}");
        }
        // Every append, deletions included, reached the head file.
        let verified = verify(&store, state.audit_head.as_deref()).unwrap();
        assert_eq!(
            (verified.rows, verified.head_lines),
            (6, 6),
            "{}",
            store.name
        );
    }
}

#[tokio::test]
async fn a_tampered_row_is_found_and_named() {
    for store in sql_stores("audit-tamper") {
        let state = store.state();
        activity(&state).await;
        assert!(verify(&store, state.audit_head.as_deref()).is_ok());
        (store.exec)("UPDATE audit_log SET returned = 0 WHERE seq = 2");
        let e = verify(&store, None).unwrap_err();
        assert!(
            e.to_string().starts_with("audit chain broken at row 2:"),
            "{}: {e}",
            store.name
        );
        // A deleted row breaks the chain where it was.
        (store.exec)("UPDATE audit_log SET returned = 1 WHERE seq = 2");
        assert!(verify(&store, None).is_ok(), "{}: restored", store.name);
        (store.exec)("DELETE FROM audit_log WHERE seq = 1");
        let e = verify(&store, None).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("audit chain broken at row 1: missing"),
            "{}: {e}",
            store.name
        );
    }
}

/// A SQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[tokio::test]
async fn a_rewritten_table_is_found_through_the_head_file() {
    for store in sql_stores("audit-rewrite") {
        let state = store.state();
        activity(&state).await;
        // Rewrite the whole table consistently: hide the forget, recompute every hash.
        let records = off_runtime(|| state.store.audit_records(0, u64::MAX).unwrap());
        let mut sql = String::from("DELETE FROM audit_log;\n");
        let mut previous = GENESIS;
        for r in records.iter().filter(|r| r.kind != "forget") {
            let mut forged = r.clone();
            forged.seq = if r.seq > 3 { r.seq - 1 } else { r.seq };
            forged.hash = activity_capture_core::digest::hex(&forged.chain_hash(&previous));
            previous = forged.hash_bytes();
            sql += &format!(
                "INSERT INTO audit_log (seq, at_hour, kind, actor, app, query, returned, suppressed, deleted, hash) \
                 VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {});\n",
                forged.seq,
                forged.at_hour,
                lit(&forged.kind),
                lit(&forged.actor),
                lit(&forged.app),
                lit(&forged.query),
                forged.returned,
                forged.suppressed,
                forged.deleted,
                lit(&forged.hash)
            );
        }
        (store.exec)(&sql);
        // The forged table is a valid chain on its own...
        assert!(verify(&store, None).is_ok(), "{}", store.name);
        // ...but the head file outside the database contradicts it.
        let head = HeadFile::new(&store.head);
        let e = verify(&store, Some(&head)).unwrap_err();
        assert!(e.to_string().contains("rewritten"), "{}: {e}", store.name);
    }
}

#[tokio::test]
async fn a_deletion_and_its_audit_row_commit_together_or_not_at_all() {
    for store in sql_stores("audit-atomic") {
        let state = store.state();
        let mine: Vec<_> = (0..3u16)
            .map(|n| summary(1, n, Purpose::Interaction))
            .collect();
        let old = summary_for(APP, 2, 9, Purpose::Interaction, "/tickets", 10);
        off_runtime(|| {
            state.store.store_summaries(&mine, today()).unwrap();
            state.store.store_summaries(&[old], today()).unwrap();
            state.store.append_audit(&self_forget(0)).unwrap();
        });
        let before = counts(&state);
        // Break the chain's head, so that appending fails inside the deletion's transaction
        // (as a crash between the deletion and its audit row would).
        (store.exec)("UPDATE audit_log SET hash = 'not a hash' WHERE seq = 1");
        let subjects =
            activity_capture_collector::access::own_subjects(&secret(1), APP, today(), 7);
        let forget = off_runtime(|| {
            state
                .store
                .forget_own_rows(APP, &subjects, &Purpose::ALL, &self_forget)
                .map(|(n, _)| n)
        });
        assert!(forget.is_err(), "{}", store.name);
        let fold = off_runtime(|| {
            retention::fold(state.store.as_ref(), &state.config, today()).map(|r| r.rows_folded)
        });
        assert!(fold.is_err(), "{}", store.name);
        assert_eq!(
            counts(&state),
            before,
            "{}: nothing deleted unaudited",
            store.name
        );

        // With the chain whole again, both delete and are audited.
        (store.exec)("DELETE FROM audit_log");
        let (deleted, record) = off_runtime(|| {
            state
                .store
                .forget_own_rows(APP, &subjects, &Purpose::ALL, &self_forget)
                .unwrap()
        });
        assert_eq!(
            (deleted, record.seq, record.deleted),
            (3, 1, 3),
            "{}",
            store.name
        );
        let report =
            off_runtime(|| retention::fold(state.store.as_ref(), &state.config, today()).unwrap());
        assert_eq!(report.rows_folded, 1, "{}", store.name);
        let after = counts(&state);
        assert_eq!(
            (after.person_rows, after.audit_entries),
            (0, 2),
            "{}",
            store.name
        );
    }
}
