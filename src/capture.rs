//! The DOM listeners of each purpose, and the page-lifecycle listeners every capture needs.
//! Each handler checks trust, reduces the event to an [`Observation`] (content only through
//! `classify` and its JS half), and hands it to the instance. Handlers hold a weak reference, so a stopped
//! instance is freed even if the page keeps a listener alive somehow.

use std::rc::{Rc, Weak};

use activity_capture_core::observe::Observation;
use activity_capture_core::purpose::Purpose;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget, PageTransitionEvent};

use crate::classify::{POINTER, SCROLL};
use crate::listen::EventListener;
use crate::sdk::Sdk;

/// What a listener does with an event. Plain functions rather than closures: every listener then
/// shares one closure type, which keeps the wasm small.
type Handler = fn(&Rc<Sdk>, Event);

/// Attaches `handler`; `any_trust` skips the trust check (lifecycle events).
fn listen(
    sdk: &Rc<Sdk>,
    target: &EventTarget,
    kind: &'static str,
    handler: Handler,
    any_trust: bool,
) -> Option<EventListener> {
    let weak: Weak<Sdk> = Rc::downgrade(sdk);
    EventListener::new(target, kind, move |event: Event| {
        let Some(sdk) = weak.upgrade() else { return };
        if any_trust || sdk.accepts(&event) {
            handler(&sdk, event);
        }
    })
    .ok()
}

/// An interaction event: counted as `plain` unless it happened in a private element.
fn interaction(sdk: &Rc<Sdk>, event: &Event, plain: Observation) {
    if let Some(observation) = sdk.classifier.interaction(event, plain) {
        sdk.observe(observation);
    }
}

fn click(sdk: &Rc<Sdk>, e: Event) {
    if let Some(observation) = sdk.classifier.click(&e) {
        sdk.observe(observation);
    }
}

fn submit(sdk: &Rc<Sdk>, e: Event) {
    interaction(sdk, &e, Observation::Submit)
}

fn focus_in(sdk: &Rc<Sdk>, e: Event) {
    interaction(sdk, &e, Observation::FocusChange)
}

fn copy(sdk: &Rc<Sdk>, e: Event) {
    interaction(sdk, &e, Observation::Copy)
}

fn cut(sdk: &Rc<Sdk>, e: Event) {
    interaction(sdk, &e, Observation::Cut)
}

fn paste(sdk: &Rc<Sdk>, e: Event) {
    interaction(sdk, &e, Observation::Paste)
}

/// How far down the page the person has seen, in percent.
pub fn scroll_depth() -> Option<u8> {
    let w = crate::env::window()?;
    let root = w.document()?.document_element()?;
    let height = f64::from(root.scroll_height());
    let seen = w.scroll_y().unwrap_or(0.0)
        + w.inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
    (height > 0.0).then(|| (seen / height * 100.0).clamp(0.0, 100.0) as u8)
}

fn key_down(sdk: &Rc<Sdk>, e: Event) {
    if let Some(observation) = sdk.classifier.key(&e) {
        sdk.observe(observation);
    }
}

fn input(sdk: &Rc<Sdk>, e: Event) {
    if let Some(observation) = sdk.classifier.input(&e) {
        sdk.observe(observation);
    }
}

/// The listener of pointer moves ([`POINTER`]) or scrolls ([`SCROLL`]): `js/sense.js` listens
/// (summing the movement and checking trust itself), so the most frequent events never enter
/// the wasm; the SDK is woken on the first event of a burst.
fn burst(sdk: &Rc<Sdk>, what: u8) -> Option<EventListener> {
    let window = crate::env::window()?;
    let document = window.document()?;
    let (target, kind): (&EventTarget, _) = if what == POINTER {
        (document.as_ref(), "pointermove")
    } else {
        (window.as_ref(), "scroll")
    };
    let weak: Weak<Sdk> = Rc::downgrade(sdk);
    let untrusted = sdk.config.accept_untrusted;
    let wrap = |wake: &js_sys::Function| sdk.classifier.burst(wake, untrusted, what);
    EventListener::around(
        target,
        kind,
        move |_: Event| {
            if let Some(sdk) = weak.upgrade() {
                sdk.bursting(what);
            }
        },
        Some(&wrap),
    )
    .ok()
}

