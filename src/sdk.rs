//! One running SDK instance: its state (consent, aggregator, outbox), its listeners, and the
//! steps that move data one way: observation → aggregator → summary → outbox → transport.
//!
//! Borrow discipline: `state` is borrowed only around pure Rust work; every call into JS
//! (storage, fetch, listeners) happens with no borrow held, so a re-entrant event cannot panic.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use activity_capture_core::aggregate::{Aggregator, Context};
use activity_capture_core::config::Config;
use activity_capture_core::consent::{Change, Choice, Consent, ConsentError};
use activity_capture_core::id::SubjectSecret;
use activity_capture_core::observe::Observation;
use activity_capture_core::outbox::{self, Outbox};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::route::RouteRules;
use activity_capture_core::summary::ConsentSource;
use activity_capture_core::text::concat;
use activity_capture_core::wire;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Event;

use crate::capture;
use crate::env;
use crate::history::HistoryHook;
use crate::listen::EventListener;
use crate::transport;

/// Mutable state; borrowed only for pure Rust work.
struct State {
    consent: Consent,
    aggregator: Aggregator,
    outbox: Outbox,
    secret: SubjectSecret,
    paused: bool,
    stopped: bool,
    pointer_carry: f64,
}

/// A running instance.
pub struct Sdk {
    /// The validated options.
    pub config: Config,
    /// Route templating rules.
    pub rules: RouteRules,
    state: RefCell<State>,
    purpose_listeners: RefCell<Vec<(Purpose, Vec<EventListener>)>>,
    lifecycle: RefCell<Vec<EventListener>>,
    history: RefCell<Option<HistoryHook>>,
    in_flight: Cell<bool>,
    consent_key: String,
    outbox_key: String,
}

/// Where the device secret is kept (shared by every app on this origin; pseudonyms still
/// differ per app because the app is hashed in).
const SECRET_KEY: &str = "ac:secret";

fn load_secret() -> SubjectSecret {
    if let Some(s) = env::load(SECRET_KEY)
        .as_deref()
        .and_then(SubjectSecret::parse)
    {
        return s;
    }
    // Without crypto there is no safe secret: fall back to a per-page one (never persisted
    // weak); with crypto, persist it so the person can reach their rows later.
    let secret = SubjectSecret::from_random(env::random::<32>().unwrap_or_else(|| {
        let t = env::now_ms().to_le_bytes();
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&t);
        b
    }));
    env::save(SECRET_KEY, &secret.to_hex());
    secret
}

/// A consent change request, validated before anything is applied.
pub struct ConsentRequest(Vec<(Purpose, bool)>);

/// Why `setConsent` refused, naming the key.
pub struct ConsentRefusal {
    /// The offending key's path.
    pub key: String,
    /// What was wrong.
    pub problem: String,
}

impl ConsentRequest {
    /// Reads `{ purpose: boolean, ... }`.
    pub fn read(value: &JsValue, requested: &[Purpose]) -> Result<ConsentRequest, ConsentRefusal> {
        let refuse = |key: &str, problem: &str| ConsentRefusal {
            key: key.to_owned(),
            problem: problem.to_owned(),
        };
        if !value.is_object() || Array::is_array(value) {
            return Err(refuse(
                "consent",
                "expected an object like { typing: true, pointer: false }",
            ));
        }
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        let mut out = Vec::new();
        for i in 0..keys.length() {
            let key = keys.get(i);
            let k = key.as_string().unwrap_or_default();
            let shown = if k.len() <= 32 && k.bytes().all(|b| b.is_ascii_alphanumeric()) {
                k.clone()
            } else {
                "(a key)".into()
            };
            let Some(p) = Purpose::parse(&k) else {
                return Err(refuse(
                    &shown,
                    "is not a purpose: expected interaction, typing, pointer or navigation",
                ));
            };
            if !requested.contains(&p) {
                return Err(refuse(
                    &shown,
                    "is not among the purposes this app asks for",
                ));
            }
            let Some(grant) = Reflect::get(value, &key).ok().and_then(|v| v.as_bool()) else {
                return Err(refuse(&shown, "expected true or false"));
            };
            out.push((p, grant));
        }
        Ok(ConsentRequest(out))
    }
}

