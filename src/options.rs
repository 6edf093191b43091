//! Reads the JS options object into the core's untyped [`OptionValue`] tree. No validation
//! here: the core decides, so every rule is tested natively.

use activity_capture_core::config::OptionValue;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Options deeper than this are not read (no option nests that deep).
const MAX_DEPTH: u32 = 4;
/// Longest list read; longer lists are cut one past the core's limit so it refuses them.
const MAX_ITEMS: u32 = 501;

/// Converts a JS value into an option tree.
pub fn read(v: &JsValue) -> OptionValue {
    read_at(v, 0)
}

fn read_at(v: &JsValue, depth: u32) -> OptionValue {
    if v.is_null() || v.is_undefined() {
        return OptionValue::Null;
    }
    if let Some(b) = v.as_bool() {
        return OptionValue::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return OptionValue::Number(n);
    }
    if let Some(s) = v.as_string() {
        return OptionValue::Str(s);
    }
    // One `typeof` instead of a check (and a JS import) per kind.
    match v.js_typeof().as_string().as_deref() {
        Some("function") => return OptionValue::Other("a function"),
        Some("symbol") => return OptionValue::Other("a symbol"),
        Some("bigint") => return OptionValue::Other("a bigint"),
        _ => {}
    }
    if depth >= MAX_DEPTH {
        return OptionValue::Other("a value nested too deeply");
    }
    if Array::is_array(v) {
        let a: &Array = v.unchecked_ref();
        let len = a.length().min(MAX_ITEMS);
        return OptionValue::List((0..len).map(|i| read_at(&a.get(i), depth + 1)).collect());
    }
    if let Some(obj) = v.dyn_ref::<Object>() {
        let keys = Object::keys(obj);
        let len = keys.length().min(MAX_ITEMS);
        let mut entries = Vec::with_capacity(len as usize);
        for i in 0..len {
            let key = keys.get(i);
            let value = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
            entries.push((
                key.as_string().unwrap_or_default(),
                read_at(&value, depth + 1),
            ));
        }
        return OptionValue::Map(entries);
    }
    OptionValue::Other("an unsupported value")
}
