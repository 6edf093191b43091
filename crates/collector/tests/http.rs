//! The HTTP API, driven without a socket: error paths, ingest outcomes, the tripwire, the
//! person's own access, k-suppressed aggregates and reader scope, CORS.

mod common;

use std::sync::Arc;

use activity_capture_collector::audit::{AuditEntry, AuditRecord};
use activity_capture_collector::storage::{
    CellTotals, FoldReport, Store, StoreCounts, StoreError, StoreOutcome,
};
use activity_capture_core::id::SubjectId;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use activity_capture_core::wire::encode;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};

/// One request that must be refused with `status` and a JSON error naming `field`.
struct ErrorCase {
    name: &'static str,
    request: Request<Body>,
    status: u16,
    field: &'static str,
}

fn case(name: &'static str, request: Request<Body>, status: u16, field: &'static str) -> ErrorCase {
    ErrorCase {
        name,
        request,
        status,
        field,
    }
}

#[tokio::test]
async fn every_error_is_json_naming_the_field_and_stores_nothing() {
    for state in states() {
        let app = router(&state);
        // Something stored beforehand, so "nothing changed" is not trivially "still empty".
        ingest_ok(&app, &[summary(1, 1, Purpose::Interaction)]).await;
        let before = counts(&state);
        assert_eq!(before.person_rows, 1);

        let good = || batch(INGEST_KEY, &[summary(2, 2, Purpose::Interaction)]);
        let too_large = format!(
            "{{\"key\":\"{INGEST_KEY}\",\"summaries\":[],\"pad\":\"{}\"}}",
            "x".repeat(70 * 1024)
        );
        let declared_large = Request::builder()
            .method("POST")
            .uri("/v1/summaries")
            .header("content-type", "text/plain")
            .header("origin", ORIGIN)
            .header("content-length", "100000")
            .body(Body::from(good()))
            .unwrap();
        let cases = vec![
            case(
                "bad JSON",
                sdk_post("/v1/summaries", "{\"key\": \"ik"),
                400,
                "body",
            ),
            case(
                "not an object",
                sdk_post("/v1/summaries", "[1,2]"),
                400,
                "body",
            ),
            case(
                "unknown field",
                sdk_post("/v1/summaries", good().replacen('{', "{\"extra\":1,", 1)),
                400,
                "extra",
            ),
            case(
                "no summaries",
                sdk_post(
                    "/v1/summaries",
                    format!("{{\"key\":\"{INGEST_KEY}\",\"summaries\":[]}}"),
                ),
                400,
                "summaries",
            ),
            case(
                "missing key",
                sdk_post("/v1/summaries", "{\"summaries\":[]}"),
                400,
                "key",
            ),
            case(
                "unknown ingest key",
                sdk_post(
                    "/v1/summaries",
                    batch("ik_guess", &[summary(2, 2, Purpose::Interaction)]),
                ),
                401,
                "key",
            ),
            case(
                "reader key used to write",
                sdk_post(
                    "/v1/summaries",
                    batch(READER_KEY, &[summary(2, 2, Purpose::Interaction)]),
                ),
                401,
                "key",
            ),
            case(
                "wrong origin",
                post(
                    "/v1/summaries",
                    Some("text/plain"),
                    Some("https://evil.example"),
                    good(),
                ),
                403,
                "Origin",
            ),
            case(
                "another app's origin",
                post(
                    "/v1/summaries",
                    Some("text/plain"),
                    Some(OTHER_ORIGIN),
                    good(),
                ),
                403,
                "Origin",
            ),
            case(
                "no origin",
                post("/v1/summaries", Some("text/plain"), None, good()),
                403,
                "Origin",
            ),
            case(
                "too large",
                sdk_post("/v1/summaries", too_large),
                413,
                "body",
            ),
            case("declared too large", declared_large, 413, "body"),
            case(
                "form content type",
                post(
                    "/v1/summaries",
                    Some("application/x-www-form-urlencoded"),
                    Some(ORIGIN),
                    good(),
                ),
                415,
                "Content-Type",
            ),
            case(
                "no content type",
                post("/v1/summaries", None, Some(ORIGIN), good()),
                415,
                "Content-Type",
            ),
            case("wrong method", get("/v1/summaries", None), 405, "method"),
            case("unknown route", get("/v1/everything", None), 404, "path"),
            case(
                "unknown route with data",
                get("/customers/jane.doe@example.com", None),
                404,
                "path",
            ),
            case("me: bad JSON", sdk_post("/v1/me", "{"), 400, "body"),
            case(
                "me: unknown field",
                sdk_post(
                    "/v1/me",
                    json!({"app": APP, "secret": secret(1).to_hex(), "day": 3}).to_string(),
                ),
                400,
                "day",
            ),
            case(
                "me: unknown field with data",
                sdk_post(
                    "/v1/me",
                    json!({"app": APP, "jane.doe@example.com": 1}).to_string(),
                ),
                400,
                "(unprintable)",
            ),
            case(
                "me: bad secret",
                sdk_post("/v1/me", json!({"app": APP, "secret": "1234"}).to_string()),
                400,
                "secret",
            ),
            case(
                "me: unknown app",
                sdk_post(
                    "/v1/me",
                    json!({"app": "payroll", "secret": secret(1).to_hex()}).to_string(),
                ),
                400,
                "app",
            ),
            case(
                "me: wrong origin",
                post(
                    "/v1/me",
                    Some("text/plain"),
                    Some(OTHER_ORIGIN),
                    json!({"app": APP, "secret": secret(1).to_hex()}).to_string(),
                ),
                403,
                "Origin",
            ),
            case("me: wrong method", get("/v1/me", None), 405, "method"),
            case(
                "forget: bad purpose",
                sdk_post(
                    "/v1/me/forget",
                    json!({"app": APP, "secret": secret(1).to_hex(), "purposes": ["keys"]})
                        .to_string(),
                ),
                400,
                "purposes[0]",
            ),
            case(
                "aggregates: no key",
                get(&aggregates_path(APP, TODAY_DATE, "interaction"), None),
                401,
                "Authorization",
            ),
            case(
                "aggregates: wrong method",
                post("/v1/aggregates", Some("application/json"), None, "{}"),
                405,
                "method",
            ),
        ];
        let app = router(&state);
        for c in cases {
            let reply = send(&app, c.request).await;
            assert_eq!(
                reply.status.as_u16(),
                c.status,
                "{}: {}",
                c.name,
                reply.text
            );
            assert!(
                reply.json["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{}: {}",
                c.name,
                reply.text
            );
            assert_eq!(reply.json["field"], c.field, "{}: {}", c.name, reply.text);
            assert_eq!(
                reply.header("content-type"),
                Some("application/json"),
                "{}",
                c.name
            );
            assert!(
                !reply.text.contains("jane.doe"),
                "{}: the error echoes personal data: {}",
                c.name,
                reply.text
            );
            assert_eq!(counts(&state), before, "{}: something was stored", c.name);
        }
        // 405 keeps the Allow header.
        let reply = send(&app, get("/v1/summaries", None)).await;
        assert!(
            reply.header("allow").is_some_and(|a| a.contains("POST")),
            "{:?}",
            reply.headers
        );
    }
}

#[tokio::test]
async fn health_is_ok() {
    let reply = send(&router(&state()), get("/healthz", None)).await;
    assert_eq!(
        (reply.status, reply.json.clone()),
        (StatusCode::OK, json!({"status": "ok"}))
    );
}

#[tokio::test]
async fn the_sdk_package_is_served_to_app_origins_when_configured() {
    let dir = std::env::temp_dir().join(format!("ac-sdk-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("activity_capture_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join(".hidden"), b"no").unwrap();
    std::fs::write(dir.join("collector.sqlite"), b"no").unwrap();
    std::fs::write(dir.join("notes.html"), b"no").unwrap();
    let text = format!(
        "sdk_dir = {:?}\n{}",
        dir.to_str().unwrap(),
        config_text(":memory:")
    );
    let config = activity_capture_collector::config::Config::parse(&text).unwrap();
    let with_sdk = activity_capture_collector::app(activity_capture_collector::AppState::new(
        config,
        Arc::new(activity_capture_collector::storage::SqliteStore::open(":memory:").unwrap()),
    ));
    let fetch = |path: &str, origin: Option<&str>| {
        let mut b = Request::builder().method("GET").uri(path);
        if let Some(o) = origin {
            b = b.header("origin", o);
        }
        b.body(Body::empty()).unwrap()
    };
    let reply = send(
        &with_sdk,
        fetch("/sdk/activity_capture_bg.wasm", Some(ORIGIN)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text.as_bytes(), b"\0asm\x01\0\0\0");
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        reply.header("cross-origin-resource-policy"),
        Some("cross-origin")
    );
    // Another origin gets the file but no permission to read it from a page.
    let reply = send(
        &with_sdk,
        fetch(
            "/sdk/activity_capture_bg.wasm",
            Some("https://evil.example"),
        ),
    )
    .await;
    assert!(reply.header("access-control-allow-origin").is_none());
    for path in [
        "/sdk/.hidden",
        "/sdk/..%2Fconfig.toml",
        "/sdk/missing.js",
        "/sdk/a%00b",
    ] {
        let reply = send(&with_sdk, fetch(path, Some(ORIGIN))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Without `sdk_dir` nothing is served there.
    let reply = send(
        &router(&state()),
        fetch("/sdk/activity_capture_bg.wasm", Some(ORIGIN)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Replaces the example target label in a summary's wire form.
fn with_label(s: &Summary, label: &str) -> String {
    let wire = encode(s);
    assert!(wire.contains("\"Assign ticket\""));
    wire.replace("\"Assign ticket\"", &serde_json::to_string(label).unwrap())
}

fn statuses(reply: &Reply) -> Vec<(String, String, String)> {
    reply.json["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {}", reply.text))
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("-").to_owned();
            (s("id"), s("status"), s("field"))
        })
        .collect()
}

#[tokio::test]
async fn each_summary_is_stored_acknowledged_as_duplicate_or_refused() {
    for state in states() {
        let app = router(&state);
        let fresh = summary(1, 1, Purpose::Interaction);
        let second = summary(1, 2, Purpose::Typing);
        let other_app = summary_for(OTHER_APP, 1, 3, Purpose::Interaction, "/deals", 0);
        let too_old = summary_for(APP, 1, 4, Purpose::Interaction, "/tickets", 8);
        let yesterday = summary_for(APP, 1, 5, Purpose::Navigation, "/tickets", 1);
        let with_email = summary(2, 6, Purpose::Interaction);
        let mut wire: Vec<String> = [&fresh, &fresh, &other_app, &too_old, &yesterday]
            .iter()
            .map(|s| encode(s))
            .collect();
        wire.push(with_label(&with_email, "mail jane.doe@example.com"));
        wire.push(encode(&second));
        wire.push(encode(&fresh).replace("\"dropped\":0", "\"dropped\":0,\"keys\":\"aaaa\""));

        let reply = send(
            &app,
            sdk_post("/v1/summaries", batch_of_wire(INGEST_KEY, &wire)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let id = |s: &Summary| s.id.to_hex();
        let expected = vec![
            (id(&fresh), "stored".into(), "-".into()),
            (id(&fresh), "duplicate".into(), "-".into()),
            (id(&other_app), "refused".into(), "app".into()),
            (id(&too_old), "refused".into(), "start".into()),
            (id(&yesterday), "stored".into(), "-".into()),
            (
                id(&with_email),
                "refused".into(),
                "data.targets[0].label".into(),
            ),
            (id(&second), "stored".into(), "-".into()),
            (id(&fresh), "refused".into(), "keys".into()),
        ];
        assert_eq!(statuses(&reply), expected, "{}", reply.text);
        assert!(
            reply.json["results"][5]["error"]
                .as_str()
                .unwrap()
                .contains("personal data"),
            "{}",
            reply.text
        );
        assert!(!reply.text.contains("jane.doe"), "{}", reply.text);
        assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
        assert!(reply.header("vary").is_some_and(|v| v.contains("Origin")));
        assert!(reply.header("set-cookie").is_none());
        assert_eq!(counts(&state).person_rows, 3);

        // A retry of the whole batch stores nothing new.
        let reply = send(
            &app,
            sdk_post("/v1/summaries", batch_of_wire(INGEST_KEY, &wire)),
        )
        .await;
        let again: Vec<String> = statuses(&reply).into_iter().map(|(_, s, _)| s).collect();
        assert_eq!(
            again,
            [
                "duplicate",
                "duplicate",
                "refused",
                "refused",
                "duplicate",
                "refused",
                "duplicate",
                "refused"
            ]
        );
        assert_eq!(counts(&state).person_rows, 3);

        // The other app's key stores it, from the other app's origin, as application/json.
        let reply = send(
            &app,
            post(
                "/v1/summaries",
                Some("application/json"),
                Some(OTHER_ORIGIN),
                batch(OTHER_INGEST_KEY, &[other_app]),
            ),
        )
        .await;
        assert_eq!(statuses(&reply)[0].1, "stored", "{}", reply.text);
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
    }
}

#[tokio::test]
async fn the_tripwire_refuses_personal_data_and_stores_nothing() {
    for state in states() {
        let app = router(&state);
        let s = summary(1, 1, Purpose::Interaction);
        let cases = [
            (
                "data.targets[0].label",
                with_label(&s, "mail jane.doe@example.com"),
            ),
            (
                "data.targets[0].label",
                with_label(&s, "card 4111 1111 1111 1111"),
            ),
            ("data.targets[0].label", with_label(&s, "call 0201234567")),
            (
                "route",
                encode(&s).replace("/tickets/:id", "/tickets/0201234567"),
            ),
            (
                "route",
                encode(&s).replace("/tickets/:id", "/tickets/4111111111111111"),
            ),
            (
                "route",
                encode(&s).replace("/tickets/:id", "/customers/jane.doe@example.com"),
            ),
        ];
        for (field, wire) in cases {
            let reply = send(
                &app,
                sdk_post("/v1/summaries", batch_of_wire(INGEST_KEY, &[wire])),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK);
            let results = statuses(&reply);
            assert_eq!(
                results,
                [(s.id.to_hex(), "refused".to_owned(), field.to_owned())],
                "{}",
                reply.text
            );
            assert!(
                !reply.text.contains("jane.doe") && !reply.text.contains("4111"),
                "{}",
                reply.text
            );
            assert_eq!(
                counts(&state).person_rows + counts(&state).person_metrics,
                0
            );
        }
    }
}

async fn own_rows(app: &axum::Router, person: u8, origin: &str, app_name: &str) -> Vec<Value> {
    let body = json!({"app": app_name, "secret": secret(person).to_hex()}).to_string();
    let reply = send(app, post("/v1/me", Some("text/plain"), Some(origin), body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    reply.json["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", reply.text))
        .clone()
}

#[tokio::test]
async fn a_person_sees_only_their_own_rows() {
    for state in states() {
        let app = router(&state);
        let alice = [
            summary(1, 1, Purpose::Interaction),
            summary(1, 2, Purpose::Typing),
            summary_for(APP, 1, 3, Purpose::Interaction, "/tickets", 1),
        ];
        let bob = [
            summary(2, 4, Purpose::Interaction),
            summary(2, 5, Purpose::Pointer),
        ];
        ingest_ok(&app, &alice).await;
        ingest_ok(&app, &bob).await;
        let crm = summary_for(OTHER_APP, 1, 6, Purpose::Interaction, "/deals", 0);
        let reply = send(
            &app,
            post(
                "/v1/summaries",
                Some("text/plain"),
                Some(OTHER_ORIGIN),
                batch(OTHER_INGEST_KEY, std::slice::from_ref(&crm)),
            ),
        )
        .await;
        assert_eq!(statuses(&reply)[0].1, "stored");

        let check = |rows: Vec<Value>, expected: &[&Summary]| {
            let mut got: Vec<String> = rows
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect();
            let mut want: Vec<String> = expected.iter().map(|s| s.id.to_hex()).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want);
            for row in rows {
                let s = expected
                    .iter()
                    .find(|s| s.id.to_hex() == row["id"])
                    .unwrap();
                assert_eq!(
                    row,
                    serde_json::from_str::<Value>(&encode(s)).unwrap(),
                    "rows are the canonical wire form"
                );
            }
        };
        check(
            own_rows(&app, 1, ORIGIN, APP).await,
            &[&alice[0], &alice[1], &alice[2]],
        );
        check(own_rows(&app, 2, ORIGIN, APP).await, &[&bob[0], &bob[1]]);
        check(own_rows(&app, 3, ORIGIN, APP).await, &[]);
        check(own_rows(&app, 1, OTHER_ORIGIN, OTHER_APP).await, &[&crm]);
        assert_eq!(counts(&state).audit_entries, 4, "every read is audited");

        // Forgetting one purpose deletes exactly the person's rows of that purpose.
        let body =
            json!({"app": APP, "secret": secret(1).to_hex(), "purposes": ["typing"]}).to_string();
        let reply = send(&app, sdk_post("/v1/me/forget", body)).await;
        assert_eq!(
            (reply.status, reply.json.clone()),
            (StatusCode::OK, json!({"deleted": 1})),
            "{}",
            reply.text
        );
        check(
            own_rows(&app, 1, ORIGIN, APP).await,
            &[&alice[0], &alice[2]],
        );
        let body = json!({"app": APP, "secret": secret(1).to_hex()}).to_string();
        let reply = send(&app, sdk_post("/v1/me/forget", body)).await;
        assert_eq!(reply.json, json!({"deleted": 2}));
        check(own_rows(&app, 1, ORIGIN, APP).await, &[]);
        check(own_rows(&app, 2, ORIGIN, APP).await, &[&bob[0], &bob[1]]);
        let c = counts(&state);
        assert_eq!((c.person_rows, c.person_metrics > 0), (3, true));
    }
}

async fn read(app: &axum::Router, key: Option<&str>, app_name: &str, purpose: &str) -> Reply {
    read_day(app, key, app_name, purpose, 1).await
}

/// Reads the aggregates of the day `days_ago` days before [`NOW`].
async fn read_day(
    app: &axum::Router,
    key: Option<&str>,
    app_name: &str,
    purpose: &str,
    days_ago: u64,
) -> Reply {
    let day = activity_capture_collector::calendar::date_of(today() - days_ago);
    send(app, get(&aggregates_path(app_name, &day, purpose), key)).await
}

/// An interaction summary of `person` on `/tickets/:id`, `days_ago` days before [`NOW`].
fn on_day(person: u8, id: u16, days_ago: u64) -> Summary {
    summary_for(
        APP,
        person,
        id,
        Purpose::Interaction,
        "/tickets/:id",
        days_ago,
    )
}

#[tokio::test]
async fn aggregates_need_k_people_and_a_reader_in_scope() {
    for state in states() {
        let app = router(&state);
        // Each answer is frozen at its first read, so each step is a day of its own.
        // Four people (day 3): withheld.
        let four: Vec<Summary> = (1..=4).map(|p| on_day(p, u16::from(p), 3)).collect();
        ingest_ok(&app, &four).await;
        let reply = read_day(&app, Some(READER_KEY), APP, "interaction", 3).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(
            reply.json,
            json!({"app": APP, "day": "2026-11-24", "purpose": "interaction", "k": 5, "totals": {}, "cells": [], "suppressed": 1})
        );
        // The same person twice more does not make five people (day 2).
        let mut rows: Vec<Summary> = (1..=4).map(|p| on_day(p, u16::from(p), 2)).collect();
        rows.extend([on_day(4, 40, 2), on_day(4, 41, 2)]);
        ingest_ok(&app, &rows).await;
        let reply = read_day(&app, Some(READER_KEY), APP, "interaction", 2).await;
        assert_eq!(reply.json["suppressed"], 1, "{}", reply.text);

        // Five people (day 1): published, with sums.
        let mut rows: Vec<Summary> = (1..=5).map(|p| on_day(p, u16::from(p), 1)).collect();
        rows.extend([on_day(4, 40, 1), on_day(4, 41, 1)]);
        ingest_ok(&app, &rows).await;
        let reply = read(&app, Some(READER_KEY), APP, "interaction").await;
        assert_eq!(reply.json["suppressed"], 0, "{}", reply.text);
        let cell = &reply.json["cells"][0];
        assert_eq!(cell["route"], "/tickets/:id");
        assert_eq!(cell["people"], 5);
        assert_eq!(cell["metrics"]["summaries"], 7);
        assert_eq!(cell["metrics"]["data.clicks"], 7 * 42);
        assert_eq!(cell["metrics"]["data.active_s"], 7 * 600);
        assert_eq!(cell["metrics"]["targets.Assign ticket.clicks"], 7 * 9);
        assert!(!reply.text.contains("subject") && !reply.text.contains(&rows[4].id.to_hex()));

        // Scope: another purpose, another app, an ingest key, no key, an unknown key.
        let cases = [
            (Some(READER_KEY), APP, "typing", 403, "purpose"),
            (Some(READER_KEY), OTHER_APP, "interaction", 403, "app"),
            (Some(OTHER_READER_KEY), APP, "interaction", 403, "app"),
            (Some(INGEST_KEY), APP, "interaction", 401, "Authorization"),
            (None, APP, "interaction", 401, "Authorization"),
            (Some("rk_guess"), APP, "interaction", 401, "Authorization"),
        ];
        let audited = counts(&state).audit_entries;
        for (key, app_name, purpose, status, field) in cases {
            let reply = read(&app, key, app_name, purpose).await;
            assert_eq!(
                (reply.status.as_u16(), reply.json["field"].as_str()),
                (status, Some(field)),
                "{key:?} {app_name} {purpose}: {}",
                reply.text
            );
        }
        assert_eq!(
            counts(&state).audit_entries,
            audited,
            "refused reads return nothing"
        );
        // An ingest key as Basic credentials or without the scheme is refused too.
        let raw = Request::builder()
            .uri(aggregates_path(APP, YESTERDAY_DATE, "interaction"))
            .header("authorization", READER_KEY)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, raw).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn aggregate_queries_accept_exactly_app_day_and_purpose() {
    for state in states() {
        let app = router(&state);
        let cases = [
            (
                "app=ticket-desk&day=2026-11-27&purpose=interaction&route=/tickets",
                "route",
            ),
            (
                "app=ticket-desk&day=2026-11-27&purpose=interaction&subject=abc",
                "subject",
            ),
            (
                "app=ticket-desk&day=2026-11-27&purpose=interaction&jane.doe@example.com=1",
                "(unprintable)",
            ),
            ("app=ticket-desk&day=2026-11-27", "purpose"),
            (
                "app=ticket-desk&day=2026-11-27&purpose=interaction&day=2026-11-26",
                "day",
            ),
            ("app=ticket-desk&day=2026-02-30&purpose=interaction", "day"),
            ("app=ticket-desk&day=today&purpose=interaction", "day"),
            (
                "app=ticket-desk&day=2026-11-27&purpose=keystrokes",
                "purpose",
            ),
            ("", "app"),
            // Today is open: published only after it ends (plus the grace).
            ("app=ticket-desk&day=2026-11-27&purpose=interaction", "day"),
            ("app=ticket-desk&day=2026-11-28&purpose=interaction", "day"),
            // Older than the app's aggregate retention (400 days).
            ("app=ticket-desk&day=2025-10-01&purpose=interaction", "day"),
        ];
        for (query, field) in cases {
            let reply = send(
                &app,
                get(&format!("/v1/aggregates?{query}"), Some(READER_KEY)),
            )
            .await;
            assert_eq!(
                (reply.status, reply.json["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some(field)),
                "{query}: {}",
                reply.text
            );
            assert!(!reply.text.contains("jane.doe"));
        }
        let ok = send(
            &app,
            get(
                &format!("/v1/aggregates?app={APP}&day=2026-11-26&purpose=navigation"),
                Some(READER_KEY),
            ),
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    }
}

#[tokio::test]
async fn preflight_is_answered_for_known_origins_only() {
    let app = router(&state());
    let preflight = |origin: &str, path: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri(path)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let reply = send(&app, preflight(ORIGIN, "/v1/summaries")).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(reply.header("access-control-allow-methods"), Some("POST"));
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("content-type")
    );
    assert!(reply.header("access-control-allow-credentials").is_none());
    let reply = send(&app, preflight(ORIGIN, "/v1/me")).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = send(&app, preflight("https://evil.example", "/v1/summaries")).await;
    assert_eq!(
        (reply.status, reply.json["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("Origin"))
    );
    assert!(reply.header("access-control-allow-origin").is_none());
    // A refused origin gets no CORS header on a real request either.
    let reply = send(
        &app,
        post(
            "/v1/summaries",
            Some("text/plain"),
            Some("https://evil.example"),
            "{}",
        ),
    )
    .await;
    assert!(reply.header("access-control-allow-origin").is_none());
    assert!(reply.header("vary").is_some_and(|v| v.contains("Origin")));
}

/// A store that fails every call, with details that must not reach the client.
struct BrokenStore;

fn broken<T>() -> Result<T, StoreError> {
    Err(StoreError::Corrupt(
        "disk /var/lib/secret-path exploded".into(),
    ))
}

impl Store for BrokenStore {
    fn schema_versions(&self) -> Result<Vec<u32>, StoreError> {
        broken()
    }
    fn store_summaries(&self, _: &[Summary], _: u64) -> Result<Vec<StoreOutcome>, StoreError> {
        broken()
    }
    fn own_rows(&self, _: &str, _: &[(u64, SubjectId)]) -> Result<Vec<String>, StoreError> {
        broken()
    }
    fn forget_own_rows(
        &self,
        _: &str,
        _: &[(u64, SubjectId)],
        _: &[Purpose],
        _: &dyn Fn(u64) -> AuditEntry,
    ) -> Result<(u64, AuditRecord), StoreError> {
        broken()
    }
    fn cells(&self, _: &str, _: u64, _: Purpose) -> Result<Vec<CellTotals>, StoreError> {
        broken()
    }
    fn fold_days_before(
        &self,
        _: u64,
        _: &dyn Fn(&FoldReport) -> Option<AuditEntry>,
    ) -> Result<(FoldReport, Option<AuditRecord>), StoreError> {
        broken()
    }
    fn delete_aggregates_before(
        &self,
        _: &str,
        _: u64,
        _: &dyn Fn(u64) -> Option<AuditEntry>,
    ) -> Result<(u64, Option<AuditRecord>), StoreError> {
        broken()
    }
    fn append_audit(&self, _: &AuditEntry) -> Result<AuditRecord, StoreError> {
        broken()
    }
    fn audit_records(&self, _: u64, _: u64) -> Result<Vec<AuditRecord>, StoreError> {
        broken()
    }
    fn counts(&self) -> Result<StoreCounts, StoreError> {
        broken()
    }
}

#[tokio::test]
async fn faults_answer_500_without_details() {
    let app = router(&state_with(Arc::new(BrokenStore)));
    let requests = [
        sdk_post(
            "/v1/summaries",
            batch(INGEST_KEY, &[summary(1, 1, Purpose::Interaction)]),
        ),
        sdk_post(
            "/v1/me",
            json!({"app": APP, "secret": secret(1).to_hex()}).to_string(),
        ),
        get(
            &aggregates_path(APP, YESTERDAY_DATE, "interaction"),
            Some(READER_KEY),
        ),
        sdk_post(
            "/v1/me/forget",
            json!({"app": APP, "secret": secret(1).to_hex()}).to_string(),
        ),
    ];
    for request in requests {
        let reply = send(&app, request).await;
        assert_eq!(
            (reply.status, reply.json.clone()),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": "internal error"})
            )
        );
    }
}
