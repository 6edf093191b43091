//! One running SDK instance: its state (consent, aggregator, outbox), its listeners, and the
//! steps that move data one way: observation → aggregator → summary → outbox → transport.
//!
//! Borrow discipline: `state` is borrowed only around pure Rust work; every call into JS
//! (storage, fetch, listeners) happens with no borrow held, so a re-entrant event cannot panic.

use std::cell::RefCell;
use std::rc::Rc;

use activity_capture_core::aggregate::{Aggregator, Context};
use activity_capture_core::config::Config;
use activity_capture_core::consent::{Change, Choice, Consent, ConsentError};
use activity_capture_core::delivery::{Ack, Answer, Delivery, Request};
use activity_capture_core::id::SubjectSecret;
use activity_capture_core::observe::Observation;
use activity_capture_core::outbox::{self, Outbox};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::redact::redact;
use activity_capture_core::route::RouteRules;
use activity_capture_core::summary::ConsentSource;
use activity_capture_core::tabs::TabOutbox;
use activity_capture_core::text::{concat, split_byte};
use activity_capture_core::wire;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::capture;
use crate::classify::{PAGE, POINTER, SCROLL};
use crate::env::{self, PageStorage};
use crate::history::HistoryHook;
use crate::listen::EventListener;
use crate::timer::Timeout;
use crate::transport;

/// Mutable state; borrowed only for pure Rust work.
struct State {
    consent: Consent,
    aggregator: Aggregator,
    outbox: Outbox,
    secret: SubjectSecret,
    delivery: Delivery,
    tab: TabOutbox,
    paused: bool,
    stopped: bool,
}

/// A running instance.
pub struct Sdk {
    /// The validated options.
    pub config: Config,
    /// Route templating rules.
    pub rules: RouteRules,
    /// Turns events into observations (with its JS half, `js/sense.js`).
    pub classifier: crate::classify::Classifier,
    state: RefCell<State>,
    purpose_listeners: RefCell<Vec<(Purpose, Vec<EventListener>)>>,
    lifecycle: RefCell<Vec<EventListener>>,
    history: RefCell<Option<HistoryHook>>,
    retry: RefCell<Option<Timeout>>,
    /// Armed by the first scroll or pointer move of a burst: when it fires (or windows close)
    /// the scroll depth is read once and the pointer's summed movement taken.
    burst_timer: RefCell<Option<Timeout>>,
    /// What the armed burst waits for: [`SCROLL`] and/or [`POINTER`].
    burst: std::cell::Cell<u8>,
    /// When the waiting burst began: its movement and depth belong to that moment's window.
    burst_at: std::cell::Cell<u64>,
    consent_key: String,
    /// The host's callbacks (the core only checked that they are functions).
    callbacks: Callbacks,
    /// Listens for `online` only while a server-side deletion waits to be retried.
    deletion_retry: RefCell<Option<EventListener>>,
    /// Whether a deletion request is in flight.
    deleting: std::cell::Cell<bool>,
    /// The one-shot timer of [`Sdk::rehearse_send`], armed when capture first begins.
    rehearsal: RefCell<Option<Timeout>>,
}

/// The host's `onConsentChange` and `onSend` functions, kept by the shell.
#[derive(Default)]
pub struct Callbacks {
    /// Called with no argument when consent changes.
    pub on_consent_change: Option<js_sys::Function>,
    /// Called with `{ summaries, bytes }` after each request to the collector.
    pub on_send: Option<js_sys::Function>,
}

/// Where devices kept the secret before it became per app: one key shared by every app of the
/// origin, so one app's `forget()` cut the others off their rows. Each app now adopts a copy
/// under its own key (`ac:<app>:secret`) and rotates only that; the shared key is left for the
/// apps that have not adopted it yet.
const LEGACY_SECRET_KEY: &str = "ac:secret";

/// What the burst timer waits for: a scroll depth to read ([`SCROLL`]), pointer movement to take
/// ([`POINTER`]), windows that ended to close (off the event that noticed it, so no handler
/// call pays for encoding, storing and sending).
const WINDOWS: u8 = 4;

