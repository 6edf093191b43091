//! The HTTP routes and their handlers. Handlers only read the request, call the policy modules
//! (`ingest`, `access`) and the store, and write the answer; there is no SQL here.
//!
//! | route | who | what |
//! |---|---|---|
//! | `GET /healthz` | anyone | `{"status":"ok"}` |
//! | `POST /v1/summaries` | SDK (ingest key in the body, app origin) | per-summary `stored` / `duplicate` / `refused` |
//! | `POST /v1/me` | the person (device secret, app origin) | their own rows still held |
//! | `POST /v1/me/forget` | the person (device secret, app origin) | deletes their own rows (all purposes, or those listed) |
//! | `GET /v1/aggregates` | readers (`Authorization: Bearer`) | k-suppressed cells of one app, closed day and purpose, and totals of the published cells; frozen at the first read |
//! | `GET /v1/audit?after=N` | auditors (`Authorization: Bearer`) | the audit log's rows after `N`, at most [`AUDIT_PAGE`] |
//!
//! Bodies are `text/plain` (what the SDK sends: a simple request, no preflight) or
//! `application/json`, at most [`MAX_BODY_BYTES`]. Administrative operations (fold, key
//! hashing) are command-line only; there is no admin route.

use activity_capture_core::id::SubjectSecret;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::redact::redact;
use activity_capture_core::window::DAY_SECONDS;
use activity_capture_core::wire;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::access;
use crate::audit::{self, AuditEntry, AuditKind};
use crate::calendar;
use crate::cors;
use crate::error::ApiError;
use crate::ingest;
use crate::request_log;
use crate::retention;
use crate::storage::{Store, StoreError};
use crate::AppState;

/// The largest request body accepted: the browser's keepalive quota.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The most audit rows one `/v1/audit` answer carries.
pub const AUDIT_PAGE: u64 = 500;

/// The router over `state`, with request logging, CORS and JSON errors for every path.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route(
            "/v1/summaries",
            post(post_summaries).options(preflight_post),
        )
        .route("/v1/me", post(post_me).options(preflight_post))
        .route("/v1/me/forget", post(post_forget).options(preflight_post))
        .route("/v1/aggregates", get(get_aggregates).options(preflight_get))
        .route("/v1/audit", get(get_audit))
        .route("/sdk/{file}", get(get_sdk_file))
        .fallback(not_found)
        .layer(middleware::map_response(json_method_not_allowed))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cors::allow_known_origins,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count_request))
        .layer(middleware::from_fn(request_log::log_request))
        .with_state(state)
}

async fn healthz() -> Response {
    json_response(StatusCode::OK, json!({"status": "ok"}).to_string())
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        state.counters.render(),
    )
        .into_response()
}

/// Counts every answered request by route template and status.
async fn count_request(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    state.counters.request(&route, response.status().as_u16());
    response
}

async fn post_summaries(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_body(&headers, body).await?;
    let batch = wire::decode_batch(&bytes).map_err(|e| {
        let field = if e.field.is_empty() {
            "body".to_owned()
        } else {
            e.field
        };
        ApiError::bad(field, e.problem)
    })?;
    let app = ingest::authorize(&state.config, &batch.key, origin(&headers))?;
    if let Err(retry_after) = state
        .rate_limits
        .take(app.name.as_str(), state.clock.now_ms())
    {
        state.counters.rate_limited();
        return Err(ApiError::TooManyRequests { retry_after });
    }
    let today = state.clock.today();
    let triage = ingest::triage(app, batch.summaries, today, state.config.retention_days);
    let (triage, outcomes) = if triage.accepted.is_empty() {
        (triage, Vec::new())
    } else {
        blocking(&state, move |store| {
            let outcomes = store.store_summaries(&triage.accepted, today)?;
            Ok((triage, outcomes))
        })
        .await?
    };
    let results = ingest::results(triage, outcomes);
    state.counters.summaries(&results);
    Ok(json_response(
        StatusCode::OK,
        json!({"results": results}).to_string(),
    ))
}

/// The app and secret of a `/v1/me` request, after the origin check.
fn own_request(
    state: &AppState,
    headers: &HeaderMap,
    obj: &Map<String, Value>,
) -> Result<(String, SubjectSecret), ApiError> {
    let app = state
        .config
        .app(required_str(obj, "app")?)
        .ok_or_else(|| ApiError::bad("app", "unknown app"))?;
    ingest::check_origin(app, origin(headers))?;
    let secret = SubjectSecret::parse(required_str(obj, "secret")?)
        .ok_or_else(|| ApiError::bad("secret", "expected the 64-hex-digit device secret"))?;
    Ok((app.name.as_str().to_owned(), secret))
}

