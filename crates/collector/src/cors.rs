//! CORS for the browser-facing routes: the SDK's requests are simple requests (a `text/plain`
//! POST, no credentials, no preflight), and the collector lets the configured app origins read
//! the answers. Credentials are never allowed; cookies are never set or read.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// Adds `Access-Control-Allow-Origin: <origin>` to every `/v1/` and `/sdk/` response (errors
/// included, so a page can read why it was refused) when the request's origin is one of the
/// configured apps' origins, and `Vary: Origin` always. Whether the origin may act for a given app is decided by
/// the handlers.
pub async fn allow_known_origins(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let api_route = path.starts_with("/v1/") || path.starts_with("/sdk/");
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|o| o.to_str().is_ok_and(|o| state.config.knows_origin(o)))
        .cloned();
    let mut response = next.run(request).await;
    if api_route {
        let headers = response.headers_mut();
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
        if let Some(origin) = origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            // The SDK honours Retry-After on 429/503; CORS hides it unless exposed.
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("Retry-After"),
            );
        }
    }
    response
}

/// Answers a CORS preflight for a route that takes `method` and may carry `allowed_headers`:
/// 204 for a configured origin (the origin header itself is added by [`allow_known_origins`]),
/// 403 otherwise.
pub fn preflight(
    state: &AppState,
    origin: Option<&str>,
    method: Method,
    allowed_headers: &'static str,
) -> Response {
    match origin {
        Some(o) if state.config.knows_origin(o) => (
            StatusCode::NO_CONTENT,
            [
                (
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_str(method.as_str())
                        .expect("a method is a valid header value"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(allowed_headers),
                ),
                (
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static(PREFLIGHT_MAX_AGE),
                ),
            ],
        )
            .into_response(),
        Some(_) => ApiError::Forbidden {
            field: "Origin",
            error: "origin not allowed",
        }
        .into_response(),
        None => ApiError::Forbidden {
            field: "Origin",
            error: "missing Origin header",
        }
        .into_response(),
    }
}
