//! The one audited classification module, with its JS half `js/sense.js`: the only code allowed
//! to call the content getters that `clippy.toml` bans everywhere else (and, in JS, the only
//! file that reads the page: `tests/guarantees.rs`). Each function reads one piece of content
//! and turns it into a class, a flag, a route template or a redacted string before returning;
//! nothing it reads is kept.
#![allow(clippy::disallowed_methods)]

use activity_capture_core::config::LabelSource;
use activity_capture_core::observe::{InputClass, KeyClass, Observation};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::redact::{redact, Redacted};
use activity_capture_core::route::RouteRules;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;

// The JS half of this module, `js/sense.js`: it makes the SDK's listeners, which read the
// event's target, selectors and attributes, the key's name and the input's type, and call the
// Rust handler with a number (or a label's text). No event object crosses into the wasm, and
// key names and input types never do. The façade hands it over once (`useSense`) before the
// first `init`.
#[wasm_bindgen]
extern "C" {
    /// The object `makeSense()` in `js/sense.js` returns.
    #[derive(Clone)]
    pub type Sense;
    // The listeners it makes never throw from their own reads: they read elements through the
    // DOM's own getters and methods, taken as the SDK loads (a page's later patch changes
    // nothing), and should a read throw all the same (a patched `composedPath`), they answer
    // "private" (fails closed).
    #[wasm_bindgen(method, js_name = listener)]
    fn listener_js(
        this: &Sense,
        what: u32,
        call: &js_sys::Function,
        untrusted: bool,
        sources: u32,
    ) -> js_sys::Function;
    /// The page's clock (`Date.now()`) when `makeSense()` ran: listeners pass event times as
    /// milliseconds since then.
    #[wasm_bindgen(method, getter)]
    fn base(this: &Sense) -> f64;
    /// When the batch of clicks, keys and inputs the listeners count began (ms since `base`);
    /// -1 when none was counted since the last take.
    #[wasm_bindgen(method, getter)]
    fn from(this: &Sense) -> f64;
    /// A listener `js/sense.js` makes that gathers events for the SDK to take: for a frequent
    /// event, one that wakes the SDK once per burst; for clicks, keys and inputs, one that
    /// counts a batch's events per answer.
    type Burst;
    #[wasm_bindgen(method, js_name = burst)]
    fn burst_js(this: &Sense, wake: &js_sys::Function, untrusted: bool, moves: bool) -> Burst;
    /// A burst's gathered whole pixels (`i` is ignored); a tally's answers counted (`i` = -1:
    /// a bit per answer) or the count of answer `i`. Each is zeroed.
    #[wasm_bindgen(method, js_name = take)]
    fn take_js(this: &Burst, i: i32) -> f64;
}

/// What a listener made by [`Classifier::listener`] answers (`js/sense.js` names the same):
/// whether a pagehide or pageshow keeps the page in the back/forward cache (1, else 0; other
/// events 0), where the event happened ([`interaction`]), a click's, key's or input's answer
/// ([`Classifier::click`], [`key`], [`input`]).
pub const PAGE: u32 = 0;
pub const PLACE: u32 = 1;
pub const CLICK: u32 = 2;
pub const KEY: u32 = 3;
pub const INPUT: u32 = 4;

/// The frequent events heard in bursts by `js/sense.js`'s listeners (bit flags).
pub const SCROLL: u8 = 1;
pub const POINTER: u8 = 2;

// `js/sense.js`'s answers.
const PLAIN: u32 = 0;
const PRIVATE: u32 = 1;
const CLASS: u32 = 3;
/// A click's answer when it has a label (its text comes with it).
const LABELLED: u32 = 3;
/// A click's answer when its label is the one the click listener passed last (`js/sense.js`
/// tells so by a fingerprint of the text; no text comes): that label's redaction again.
const AGAIN: u32 = 4;

thread_local! {
    static SENSE: RefCell<Option<Sense>> = const { RefCell::new(None) };
}

/// Hands the SDK its JS classifier (`makeSense()` of `js/sense.js`); the façade calls this once
/// the module is loaded, before `init`.
#[wasm_bindgen(js_name = useSense)]
pub fn use_sense(sense: Sense) {
    SENSE.with(|s| *s.borrow_mut() = Some(sense));
}

