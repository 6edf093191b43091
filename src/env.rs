//! The page's services the SDK uses: clock, randomness, storage, privacy signals, visibility.
//! Each degrades safely: storage that throws (sandboxed frames, private modes) becomes memory
//! only; nothing here reads content.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::{Storage, Window};

#[wasm_bindgen]
extern "C" {
    /// The global `window`, read once (`undefined` outside a window context). Imported directly:
    /// `web_sys::window()` probes four globals through `js_sys::global()`, which costs bytes.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;
}

/// The window; the SDK runs only in a window context.
pub fn window() -> Option<Window> {
    WINDOW.with(Clone::clone)
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// `N` random bytes from `crypto.getRandomValues`; `None` if the page has no crypto.
pub fn random<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    Some(bytes)
}

fn storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// Reads a stored value.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a value; returns whether it was persisted (quota or policy may refuse).
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a stored value.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Whether the browser sends Global Privacy Control or Do Not Track.
pub fn privacy_signal() -> bool {
    let Some(nav) = window().map(|w| w.navigator()) else {
        return false;
    };
    let gpc = Reflect::get(&nav, &JsValue::from_str("globalPrivacyControl"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let dnt = Reflect::get(&nav, &JsValue::from_str("doNotTrack"))
        .ok()
        .and_then(|v| v.as_string());
    gpc || dnt.as_deref() == Some("1")
}

/// Whether the page is visible now.
pub fn visible() -> bool {
    window()
        .and_then(|w| w.document())
        .is_some_and(|d| !d.hidden())
}

/// Writes a console warning (debug mode only; the caller checks).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
