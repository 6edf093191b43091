//! The SDK shell: the only code that imports wasm-bindgen, web-sys and js-sys. It turns the
//! page's JS calls into core calls and maps errors; the rules live in `activity-capture-core`.
//!
//! The raw exports here are wrapped by `js/facade.js` into the public `ActivityCapture` API
//! (classic global and ES module), which also stops calling a trapped instance.

pub mod capture;
pub mod classify;
pub mod env;
pub mod history;
pub mod listen;
pub mod options;
pub mod sdk;
pub mod sent;
pub mod timer;
pub mod transport;

use std::cell::RefCell;
use std::rc::Rc;

// Talc instead of Rust's default wasm allocator (dlmalloc): 2.7 KiB gzip smaller, at a cost to
// the redactor's speed in the browser (6-8 %, bench/redact). The SDK runs on the page's one
// thread (no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use activity_capture_core::config::{Config, OptionError};
use activity_capture_core::summary::ConsentSource;
use activity_capture_core::text::concat;
use js_sys::{Array, JsString, Promise, Reflect};
use wasm_bindgen::prelude::*;

use sdk::{Callbacks, ConsentRequest, Sdk};

thread_local! {
    /// The one live SDK instance in this page, if any.
    static ACTIVE: RefCell<Option<Rc<Sdk>>> = const { RefCell::new(None) };
    /// Turns a failed `exportMine` request into the `Error` its promise rejects with.
    static EXPORT_FAILED: transport::Step = transport::step(|reason| {
        let failure = transport::Failure::from_reason(&reason);
        Err(error(
            "ActivityCaptureNetworkError",
            &concat(&["activity-capture: exportMine failed: ", failure.describe()]),
            None,
        ))
    });
}

thread_local! {
    /// Turns a failed `forget` request into the `Error` its promise rejects with.
    static FORGET_FAILED: transport::Step = transport::step(|reason| {
        let failure = transport::Failure::from_reason(&reason);
        Err(error(
            "ActivityCaptureNetworkError",
            &concat(&["activity-capture: forget failed: ", failure.describe(), "; nothing was deleted"]),
            None,
        ))
    });
}

fn error(name: &str, message: &str, key: Option<(&str, &str)>) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(name);
    if let Some((k, v)) = key {
        // Setting a property on a fresh Error cannot fail.
        let _ = Reflect::set(&err, &k.into(), &v.into());
    }
    err.into()
}

/// The `Error` an `init` promise rejects with: its message names the option, and its `option`
/// property carries the option's path for programmatic checks.
fn option_error(e: &OptionError) -> JsValue {
    error(
        "ActivityCaptureOptionError",
        &e.message(),
        Some(("option", &e.option)),
    )
}

