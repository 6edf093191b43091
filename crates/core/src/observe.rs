//! Observations: what the SDK shell hands to the core for one DOM event, already reduced to a
//! class. The functions here turn the one piece of content the shell must look at (a key name,
//! an `inputType`) into a class on the spot; the string is never stored.

/// The class of a key press. Which key it was is never kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyClass {
    /// A key that produces a character.
    Character,
    /// Backspace, Delete and similar editing keys.
    Edit,
    /// Arrows, Home/End, Page keys, Tab, Enter, Escape.
    Navigation,
    /// Shift, Control, Alt, Meta (and lock keys) on their own.
    Modifier,
    /// A combination with Control, Alt or Meta.
    Shortcut,
}

impl KeyClass {
    /// Every class, in the order of their indices on the wire and in the SDK's JS classifier.
    pub const ALL: [KeyClass; 5] = [
        KeyClass::Character,
        KeyClass::Edit,
        KeyClass::Navigation,
        KeyClass::Modifier,
        KeyClass::Shortcut,
    ];
}

/// Named keys that only modify others.
pub const MODIFIERS: &[&str] = &[
    "Shift",
    "Control",
    "Alt",
    "Meta",
    "AltGraph",
    "CapsLock",
    "NumLock",
    "ScrollLock",
    "Fn",
    "FnLock",
    "Hyper",
    "Super",
    "Symbol",
    "SymbolLock",
    "OS",
];
/// Named keys that edit text.
pub const EDIT: &[&str] = &[
    "Backspace",
    "Delete",
    "Clear",
    "Cut",
    "Copy",
    "Paste",
    "Undo",
    "Redo",
    "Insert",
    "EraseEof",
];
/// Named keys that move (and Enter, Tab, Escape).
pub const NAVIGATION: &[&str] = &[
    "ArrowUp",
    "ArrowDown",
    "ArrowLeft",
    "ArrowRight",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Tab",
    "Enter",
    "Escape",
];

/// Classifies a key from its `KeyboardEvent.key` name and whether Control, Alt or Meta is held.
pub fn classify_key(key: &str, ctrl_alt_or_meta: bool) -> KeyClass {
    if MODIFIERS.contains(&key) {
        return KeyClass::Modifier;
    }
    if ctrl_alt_or_meta {
        return KeyClass::Shortcut;
    }
    if EDIT.contains(&key) {
        return KeyClass::Edit;
    }
    if NAVIGATION.contains(&key) {
        return KeyClass::Navigation;
    }
    // A printable key's name is the character itself: one grapheme, usually one char. Named
    // keys (F1, MediaPlay, Dead, Unidentified...) are longer words starting with a capital.
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(_), None) => KeyClass::Character,
        (Some(c), Some(_)) if !c.is_ascii_uppercase() => KeyClass::Character,
        _ if key == "Dead" || key == "Process" => KeyClass::Character,
        _ => KeyClass::Navigation,
    }
}

/// The class of an `input` event, from its `inputType` (the field's value is never read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputClass {
    /// Typed insertions.
    Insert,
    /// Deletions.
    Delete,
    /// Pasted or dropped insertions.
    Paste,
    /// Undo and redo.
    History,
    /// Formatting.
    Format,
    /// Anything else.
    Other,
}

impl InputClass {
    /// Every class, in the order of their indices on the wire and in the SDK's JS classifier.
    pub const ALL: [InputClass; 6] = [
        InputClass::Insert,
        InputClass::Delete,
        InputClass::Paste,
        InputClass::History,
        InputClass::Format,
        InputClass::Other,
    ];
}

/// Classifies an `inputType` value (Input Events Level 2).
pub fn classify_input(input_type: &str) -> InputClass {
    match input_type {
        "insertFromPaste" | "insertFromPasteAsQuotation" | "insertFromDrop" | "insertFromYank" => {
            InputClass::Paste
        }
        "historyUndo" | "historyRedo" => InputClass::History,
        t if t.starts_with("insert") => InputClass::Insert,
        t if t.starts_with("delete") => InputClass::Delete,
        t if t.starts_with("format") => InputClass::Format,
        _ => InputClass::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classified_without_keeping_them() {
        let cases = [
            ("a", false, KeyClass::Character),
            ("Z", false, KeyClass::Character),
            ("7", false, KeyClass::Character),
            (" ", false, KeyClass::Character),
            ("é", false, KeyClass::Character),
            ("ß", false, KeyClass::Character),
            ("👍", false, KeyClass::Character),
            ("Dead", false, KeyClass::Character),
            ("Backspace", false, KeyClass::Edit),
            ("Delete", false, KeyClass::Edit),
            ("ArrowLeft", false, KeyClass::Navigation),
            ("Enter", false, KeyClass::Navigation),
            ("Tab", false, KeyClass::Navigation),
            ("F5", false, KeyClass::Navigation),
            ("Shift", false, KeyClass::Modifier),
            ("Control", true, KeyClass::Modifier),
            ("c", true, KeyClass::Shortcut),
            ("Backspace", true, KeyClass::Shortcut),
        ];
        for (key, combo, class) in cases {
            assert_eq!(classify_key(key, combo), class, "{key:?} combo={combo}");
        }
    }

    #[test]
    fn input_types_are_classified() {
        let cases = [
            ("insertText", InputClass::Insert),
            ("insertCompositionText", InputClass::Insert),
            ("insertLineBreak", InputClass::Insert),
            ("insertFromPaste", InputClass::Paste),
            ("insertFromDrop", InputClass::Paste),
            ("deleteContentBackward", InputClass::Delete),
            ("deleteByCut", InputClass::Delete),
            ("historyUndo", InputClass::History),
            ("formatBold", InputClass::Format),
            ("", InputClass::Other),
            ("somethingNew", InputClass::Other),
        ];
        for (t, class) in cases {
            assert_eq!(classify_input(t), class, "{t:?}");
        }
    }
}

/// One thing that happened, already reduced to classes and counts by the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observation {
    /// A click or tap; `label` is the redacted label of the nearest labelled element, if any.
    Click {
        /// The target's redacted label.
        label: Option<crate::redact::Redacted>,
    },
    /// A form submission.
    Submit,
    /// Focus moved to another element.
    FocusChange,
    /// A copy action (never the content).
    Copy,
    /// A cut action (never the content).
    Cut,
    /// A paste action (never the content).
    Paste,
    /// Anything at all inside a private element (password, card and one-time-code fields,
    /// `[data-ac-private]`) that is not typing: counted, nothing else.
    PrivateInteraction,
    /// A key press, by class.
    Key(KeyClass),
    /// An input event, by `inputType` class.
    Input(InputClass),
    /// Typing (a key or an input) inside a private field: counted, nothing else.
    PrivateTyping,
    /// The pointer moved this many CSS pixels (accumulated by the shell; no coordinates).
    PointerMoved(u32),
    /// The page is scrolled to this depth, in percent of the scrollable height.
    Scrolled(u8),
    /// The page was loaded or restored from the back/forward cache.
    PageView,
    /// The in-app route changed (the new route is given to the aggregator separately).
    RouteChange,
}

impl Observation {
    /// The purpose an observation counts towards.
    pub fn purpose(&self) -> crate::purpose::Purpose {
        use crate::purpose::Purpose;
        match self {
            Observation::Key(_) | Observation::Input(_) | Observation::PrivateTyping => {
                Purpose::Typing
            }
            Observation::PointerMoved(_) => Purpose::Pointer,
            Observation::PageView | Observation::RouteChange => Purpose::Navigation,
            _ => Purpose::Interaction,
        }
    }
}