/// The device secret for the app whose secret key is `key`: its own, else a copy of the legacy
/// shared one (so rows made with it stay reachable), else a new one. Persisted under `key`.
fn load_secret(key: &str) -> SubjectSecret {
    let stored = |k: &str| env::load(k).as_deref().and_then(SubjectSecret::parse);
    if let Some(s) = stored(key) {
        return s;
    }
    let (secret, strong) = match (stored(LEGACY_SECRET_KEY), env::random::<32>()) {
        (Some(s), _) => (s, true),
        (None, Some(bytes)) => (SubjectSecret::from_random(bytes), true),
        // Without crypto there is no safe secret: a per-page one, never persisted.
        (None, None) => {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&env::now_ms().to_le_bytes());
            (SubjectSecret::from_random(b), false)
        }
    };
    // Persisted so the person can reach their rows later.
    if strong {
        env::save(key, &secret.to_hex());
    }
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
    pub fn start(config: Config, callbacks: Callbacks, sense: crate::classify::Sense) -> Rc<Sdk> {
        let rules = RouteRules::new(&config.routes, &config.route_words);
        let app = config.app.as_str().to_owned();
        let consent_key = concat(&["ac:", &app, ":consent"]);
        let requested: Vec<Purpose> = config.purposes.iter().map(|p| p.purpose).collect();
        let consent = Consent::restore(
            &env::load(&consent_key).unwrap_or_default(),
            config.policy_hash(),
            &requested,
            env::privacy_signal(),
        );
        // This page's outbox starts empty and adopts what closed or silent tabs (or a reload, or
        // the previous SDK version) left behind; summaries too old to be recognised as retries
        // are dropped and counted.
        let now = env::now_ms();
        let tab_id =
            activity_capture_core::digest::hex(&env::random::<8>().unwrap_or(now.to_le_bytes()));
        let mut tab = TabOutbox::new(&app, &tab_id);
        let mut outbox = Outbox::default();
        tab.adopt(&mut PageStorage, &mut outbox, now);
        outbox.expire(now / 1000, outbox::MAX_AGE_S);
        tab.persist(&mut PageStorage, &mut outbox, now);
        // The route is read when the first purpose begins (`begin`): a page without consent
        // never templates or redacts its path, and a first visit's init neither runs nor (in the
        // wasm) compiles the redactor. Until then the aggregator, which holds nothing, stands on
        // an empty route.
        let state = State {
            aggregator: Aggregator::new(config.window, redact("")),
            consent,
            outbox,
            secret: load_secret(&concat(&["ac:", &app, ":secret"])),
            delivery: Delivery::default(),
            tab,
            paused: false,
            stopped: false,
        };
        let classifier = crate::classify::Classifier::new(sense, &config.label_from);
        let sdk = Rc::new(Sdk {
            config,
            rules,
            classifier,
            state: RefCell::new(state),
            purpose_listeners: RefCell::new(Vec::new()),
            lifecycle: RefCell::new(Vec::new()),
            history: RefCell::new(None),
            retry: RefCell::new(None),
            burst_timer: RefCell::new(None),
            burst: std::cell::Cell::new(0),
            burst_at: std::cell::Cell::new(0),
            consent_key,
            callbacks,
            deletion_retry: RefCell::new(None),
            deleting: std::cell::Cell::new(false),
            rehearsal: RefCell::new(None),
        });
        sdk.state.borrow_mut().delivery.set_online(env::online());
        let granted = sdk.state.borrow().consent.granted_purposes();
        for p in granted {
            sdk.begin(p);
        }
        sdk.send();
        sdk.send_deletions();
        sdk
    }

    fn key(&self, what: &str) -> String {
        concat(&["ac:", self.config.app.as_str(), ":", what])
    }

    /// The recently-sent log (see [`crate::sent`]): lines `<ms>\t<summary JSON>`.
    pub fn sent_log(&self) -> String {
        let stored = env::load(&self.key("sent")).unwrap_or_default();
        crate::sent::append(&stored, env::now_ms(), &[])
    }

    /// The body of the pending server-side deletion (`POST /v1/me/forget`), if one waits.
    fn deletion_body(&self) -> Option<String> {
        let queued = env::load(&self.key("forget"))?;
        let mut names = String::new();
        for p in split_byte(&queued, b',').filter(|p| Purpose::parse(p).is_some()) {
            if !names.is_empty() {
                names.push(',');
            }
            names.push('"');
            names.push_str(p);
            names.push('"');
        }
        if names.is_empty() {
            return None;
        }
        Some(concat(&[
            "{\"app\":\"",
            self.config.app.as_str(),
            "\",\"secret\":\"",
            &self.secret_hex(),
            "\",\"purposes\":[",
            &names,
            "]}",
        ]))
    }

    /// Queues a server-side deletion of the person's rows for `purpose` (persisted, so it
    /// survives going offline and page loads) and tries to send it.
    fn queue_deletion(self: &Rc<Self>, purpose: Purpose) {
        let key = self.key("forget");
        let queued = env::load(&key).unwrap_or_default();
        if !split_byte(&queued, b',').any(|p| p == purpose.as_str()) {
            let joined = if queued.is_empty() {
                purpose.as_str().to_owned()
            } else {
                concat(&[&queued, ",", purpose.as_str()])
            };
            env::save(&key, &joined);
        }
    }

    /// Sends the queued deletion, if any. On failure it waits for `online` (or the next load).
    pub fn send_deletions(self: &Rc<Self>) {
        if self.deleting.get() {
            return;
        }
        let Some(body) = self.deletion_body() else {
            *self.deletion_retry.borrow_mut() = None;
            return;
        };
        self.deleting.set(true);
        let sdk = self.clone();
        let url = concat(&[&self.config.endpoint, "/v1/me/forget"]);
        let promise = transport::post(&url, &body, true);
        transport::when_settled(
            &promise,
            Box::new(move |outcome| {
                sdk.deleting.set(false);
                if outcome.is_ok() {
                    // Only what this request carried is done; a purpose queued meanwhile stays.
                    if sdk.deletion_body().as_deref() == Some(body.as_str()) {
                        env::remove(&sdk.key("forget"));
                        *sdk.deletion_retry.borrow_mut() = None;
                    } else {
                        sdk.send_deletions();
                    }
                } else if sdk.deletion_retry.borrow().is_none() && !sdk.state.borrow().stopped {
                    // (A stopped instance leaves nothing attached: the queued deletion goes out
                    // with the next page load.)
                    let weak = Rc::downgrade(&sdk);
                    let listener = env::window().and_then(|w| {
                        EventListener::new(
                            &w,
                            "online",
                            move |_, _, _| {
                                if let Some(sdk) = weak.upgrade() {
                                    sdk.send_deletions();
                                }
                            },
                            &|call| sdk.classifier.listener(PAGE, call, true),
                        )
                        .ok()
                    });
                    *sdk.deletion_retry.borrow_mut() = listener;
                }
            }),
        );
    }

    /// Tells the host that consent changed (not what was chosen).
    fn notify_consent_change(&self) {
        if let Some(f) = &self.callbacks.on_consent_change {
            // A throwing host callback must not break the SDK.
            let _ = f.call0(&JsValue::UNDEFINED);
        }
    }

    /// After `forget()` deleted the person's rows server-side: clears this app's local storage
    /// (outbox, leases, consent, sent log, queued deletions, secret) and the in-memory state,
    /// rotates this app's device secret, and stops every listener. Consent is pending again.
    pub fn forget_local(self: &Rc<Self>) {
        self.end_all();
        *self.deletion_retry.borrow_mut() = None;
        let prefix = self.key("");
        {
            use activity_capture_core::tabs::KeyValue;
            let mut kv = PageStorage;
            for key in kv.keys() {
                if key.starts_with(&prefix) {
                    kv.remove(&key);
                }
            }
        }
        // Only this app's secret rotates; other apps on the origin keep theirs.
        let secret = SubjectSecret::from_random(
            env::random::<32>().unwrap_or_else(|| [0x5a; 32].map(|b| b ^ env::now_ms() as u8)),
        );
        env::save(&self.key("secret"), &secret.to_hex());
        let now = env::now_ms();
        let tab_id =
            activity_capture_core::digest::hex(&env::random::<8>().unwrap_or(now.to_le_bytes()));
        let requested: Vec<Purpose> = self.config.purposes.iter().map(|p| p.purpose).collect();
        {
            let mut st = self.state.borrow_mut();
            st.secret = secret;
            st.consent = Consent::new(self.config.policy_hash(), &requested, env::privacy_signal());
            // Capture has stopped: the route is read again when a purpose begins.
            st.aggregator = Aggregator::new(self.config.window, redact(""));
            st.outbox.clear();
            st.tab = TabOutbox::new(self.config.app.as_str(), &tab_id);
        }
        self.notify_consent_change();
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
            self.arm_rehearsal();
            // Without the Navigation API, history.pushState/replaceState are the only way to
            // see in-app route changes, so they are wrapped (and restored on stop).
            if env::navigation().is_none() {
                let weak = Rc::downgrade(self);
                *self.history.borrow_mut() = HistoryHook::install(Rc::new(move || {
                    if let Some(sdk) = weak.upgrade() {
                        sdk.route_may_have_changed();
                    }
                }));
            }
            // Capture begins afresh on the route the page is on now: the page may have moved
            // (by `pushState`, unheard) since init or since capture last stopped, and what the
            // old aggregator holds is not consented to (a withdrawn purpose's cells are purged;
            // its visible-time clock may still run).
            let route = crate::classify::current_route(&self.rules, self.config.hash_routing);
            let now = env::now_ms();
            let mut aggregator = Aggregator::new(self.config.window, route);
            aggregator.visibility(now, env::visible());
            self.state.borrow_mut().aggregator = aggregator;
        }
        let listeners = capture::attach(self, purpose);
        self.purpose_listeners
            .borrow_mut()
            .push((purpose, listeners));
        if purpose == Purpose::Navigation {
            let now = env::now_ms();
            self.state
                .borrow_mut()
                .aggregator
                .start_navigation(now, env::visible());
            self.observe(now, Observation::PageView);
        }
    }

    /// Stops every purpose's capture: with the last, the lifecycle listeners and the history
    /// hook go too.
    fn end_all(&self) {
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

    /// Stops capturing `purpose` (its listeners go, with what they gathered); detaches
    /// everything when nothing is left.
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
        self.stop_waiting(self.classifier.forget(purpose));
        if !self.any_listening() {
            let lifecycle = std::mem::take(&mut *self.lifecycle.borrow_mut());
            drop(lifecycle);
            let hook = self.history.borrow_mut().take();
            drop(hook);
        }
    }

    /// Records an observation made at `now` (Unix ms: an event's time, from its listener);
    /// windows that ended are closed shortly after, in a task of their own.
    pub fn observe(self: &Rc<Self>, now: u64, observation: Observation) {
        self.observe_at(now, 1, now, observation)
    }

    /// Records an observation made `times` times at `at` (a settled burst's or a batch's
    /// start), as of `now`.
    fn observe_at(self: &Rc<Self>, at: u64, times: u32, now: u64, observation: Observation) {
        let due = {
            let mut st = self.state.borrow_mut();
            if st.paused || st.stopped {
                return;
            }
            st.aggregator.observe_times(at, observation, times);
            // Once the timer waits to close windows, later events need not look again.
            self.burst.get() & WINDOWS == 0 && st.aggregator.due(now)
        };
        if due {
            self.bursting(WINDOWS, now);
        }
    }

    /// The page's route may have changed (history API, popstate, hashchange).
    pub fn route_may_have_changed(self: &Rc<Self>) {
        // A waiting burst, and what the listeners counted, belong to the route they happened on.
        self.take_tallies();
        self.settle(true);
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
        // A batch's events belong to the window it began in, which may be one closing.
        self.take_tallies();
        if all {
            self.settle(true);
        }
        {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            if st.aggregator.is_empty() || (!all && !st.aggregator.due(now)) {
                return;
            }
            let consent = &st.consent;
            let granted = |p: Purpose| consent.granted(p);
            let mut random_id = || {
                env::random::<16>()
                    .unwrap_or_else(|| (env::now_ms() as u128 ^ 0x5a5a).to_le_bytes())
            };
            let mut ctx = Context {
                app: &self.config.app,
                secret: &st.secret,
                policy: consent.policy(),
                consent: &granted,
                random_id: &mut random_id,
            };
            if !close_into(&mut st.aggregator, &mut st.outbox, &mut ctx, now, all) {
                return;
            }
        }
        self.persist_outbox();
        if !all {
            self.send();
        }
    }

    /// Arms [`Sdk::rehearse_send`] once per instance.
    fn arm_rehearsal(self: &Rc<Self>) {
        /// After capture begins: past a page's load, when it is usually idle.
        const DELAY_MS: u64 = 1000;
        if self.rehearsal.borrow().is_some() {
            return;
        }
        *self.rehearsal.borrow_mut() = self.after(DELAY_MS, |sdk| sdk.rehearse_send());
    }

    /// Runs the code of a first send's closing and encoding on an aggregator and an outbox of
    /// its own, then drops them: nothing is observed, stored, sent or kept. V8 compiles a wasm
    /// function on its first call, all of it, on the main thread, so the first close of the
    /// windows compiled some 45 functions (about a millisecond here), most often inside a
    /// `visibilitychange` or `pagehide` handler, where the page waits for it. Rehearsed once, a
    /// second after capture begins, that compiling happens while the page is usually idle. The
    /// aggregator is given one observation of each purpose, closed as if every purpose were
    /// granted, and encoded into the empty outbox, whose request body is then built.
    fn rehearse_send(&self) {
        use activity_capture_core::observe::{InputClass, KeyClass};
        // (`stop()` drops the timer, so a stopped instance never gets here.)
        let now = env::now_ms();
        let st = self.state.borrow();
        let mut aggregator = Aggregator::new(self.config.window, st.aggregator.route().clone());
        for o in [
            Observation::Click { label: None },
            Observation::Key(KeyClass::Character),
            Observation::Input(InputClass::Insert),
            Observation::PointerMoved(1),
            Observation::Scrolled(1),
            Observation::PageView,
        ] {
            aggregator.observe(now, o);
        }
        let every = |_: Purpose| Some(ConsentSource::Host);
        let mut fixed_id = || [0u8; 16];
        let mut ctx = Context {
            app: &self.config.app,
            secret: &st.secret,
            policy: st.consent.policy(),
            consent: &every,
            random_id: &mut fixed_id,
        };
        let mut outbox = Outbox::default();
        close_into(&mut aggregator, &mut outbox, &mut ctx, now, true);
        let request = Delivery::default().next(&outbox, &self.config.ingest_key, now);
        drop(request);
    }

    /// Persists this tab's outbox. Storage calls are made under the borrow: localStorage never
    /// dispatches an event into this page (the `storage` event goes to other pages only).
    fn persist_outbox(&self) {
        let mut guard = self.state.borrow_mut();
        let st = &mut *guard;
        st.tab
            .persist(&mut PageStorage, &mut st.outbox, env::now_ms());
    }

    /// The exact body of the next request: every open window is closed into the outbox first.
    pub fn pending(self: &Rc<Self>) -> String {
        self.close_windows(env::now_ms(), true);
        let st = self.state.borrow();
        st.delivery
            .preview(&st.outbox, &self.config.ingest_key)
            .unwrap_or_default()
    }

    /// Sends the next batch when the delivery policy allows (one request at a time, none while
    /// offline, paused by a 401/403 or backing off), and keeps sending until the outbox is
    /// empty. A failed request leaves everything in the outbox and schedules a retry.
    pub fn send(self: &Rc<Self>) {
        let now = env::now_ms();
        let request = {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            if st.paused || st.stopped {
                return;
            }
            // Another tab may have adopted what this one held, or left something to adopt.
            st.tab.before_send(&mut PageStorage, &mut st.outbox, now);
            st.delivery.next(&st.outbox, &self.config.ingest_key, now)
        };
        let Some(request) = request else {
            self.schedule_retry(now);
            return;
        };
        *self.retry.borrow_mut() = None;
        let sdk = self.clone();
        let url = concat(&[&self.config.endpoint, "/v1/summaries"]);
        let promise = transport::post(&url, &request.body, true);
        transport::when_settled(
            &promise,
            Box::new(move |outcome| sdk.answered(&request, outcome)),
        );
    }

    /// Applies the collector's answer to a request, then sends on or schedules a retry. An
    /// answer that comes after `stop()` is ignored: a stopped instance writes nothing, calls no
    /// callback and arms no timer (what it persisted at stop still holds the request's
    /// summaries; a later page sends them again and the collector knows them by their ids).
    fn answered(self: &Rc<Self>, request: &Request, outcome: Result<JsValue, transport::Failure>) {
        if self.state.borrow().stopped {
            return;
        }
        let answer = match &outcome {
            Ok(json) => Answer::Results(results(json)),
            Err(transport::Failure::Status(code, retry_after_s)) => Answer::Status {
                code: *code,
                retry_after_s: *retry_after_s,
            },
            Err(_) => Answer::Network,
        };
        if self.config.debug {
            if let Err(e) = &outcome {
                env::warn(&concat(&[
                    "activity-capture: send failed: ",
                    e.describe(),
                    "; summaries kept for a later try",
                ]));
            }
            if let Answer::Results(r) = &answer {
                for (id, ack) in r {
                    if *ack == Ack::Refused {
                        env::warn(&concat(&[
                            "activity-capture: the collector refused summary ",
                            id,
                        ]));
                    }
                }
            }
        }
        let now = env::now_ms();
        let random = u64::from_le_bytes(env::random::<8>().unwrap_or(now.to_le_bytes()));
        let delivered: Vec<String> = match &answer {
            Answer::Results(r) => {
                let st = self.state.borrow();
                st.outbox
                    .items()
                    .iter()
                    .filter(|w| {
                        outbox::wire_id(w).is_some_and(|id| {
                            r.iter().any(|(rid, ack)| rid == id && *ack != Ack::Refused)
                        })
                    })
                    .cloned()
                    .collect()
            }
            _ => Vec::new(),
        };
        if !delivered.is_empty() {
            let key = self.key("sent");
            let stored = env::load(&key).unwrap_or_default();
            let wires: Vec<&str> = delivered.iter().map(String::as_str).collect();
            env::save(&key, &crate::sent::append(&stored, now, &wires));
        }
        let report = {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            let report = st
                .delivery
                .answer(&mut st.outbox, request, &answer, now, random);
            st.tab.persist(&mut PageStorage, &mut st.outbox, now);
            report
        };
        if let Some(f) = &self.callbacks.on_send {
            // Counts and sizes only: never what was sent.
            let info = js_sys::Object::new();
            let count = |n: usize| JsValue::from(n as f64);
            let _ = Reflect::set(&info, &"summaries".into(), &count(request.ids.len()));
            let _ = Reflect::set(&info, &"bytes".into(), &count(request.body.len()));
            let _ = Reflect::set(&info, &"delivered".into(), &count(report.delivered));
            let _ = Reflect::set(&info, &"refused".into(), &count(report.refused));
            // A throwing host callback must not break the SDK.
            let _ = f.call1(&JsValue::UNDEFINED, &info);
        }
        if report.delivered + report.refused > 0 {
            self.send();
        } else {
            self.schedule_retry(now);
        }
    }

    /// The first scroll ([`SCROLL`]) or pointer move ([`POINTER`]) of a burst, at `now` (Unix
    /// ms; `js/sense.js` sums the movement): the scroll depth is read (it forces layout) and the
    /// distance taken when the burst settles or windows close. The burst settles in a second
    /// while only the pointer waits, as the click and key batches last: a moving pointer sends
    /// a move per frame, and waking the SDK (a call into the wasm and a timer) every 100 ms cost
    /// trusted moves about 25 µs each on average; every move is still summed, at the burst's
    /// start. A scroll depth, a sample, and windows that ended (`WINDOWS`) wait 100 ms: joining
    /// a pointer's wait, they bring the timer forward.
    pub fn bursting(self: &Rc<Self>, what: u8, now: u64) {
        let before = self.burst.get();
        if before & (SCROLL | POINTER) == 0 {
            self.burst_at.set(now);
        }
        self.burst.set(before | what);
        // Only the pointer waits: the long wait.
        let long = (before | what) == POINTER;
        // Armed already: only a pointer's wait that something else joins is armed again.
        let joined = before == POINTER && !long;
        if self.burst_timer.borrow().is_some() && !joined {
            return;
        }
        let ms = if long { 1000 } else { 100 };
        *self.burst_timer.borrow_mut() = self.after(ms, |sdk| sdk.settle(false));
    }

    /// Runs `f` on this instance in `ms` milliseconds, unless it is gone by then (the timers
    /// share this one closure type, which keeps the wasm small).
    fn after(self: &Rc<Self>, ms: u64, f: fn(&Rc<Sdk>)) -> Option<Timeout> {
        let weak = Rc::downgrade(self);
        Timeout::new(ms, move || {
            if let Some(sdk) = weak.upgrade() {
                f(&sdk);
            }
        })
    }

    /// The burst timer no longer waits for `what`; with nothing left to wait for, it is cleared.
    fn stop_waiting(&self, what: u8) {
        self.burst.set(self.burst.get() & !what);
        if self.burst.get() == 0 {
            let timer = self.burst_timer.borrow_mut().take();
            drop(timer);
        }
    }

    /// Records what the click, key and input listeners counted since the last take, at the
    /// time their batch began (the same activity slot and window as their own times). Called
    /// when one of those listeners calls (before its event is handled: a click counted as the
    /// last label's again is that label's, not the one the call may bring), when windows close
    /// (pausing closes them all) or the route changes, and on resume; until then the counts
    /// wait in `js/sense.js`, as observations wait in the aggregator. Not when a scroll or
    /// pointer burst settles: that timer runs every second while the pointer moves.
    pub fn take_tallies(self: &Rc<Self>) {
        let now = env::now_ms();
        self.classifier
            .tallied(|at, observation, times| self.observe_at(at, times, now, observation));
    }

    /// Does what the burst timer waits for: reads the scroll depth, takes the pointer's
    /// movement, closes windows that ended (unless every window is being closed anyway).
    fn settle(self: &Rc<Self>, closing_all: bool) {
        let waiting = self.burst_timer.borrow_mut().take();
        drop(waiting);
        let what = self.burst.replace(0);
        let at = self.burst_at.get();
        let now = env::now_ms();
        let whole = self.classifier.take(what & (SCROLL | POINTER));
        if what & SCROLL != 0 {
            if let Some(depth) = crate::capture::scroll_depth() {
                self.observe_at(at, 1, now, Observation::Scrolled(depth));
            }
        }
        if whole >= 1 {
            self.observe_at(at, 1, now, Observation::PointerMoved(whole));
        }
        if what & WINDOWS != 0 && !closing_all {
            self.close_windows(now, false);
        }
    }

    /// Arms one timer for the end of the current backoff, if sending is backing off. Windows do
    /// not depend on it: any event or wake-up also tries to send.
    fn schedule_retry(self: &Rc<Self>, now: u64) {
        if self.state.borrow().stopped {
            // An answer that arrives after stop() arms nothing.
            return;
        }
        let at = self.state.borrow().delivery.retry_at(now);
        let Some(at) = at else { return };
        *self.retry.borrow_mut() = self.after(at - now, Sdk::send);
    }

    /// The page was restored from the back/forward cache: it is live again.
    pub fn page_restored(self: &Rc<Self>) {
        {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            st.tab
                .reopen(&mut PageStorage, &mut st.outbox, env::now_ms());
        }
        self.visibility(true);
        self.send();
    }

    /// The browser went online or offline.
    pub fn set_online(self: &Rc<Self>, online: bool) {
        self.state.borrow_mut().delivery.set_online(online);
        if online {
            self.send();
        }
    }

    /// The page is going away (`pagehide`): close every window, persist, send with keepalive,
    /// and unless the page is kept in the back/forward cache, mark this tab closed so the next
    /// page adopts whatever could not be sent.
    pub fn page_hidden(self: &Rc<Self>, kept_in_cache: bool) {
        self.visibility(false);
        if !kept_in_cache {
            let mut guard = self.state.borrow_mut();
            let st = &mut *guard;
            st.tab
                .close(&mut PageStorage, &mut st.outbox, env::now_ms());
        }
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
        let mut changed = false;
        let mut revoked = false;
        for (p, change) in changes {
            changed |= change != Change::None;
            match change {
                Change::Granted => self.begin(p),
                Change::Revoked => {
                    self.end(p);
                    let key = self.key("sent");
                    if let Some(log) = env::load(&key) {
                        env::save(&key, &crate::sent::purge(&log, p.as_str()));
                    }
                    self.queue_deletion(p);
                    revoked = true;
                }
                Change::None | Change::Denied => {}
            }
        }
        self.persist_outbox();
        if revoked {
            self.send_deletions();
        }
        if changed {
            self.notify_consent_change();
        }
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
            // Paused time is not visible time: the clock counts up to now, stops, and starts
            // again on resume.
            let now = env::now_ms();
            self.state.borrow_mut().aggregator.stop_visible(now);
            self.close_windows(now, true);
        } else {
            // What the listeners counted while paused is taken while still paused: dropped, not
            // counted now.
            self.take_tallies();
        }
        self.state.borrow_mut().paused = paused;
        if !paused {
            // What the page's listeners gathered while paused is dropped, not counted now.
            self.classifier.take(SCROLL | POINTER);
            self.stop_waiting(SCROLL | POINTER);
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
        let retry = self.retry.borrow_mut().take();
        drop(retry);
        self.end_all();
        // A queued deletion stays in storage and goes out with the next page load; its
        // `online` listener goes now.
        let deletion = self.deletion_retry.borrow_mut().take();
        drop(deletion);
        let rehearsal = self.rehearsal.borrow_mut().take();
        drop(rehearsal);
        // Nothing is left waiting (closing every window may have noticed more due).
        self.stop_waiting(SCROLL | POINTER | WINDOWS);
    }

    /// Summaries waiting in the outbox (for tests and the panel).
    pub fn outbox_len(&self) -> usize {
        self.state.borrow().outbox.items().len()
    }
}