async fn post_me(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_body(&headers, body).await?;
    let obj = parse_object(&bytes, &["app", "secret"])?;
    let (app, secret) = own_request(&state, &headers, &obj)?;
    let subjects = access::own_subjects(
        &secret,
        &app,
        state.clock.today(),
        state.config.retention_days,
    );
    let now = state.clock.now();
    let head = state.audit_head.clone();
    let rows = blocking(&state, move |store| {
        let rows = store.own_rows(&app, &subjects)?;
        let entry = AuditEntry {
            at: now,
            kind: AuditKind::OwnExport,
            actor: "self".into(),
            app,
            query: String::new(),
            returned: rows.len() as u64,
            suppressed: 0,
            deleted: 0,
        };
        audit::append(store, head.as_deref(), &entry)?;
        Ok(rows)
    })
    .await?;
    // The rows are canonical wire JSON written by the core's one writer: embedded verbatim.
    Ok(json_response(
        StatusCode::OK,
        format!("{{\"rows\":[{}]}}", rows.join(",")),
    ))
}

async fn post_forget(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_body(&headers, body).await?;
    let obj = parse_object(&bytes, &["app", "secret", "purposes"])?;
    let (app, secret) = own_request(&state, &headers, &obj)?;
    let purposes = match obj.get("purposes") {
        None => Purpose::ALL.to_vec(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(n, p)| {
                p.as_str().and_then(Purpose::parse).ok_or_else(|| {
                    ApiError::bad(
                        format!("purposes[{n}]"),
                        "expected interaction, typing, pointer or navigation",
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(ApiError::bad("purposes", "expected a list of purposes")),
    };
    let subjects = access::own_subjects(
        &secret,
        &app,
        state.clock.today(),
        state.config.retention_days,
    );
    let (now, head) = (state.clock.now(), state.audit_head.clone());
    let deleted = blocking(&state, move |store| {
        let names: Vec<&str> = purposes.iter().map(|p| p.as_str()).collect();
        let query = format!("purposes={}", names.join(","));
        // The deletion and its audit row are one transaction.
        let (deleted, record) =
            store.forget_own_rows(&app, &subjects, &purposes, &|deleted| AuditEntry {
                at: now,
                kind: AuditKind::Forget,
                actor: "self".into(),
                app: app.clone(),
                query: query.clone(),
                returned: 0,
                suppressed: 0,
                deleted,
            })?;
        audit::record_head(head.as_deref(), &record)?;
        Ok(deleted)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        json!({"deleted": deleted}).to_string(),
    ))
}

/// The `Authorization` header as text, if present and readable.
fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
}

async fn get_aggregates(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let reader = access::reader(&state.config, authorization(&headers))?;
    let q = AggregateQuery::parse(query.as_deref().unwrap_or(""))?;
    let purpose = Purpose::parse(q.purpose).ok_or_else(|| {
        ApiError::bad(
            "purpose",
            "expected interaction, typing, pointer or navigation",
        )
    })?;
    let day = calendar::day_of(q.day)
        .ok_or_else(|| ApiError::bad("day", "expected a date YYYY-MM-DD"))?;
    access::check_scope(reader, q.app, purpose)?;
    let app_config = state
        .config
        .app(q.app)
        .ok_or_else(|| ApiError::bad("app", "unknown app"))?;
    let grace = state.config.publish_grace_hours;
    let from = retention::published_from(day, grace);
    if state.clock.now() < from {
        return Err(ApiError::bad(
            "day",
            format!(
                "not published yet: a UTC day is published {grace} h after it ends (for late summaries), so this one from {}T{:02}:00:00Z",
                calendar::date_of(from / DAY_SECONDS),
                from % DAY_SECONDS / 3600
            ),
        ));
    }
    let retention_days = app_config.aggregate_retention_days;
    if day < retention::oldest_aggregate_day(state.clock.today(), retention_days) {
        return Err(ApiError::bad(
            "day",
            format!("older than this app's aggregate retention ({retention_days} days)"),
        ));
    }

    let (app, actor, k, now, head) = (
        q.app.to_owned(),
        format!("reader:{}", reader.name),
        state.config.k,
        state.clock.now(),
        state.audit_head.clone(),
    );
    let query = format!(
        "day={}&purpose={}",
        calendar::date_of(day),
        purpose.as_str()
    );
    let (cells, suppressed) = blocking(&state, move |store| {
        let (cells, suppressed) = access::publish(store.cells(&app, day, purpose)?, k);
        let entry = AuditEntry {
            at: now,
            kind: AuditKind::AggregateRead,
            actor,
            app,
            query,
            returned: cells.len() as u64,
            suppressed,
            deleted: 0,
        };
        audit::append(store, head.as_deref(), &entry)?;
        Ok((cells, suppressed))
    })
    .await?;
    let body = json!({
        "app": q.app,
        "day": calendar::date_of(day),
        "purpose": purpose.as_str(),
        "k": k,
        "totals": access::totals(&cells),
        "cells": cells,
        "suppressed": suppressed,
    });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

async fn get_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let auditor = access::auditor(&state.config, authorization(&headers))?;
    let mut after = None;
    for pair in query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k != "after" {
            return Err(ApiError::bad(
                printable(k),
                "unknown query parameter (expected after)",
            ));
        }
        let n = v
            .parse::<u64>()
            .ok()
            .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| ApiError::bad("after", "expected a row number (0 for the start)"))?;
        if after.replace(n).is_some() {
            return Err(ApiError::bad("after", "given more than once"));
        }
    }
    let after = after.unwrap_or(0);
    let (actor, now, head) = (
        format!("auditor:{}", auditor.name),
        state.clock.now(),
        state.audit_head.clone(),
    );
    let entries = blocking(&state, move |store| {
        let entries = store.audit_records(after, AUDIT_PAGE)?;
        let entry = AuditEntry {
            at: now,
            kind: AuditKind::AuditRead,
            actor,
            app: String::new(),
            query: format!("after={after}"),
            returned: entries.len() as u64,
            suppressed: 0,
            deleted: 0,
        };
        audit::append(store, head.as_deref(), &entry)?;
        Ok(entries)
    })
    .await?;
    let next = entries.last().map_or(after, |e| e.seq);
    let body = json!({"entries": entries, "after": next});
    Ok(json_response(StatusCode::OK, body.to_string()))
}

/// The query of `/v1/aggregates`. Values are taken verbatim (no percent-decoding): every valid
/// value is made of characters that need none.
struct AggregateQuery<'a> {
    app: &'a str,
    day: &'a str,
    purpose: &'a str,
}

impl<'a> AggregateQuery<'a> {
    fn parse(query: &'a str) -> Result<AggregateQuery<'a>, ApiError> {
        let (mut app, mut day, mut purpose) = (None, None, None);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match k {
                "app" => &mut app,
                "day" => &mut day,
                "purpose" => &mut purpose,
                _ => {
                    return Err(ApiError::bad(
                        printable(k),
                        "unknown query parameter (expected app, day and purpose)",
                    ))
                }
            };
            if slot.replace(v).is_some() {
                return Err(ApiError::bad(k, "given more than once"));
            }
        }
        let missing = |k: &str| ApiError::bad(k, "missing query parameter");
        Ok(AggregateQuery {
            app: app.ok_or_else(|| missing("app"))?,
            day: day.ok_or_else(|| missing("day"))?,
            purpose: purpose.ok_or_else(|| missing("purpose"))?,
        })
    }
}

async fn preflight_post(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cors::preflight(&state, origin(&headers), Method::POST, "content-type")
}

async fn preflight_get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cors::preflight(&state, origin(&headers), Method::GET, "authorization")
}

