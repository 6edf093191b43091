//! The hash-chained audit log: reads and deletions are appended, auditors read them, and
//! `verify-audit` finds a tampered row and a rewritten table (through the head file kept
//! outside the database).

mod common;

use std::sync::Arc;

use activity_capture_collector::audit::{self, AuditRecord, HeadFile, GENESIS};
use activity_capture_collector::config::Config;
use activity_capture_collector::storage::SqliteStore;
use activity_capture_collector::{retention, AppState, Clock};
use activity_capture_core::purpose::Purpose;
use common::*;
use serde_json::json;

/// A state over a SQLite file in a fresh directory, with its head file beside it.
fn file_state(name: &str) -> (AppState, std::path::PathBuf) {
    let dir = temp_dir(name);
    let db = dir.join("c.sqlite");
    let config = Config::parse(&config_text(db.to_str().unwrap())).unwrap();
    assert_eq!(
        config.audit_head.as_deref(),
        Some(format!("{}.audit-head", db.display()).as_str())
    );
    let store = Arc::new(SqliteStore::open(db.to_str().unwrap()).unwrap());
    (
        AppState::new(config, store).with_clock(Clock::fixed(NOW)),
        db,
    )
}

async fn activity(state: &AppState) {
    let app = router(state);
    let rows: Vec<_> = (1..=5u8)
        .map(|p| summary(p, u16::from(p), Purpose::Interaction))
        .collect();
    ingest_ok(&app, &rows).await;
    let read = send(
        &app,
        get(
            &aggregates_path(APP, TODAY_DATE, "interaction"),
            Some(READER_KEY),
        ),
    )
    .await;
    assert_eq!(read.status.as_u16(), 200);
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
    let (state, _db) = file_state("audit-read");
    activity(&state).await;
    let old = summary_for(APP, 7, 7, Purpose::Interaction, "/tickets", 9);
    state.store.store_summaries(&[old], today() - 9).unwrap();
    retention::fold(state.store.as_ref(), &state.config, today()).unwrap();

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
                "day=2026-11-27&purpose=interaction",
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
        ]
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
    let verified = audit::verify_store(state.store.as_ref(), state.audit_head.as_deref()).unwrap();
    assert_eq!((verified.rows, verified.head_lines), (6, 6));
}

#[tokio::test]
async fn a_tampered_row_is_found_and_named() {
    let (state, db) = file_state("audit-tamper");
    activity(&state).await;
    assert!(audit::verify_store(state.store.as_ref(), state.audit_head.as_deref()).is_ok());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE audit_log SET returned = 0 WHERE seq = 2", [])
        .unwrap();
    drop(conn);
    let e = audit::verify_store(state.store.as_ref(), None).unwrap_err();
    assert!(
        e.to_string().starts_with("audit chain broken at row 2:"),
        "{e}"
    );
    // A deleted row breaks the chain where it was.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE audit_log SET returned = 1 WHERE seq = 2", [])
        .unwrap();
    assert!(
        audit::verify_store(state.store.as_ref(), None).is_ok(),
        "restored"
    );
    conn.execute("DELETE FROM audit_log WHERE seq = 1", [])
        .unwrap();
    drop(conn);
    let e = audit::verify_store(state.store.as_ref(), None).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("audit chain broken at row 1: missing"),
        "{e}"
    );
}

#[tokio::test]
async fn a_rewritten_table_is_found_through_the_head_file() {
    let (state, db) = file_state("audit-rewrite");
    activity(&state).await;
    // Rewrite the whole table consistently: hide the forget, recompute every hash.
    let records = state.store.audit_records(0, u64::MAX).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("DELETE FROM audit_log", []).unwrap();
    let mut previous = GENESIS;
    for r in records.iter().filter(|r| r.kind != "forget") {
        let mut forged = r.clone();
        forged.seq = if r.seq > 3 { r.seq - 1 } else { r.seq };
        forged.hash = activity_capture_core::digest::hex(&forged.chain_hash(&previous));
        previous = forged.hash_bytes();
        conn.execute(
            "INSERT INTO audit_log VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                forged.seq as i64,
                forged.at_hour as i64,
                forged.kind,
                forged.actor,
                forged.app,
                forged.query,
                forged.returned as i64,
                forged.suppressed as i64,
                forged.deleted as i64,
                forged.hash
            ],
        )
        .unwrap();
    }
    drop(conn);
    // The forged table is a valid chain on its own...
    assert!(audit::verify_store(state.store.as_ref(), None).is_ok());
    // ...but the head file outside the database contradicts it.
    let head = HeadFile::new(format!("{}.audit-head", db.display()));
    let e = audit::verify_store(state.store.as_ref(), Some(&head)).unwrap_err();
    assert!(e.to_string().contains("rewritten"), "{e}");
    let _: Vec<AuditRecord> = records;
}
