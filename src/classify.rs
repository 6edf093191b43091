//! The one audited classification module: the only code allowed to call the content getters
//! that `clippy.toml` bans everywhere else. Each function reads one piece of content and turns
//! it into a class, a flag, a route template or a redacted string before returning; nothing it
//! reads is kept.
#![allow(clippy::disallowed_methods)]

use activity_capture_core::config::LabelSource;
use activity_capture_core::observe::{classify_input, classify_key, InputClass, KeyClass};
use activity_capture_core::redact::{redact, Redacted};
use activity_capture_core::route::RouteRules;
use std::cell::RefCell;

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, InputEvent, KeyboardEvent};

// The same DOM methods as web-sys's, taking JS strings made once: passing a Rust `&str` to the
// browser decodes it anew on every call, the largest cost of a click after the dispatch itself.
#[wasm_bindgen]
extern "C" {
    /// An `Element`, seen through these bindings.
    type Dom;
    #[wasm_bindgen(method, catch, js_name = closest)]
    fn closest_js(this: &Dom, selectors: &JsString) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(method, js_name = getAttribute)]
    fn attribute_js(this: &Dom, name: &JsString) -> Option<String>;
    #[wasm_bindgen(method, catch, js_name = matches)]
    fn matches_js(this: &Dom, selectors: &JsString) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, getter, js_name = assignedSlot)]
    fn assigned_slot_js(this: &Dom) -> Option<Element>;
    #[wasm_bindgen(method, js_name = hasAttribute)]
    fn has_attribute_js(this: &Dom, name: &JsString) -> bool;
}

fn dom(el: &Element) -> &Dom {
    el.unchecked_ref()
}

/// The selectors and attribute names read on every event, made into JS strings once per
/// instance, and the last label's redaction.
pub struct Names {
    private: JsString,
    /// Input and text fields that may be private: password type, or any `autocomplete`.
    field: JsString,
    ui: JsString,
    kind: JsString,
    autocomplete: JsString,
    /// Per label source: its selector and its attribute name.
    labels: [(JsString, JsString); 3],
    /// A fingerprint of the last label read (not the label: nothing read is kept) and its
    /// redaction, so a label clicked again is not redacted again.
    last_label: RefCell<Option<(u64, Option<Redacted>)>>,
}

impl Default for Names {
    fn default() -> Names {
        Names {
            private: "[data-ac-private]".into(),
            field: ":is(input,textarea):is([type=password i],[autocomplete])".into(),
            ui: "data-ac-ui".into(),
            kind: "type".into(),
            autocomplete: "autocomplete".into(),
            labels: [
                ("[data-ac-label]".into(), "data-ac-label".into()),
                ("[aria-label]".into(), "aria-label".into()),
                ("[title]".into(), "title".into()),
            ],
            last_label: RefCell::new(None),
        }
    }
}

/// Longest label sent, in characters (the collector refuses longer ones).
const MAX_LABEL_CHARS: usize = 80;

/// The class of a key press. The key's name is read, classified and dropped here.
pub fn key_class(event: &KeyboardEvent) -> KeyClass {
    let combo = event.ctrl_key() || event.alt_key() || event.meta_key();
    classify_key(&event.key(), combo)
}

/// The class of an input event, from its `inputType`; the field's value is never read.
pub fn input_class(event: &InputEvent) -> InputClass {
    classify_input(&event.input_type())
}

/// The element an event happened on. Listeners on the document see an event from inside a
/// shadow root as coming from its host; for open roots the innermost element is taken from the
/// event's composed path, so a password field or a private region inside a component is
/// recognised and a labelled control inside it names itself. Closed roots stay closed: the
/// host is all there is.
pub struct Target {
    element: Element,
    /// The event's composed path when the target is a shadow host or slotted into a shadow
    /// root: lookups then walk it (through slots and hosts) rather than the light-DOM parents.
    path: Option<js_sys::Array>,
    /// In the SDK's own dialog, panel or launcher (a shadow host marked `data-ac-ui`).
    own_ui: bool,
}

pub fn target(event: &Event, n: &Names) -> Option<Target> {
    let element = event.target()?.dyn_into::<Element>().ok()?;
    let hosts = element.shadow_root().is_some();
    if !hosts && dom(&element).assigned_slot_js().is_none() {
        return Some(Target {
            element,
            path: None,
            own_ui: false,
        });
    }
    // Only a shadow host can be the SDK's own UI: ordinary events pay for neither lookup.
    let own_ui = hosts && dom(&element).has_attribute_js(&n.ui);
    let path = event.composed_path();
    let element = path.get(0).dyn_into::<Element>().unwrap_or(element);
    Some(Target {
        element,
        path: Some(path),
        own_ui,
    })
}