/// Validates `options` and starts the SDK. Resolves to a [`Handle`]; rejects with an `Error`
/// naming the offending option, leaving nothing attached to the page. A second `init` while an
/// instance is running is refused: `stop()` the existing handle first.
#[wasm_bindgen(js_name = init)]
pub fn init(options: JsValue) -> Promise {
    let tree = options::read(&options);
    let config = match Config::from_options(&tree) {
        Ok(c) => c,
        Err(e) => return Promise::reject(&option_error(&e)),
    };
    let running = ACTIVE.with(|a| {
        a.borrow()
            .as_ref()
            .map(|live| live.config.app.as_str().to_owned())
    });
    if let Some(app) = running {
        let message = concat(&[
            "activity-capture: already running for app `",
            &app,
            "`; call stop() on its handle before init() again",
        ]);
        return Promise::reject(&error("ActivityCaptureStateError", &message, None));
    }
    // The core checked that these are functions; the shell keeps them.
    let function = |name: &str| {
        Reflect::get(&options, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let callbacks = Callbacks {
        on_consent_change: function("onConsentChange").filter(|_| config.on_consent_change),
        on_send: function("onSend").filter(|_| config.on_send),
    };
    let Some(sense) = classify::installed() else {
        let message = "activity-capture: its classifier (js/sense.js) was never handed over: load the SDK through activity-capture.js or activity-capture.mjs, not its raw glue";
        return Promise::reject(&error("ActivityCaptureStateError", message, None));
    };
    let sdk = Sdk::start(config, callbacks, sense);
    ACTIVE.with(|a| *a.borrow_mut() = Some(sdk.clone()));
    Promise::resolve(&JsValue::from(Handle { sdk }))
}

/// What `init` resolves to: the page's handle on the running SDK.
#[wasm_bindgen]
pub struct Handle {
    sdk: Rc<Sdk>,
}

#[wasm_bindgen]
impl Handle {
    /// The application name this instance was started for.
    #[wasm_bindgen(getter)]
    pub fn app(&self) -> JsString {
        self.sdk.config.app.as_str().into()
    }

    /// The hash of the consent policy (purposes, texts, retention, endpoint) in force.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> JsString {
        self.sdk.config.policy_hash().to_hex().as_str().into()
    }

    /// The purposes the host asks for, as their keys.
    #[wasm_bindgen(getter)]
    pub fn purposes(&self) -> Array {
        self.sdk
            .config
            .purposes
            .iter()
            .map(|p| JsValue::from(p.purpose.as_str()))
            .collect()
    }

    /// `[[purpose, text], ...]`: the words the host gave for each purpose (for the dialog).
    #[wasm_bindgen(js_name = purposeTexts)]
    pub fn purpose_texts(&self) -> Array {
        self.sdk
            .config
            .purposes
            .iter()
            .map(|p| {
                let pair = Array::new();
                pair.push(&p.purpose.as_str().into());
                pair.push(&p.text.as_str().into());
                pair
            })
            .collect()
    }

    /// Whether the SDK's own dialog should ask now (some purpose pending, dialog enabled).
    #[wasm_bindgen(getter, js_name = shouldAsk)]
    pub fn should_ask(&self) -> bool {
        self.sdk.config.dialog && self.sdk.needs_asking() && !self.stopped()
    }

    /// Whether the browser sends Global Privacy Control or Do Not Track.
    #[wasm_bindgen(getter, js_name = privacySignal)]
    pub fn privacy_signal(&self) -> bool {
        self.sdk.privacy_signal()
    }

    /// `{ purpose: "pending" | "denied" | "granted" }`.
    pub fn consent(&self) -> JsValue {
        self.sdk.consent_view()
    }

    /// The host records the person's choices: `{ typing: true, pointer: false }`. Throws an
    /// `Error` naming a bad key; under GPC a host can deny but not grant.
    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&self, choices: JsValue) -> Result<JsValue, JsValue> {
        self.apply_consent(&choices, ConsentSource::Host, false)
    }

    /// The SDK's own dialog records the person's choices; `trusted` is the click's `isTrusted`.
    #[wasm_bindgen(js_name = dialogAnswer)]
    pub fn dialog_answer(&self, choices: JsValue, trusted: bool) -> Result<JsValue, JsValue> {
        self.apply_consent(&choices, ConsentSource::Dialog, trusted)
    }

    fn apply_consent(
        &self,
        choices: &JsValue,
        source: ConsentSource,
        trusted: bool,
    ) -> Result<JsValue, JsValue> {
        if self.stopped() {
            return Err(error(
                "ActivityCaptureStateError",
                "activity-capture: this handle was stopped",
                None,
            ));
        }
        let requested: Vec<_> = self.sdk.config.purposes.iter().map(|p| p.purpose).collect();
        let request = ConsentRequest::read(choices, &requested).map_err(|r| {
            let message = concat(&["activity-capture: setConsent: `", &r.key, "` ", &r.problem]);
            error(
                "ActivityCaptureConsentError",
                &message,
                Some(("key", &r.key)),
            )
        })?;
        self.sdk
            .set_consent(request, source, trusted)
            .map_err(|e| {
                error(
                    "ActivityCaptureConsentError",
                    &concat(&["activity-capture: setConsent: ", &e.message()]),
                    None,
                )
            })?;
        Ok(self.sdk.consent_view())
    }

    /// The exact request body the next send carries (`""` when nothing is pending). Open windows
    /// are closed into the outbox first, so this is everything about to leave the device.
    pub fn pending(&self) -> JsString {
        self.sdk.pending().as_str().into()
    }

    /// How many summaries wait in the outbox.
    #[wasm_bindgen(getter, js_name = pendingCount)]
    pub fn pending_count(&self) -> u32 {
        self.sdk.outbox_len() as u32
    }

    /// Closes every open window and sends what is pending now.
    pub fn flush(&self) {
        self.sdk.close_windows(env::now_ms(), true);
        self.sdk.send();
    }

    /// Pauses capture and sending: a paused period captures and sends nothing.
    pub fn pause(&self) {
        self.sdk.set_paused(true);
    }

    /// Resumes after `pause()`.
    pub fn resume(&self) {
        self.sdk.set_paused(false);
    }

    /// Whether capture is paused.
    #[wasm_bindgen(getter)]
    pub fn paused(&self) -> bool {
        self.sdk.paused()
    }

    /// POSTs `{app, secret}` to one of the person's own endpoints of the collector.
    fn post_own(&self, path: &str) -> Promise {
        let url = concat(&[&self.sdk.config.endpoint, path]);
        let body = concat(&[
            "{\"app\":\"",
            self.sdk.config.app.as_str(),
            "\",\"secret\":\"",
            &self.sdk.secret_hex(),
            "\"}",
        ]);
        transport::post(&url, &body, false)
    }

    /// What the collector holds about this person: POSTs the device secret to `/v1/me` and
    /// resolves to the collector's answer `{ rows: [...] }`.
    #[wasm_bindgen(js_name = exportMine)]
    pub fn export_mine(&self) -> Promise {
        let answer = self.post_own("/v1/me");
        EXPORT_FAILED.with(|failed| transport::then(&answer, None, Some(failed)))
    }

    /// Asks the collector to delete every row held for the current device secret
    /// (`POST /v1/me/forget`); resolves to `{ deleted: n }`. The façade's `forget()` then calls
    /// [`Handle::forget_local`]; if the collector cannot be reached it rejects and nothing local
    /// changes (so the person can still reach and delete their rows later).
    pub fn forget(&self) -> Promise {
        let answer = self.post_own("/v1/me/forget");
        FORGET_FAILED.with(|failed| transport::then(&answer, None, Some(failed)))
    }

    /// The local half of `forget()`, called by the JS façade once the collector has deleted the
    /// rows: rotates the secret and clears this app's storage, consent and listeners.
    #[wasm_bindgen(js_name = forgetLocal)]
    pub fn forget_local(&self) {
        self.sdk.forget_local();
    }

    /// What was sent recently, newest last: lines `<ms since epoch>\t<summary JSON>` (kept at
    /// most 7 days and 200 entries on this device, for the transparency panel).
    #[wasm_bindgen(js_name = sentLog)]
    pub fn sent_log(&self) -> JsString {
        self.sdk.sent_log().as_str().into()
    }

    /// `[[key, text], ...]`: the host's replacement words for the dialog and panel.
    #[wasm_bindgen(js_name = texts)]
    pub fn texts(&self) -> Array {
        self.sdk
            .config
            .texts
            .iter()
            .map(|(k, t)| {
                let pair = Array::new();
                pair.push(&(*k).into());
                pair.push(&t.as_str().into());
                pair
            })
            .collect()
    }

    /// Whether the host asked for the panel's launcher button.
    #[wasm_bindgen(getter)]
    pub fn panel(&self) -> bool {
        self.sdk.config.panel
    }

    /// Whether `stop()` has been called.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        ACTIVE.with(|a| {
            !a.borrow()
                .as_ref()
                .is_some_and(|live| Rc::ptr_eq(live, &self.sdk))
        })
    }

    /// Stops the SDK: closes open windows into the persisted outbox, removes every listener and
    /// the history wrappers, and lets `init` run again. Calling it twice is harmless.
    pub fn stop(&self) {
        self.sdk.stop();
        ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            if a.as_ref().is_some_and(|live| Rc::ptr_eq(live, &self.sdk)) {
                *a = None;
            }
        });
    }
}

/// How many event listeners the SDK currently has attached (with nothing granted: zero).
#[wasm_bindgen(js_name = activeListeners)]
pub fn active_listeners() -> u32 {
    listen::live_count()
}
