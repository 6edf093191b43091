//! Sending: `fetch` with `keepalive`, `credentials: 'omit'` and a `text/plain` body (a simple
//! request: no preflight, no cookies). Never `sendBeacon`, which always sends cookies.
//!
//! Requests are plain promise chains through a few shared step functions rather than Rust
//! futures: the async runtime (task queue, wakers, promise adapters) cost more bytes in the wasm
//! than the whole of this module.

use js_sys::{Array, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use web_sys::{RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// A promise, seen only through its `then`.
    type Thenable;
    /// `promise.then(onFulfilled, onRejected)`; either may be `undefined`.
    #[wasm_bindgen(method, js_name = then)]
    fn then_either(this: &Thenable, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Promise;
}

fn then_either(promise: &Promise, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Promise {
    promise
        .unchecked_ref::<Thenable>()
        .then_either(on_fulfilled, on_rejected)
}

/// Why a request did not get a readable answer.
pub enum Failure {
    /// No response (offline, collector down, blocked).
    Network,
    /// An HTTP status other than 200, with its `Retry-After` in seconds if it had one.
    Status(u16, Option<u64>),
    /// A 200 whose body was not JSON.
    Body,
}

/// The rejection reasons of [`post`]'s promise: a status, or one of these codes.
const NETWORK: f64 = 0.0;
const BODY: f64 = -1.0;

impl Failure {
    /// A short description for messages (no formatting machinery in the wasm).
    pub fn describe(&self) -> &'static str {
        match self {
            Failure::Network => "the collector could not be reached",
            Failure::Status(401 | 403, _) => "the collector refused the key or origin",
            Failure::Status(429, _) => "the collector asked to slow down",
            Failure::Status(..) => "the collector answered with an error",
            Failure::Body => "the collector's answer was unreadable",
        }
    }

    /// The failure a rejection of [`post`]'s promise stands for: a code, or `[status,
    /// retryAfterSeconds]` for an HTTP error.
    pub fn from_reason(reason: &JsValue) -> Failure {
        if Array::is_array(reason) {
            let pair: &Array = reason.unchecked_ref();
            let status = pair.get(0).as_f64().unwrap_or(0.0) as u16;
            let retry = pair.get(1).as_f64().filter(|s| *s >= 0.0).map(|s| s as u64);
            return Failure::Status(status, retry);
        }
        match reason.as_f64() {
            Some(NETWORK) => Failure::Network,
            _ => Failure::Body,
        }
    }
}

/// One step of a promise chain: a plain function, so every step shares one closure type.
pub type Step = Closure<dyn FnMut(JsValue) -> Result<JsValue, JsValue>>;

/// Wraps a plain function as a promise callback.
pub fn step(f: fn(JsValue) -> Result<JsValue, JsValue>) -> Step {
    Closure::new(f)
}

/// The response of a fetch: a 200's body text (a promise), or its status as the rejection.
fn on_response(response: JsValue) -> Result<JsValue, JsValue> {
    // A fetch promise fulfils only with a `Response`.
    let response: Response = response.unchecked_into();
    let status = response.status();
    if status == 0 {
        return Err(NETWORK.into());
    }
    if status != 200 {
        // `Retry-After` in seconds or as an HTTP date (readable once the collector exposes it).
        let retry = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .map_or(-1.0, |v| {
                v.trim().parse::<u32>().map(f64::from).unwrap_or_else(|_| {
                    let at = js_sys::Date::parse(&v);
                    if at.is_nan() {
                        -1.0
                    } else {
                        ((at - js_sys::Date::now()) / 1000.0).max(0.0).ceil()
                    }
                })
            });
        return Err(Array::of2(&f64::from(status).into(), &retry.into()).into());
    }
    response.text().map(JsValue::from).map_err(|_| BODY.into())
}

/// A fetch that failed without a response.
fn on_network_error(_: JsValue) -> Result<JsValue, JsValue> {
    Err(NETWORK.into())
}

/// The body text of a 200, parsed as JSON.
fn on_text(text: JsValue) -> Result<JsValue, JsValue> {
    JSON::parse(&text.as_string().unwrap_or_default()).map_err(|_| BODY.into())
}

/// A failure on the way to the text: a code from an earlier step passes, anything else (the
/// body could not be read) is a body failure.
fn on_text_error(reason: JsValue) -> Result<JsValue, JsValue> {
    Err(if reason.as_f64().is_some() || Array::is_array(&reason) {
        reason
    } else {
        BODY.into()
    })
}

struct Steps {
    response: Step,
    network_error: Step,
    text: Step,
    text_error: Step,
}

thread_local! {
    /// The chain's steps, made once and shared by every request of the page (they hold nothing,
    /// so they live as long as the module instead of being made and freed per request).
    static STEPS: Steps = Steps {
        response: step(on_response),
        network_error: step(on_network_error),
        text: step(on_text),
        text_error: step(on_text_error),
    };
}

/// `promise.then(on_fulfilled, on_rejected)` with shared steps.
pub fn then(promise: &Promise, on_fulfilled: Option<&Step>, on_rejected: Option<&Step>) -> Promise {
    let f = |s: Option<&Step>| s.map_or(JsValue::UNDEFINED, |s| s.as_ref().clone());
    then_either(promise, &f(on_fulfilled), &f(on_rejected))
}

/// POSTs `body` to `url`. The promise fulfils with the parsed JSON answer of a 200 response
/// and rejects with a reason [`Failure::from_reason`] reads.
pub fn post(url: &str, body: &str, keepalive: bool) -> Promise {
    // A plain object with the fields set by name: one shared `Reflect.set` instead of a JS
    // import per `RequestInit` setter.
    let init = js_sys::Object::new();
    let set = |target: &js_sys::Object, key: &str, value: &JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(target, &key.into(), value);
    };
    // `mode: 'cors'` is fetch's default, and a string body is sent as
    // `text/plain;charset=UTF-8` (a simple request: no preflight) without a header object.
    set(&init, "method", &"POST".into());
    set(&init, "credentials", &"omit".into());
    // keepalive lets the request outlive the page (pagehide).
    set(&init, "keepalive", &keepalive.into());
    set(&init, "body", &body.into());
    let init: RequestInit = init.unchecked_into();
    let Some(window) = crate::env::window() else {
        return Promise::reject(&NETWORK.into());
    };
    let fetched = window.fetch_with_str_and_init(url, &init);
    STEPS.with(|s| {
        let text = then(&fetched, Some(&s.response), Some(&s.network_error));
        then(&text, Some(&s.text), Some(&s.text_error))
    })
}

/// Runs `done` once with the outcome of [`post`]'s promise. It is called exactly once (the
/// promise is observed through `Promise.allSettled`), so the closure frees itself.
pub fn when_settled(promise: &Promise, done: Box<dyn FnOnce(Result<JsValue, Failure>)>) {
    let callback = Closure::once_into_js(move |settled: JsValue| {
        let outcome = Reflect::get_u32(&settled, 0).unwrap_or(JsValue::UNDEFINED);
        let field = |name: &str| Reflect::get(&outcome, &name.into()).unwrap_or_default();
        if field("status").as_string().as_deref() == Some("fulfilled") {
            done(Ok(field("value")));
        } else {
            done(Err(Failure::from_reason(&field("reason"))));
        }
    });
    // The chain's end: nothing follows it, so its promise is not needed.
    let promises = Array::new();
    promises.push(promise);
    let _ = then_either(
        &Promise::all_settled(&promises),
        &callback,
        &JsValue::UNDEFINED,
    );
}