/// A file of the built SDK package (`sdk_dir`), e.g. its WebAssembly for pages whose CSP lets
/// them reach only the collector. Flat names of the package's kinds of file only (.wasm, .js,
/// .mjs, .d.ts, .d.mts, .json); 404 for anything else and when no package is configured.
async fn get_sdk_file(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    // Flat names of the package's own kinds of file only: whatever else an operator leaves in
    // the directory (a database, a config) is never served.
    let plain = !file.starts_with('.')
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && [".wasm", ".js", ".mjs", ".d.ts", ".d.mts", ".json"]
            .iter()
            .any(|ext| file.ends_with(ext));
    let Some(dir) = state.config.sdk_dir.as_deref().filter(|_| plain) else {
        return ApiError::NotFound.into_response();
    };
    let path = std::path::Path::new(dir).join(&file);
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(crate::static_files::content_type(&path)),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
                (
                    header::HeaderName::from_static("cross-origin-resource-policy"),
                    HeaderValue::from_static("cross-origin"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => ApiError::NotFound.into_response(),
    }
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Replaces the router's empty 405 answer with the JSON error, keeping its `Allow` header.
async fn json_method_not_allowed(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let (json_parts, body) = ApiError::MethodNotAllowed.into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &json_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, body)
}

/// Runs a store operation on a blocking thread.
async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| ApiError::Internal(format!("storage task failed: {e}")))?
        .map_err(ApiError::from)
}

fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

/// Reads a body of an accepted content type, refusing more than [`MAX_BODY_BYTES`].
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "text/plain" && essence != "application/json" {
        return Err(ApiError::UnsupportedMediaType);
    }
    let too_large = ApiError::PayloadTooLarge {
        limit: MAX_BODY_BYTES,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large);
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large)
}

/// Parses a JSON object body whose keys are all in `allowed`.
fn parse_object(bytes: &[u8], allowed: &[&str]) -> Result<Map<String, Value>, ApiError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|_| ApiError::bad("body", "not valid JSON"))?;
    let Value::Object(obj) = value else {
        return Err(ApiError::bad("body", "expected a JSON object"));
    };
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::bad(
            printable(k),
            format!("unknown field (expected {})", allowed.join(", ")),
        ));
    }
    Ok(obj)
}

fn required_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::bad(key, "expected a string")),
        None => Err(ApiError::bad(key, "missing")),
    }
}

/// A client-supplied name as it may be echoed in an error: short, printable and free of
/// anything the redactor would rewrite; otherwise a placeholder.
fn printable(name: &str) -> String {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.bytes().all(|b| b.is_ascii_graphic())
        && redact(name).as_str() == name;
    if ok {
        name.to_owned()
    } else {
        "(unprintable)".to_owned()
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