fn visibility_change(sdk: &Rc<Sdk>, _: Event) {
    sdk.visibility(crate::env::visible())
}

fn page_hide(sdk: &Rc<Sdk>, e: Event) {
    let kept_in_cache = e
        .dyn_ref::<PageTransitionEvent>()
        .is_some_and(|p| p.persisted());
    sdk.page_hidden(kept_in_cache)
}

fn online(sdk: &Rc<Sdk>, _: Event) {
    sdk.set_online(true)
}

fn offline(sdk: &Rc<Sdk>, _: Event) {
    sdk.set_online(false)
}

fn page_show(sdk: &Rc<Sdk>, e: Event) {
    let restored = e
        .dyn_ref::<PageTransitionEvent>()
        .is_some_and(|p| p.persisted());
    if restored {
        sdk.page_restored();
        if sdk.granted(Purpose::Navigation) {
            sdk.observe(Observation::PageView);
        }
    }
}

fn route_change(sdk: &Rc<Sdk>, _: Event) {
    sdk.route_may_have_changed()
}

/// One listener: the event type, whether it is heard on the window (else the document), and
/// its handler. Tables rather than code per listener keep the wasm small.
type Entry = (&'static str, bool, Handler);

const INTERACTION: &[Entry] = &[
    ("click", false, click),
    ("submit", false, submit),
    ("focusin", false, focus_in),
    ("copy", false, copy),
    ("cut", false, cut),
    ("paste", false, paste),
];

const TYPING: &[Entry] = &[("keydown", false, key_down), ("input", false, input)];

/// The page-lifecycle listeners: visibility (flush on hidden), pagehide (flush), pageshow
/// (back/forward-cache restores), online/offline (pause and resume sending), and route changes
/// (plus the Navigation API's `currententrychange` where the browser has it).
/// Never `unload`: it breaks the bfcache.
const LIFECYCLE: &[Entry] = &[
    ("visibilitychange", false, visibility_change),
    ("pagehide", true, page_hide),
    ("pageshow", true, page_show),
    ("online", true, online),
    ("offline", true, offline),
    ("popstate", true, route_change),
    ("hashchange", true, route_change),
];

fn attach_all(sdk: &Rc<Sdk>, entries: &[Entry], any_trust: bool) -> Vec<EventListener> {
    let Some(window) = crate::env::window() else {
        return Vec::new();
    };
    let Some(document) = window.document() else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|&(kind, on_window, handler)| {
            let target: &EventTarget = if on_window {
                window.as_ref()
            } else {
                document.as_ref()
            };
            listen(sdk, target, kind, handler, any_trust)
        })
        .collect()
}

/// Attaches the listeners of `purpose`. Untrusted events count only when the host accepts them.
pub fn attach(sdk: &Rc<Sdk>, purpose: Purpose) -> Vec<EventListener> {
    let entries = match purpose {
        Purpose::Interaction => {
            let mut listeners = attach_all(sdk, INTERACTION, false);
            listeners.extend(burst(sdk, SCROLL));
            return listeners;
        }
        Purpose::Typing => TYPING,
        Purpose::Pointer => return burst(sdk, POINTER).into_iter().collect(),
        // Page views and route changes come from the lifecycle listeners.
        Purpose::Navigation => &[],
    };
    attach_all(sdk, entries, false)
}

/// The page-lifecycle listeners every capture needs. Lifecycle events are the browser's own;
/// they are handled whatever their trust flag says.
pub fn lifecycle(sdk: &Rc<Sdk>) -> Vec<EventListener> {
    let mut listeners = attach_all(sdk, LIFECYCLE, true);
    if let Some(navigation) = crate::env::navigation() {
        listeners.extend(listen(
            sdk,
            &navigation,
            "currententrychange",
            route_change,
            true,
        ));
    }
    listeners
}
