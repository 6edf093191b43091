//! A one-shot timer as an owned handle: dropping it clears the timeout, so a stopped SDK
//! leaves no timer behind.

use wasm_bindgen::prelude::*;

/// A pending `setTimeout`; cleared on drop.
#[must_use = "the timeout is cleared as soon as this handle is dropped"]
pub struct Timeout {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `f` once after `ms` milliseconds (background tabs may run it later: nothing relies
    /// on its timing, windows close by timestamp).
    pub fn new(ms: u64, f: impl FnMut() + 'static) -> Option<Timeout> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let ms = ms.min(i32::MAX as u64) as i32;
        let id = crate::env::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Timeout {
            id,
            _callback: callback,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(w) = crate::env::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}
