//! Sending: `fetch` with `keepalive`, `credentials: 'omit'` and a `text/plain` body (a simple
//! request: no preflight, no cookies). Never `sendBeacon`, which always sends cookies.

use js_sys::JSON;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, RequestMode, Response};

/// Why a request did not get a readable answer.
pub enum Failure {
    /// No response (offline, collector down, blocked).
    Network,
    /// An HTTP status other than 200.
    Status(u16),
    /// A 200 whose body was not JSON.
    Body,
}

impl Failure {
    /// A short description for messages (no formatting machinery in the wasm).
    pub fn describe(&self) -> &'static str {
        match self {
            Failure::Network => "the collector could not be reached",
            Failure::Status(401 | 403) => "the collector refused the key or origin",
            Failure::Status(_) => "the collector answered with an error",
            Failure::Body => "the collector's answer was unreadable",
        }
    }
}

/// POSTs `body` to `url` and returns the parsed JSON answer of a 200 response.
pub async fn post(url: &str, body: &str, keepalive: bool) -> Result<JsValue, Failure> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    // keepalive lets the request outlive the page (pagehide); set by name, web-sys gates it.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &keepalive.into());
    init.set_body(&JsValue::from_str(body));
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &headers,
        &"content-type".into(),
        &"text/plain;charset=UTF-8".into(),
    );
    init.set_headers(&headers);
    let window = crate::env::window().ok_or(Failure::Network)?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| Failure::Network)?;
    let response: Response = response.dyn_into().map_err(|_| Failure::Network)?;
    if response.status() != 200 {
        return Err(Failure::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| Failure::Body)?)
        .await
        .map_err(|_| Failure::Body)?;
    JSON::parse(&text.as_string().unwrap_or_default()).map_err(|_| Failure::Body)
}
