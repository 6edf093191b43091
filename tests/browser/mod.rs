//! Helpers shared by the wasm-bindgen browser tests: calling the handle, making elements and
//! events, waiting. Each test file uses some of them.
#![allow(dead_code)]

use activity_capture::active_listeners;
use activity_capture::classify::{use_sense, Sense};
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

#[wasm_bindgen(module = "/js/sense.js")]
extern "C" {
    /// The classifier's JS half, as the builds inline it.
    #[wasm_bindgen(js_name = makeSense)]
    pub fn make_sense() -> Sense;
    /// The same, told of a trap of the wasm by `on_trap`.
    #[wasm_bindgen(js_name = makeSense)]
    pub fn make_sense_told(on_trap: &Function) -> Sense;
}

/// `init` as the façade calls it: with the classifier's JS half handed over first. A trap in a
/// listener (a Rust panic) is printed, as the façade reports it, not lost.
pub fn init(options: JsValue) -> Promise {
    use_sense(make_sense_told(&Function::new_with_args(
        "e",
        "console.error('activity-capture test: a listener trapped', e)",
    )));
    activity_capture::init(options)
}

/// Calls `method` on the handle with at most two arguments.
pub fn call(handle: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(handle, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap();
    match args {
        [] => f.call0(handle),
        [a] => f.call1(handle, a),
        [a, b] => f.call2(handle, a, b),
        _ => unreachable!(),
    }
}

/// `setConsent` with choices written as JSON.
pub fn consent(handle: &JsValue, json: &str) -> Result<JsValue, JsValue> {
    call(handle, "setConsent", &[JSON::parse(json).unwrap()])
}

/// The next request body.
pub fn pending(handle: &JsValue) -> String {
    call(handle, "pending", &[]).unwrap().as_string().unwrap()
}

/// Stops the instance and checks it left no listener.
pub fn stop(handle: &JsValue) {
    call(handle, "stop", &[]).unwrap();
    assert_eq!(active_listeners(), 0, "stop removes every listener");
}

/// A listener `sense.listener(what, call, true, sources)` makes, as the SDK attaches them,
/// around `call` (a JS stand-in for its Rust side), accepting untrusted events.
pub fn js_listener(sense: &JsValue, what: u32, call: &Function, sources: u32) -> Function {
    let make: Function = Reflect::get(sense, &"listener".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let args = js_sys::Array::of4(&what.into(), call, &true.into(), &sources.into());
    Reflect::apply(&make, sense, &args)
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// The page's body.
pub fn body() -> HtmlElement {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
}

/// The first element of `html`, added to the page.
pub fn element(html: &str) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_inner_html(html);
    body().append_child(&host).unwrap();
    host.first_element_child().unwrap().dyn_into().unwrap()
}

/// A script-made `keydown` of `key` on `el`.
pub fn key(el: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    el.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}
