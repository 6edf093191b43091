//! The SDK shell: the only code that imports wasm-bindgen, web-sys and js-sys. It turns the
//! page's JS calls into core calls and maps errors; the rules live in `activity-capture-core`.
//!
//! Public JS API (wrapped by `js/` into the `ActivityCapture` global and ES module):
//! `init(options) -> Promise<Handle>`.

pub mod classify;
pub mod listen;
pub mod options;

use std::cell::RefCell;
use std::rc::Rc;

use activity_capture_core::config::{Config, OptionError};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The one live SDK instance in this page, if any.
    static ACTIVE: RefCell<Option<Rc<Instance>>> = const { RefCell::new(None) };
}

/// A running SDK instance.
struct Instance {
    config: Config,
    stopped: std::cell::Cell<bool>,
}

/// Builds the `Error` an `init` promise rejects with: its message names the option, and its
/// `option` property carries the option's path for programmatic checks.
fn option_error(e: &OptionError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("ActivityCaptureOptionError");
    // Setting a property on a fresh Error cannot fail.
    let _ = Reflect::set(&err, &"option".into(), &e.option.as_str().into());
    err.into()
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
    let refused = ACTIVE.with(|a| {
        a.borrow().as_ref().map(|live| {
            format!(
                "activity-capture: already running for app `{}`; call stop() on its handle before init() again",
                live.config.app.as_str()
            )
        })
    });
    if let Some(message) = refused {
        let err = js_sys::Error::new(&message);
        err.set_name("ActivityCaptureStateError");
        return Promise::reject(&err.into());
    }
    let instance = Rc::new(Instance {
        config,
        stopped: std::cell::Cell::new(false),
    });
    ACTIVE.with(|a| *a.borrow_mut() = Some(instance.clone()));
    Promise::resolve(&JsValue::from(Handle { instance }))
}

/// What `init` resolves to: the page's handle on the running SDK.
#[wasm_bindgen]
pub struct Handle {
    instance: Rc<Instance>,
}

#[wasm_bindgen]
impl Handle {
    /// The application name this instance was started for.
    #[wasm_bindgen(getter)]
    pub fn app(&self) -> String {
        self.instance.config.app.as_str().to_owned()
    }

    /// The hash of the consent policy (purposes, texts, retention, endpoint) in force.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> String {
        self.instance.config.policy_hash().to_hex()
    }

    /// The purposes the host asks for, as their keys.
    #[wasm_bindgen(getter)]
    pub fn purposes(&self) -> Vec<String> {
        self.instance
            .config
            .purposes
            .iter()
            .map(|p| p.purpose.as_str().to_owned())
            .collect()
    }

    /// Whether `stop()` has been called.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        self.instance.stopped.get()
    }

    /// Stops the SDK: removes every listener and timer it attached and lets `init` run again.
    /// Calling it twice is harmless.
    pub fn stop(&self) {
        if self.instance.stopped.replace(true) {
            return;
        }
        ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            if a.as_ref()
                .is_some_and(|live| Rc::ptr_eq(live, &self.instance))
            {
                *a = None;
            }
        });
    }
}

/// How many event listeners the SDK currently has attached (for tests and the transparency
/// panel: with nothing granted it is zero).
#[wasm_bindgen(js_name = activeListeners)]
pub fn active_listeners() -> u32 {
    listen::live_count()
}