impl Target {
    /// Whether the event happened in the SDK's own dialog, panel or launcher: the person
    /// looking at what is sent about them is not activity of the page.
    pub fn is_own_ui(&self) -> bool {
        self.own_ui
    }

    /// Whether the event is on a frame element: what happens inside a frame belongs to the
    /// frame's document (which runs its own SDK, or none), never to this page. (Firefox can
    /// report a click inside a cross-origin frame as a click on the `<iframe>` element.)
    pub fn is_frame(&self) -> bool {
        self.element.is_instance_of::<web_sys::HtmlIFrameElement>()
    }
}

/// The nearest element matching `selector` from the target up: its light-DOM ancestors, or,
/// for a target in or slotted into a shadow root, every element of the composed path (slots,
/// the shadow tree around them, the hosts).
fn closest(target: &Target, selector: &JsString) -> Option<Element> {
    let Some(path) = &target.path else {
        return dom(&target.element).closest_js(selector).ok().flatten();
    };
    path.iter()
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(|el| dom(el).matches_js(selector).unwrap_or(false))
}

/// Whether the target is private: inside `[data-ac-private]` (in its own tree or around any
/// shadow host above it), a password field, or a field whose `autocomplete` marks card data,
/// one-time codes or passwords. Private elements contribute only a count.
pub fn is_private(target: &Target, n: &Names) -> bool {
    if closest(target, &n.private).is_some() {
        return true;
    }
    // One selector match tells the common case (not a password field, no `autocomplete`)
    // without reading any attribute's text.
    let el = dom(&target.element);
    // Fails closed: should the selector ever throw, the attribute checks below decide.
    if !el.matches_js(&n.field).unwrap_or(true) {
        return false;
    }
    if el
        .attribute_js(&n.kind)
        .is_some_and(|t| t.eq_ignore_ascii_case("password"))
    {
        return true;
    }
    el.attribute_js(&n.autocomplete).is_some_and(|a| {
        a.split_ascii_whitespace().any(|token| {
            let t = token.to_ascii_lowercase();
            t.starts_with("cc-") || t == "one-time-code" || t.ends_with("-password")
        })
    })
}

/// The redacted label of the nearest element carrying one of the allowed label attributes
/// (a labelled control inside a component before the component's own label).
pub fn label(target: &Target, sources: &[LabelSource], n: &Names) -> Option<Redacted> {
    for source in sources {
        let index = match source {
            LabelSource::DataAcLabel => 0,
            LabelSource::AriaLabel => 1,
            LabelSource::Title => 2,
        };
        let (selector, attribute) = &n.labels[index];
        let raw = closest(target, selector).and_then(|el| dom(&el).attribute_js(attribute));
        let Some(raw) = raw else {
            continue;
        };
        let print = fingerprint(&raw);
        let mut last = n.last_label.borrow_mut();
        return match &*last {
            Some((seen, redacted)) if *seen == print => redacted.clone(),
            _ => {
                let redacted = clean_label(&raw);
                *last = Some((print, redacted.clone()));
                redacted
            }
        };
    }
    None
}

/// FNV-1a over the bytes, mixed with the length.
fn fingerprint(s: &str) -> u64 {
    s.bytes()
        .fold(0xcbf2_9ce4_8422_2325 ^ s.len() as u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// Collapses whitespace and control characters, redacts, and caps the length (redacting again
/// after the cut, so a cut can never expose part of a value).
fn clean_label(raw: &str) -> Option<Redacted> {
    let mut collapsed = String::with_capacity(raw.len());
    for word in raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    if collapsed.is_empty() {
        return None;
    }
    let redacted = redact(&collapsed);
    if redacted.as_str().chars().count() <= MAX_LABEL_CHARS {
        return Some(redacted);
    }
    let cut: String = redacted.as_str().chars().take(MAX_LABEL_CHARS).collect();
    Some(redact(cut.trim_end()))
}

/// The current route template, from the path (or, with hash routing, the fragment). Query and
/// fragment never leave this function.
pub fn current_route(rules: &RouteRules, hash_routing: bool) -> Redacted {
    let location = crate::env::window().map(|w| w.location());
    let Some(location) = location else {
        return rules.template("/");
    };
    if hash_routing {
        rules.template_fragment(&location.hash().unwrap_or_default())
    } else {
        rules.template(&location.pathname().unwrap_or_default())
    }
}
