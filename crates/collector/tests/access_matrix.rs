//! The access-control matrix: every role × every endpoint, with the exact status, and proof
//! that no data crosses a boundary: a person's rows reach that person only, cells reach the
//! reader in scope only, the audit log reaches the auditor only, writes come only from the
//! app's own ingest key, and deletions only from the person. Runs against SQLite and, when
//! `ACTIVITY_CAPTURE_PG_URL` is set, PostgreSQL.

mod common;

use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::json;

/// How a role presents itself: nothing, a key, or a person's device secret.
#[derive(Clone, Copy, Debug)]
enum Credential {
    Nothing,
    Key(&'static str),
    Person(u8),
}

impl Credential {
    /// The text the role puts where an endpoint expects a key or a secret.
    fn text(self) -> Option<String> {
        match self {
            Credential::Nothing => None,
            Credential::Key(k) => Some(k.to_owned()),
            Credential::Person(n) => Some(secret(n).to_hex()),
        }
    }
}

const ROLES: [(&str, Credential); 9] = [
    ("none", Credential::Nothing),
    ("wrong app's ingest key", Credential::Key(OTHER_INGEST_KEY)),
    ("ingest", Credential::Key(INGEST_KEY)),
    ("reader of another app", Credential::Key(OTHER_READER_KEY)),
    (
        "reader lacking the purpose",
        Credential::Key(NARROW_READER_KEY),
    ),
    ("reader", Credential::Key(READER_KEY)),
    ("the person", Credential::Person(1)),
    ("another person", Credential::Person(2)),
    ("auditor", Credential::Key(AUDITOR_KEY)),
];

const ENDPOINTS: [&str; 7] = [
    "GET /healthz",
    "GET /metrics",
    "POST /v1/summaries",
    "POST /v1/me",
    "POST /v1/me/forget",
    "GET /v1/aggregates",
    "GET /v1/audit",
];

/// Expected status per role (rows, in [`ROLES`] order) and endpoint (columns, in
/// [`ENDPOINTS`] order).
const EXPECTED: [[u16; 7]; 9] = [
    //health metrics ingest  me   forget aggr  audit
    [200, 200, 400, 400, 400, 401, 401], // none
    [200, 200, 403, 400, 400, 401, 401], // wrong app's ingest key
    [200, 200, 200, 400, 400, 401, 401], // ingest
    [200, 200, 401, 400, 400, 403, 401], // reader of another app
    [200, 200, 401, 400, 400, 403, 401], // reader lacking the purpose
    [200, 200, 401, 400, 400, 200, 401], // reader
    [200, 200, 401, 200, 200, 401, 401], // the person
    [200, 200, 401, 200, 200, 401, 401], // another person
    [200, 200, 401, 400, 400, 401, 200], // auditor
];

/// The seeded world on `state`: five people with an interaction summary each yesterday (one
/// published cell, yesterday being closed), and person 1 with a typing summary too.
fn seeded(state: AppState) -> (AppState, Vec<Summary>) {
    let mut rows: Vec<Summary> = (1..=5u8)
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
    rows.push(summary_for(APP, 1, 100, Purpose::Typing, "/tickets/:id", 1));
    store_rows(&state, &rows);
    (state, rows)
}

use activity_capture_collector::AppState;

fn request(endpoint: &str, credential: Credential) -> Request<Body> {
    let text = credential.text();
    let bearer = text.as_deref();
    match endpoint {
        "GET /healthz" => get("/healthz", bearer),
        "GET /metrics" => get("/metrics", bearer),
        "POST /v1/summaries" => {
            let fresh = summary(9, 999, Purpose::Interaction);
            let body = match &text {
                Some(key) => batch(key, &[fresh]),
                None => batch("x", &[fresh]).replacen("\"key\":\"x\",", "", 1),
            };
            sdk_post("/v1/summaries", body)
        }
        "POST /v1/me" | "POST /v1/me/forget" => {
            let mut body = json!({"app": APP});
            if let Some(t) = &text {
                body["secret"] = t.clone().into();
            }
            sdk_post(&endpoint[5..], body.to_string())
        }
        "GET /v1/aggregates" => get(&aggregates_path(APP, YESTERDAY_DATE, "interaction"), bearer),
        "GET /v1/audit" => get("/v1/audit?after=0", bearer),
        other => panic!("no request for {other}"),
    }
}

#[tokio::test]
async fn every_role_gets_exactly_its_own_access_on_every_endpoint() {
    for kind in store_kinds() {
        every_role_on(kind).await;
    }
}

/// The matrix on stores of `kind`, each case on a fresh database.
async fn every_role_on(name: &str) {
    for (r, (role, credential)) in ROLES.iter().enumerate() {
        for (e, endpoint) in ENDPOINTS.iter().enumerate() {
            let (state, rows) = seeded(state_with(fresh_store(name)));
            let app = router(&state);
            // An earlier read, so the audit log has something an intruder could see.
            let warmup = send(
                &app,
                request("GET /v1/aggregates", Credential::Key(READER_KEY)),
            )
            .await;
            assert_eq!(warmup.status.as_u16(), 200);
            let before = counts(&state);
            let reply = send(&app, request(endpoint, *credential)).await;
            let after = counts(&state);
            let at = format!("{name}: {role} × {endpoint}: {}", reply.text);
            assert_eq!(reply.status.as_u16(), EXPECTED[r][e], "{at}");
            if reply.status.as_u16() >= 400 {
                assert!(reply.json["error"].is_string(), "{at}");
            }

            // A person's identifiers appear only in that person's own export.
            for s in &rows {
                let own = *endpoint == "POST /v1/me"
                    && matches!(credential, Credential::Person(p) if s.subject == secret(*p).subject_for(APP, today() - 1));
                for id in [s.id.to_hex(), s.subject.to_hex()] {
                    assert_eq!(reply.text.contains(&id), own, "{id} in {at}");
                }
            }
            // Cells reach the reader in scope only; the audit log reaches the auditor only.
            let cells = reply.json["cells"]
                .as_array()
                .is_some_and(|c| !c.is_empty());
            assert_eq!(
                cells,
                (*role, *endpoint) == ("reader", "GET /v1/aggregates"),
                "{at}"
            );
            let audit = reply.text.contains("reader:ops-analytics");
            assert_eq!(
                audit,
                (*role, *endpoint) == ("auditor", "GET /v1/audit"),
                "{at}"
            );

            // Writes only by the app's ingest key; deletions only by the person, of their own.
            let stored = after.person_rows as i64 - before.person_rows as i64;
            let expected_change = match (*role, *endpoint) {
                ("ingest", "POST /v1/summaries") => 1,
                ("the person", "POST /v1/me/forget") => -2,
                ("another person", "POST /v1/me/forget") => -1,
                _ => 0,
            };
            assert_eq!(stored, expected_change, "{at}");
            // Every successful read or deletion is audited, and nothing else is.
            let audited = after.audit_entries - before.audit_entries;
            let audits = matches!(
                *endpoint,
                "POST /v1/me" | "POST /v1/me/forget" | "GET /v1/aggregates" | "GET /v1/audit"
            ) && reply.status.as_u16() == 200;
            assert_eq!(audited, u64::from(audits), "{at}");
        }
    }
}
