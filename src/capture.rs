//! The DOM listeners of each purpose, and the page-lifecycle listeners every capture needs.
//! The listeners themselves are `js/sense.js`'s: they check trust and classify the event; each
//! handler here turns the answer into an [`Observation`] and hands it to the instance. Handlers
//! hold a weak reference, so a stopped instance is freed even if the page keeps a listener
//! alive somehow.

use std::rc::{Rc, Weak};

use activity_capture_core::observe::Observation;
use activity_capture_core::purpose::Purpose;
use web_sys::EventTarget;

use crate::classify::{self, CLICK, INPUT, KEY, PAGE, PLACE, POINTER, SCROLL};
use crate::listen::EventListener;
use crate::sdk::Sdk;

/// What a listener does with `js/sense.js`'s answer for an event, its time (Unix ms) and a
/// labelled click's text. Plain functions rather than closures: every listener then shares one
/// closure type, which keeps the wasm small.
type Handler = fn(&Rc<Sdk>, u32, u64, Option<String>);

/// Attaches, for `kind` events on `target`, the JS listener `make` makes around `handler`.
fn attach_one(
    sdk: &Rc<Sdk>,
    target: &EventTarget,
    kind: &'static str,
    handler: Handler,
    make: &dyn Fn(&js_sys::Function) -> js_sys::Function,
) -> Option<EventListener> {
    let weak: Weak<Sdk> = Rc::downgrade(sdk);
    EventListener::new(
        target,
        kind,
        move |answer, since, label| {
            if let Some(sdk) = weak.upgrade() {
                let at = sdk.classifier.at(since);
                handler(&sdk, answer, at, label);
            }
        },
        make,
    )
    .ok()
}

/// Attaches `handler` for `kind` events on `target`, answered as `what`; `any_trust` also
/// passes untrusted events (lifecycle events).
fn listen(
    sdk: &Rc<Sdk>,
    target: &EventTarget,
    kind: &'static str,
    what: u32,
    handler: Handler,
    any_trust: bool,
) -> Option<EventListener> {
    let untrusted = any_trust || sdk.config.accept_untrusted;
    attach_one(sdk, target, kind, handler, &|call| {
        sdk.classifier.listener(what, call, untrusted)
    })
}

fn observe(sdk: &Rc<Sdk>, at: u64, observation: Option<Observation>) {
    if let Some(observation) = observation {
        sdk.observe(at, observation);
    }
}

// The click, key and input handlers: `js/sense.js` calls them for the first event of a batch
// (counting the rest itself) and for a click with a new label; what the listeners counted
// before is taken first.

fn click(sdk: &Rc<Sdk>, answer: u32, at: u64, label: Option<String>) {
    sdk.take_tallies();
    observe(sdk, at, sdk.classifier.click(answer, label))
}

fn submit(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    observe(sdk, at, classify::interaction(answer, Observation::Submit))
}

fn focus_in(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    observe(
        sdk,
        at,
        classify::interaction(answer, Observation::FocusChange),
    )
}

fn copy(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    observe(sdk, at, classify::interaction(answer, Observation::Copy))
}

fn cut(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    observe(sdk, at, classify::interaction(answer, Observation::Cut))
}

fn paste(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    observe(sdk, at, classify::interaction(answer, Observation::Paste))
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

fn key_down(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    sdk.take_tallies();
    observe(sdk, at, classify::key(answer))
}

fn input(sdk: &Rc<Sdk>, answer: u32, at: u64, _: Option<String>) {
    sdk.take_tallies();
    observe(sdk, at, classify::input(answer))
}

/// The listener of pointer moves ([`POINTER`]) or scrolls ([`SCROLL`]): `js/sense.js` listens
/// (summing the movement and checking trust itself), so the most frequent events never enter
/// the wasm; the SDK is woken on the first event of a burst.
fn burst(sdk: &Rc<Sdk>, what: u8) -> Option<EventListener> {
    let window = crate::env::window()?;
    let document = window.document()?;
    let (target, kind, handler): (&EventTarget, _, Handler) = if what == POINTER {
        (document.as_ref(), "pointermove", moved)
    } else {
        (window.as_ref(), "scroll", scrolled)
    };
    let untrusted = sdk.config.accept_untrusted;
    attach_one(sdk, target, kind, handler, &|wake| {
        sdk.classifier.burst(wake, untrusted, what)
    })
}

fn moved(sdk: &Rc<Sdk>, _: u32, at: u64, _: Option<String>) {
    sdk.bursting(POINTER, at)
}

fn scrolled(sdk: &Rc<Sdk>, _: u32, at: u64, _: Option<String>) {
    sdk.bursting(SCROLL, at)
}

fn visibility_change(sdk: &Rc<Sdk>, _: u32, _: u64, _: Option<String>) {
    sdk.visibility(crate::env::visible())
}

fn page_hide(sdk: &Rc<Sdk>, kept_in_cache: u32, _: u64, _: Option<String>) {
    sdk.page_hidden(kept_in_cache == 1)
}

fn online(sdk: &Rc<Sdk>, _: u32, _: u64, _: Option<String>) {
    sdk.set_online(true)
}

fn offline(sdk: &Rc<Sdk>, _: u32, _: u64, _: Option<String>) {
    sdk.set_online(false)
}

fn page_show(sdk: &Rc<Sdk>, restored: u32, at: u64, _: Option<String>) {
    if restored == 1 {
        sdk.page_restored();
        if sdk.granted(Purpose::Navigation) {
            sdk.observe(at, Observation::PageView);
        }
    }
}

fn route_change(sdk: &Rc<Sdk>, _: u32, _: u64, _: Option<String>) {
    sdk.route_may_have_changed()
}

/// One listener: the event type, whether it is heard on the window (else the document), what
/// `js/sense.js` answers for it, and its handler. Tables rather than code per listener keep the
/// wasm small.
type Entry = (&'static str, bool, u32, Handler);

const INTERACTION: &[Entry] = &[
    ("click", false, CLICK, click),
    ("submit", false, PLACE, submit),
    ("focusin", false, PLACE, focus_in),
    ("copy", false, PLACE, copy),
    ("cut", false, PLACE, cut),
    ("paste", false, PLACE, paste),
];

const TYPING: &[Entry] = &[
    ("keydown", false, KEY, key_down),
    ("input", false, INPUT, input),
];

/// The page-lifecycle listeners: visibility (flush on hidden), pagehide (flush), pageshow
/// (back/forward-cache restores), online/offline (pause and resume sending), and route changes
/// (plus the Navigation API's `currententrychange` where the browser has it).
/// Never `unload`: it breaks the bfcache.
const LIFECYCLE: &[Entry] = &[
    ("visibilitychange", false, PAGE, visibility_change),
    ("pagehide", true, PAGE, page_hide),
    ("pageshow", true, PAGE, page_show),
    ("online", true, PAGE, online),
    ("offline", true, PAGE, offline),
    ("popstate", true, PAGE, route_change),
    ("hashchange", true, PAGE, route_change),
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
        .filter_map(|&(kind, on_window, what, handler)| {
            let target: &EventTarget = if on_window {
                window.as_ref()
            } else {
                document.as_ref()
            };
            listen(sdk, target, kind, what, handler, any_trust)
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
            PAGE,
            route_change,
            true,
        ));
    }
    listeners
}