impl Sdk {
    /// Starts an instance: restores consent and the outbox, and attaches listeners only for
    /// purposes already granted.
    pub fn start(config: Config) -> Rc<Sdk> {
        let rules = RouteRules::new(&config.routes, &config.route_words);
        let app = config.app.as_str().to_owned();
        let consent_key = concat(&["ac:", &app, ":consent"]);
        let outbox_key = concat(&["ac:", &app, ":outbox"]);
        let requested: Vec<Purpose> = config.purposes.iter().map(|p| p.purpose).collect();
        let consent = Consent::restore(
            &env::load(&consent_key).unwrap_or_default(),
            config.policy_hash(),
            &requested,
            env::privacy_signal(),
        );
        let outbox = Outbox::restore(
            &env::load(&outbox_key).unwrap_or_default(),
            outbox::DEFAULT_MAX_COUNT,
            outbox::DEFAULT_MAX_BYTES,
        );
        let route = crate::classify::current_route(&rules, config.hash_routing);
        let state = State {
            aggregator: activity_capture_core::aggregate::Aggregator::new(config.window, route),
            consent,
            outbox,
            secret: load_secret(),
            paused: false,
            stopped: false,
            pointer_carry: 0.0,
        };
        let sdk = Rc::new(Sdk {
            config,
            rules,
            state: RefCell::new(state),
            purpose_listeners: RefCell::new(Vec::new()),
            lifecycle: RefCell::new(Vec::new()),
            history: RefCell::new(None),
            in_flight: Cell::new(false),
            consent_key,
            outbox_key,
        });
        let granted = sdk.state.borrow().consent.granted_purposes();
        for p in granted {
            sdk.begin(p);
        }
        sdk.send();
        sdk
    }

    /// Whether an event may be counted: trusted, or untrusted events accepted by option.
    pub fn accepts(&self, event: &Event) -> bool {
        event.is_trusted() || self.config.accept_untrusted
    }

    fn any_listening(&self) -> bool {
        !self.purpose_listeners.borrow().is_empty()
    }

    /// Starts capturing `purpose`: its listeners, and the page-lifecycle ones if first.
    fn begin(self: &Rc<Self>, purpose: Purpose) {
        if self
            .purpose_listeners
            .borrow()
            .iter()
            .any(|(p, _)| *p == purpose)
        {
            return;
        }
        if !self.any_listening() {
            *self.lifecycle.borrow_mut() = capture::lifecycle(self);
            let weak = Rc::downgrade(self);
            *self.history.borrow_mut() = HistoryHook::install(Rc::new(move || {
                if let Some(sdk) = weak.upgrade() {
                    sdk.route_may_have_changed();
                }
            }));
            let now = env::now_ms();
            self.state
                .borrow_mut()
                .aggregator
                .visibility(now, env::visible());
        }
        let listeners = capture::attach(self, purpose);
        self.purpose_listeners
            .borrow_mut()
            .push((purpose, listeners));
        if purpose == Purpose::Navigation {
            self.observe(Observation::PageView);
        }
    }

