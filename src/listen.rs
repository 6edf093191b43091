//! Event listeners as owned handles: a listener is removed when its handle is dropped, so
//! stopping the SDK (dropping its state) leaves nothing attached to the page.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use web_sys::{AddEventListenerOptions, EventTarget};

thread_local! {
    static LIVE: Cell<u32> = const { Cell::new(0) };
}

/// The number of listeners currently attached by the SDK.
pub fn live_count() -> u32 {
    LIVE.with(Cell::get)
}

/// What an SDK listener calls in Rust: `js/sense.js` reads the event and passes its answer (a
/// small number), the time (ms since the classifier's base: [`crate::classify::Classifier::at`])
/// and, for a labelled click, the label's text. One closure type for every listener keeps the
/// wasm small.
pub type Call = dyn FnMut(u32, f64, Option<String>);

/// An attached event listener; dropping it removes it. Passive and capture-phase, so the SDK
/// never delays scrolling and sees events before the page can stop them.
#[must_use = "the listener is removed as soon as this handle is dropped"]
pub struct EventListener {
    target: EventTarget,
    kind: &'static str,
    /// What is attached: the JS function `js/sense.js` made around the closure.
    attached: js_sys::Function,
    _callback: Closure<Call>,
}

impl EventListener {
    /// Attaches, for `kind` events on `target`, the JS listener `make` makes around `handler`
    /// (`js/sense.js`'s listeners: they read the event and call `handler` with numbers).
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        handler: impl FnMut(u32, f64, Option<String>) + 'static,
        make: &dyn Fn(&js_sys::Function) -> js_sys::Function,
    ) -> Result<EventListener, JsValue> {
        // Boxed first, so every handler shares one `Closure` instantiation in the wasm.
        let handler: Box<Call> = Box::new(handler);
        let callback = Closure::wrap(handler);
        let attached = make(callback.as_ref().unchecked_ref());
        let options = AddEventListenerOptions::new();
        // Set by name: one shared `Reflect.set` instead of a JS import per setter. Setting a
        // property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &"capture".into(), &true.into());
        let _ = js_sys::Reflect::set(&options, &"passive".into(), &true.into());
        target.add_event_listener_with_callback_and_add_event_listener_options(
            kind, &attached, &options,
        )?;
        LIVE.with(|n| n.set(n.get() + 1));
        Ok(EventListener {
            target: target.clone(),
            kind,
            attached,
            _callback: callback,
        })
    }

    /// The event type listened for.
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        // Removing a listener that is attached cannot fail; if the target is gone, so is it.
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            &self.attached,
            true,
        );
        LIVE.with(|n| n.set(n.get().saturating_sub(1)));
    }
}
