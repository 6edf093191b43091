//! Request logging: one line per request with the method, the matched route template, the
//! status and the latency, and nothing else. Never the path as requested, the query string,
//! headers (Cookie, Authorization, User-Agent, X-Forwarded-For, ...), the peer address or the
//! body.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// The tracing target of request lines.
pub const TARGET: &str = "activity_capture_collector::request";

/// Logs one line per request (see the module documentation).
pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = standard_method(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    tracing::info!(
        target: TARGET,
        method,
        route = %route,
        status = response.status().as_u16(),
        latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// The method's name if it is a standard one; anything else is logged as `(other)`, since an
/// extension method is arbitrary client text.
fn standard_method(m: &Method) -> &'static str {
    match m.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        "PATCH" => "PATCH",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "(other)",
    }
}