    /// Stops capturing `purpose`; detaches everything when nothing is left.
    fn end(&self, purpose: Purpose) {
        let removed: Vec<_> = {
            let mut all = self.purpose_listeners.borrow_mut();
            let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut *all)
                .into_iter()
                .partition(|(p, _)| *p == purpose);
            *all = kept;
            gone
        };
        drop(removed);
        if !self.any_listening() {
            let lifecycle = std::mem::take(&mut *self.lifecycle.borrow_mut());
            drop(lifecycle);
            let hook = self.history.borrow_mut().take();
            drop(hook);
        }
    }

    /// Records an observation now, closing windows that ended.
    pub fn observe(self: &Rc<Self>, observation: Observation) {
        let now = env::now_ms();
        {
            let mut st = self.state.borrow_mut();
            if st.paused || st.stopped {
                return;
            }
            st.aggregator.observe(now, observation);
        }
        self.close_windows(now, false);
    }

    /// Adds pointer movement, carrying fractions of a pixel.
    pub fn pointer_moved(self: &Rc<Self>, distance: f64) {
        let whole = {
            let mut st = self.state.borrow_mut();
            st.pointer_carry += distance;
            let whole = st.pointer_carry.floor();
            st.pointer_carry -= whole;
            whole
        };
        if whole >= 1.0 {
            self.observe(Observation::PointerMoved(
                whole.min(f64::from(u32::MAX)) as u32
            ));
        }
    }

    /// The page's route may have changed (history API, popstate, hashchange).
    pub fn route_may_have_changed(self: &Rc<Self>) {
        let route = crate::classify::current_route(&self.rules, self.config.hash_routing);
        let now = env::now_ms();
        {
            let mut st = self.state.borrow_mut();
            if st.stopped {
                return;
            }
            if st.paused {
                st.aggregator = Aggregator::new(self.config.window, route);
                return;
            }
            st.aggregator.change_route(now, route);
        }
        self.close_windows(now, false);
    }

    /// The page became visible or hidden; hiding closes every window and sends.
    pub fn visibility(self: &Rc<Self>, visible: bool) {
        let now = env::now_ms();
        {
            let mut st = self.state.borrow_mut();
            if st.paused || st.stopped {
                return;
            }
            st.aggregator.visibility(now, visible);
        }
        self.close_windows(now, !visible);
        if !visible {
            self.send();
        }
    }

    /// Closes windows (all of them when `all`), moving their summaries into the persisted
    /// outbox. Sends when something closed.
    pub fn close_windows(self: &Rc<Self>, now: u64, all: bool) {
        let stored = {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            if st.aggregator.is_empty() {
                return;
            }
            let consent = &st.consent;
            let granted = |p: Purpose| consent.granted(p);
            let mut random_id = || {
                env::random::<16>()
                    .unwrap_or_else(|| (env::now_ms() as u128 ^ 0x5a5a).to_le_bytes())
            };
            let mut dropped = st.outbox.dropped();
            let mut ctx = Context {
                app: &self.config.app,
                secret: &st.secret,
                policy: consent.policy(),
                consent: &granted,
                random_id: &mut random_id,
            };
            let closed = st.aggregator.close(now, all, &mut ctx, &mut dropped);
            if closed.is_empty() {
                return;
            }
            // The first summary now carries the drop count; the count restarts.
            st.outbox.take_dropped();
            for s in &closed {
                st.outbox.push(wire::encode(s));
            }
            st.outbox.store()
        };
        env::save(&self.outbox_key, &stored);
        if !all {
            self.send();
        }
    }

    fn persist_outbox(&self) {
        let stored = self.state.borrow().outbox.store();
        env::save(&self.outbox_key, &stored);
    }

    /// The exact body of the next request: every open window is closed into the outbox first.
    pub fn pending(self: &Rc<Self>) -> String {
        self.close_windows(env::now_ms(), true);
        let st = self.state.borrow();
        let batch = st
            .outbox
            .next_batch(self.config.ingest_key.len(), outbox::MAX_BATCH_BYTES);
        if batch.is_empty() {
            return String::new();
        }
        wire::encode_batch(&self.config.ingest_key, batch.iter().map(String::as_str))
    }

    /// Sends the next batch if nothing is in flight; continues until the outbox is empty or a
    /// request fails (what failed stays for a later try).
    pub fn send(self: &Rc<Self>) {
        let (body, count) = {
            let st = self.state.borrow();
            if st.paused || st.stopped || self.in_flight.get() {
                return;
            }
            let batch = st
                .outbox
                .next_batch(self.config.ingest_key.len(), outbox::MAX_BATCH_BYTES);
            if batch.is_empty() {
                return;
            }
            (
                wire::encode_batch(&self.config.ingest_key, batch.iter().map(String::as_str)),
                batch.len(),
            )
        };
        self.in_flight.set(true);
        let sdk = self.clone();
        let url = concat(&[&self.config.endpoint, "/v1/summaries"]);
        let request = transport::post(&url, &body, true);
        transport::when_settled(
            &request,
            Box::new(move |answer| {
                sdk.in_flight.set(false);
                match answer {
                    Ok(json) => {
                        let acked = sdk.acknowledge(&json);
                        if acked > 0 && acked <= count {
                            sdk.send();
                        }
                    }
                    Err(e) => {
                        if sdk.config.debug {
                            env::warn(&concat(&[
                                "activity-capture: send failed: ",
                                e.describe(),
                                "; summaries kept for a later try",
                            ]));
                        }
                    }
                }
            }),
        );
    }

    /// Removes acknowledged summaries (stored, duplicate or refused) and persists the outbox.
    fn acknowledge(&self, answer: &JsValue) -> usize {
        let results = Reflect::get(answer, &"results".into()).unwrap_or(JsValue::UNDEFINED);
        if !Array::is_array(&results) {
            return 0;
        }
        let mut ids = Vec::new();
        let results: &Array = results.unchecked_ref();
        for i in 0..results.length() {
            let r = results.get(i);
            let id = Reflect::get(&r, &"id".into())
                .ok()
                .and_then(|v| v.as_string());
            let status = Reflect::get(&r, &"status".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let Some(id) = id else { continue };
            if status == "refused" && self.config.debug {
                let field = Reflect::get(&r, &"field".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                env::warn(&concat(&[
                    "activity-capture: the collector refused summary ",
                    &id,
                    " (",
                    &field,
                    ")",
                ]));
            }
            if matches!(status.as_str(), "stored" | "duplicate" | "refused") {
                ids.push(id);
            }
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.state.borrow_mut().outbox.remove_ids(&refs);
        self.persist_outbox();
        ids.len()
    }

    /// Applies a consent change from the host (`Host`) or the dialog (`Dialog`). All choices are
    /// checked before any is applied.
    pub fn set_consent(
        self: &Rc<Self>,
        request: ConsentRequest,
        source: ConsentSource,
        trusted: bool,
    ) -> Result<(), ConsentError> {
        let changes = {
            let mut st = self.state.borrow_mut();
            let mut trial = st.consent.clone();
            let mut changes = Vec::new();
            for (p, grant) in &request.0 {
                changes.push((*p, trial.set(*p, *grant, source, trusted)?));
            }
            st.consent = trial;
            for (p, change) in &changes {
                if *change == Change::Revoked {
                    st.aggregator.purge(*p);
                    st.outbox.purge_purpose(p.as_str());
                }
            }
            changes
        };
        let stored = self.state.borrow().consent.store();
        env::save(&self.consent_key, &stored);
        for (p, change) in changes {
            match change {
                Change::Granted => self.begin(p),
                Change::Revoked => self.end(p),
                Change::None | Change::Denied => {}
            }
        }
        self.persist_outbox();
        Ok(())
    }

    /// The consent state as `{ purpose: "pending" | "denied" | "granted" }`.
    pub fn consent_view(&self) -> JsValue {
        let view = js_sys::Object::new();
        let st = self.state.borrow();
        for p in &self.config.purposes {
            let v = match st.consent.choice(p.purpose) {
                Choice::Pending => "pending",
                Choice::Denied => "denied",
                Choice::Granted(_) => "granted",
            };
            let _ = Reflect::set(&view, &p.purpose.as_str().into(), &v.into());
        }
        view.into()
    }

    /// Whether some purpose waits for the person's answer.
    pub fn needs_asking(&self) -> bool {
        self.state.borrow().consent.needs_asking()
    }

    /// Whether `purpose` is granted now.
    pub fn granted(&self, purpose: Purpose) -> bool {
        self.state.borrow().consent.granted(purpose).is_some()
    }

    /// Whether a privacy signal (GPC, DNT) is on.
    pub fn privacy_signal(&self) -> bool {
        self.state.borrow().consent.privacy_signal()
    }

    /// Pauses (`true`) or resumes capture and sending. What was gathered before a pause is kept;
    /// nothing is captured while paused.
    pub fn set_paused(self: &Rc<Self>, paused: bool) {
        if paused {
            self.close_windows(env::now_ms(), true);
        }
        self.state.borrow_mut().paused = paused;
        if !paused {
            let now = env::now_ms();
            self.state
                .borrow_mut()
                .aggregator
                .visibility(now, env::visible());
            self.send();
        }
    }

    /// Whether capture is paused.
    pub fn paused(&self) -> bool {
        self.state.borrow().paused
    }

    /// The device secret's hex form (sent only to the collector's `/v1/me`).
    pub fn secret_hex(&self) -> String {
        self.state.borrow().secret.to_hex()
    }

    /// Stops: closes open windows into the persisted outbox, removes every listener and the
    /// history wrappers.
    pub fn stop(self: &Rc<Self>) {
        if self.state.borrow().stopped {
            return;
        }
        self.close_windows(env::now_ms(), true);
        self.state.borrow_mut().stopped = true;
        let purposes: Vec<Purpose> = self
            .purpose_listeners
            .borrow()
            .iter()
            .map(|(p, _)| *p)
            .collect();
        for p in purposes {
            self.end(p);
        }
    }

    /// Summaries waiting in the outbox (for tests and the panel).
    pub fn outbox_len(&self) -> usize {
        self.state.borrow().outbox.items().len()
    }
}
