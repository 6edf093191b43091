//! The DOM listeners of each purpose, and the page-lifecycle listeners every capture needs.
//! Each handler checks trust, reduces the event to an [`Observation`] (content only through
//! `classify`), and hands it to the instance. Handlers hold a weak reference, so a stopped
//! instance is freed even if the page keeps a listener alive somehow.

use std::rc::{Rc, Weak};

use activity_capture_core::observe::Observation;
use activity_capture_core::purpose::Purpose;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget, InputEvent, KeyboardEvent, MouseEvent, PageTransitionEvent};

use crate::classify;
use crate::listen::EventListener;
use crate::sdk::Sdk;

fn on(
    sdk: &Rc<Sdk>,
    target: &EventTarget,
    kind: &'static str,
    handler: impl Fn(&Rc<Sdk>, Event) + 'static,
) -> Option<EventListener> {
    let weak: Weak<Sdk> = Rc::downgrade(sdk);
    EventListener::new(target, kind, move |event: Event| {
        let Some(sdk) = weak.upgrade() else { return };
        if sdk.accepts(&event) {
            handler(&sdk, event);
        }
    })
    .ok()
}

fn private_target(event: &Event) -> Option<bool> {
    classify::element(event.target()).map(|el| classify::is_private(&el))
}

/// An interaction event: counted as `plain` unless it happened in a private element.
fn interaction(sdk: &Rc<Sdk>, event: &Event, plain: Observation) {
    let observation = if private_target(event) == Some(true) {
        Observation::PrivateInteraction
    } else {
        plain
    };
    sdk.observe(observation);
}

/// Attaches the listeners of `purpose`.
pub fn attach(sdk: &Rc<Sdk>, purpose: Purpose) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let Some(document) = window.document() else {
        return Vec::new();
    };
    let doc: &EventTarget = document.as_ref();
    let win: &EventTarget = window.as_ref();
    let listeners = match purpose {
        Purpose::Interaction => vec![
            on(sdk, doc, "click", |sdk, e| {
                let Some(el) = classify::element(e.target()) else {
                    return;
                };
                if classify::is_private(&el) {
                    sdk.observe(Observation::PrivateInteraction);
                } else {
                    sdk.observe(Observation::Click {
                        label: classify::label(&el, &sdk.config.label_from),
                    });
                }
            }),
            on(sdk, doc, "submit", |sdk, e| {
                interaction(sdk, &e, Observation::Submit)
            }),
            on(sdk, doc, "focusin", |sdk, e| {
                interaction(sdk, &e, Observation::FocusChange)
            }),
            on(sdk, doc, "copy", |sdk, e| {
                interaction(sdk, &e, Observation::Copy)
            }),
            on(sdk, doc, "cut", |sdk, e| {
                interaction(sdk, &e, Observation::Cut)
            }),
            on(sdk, doc, "paste", |sdk, e| {
                interaction(sdk, &e, Observation::Paste)
            }),
            on(sdk, win, "scroll", |sdk, _| {
                let Some(w) = web_sys::window() else { return };
                let Some(root) = w.document().and_then(|d| d.document_element()) else {
                    return;
                };
                let height = f64::from(root.scroll_height());
                let seen = w.scroll_y().unwrap_or(0.0)
                    + w.inner_height()
                        .ok()
                        .and_then(|h| h.as_f64())
                        .unwrap_or(0.0);
                if height > 0.0 {
                    sdk.observe(Observation::Scrolled(
                        (seen / height * 100.0).clamp(0.0, 100.0) as u8,
                    ));
                }
            }),
        ],
        Purpose::Typing => vec![
            on(sdk, doc, "keydown", |sdk, e| {
                let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let observation = if private_target(&e) == Some(true) {
                    Observation::PrivateTyping
                } else {
                    Observation::Key(classify::key_class(k))
                };
                sdk.observe(observation);
            }),
            on(sdk, doc, "input", |sdk, e| {
                let observation = if private_target(&e) == Some(true) {
                    Observation::PrivateTyping
                } else if let Some(i) = e.dyn_ref::<InputEvent>() {
                    Observation::Input(classify::input_class(i))
                } else {
                    Observation::Input(activity_capture_core::observe::InputClass::Other)
                };
                sdk.observe(observation);
            }),
        ],
        Purpose::Pointer => vec![on(sdk, doc, "pointermove", |sdk, e| {
            let Some(m) = e.dyn_ref::<MouseEvent>() else {
                return;
            };
            let (dx, dy) = (f64::from(m.movement_x()), f64::from(m.movement_y()));
            sdk.pointer_moved((dx * dx + dy * dy).sqrt());
        })],
        // Page views and route changes come from the lifecycle listeners.
        Purpose::Navigation => Vec::new(),
    };
    listeners.into_iter().flatten().collect()
}

/// The page-lifecycle listeners: visibility (flush on hidden), pagehide (flush), pageshow
/// (back/forward-cache restores), and route changes. Never `unload`: it breaks the bfcache.
pub fn lifecycle(sdk: &Rc<Sdk>) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let Some(document) = window.document() else {
        return Vec::new();
    };
    let doc: &EventTarget = document.as_ref();
    let win: &EventTarget = window.as_ref();
    // Lifecycle events are the browser's own; they are handled whatever their trust flag says.
    let always =
        |sdk: &Rc<Sdk>, target: &EventTarget, kind: &'static str, f: fn(&Rc<Sdk>, Event)| {
            let weak = Rc::downgrade(sdk);
            EventListener::new(target, kind, move |e| {
                if let Some(sdk) = weak.upgrade() {
                    f(&sdk, e);
                }
            })
            .ok()
        };
    [
        always(sdk, doc, "visibilitychange", |sdk, _| {
            sdk.visibility(crate::env::visible())
        }),
        always(sdk, win, "pagehide", |sdk, _| sdk.visibility(false)),
        always(sdk, win, "pageshow", |sdk, e| {
            let restored = e
                .dyn_ref::<PageTransitionEvent>()
                .is_some_and(|p| p.persisted());
            if restored {
                sdk.visibility(true);
                if sdk.granted(Purpose::Navigation) {
                    sdk.observe(Observation::PageView);
                }
                sdk.send();
            }
        }),
        always(sdk, win, "popstate", |sdk, _| sdk.route_may_have_changed()),
        always(sdk, win, "hashchange", |sdk, _| {
            sdk.route_may_have_changed()
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}
