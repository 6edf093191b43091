//! A small static file server for the demo's second origin: `/` and everything else from the
//! `www` directory, `/pkg/*` from the built package directory, with the content types browsers
//! need (`.wasm` as `application/wasm` for streaming compilation, `.js` as `text/javascript`
//! for modules). No directory listings; no path may leave its directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use crate::request_log;

/// The directories served.
#[derive(Clone, Debug)]
pub struct StaticDirs {
    /// Served at `/`.
    pub www: PathBuf,
    /// Served at `/pkg/`.
    pub pkg: PathBuf,
    /// The `Content-Security-Policy` sent with every file, if any (the demo sends the strict
    /// policy internal tools use, to prove the SDK works under it).
    pub csp: Option<HeaderValue>,
}

/// The router serving `dirs`.
pub fn router(dirs: StaticDirs) -> Router {
    Router::new()
        .route("/", any(serve))
        .route("/{*path}", any(serve))
        .layer(middleware::from_fn(request_log::log_request))
        .with_state(Arc::new(dirs))
}

/// The content type for a file name, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names, or `None` if the path is not a plain relative path (no
/// `..`, no hidden segments, no backslashes, no percent-escapes).
pub fn resolve(dirs: &StaticDirs, path: &str) -> Option<PathBuf> {
    let (base, rest) = match path.strip_prefix("/pkg/") {
        Some(rest) => (&dirs.pkg, rest),
        None => (&dirs.www, path.strip_prefix('/')?),
    };
    let mut file = base.clone();
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        if segment.is_empty() && last {
            file.push("index.html");
            break;
        }
        let safe = !segment.is_empty()
            && !segment.starts_with('.')
            && !segment
                .bytes()
                .any(|b| b == b'\\' || b == b'%' || b == 0 || b == b':');
        if !safe {
            return None;
        }
        file.push(segment);
    }
    Some(file)
}

async fn serve(State(dirs): State<Arc<StaticDirs>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let not_found = || (StatusCode::NOT_FOUND, "not found\n").into_response();
    let Some(file) = resolve(&dirs, request.uri().path()) else {
        return not_found();
    };
    // A single-page app's own routes (`/customers/jane-doe`) load its index page, as a
    // production host would; only extension-less paths outside /pkg/ fall back.
    let path = request.uri().path();
    let app_route =
        !path.starts_with("/pkg/") && !path.rsplit('/').next().unwrap_or("").contains('.');
    let bytes = match tokio::fs::read(&file).await {
        Err(_) if app_route => tokio::fs::read(dirs.www.join("index.html"))
            .await
            .map(|b| (b, dirs.www.join("index.html"))),
        other => other.map(|b| (b, file)),
    };
    match bytes {
        Ok((bytes, file)) => {
            let mut response = (
                StatusCode::OK,
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(content_type(&file)),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                    (
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    ),
                ],
                bytes,
            )
                .into_response();
            if let Some(csp) = &dirs.csp {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp.clone());
            }
            response
        }
        Err(_) => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_their_directory_only() {
        let dirs = StaticDirs {
            www: "w".into(),
            pkg: "p".into(),
            csp: None,
        };
        let cases = [
            ("/", Some("w/index.html")),
            ("/index.html", Some("w/index.html")),
            ("/js/app.js", Some("w/js/app.js")),
            ("/docs/", Some("w/docs/index.html")),
            (
                "/pkg/activity_capture_bg.wasm",
                Some("p/activity_capture_bg.wasm"),
            ),
            ("/../secret", None),
            ("/pkg/../x", None),
            ("/.git/config", None),
            ("/a//b", None),
            ("/a%2e%2e/b", None),
            ("/a\\b", None),
        ];
        for (path, expected) in cases {
            assert_eq!(resolve(&dirs, path), expected.map(PathBuf::from), "{path}");
        }
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
