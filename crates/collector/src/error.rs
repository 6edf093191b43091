//! HTTP errors: every client mistake is a 4xx with a JSON body `{"error": "...", "field": "..."}`
//! naming the problem; every fault is a 5xx `{"error": "internal error"}` whose details go to the
//! log only.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::storage::StoreError;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed or invalid.
    BadRequest {
        /// The offending field, parameter or header, when there is one.
        field: Option<String>,
        /// What was wrong, without echoing the value.
        error: String,
    },
    /// 401: no key, or an unknown key.
    Unauthorized {
        /// Where the key was expected (`key`, `Authorization`).
        field: &'static str,
        /// What was wrong.
        error: &'static str,
    },
    /// 403: the key or origin is known but not allowed to do this.
    Forbidden {
        /// What was refused (`Origin`, `app`, `purpose`).
        field: &'static str,
        /// Why.
        error: &'static str,
    },
    /// 404: no such route.
    NotFound,
    /// 405: the route exists but not with this method.
    MethodNotAllowed,
    /// 413: the body is larger than the limit.
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body's content type is not accepted.
    UnsupportedMediaType,
    /// 429: the ingest key's rate limit is exhausted.
    TooManyRequests {
        /// Seconds to wait (sent as `Retry-After`).
        retry_after: u64,
    },
    /// 500: a fault. The detail is logged, never sent.
    Internal(String),
}

impl ApiError {
    /// A 400 naming `field`.
    pub fn bad(field: impl Into<String>, error: impl Into<String>) -> ApiError {
        let field = field.into();
        ApiError::BadRequest {
            field: (!field.is_empty()).then_some(field),
            error: error.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        let (field, error): (Option<&str>, String) = match self {
            ApiError::BadRequest { field, error } => (field.as_deref(), error.clone()),
            ApiError::Unauthorized { field, error } | ApiError::Forbidden { field, error } => {
                (Some(field), (*error).to_owned())
            }
            ApiError::NotFound => (Some("path"), "no such route".into()),
            ApiError::MethodNotAllowed => {
                (Some("method"), "method not allowed on this route".into())
            }
            ApiError::PayloadTooLarge { limit } => (
                Some("body"),
                format!("request body larger than {limit} bytes"),
            ),
            ApiError::UnsupportedMediaType => (
                Some("Content-Type"),
                "expected text/plain or application/json".into(),
            ),
            ApiError::TooManyRequests { .. } => (
                Some("key"),
                "too many requests for this ingest key; retry after the Retry-After seconds".into(),
            ),
            ApiError::Internal(_) => (None, "internal error".into()),
        };
        let mut body = serde_json::json!({ "error": error });
        if let Some(field) = field {
            body["field"] = field.into();
        }
        body
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(error = %detail, "internal error");
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let ApiError::TooManyRequests { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
