//! The one audited classification module: the only code allowed to call the content getters
//! that `clippy.toml` bans everywhere else. Each function reads one piece of content and turns
//! it into a class, a count or a redacted string before returning; nothing it reads is kept.
#![allow(clippy::disallowed_methods)]

use activity_capture_core::observe::{classify_input, classify_key, InputClass, KeyClass};
use web_sys::{InputEvent, KeyboardEvent};

/// The class of a key press. The key's name is read, classified and dropped here.
pub fn key_class(event: &KeyboardEvent) -> KeyClass {
    let combo = event.ctrl_key() || event.alt_key() || event.meta_key();
    classify_key(&event.key(), combo)
}

/// The class of an input event, from its `inputType`; the field's value is never read.
pub fn input_class(event: &InputEvent) -> InputClass {
    classify_input(&event.input_type())
}