/// Closes `aggregator`'s windows (all of them when `all`) into `outbox` as wire summaries;
/// whether any closed. One function for a real close and its rehearsal
/// ([`Sdk::rehearse_send`]), so the rehearsal runs (and has V8 compile) the very code.
#[inline(never)]
fn close_into(
    aggregator: &mut Aggregator,
    outbox: &mut Outbox,
    ctx: &mut Context<'_>,
    now: u64,
    all: bool,
) -> bool {
    let mut dropped = outbox.dropped();
    let closed = aggregator.close(now, all, ctx, &mut dropped);
    if closed.is_empty() {
        return false;
    }
    // The first summary now carries the drop count; the count restarts.
    outbox.take_dropped();
    for s in &closed {
        outbox.push(wire::encode(s));
    }
    true
}

/// The per-summary results of a 200 answer: `{"results":[{"id","status"},...]}`.
fn results(answer: &JsValue) -> Vec<(String, Ack)> {
    let list = Reflect::get(answer, &"results".into()).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&list) {
        return Vec::new();
    }
    let list: &Array = list.unchecked_ref();
    let text = |v: &JsValue, k: &str| Reflect::get(v, &k.into()).ok().and_then(|v| v.as_string());
    (0..list.length())
        .filter_map(|i| {
            let r = list.get(i);
            Some((text(&r, "id")?, Ack::parse(&text(&r, "status")?)?))
        })
        .collect()
}