/// The classifier handed over by [`use_sense`], if any.
pub fn installed() -> Option<Sense> {
    SENSE.with(|s| s.borrow().clone())
}

/// Longest label sent, in characters (the collector refuses longer ones).
const MAX_LABEL_CHARS: usize = 80;

/// An instance's classifier: the JS half, the label sources it may read, and the last label's
/// redaction.
pub struct Classifier {
    sense: Sense,
    /// The allowed label sources in order, one per 4 bits, lowest first (1-based), as
    /// `js/sense.js` reads them.
    sources: u32,
    /// The redaction of the last label passed (not the label: nothing read is kept), for the
    /// clicks `js/sense.js` answers [`AGAIN`]. The click listener is the only one with labels,
    /// and there is one per instance, so "the last label" is that listener's.
    last_label: RefCell<Option<Redacted>>,
    /// The listeners that gather events for the SDK to take, while their purposes are
    /// captured: the scroll and pointer listeners (by [`slot`]), and the click, key and input
    /// listeners (at [`CLICK`], [`KEY`], [`INPUT`]), which count the events of a batch.
    gathering: [RefCell<Option<Burst>>; 5],
    /// The JS half's clock base, Unix ms.
    base: f64,
}

impl Classifier {
    pub fn new(sense: Sense, label_from: &[LabelSource]) -> Classifier {
        let sources = label_from.iter().rev().fold(0u32, |bits, source| {
            let index = match source {
                LabelSource::DataAcLabel => 1,
                LabelSource::AriaLabel => 2,
                LabelSource::Title => 3,
            };
            bits << 4 | index
        });
        Classifier {
            base: sense.base(),
            sense,
            sources,
            last_label: RefCell::new(None),
            gathering: Default::default(),
        }
    }

    /// The Unix time in ms of an event a listener timed at `since` ms after the base.
    pub fn at(&self, since: f64) -> u64 {
        (self.base + since) as u64
    }

    fn slot(&self, what: u8) -> &RefCell<Option<Burst>> {
        &self.gathering[usize::from(what == POINTER)]
    }

    /// The listener to attach for [`SCROLL`] or [`POINTER`]: `js/sense.js` calls `wake` on the
    /// first event of a burst (and sums pointer movement); [`Classifier::take`] takes what the
    /// burst gathered.
    pub fn burst(&self, wake: &js_sys::Function, untrusted: bool, what: u8) -> js_sys::Function {
        let burst = self.sense.burst_js(wake, untrusted, what == POINTER);
        let listener = burst.unchecked_ref::<js_sys::Function>().clone();
        *self.slot(what).borrow_mut() = Some(burst);
        listener
    }

    /// Ends the waiting burst of each of `what`: the whole pixels the pointer moved since the
    /// last take (the fraction carries over; 0 for scrolls). The next event wakes the SDK again.
    pub fn take(&self, what: u8) -> u32 {
        [SCROLL, POINTER]
            .into_iter()
            .filter(|w| what & w != 0)
            // A float-to-int `as` saturates: an absurd sum cannot wrap.
            .filter_map(|w| self.slot(w).borrow().as_ref().map(|b| b.take_js(0) as u32))
            .fold(0, u32::saturating_add)
    }

    /// Forgets the listeners of `purpose` and what they gathered (the purpose ended); returns
    /// the bursts among them ([`SCROLL`] is interaction's, [`POINTER`] the pointer's), which no
    /// longer need settling.
    pub fn forget(&self, purpose: Purpose) -> u8 {
        let (bursts, tallies): (u8, &[u32]) = match purpose {
            Purpose::Interaction => (SCROLL, &[CLICK]),
            Purpose::Typing => (0, &[KEY, INPUT]),
            Purpose::Pointer => (POINTER, &[]),
            Purpose::Navigation => (0, &[]),
        };
        // A purpose has at most one burst.
        if bursts != 0 {
            *self.slot(bursts).borrow_mut() = None;
        }
        for &what in tallies {
            *self.gathering[what as usize].borrow_mut() = None;
        }
        bursts
    }

