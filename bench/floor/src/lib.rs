//! The benchmark's floor: the same listeners the SDK attaches with every purpose granted
//! (same targets, passive, capture phase), each a wasm-bindgen closure that does nothing. The
//! difference between this and no module at all is the cost of the design itself.

use wasm_bindgen::prelude::*;
use web_sys::{AddEventListenerOptions, Event, EventTarget};

const DOCUMENT_EVENTS: &[&str] = &[
    "click", "submit", "focusin", "copy", "cut", "paste", "keydown", "input", "pointermove",
    "visibilitychange",
];
const WINDOW_EVENTS: &[&str] = &["scroll", "pagehide", "pageshow", "popstate", "hashchange"];

/// Attaches the listeners; they live as long as the page.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let options = AddEventListenerOptions::new();
    options.set_capture(true);
    options.set_passive(true);
    let targets: [(&EventTarget, &[&str]); 2] = [(document.as_ref(), DOCUMENT_EVENTS), (window.as_ref(), WINDOW_EVENTS)];
    for (target, kinds) in targets {
        for kind in kinds {
            let noop = Closure::<dyn FnMut(Event)>::new(|_event: Event| {});
            target.add_event_listener_with_callback_and_add_event_listener_options(kind, noop.as_ref().unchecked_ref(), &options)?;
            // The floor's listeners live for the page's lifetime, like a running SDK's.
            noop.forget();
        }
    }
    Ok(())
}
