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

/// The Navigation API's `navigation` object, where the browser has it: it reports every
/// same-document navigation (history calls, traversals, intercepted navigations) without the
/// SDK wrapping anything of the page's.
pub fn navigation() -> Option<web_sys::EventTarget> {
    let value = Reflect::get(window()?.as_ref(), &"navigation".into()).ok()?;
    value.is_object().then(|| value.unchecked_into())
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

thread_local! {
    /// Where values go when the page offers no localStorage (sandboxed frames, some private
    /// modes): kept for this page's life only. A plain list: a handful of keys at most.
    static MEMORY: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The page's localStorage as the core's [`KeyValue`](activity_capture_core::tabs::KeyValue), or memory when there is none.
pub struct PageStorage;

impl activity_capture_core::tabs::KeyValue for PageStorage {
    fn get(&self, key: &str) -> Option<String> {
        match storage() {
            Some(s) => s.get_item(key).ok().flatten(),
            None => MEMORY.with(|m| {
                m.borrow()
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
            }),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        match storage() {
            Some(s) => s.set_item(key, value).is_ok(),
            None => MEMORY.with(|m| {
                let mut m = m.borrow_mut();
                m.retain(|(k, _)| k != key);
                m.push((key.to_owned(), value.to_owned()));
                true
            }),
        }
    }

    fn remove(&mut self, key: &str) {
        match storage() {
            Some(s) => {
                let _ = s.remove_item(key);
            }
            None => MEMORY.with(|m| m.borrow_mut().retain(|(k, _)| k != key)),
        }
    }

    fn keys(&self) -> Vec<String> {
        match storage() {
            Some(s) => {
                let n = s.length().unwrap_or(0);
                (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
            }
            None => MEMORY.with(|m| m.borrow().iter().map(|(k, _)| k.clone()).collect()),
        }
    }
}

/// Whether the browser says it is online.
pub fn online() -> bool {
    window().is_none_or(|w| w.navigator().on_line())
}
