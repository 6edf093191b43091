//! Wraps `history.pushState` / `replaceState` so in-app navigation is seen, and restores them
//! on stop.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::History;

type Wrapper = Closure<dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// The installed wrappers; dropping the hook restores the originals.
#[must_use = "the history hook is removed as soon as this handle is dropped"]
pub struct HistoryHook {
    history: History,
    active: Rc<Cell<bool>>,
    wrapped: Vec<(&'static str, Function, Wrapper)>,
}

impl HistoryHook {
    /// Wraps both methods; `on_change` runs after the original call returns.
    pub fn install(on_change: Rc<dyn Fn()>) -> Option<HistoryHook> {
        let history = crate::env::window()?.history().ok()?;
        let active = Rc::new(Cell::new(true));
        let mut wrapped = Vec::new();
        for name in ["pushState", "replaceState"] {
            let original: Function = Reflect::get(&history, &name.into()).ok()?.dyn_into().ok()?;
            let (h, o, a, f) = (
                history.clone(),
                original.clone(),
                active.clone(),
                on_change.clone(),
            );
            let wrapper: Wrapper =
                Closure::new(move |state: JsValue, unused: JsValue, url: JsValue| {
                    let result = o.call3(&h, &state, &unused, &url);
                    if a.get() {
                        f();
                    }
                    result
                });
            Reflect::set(&history, &name.into(), wrapper.as_ref()).ok()?;
            wrapped.push((name, original, wrapper));
        }
        Some(HistoryHook {
            history,
            active,
            wrapped,
        })
    }
}

impl Drop for HistoryHook {
    fn drop(&mut self) {
        self.active.set(false);
        for (name, original, wrapper) in self.wrapped.drain(..) {
            let current = Reflect::get(&self.history, &name.into()).unwrap_or(JsValue::UNDEFINED);
            if current == *wrapper.as_ref() {
                let _ = Reflect::set(&self.history, &name.into(), &original);
            } else {
                // Another script wrapped the method after us and may still call our wrapper:
                // keep it alive (inert, `active` is false) rather than leave a dangling closure.
                wrapper.forget();
            }
        }
    }
}