    /// The listener to attach for events answered as `what` ([`PAGE`], [`PLACE`], [`CLICK`],
    /// [`KEY`], [`INPUT`]): `js/sense.js` classifies each event and calls `call` with the
    /// answer and the time ([`Classifier::at`]), or for a click, key or input in a batch counts
    /// it ([`Classifier::tallied`] takes the counts). Untrusted events reach `call` only if
    /// `untrusted`.
    pub fn listener(
        &self,
        what: u32,
        call: &js_sys::Function,
        untrusted: bool,
    ) -> js_sys::Function {
        let listener = self.sense.listener_js(what, call, untrusted, self.sources);
        if let Some(slot) = self.gathering.get(what as usize).filter(|_| what >= CLICK) {
            *slot.borrow_mut() = Some(listener.clone().unchecked_into());
        }
        listener
    }

    /// Takes what the click, key and input listeners counted since the last take: `each` gets
    /// the batch's start (Unix ms), an observation and how many times it was made. A click
    /// counted `AGAIN` is the last label's: take before a click with a new label is handled.
    pub fn tallied(&self, mut each: impl FnMut(u64, Observation, u32)) {
        // Negative when nothing was counted since the last take.
        let from = self.sense.from();
        if from < 0.0 {
            return;
        }
        let at = self.at(from);
        for what in CLICK..INPUT + 1 {
            let slot = self.gathering[what as usize].borrow();
            let Some(tally) = slot.as_ref() else {
                continue;
            };
            let mut answers = tally.take_js(-1) as u32;
            while answers != 0 {
                let answer = answers.trailing_zeros();
                answers &= answers - 1;
                let times = tally.take_js(answer as i32) as u32;
                let observation = match what {
                    CLICK => self.click(answer, None),
                    KEY => key(answer),
                    _ => input(answer),
                };
                if let Some(observation) = observation {
                    each(at, observation, times);
                }
            }
        }
    }

    /// A click: with the redacted label of the nearest element carrying an allowed label
    /// attribute, only a count in a private element (`js/sense.js` passes nothing for the SDK's
    /// own UI or a frame element: what happens in a frame belongs to its document).
    pub fn click(&self, answer: u32, label: Option<String>) -> Option<Observation> {
        match answer {
            PLAIN => Some(Observation::Click { label: None }),
            PRIVATE => Some(Observation::PrivateInteraction),
            LABELLED => {
                let label = label.and_then(|raw| clean_label(&raw));
                self.last_label.replace(label.clone());
                Some(Observation::Click { label })
            }
            AGAIN => Some(Observation::Click {
                label: self.last_label.borrow().clone(),
            }),
            _ => None,
        }
    }
}

/// An interaction event (submit, focus, clipboard): `plain`, or only a count if it happened in
/// a private element (a private region, a password or card field).
pub fn interaction(answer: u32, plain: Observation) -> Option<Observation> {
    match answer {
        PLAIN => Some(plain),
        PRIVATE => Some(Observation::PrivateInteraction),
        _ => None,
    }
}

/// A key press: its class, or only a count in a private field. The key's name is classified in
/// `js/sense.js` and never read here.
pub fn key(answer: u32) -> Option<Observation> {
    typed(answer, &KeyClass::ALL, Observation::Key)
}

/// An `input` event: the class of its `inputType` (the field's value is never read), or only a
/// count in a private field.
pub fn input(answer: u32) -> Option<Observation> {
    typed(answer, &InputClass::ALL, Observation::Input)
}

/// A typing answer of `js/sense.js`: only a count in a private field, the class at `CLASS + i`
/// of `classes`, or nothing.
fn typed<C: Copy>(
    answer: u32,
    classes: &[C],
    observe: fn(C) -> Observation,
) -> Option<Observation> {
    match answer {
        PRIVATE => Some(Observation::PrivateTyping),
        n if n >= CLASS => classes.get((n - CLASS) as usize).map(|&c| observe(c)),
        _ => None,
    }
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
    if activity_capture_core::text::char_count(redacted.as_str()) <= MAX_LABEL_CHARS {
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
