//! The one audited classification module: the only code allowed to call the content getters
//! that `clippy.toml` bans everywhere else. Each function reads one piece of content and turns
//! it into a class, a flag, a route template or a redacted string before returning; nothing it
//! reads is kept.
#![allow(clippy::disallowed_methods)]

use activity_capture_core::config::LabelSource;
use activity_capture_core::observe::{classify_input, classify_key, InputClass, KeyClass};
use activity_capture_core::redact::{redact, Redacted};
use activity_capture_core::route::RouteRules;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, InputEvent, KeyboardEvent, ShadowRoot};

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
    /// Inside an open shadow root: lookups walk up through the hosts.
    shadowed: bool,
    /// In the SDK's own dialog, panel or launcher (a shadow host marked `data-ac-ui`).
    own_ui: bool,
}

pub fn target(event: &Event) -> Option<Target> {
    let element = event.target()?.dyn_into::<Element>().ok()?;
    if element.shadow_root().is_none() {
        return Some(Target {
            element,
            shadowed: false,
            own_ui: false,
        });
    }
    // Only a shadow host can be the SDK's own UI: ordinary events pay for neither lookup.
    let own_ui = element.has_attribute("data-ac-ui");
    match event.composed_path().get(0).dyn_into::<Element>() {
        Ok(inner) => Some(Target {
            element: inner,
            shadowed: true,
            own_ui,
        }),
        Err(_) => Some(Target {
            element,
            shadowed: false,
            own_ui,
        }),
    }
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

/// The nearest element matching `selector` from the target up, through shadow hosts when the
/// target is inside a shadow root.
fn closest(target: &Target, selector: &str) -> Option<Element> {
    let mut at = target.element.clone();
    loop {
        if let Some(found) = at.closest(selector).ok().flatten() {
            return Some(found);
        }
        if !target.shadowed {
            return None;
        }
        at = at.get_root_node().dyn_into::<ShadowRoot>().ok()?.host();
    }
}

/// Whether the target is private: inside `[data-ac-private]` (in its own tree or around any
/// shadow host above it), a password field, or a field whose `autocomplete` marks card data,
/// one-time codes or passwords. Private elements contribute only a count.
pub fn is_private(target: &Target) -> bool {
    if closest(target, "[data-ac-private]").is_some() {
        return true;
    }
    let el = &target.element;
    let tag = el.tag_name();
    if !(tag.eq_ignore_ascii_case("input") || tag.eq_ignore_ascii_case("textarea")) {
        return false;
    }
    if el
        .get_attribute("type")
        .is_some_and(|t| t.eq_ignore_ascii_case("password"))
    {
        return true;
    }
    el.get_attribute("autocomplete").is_some_and(|a| {
        a.split_ascii_whitespace().any(|token| {
            let t = token.to_ascii_lowercase();
            t.starts_with("cc-") || t == "one-time-code" || t.ends_with("-password")
        })
    })
}

/// The redacted label of the nearest element carrying one of the allowed label attributes
/// (a labelled control inside a component before the component's own label).
pub fn label(target: &Target, sources: &[LabelSource]) -> Option<Redacted> {
    for source in sources {
        let attr = source.attribute();
        let selector = match source {
            LabelSource::DataAcLabel => "[data-ac-label]",
            LabelSource::AriaLabel => "[aria-label]",
            LabelSource::Title => "[title]",
        };
        let Some(labelled) = closest(target, selector) else {
            continue;
        };
        let Some(raw) = labelled.get_attribute(attr) else {
            continue;
        };
        return clean_label(&raw);
    }
    None
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
