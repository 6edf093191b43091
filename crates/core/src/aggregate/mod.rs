//! The aggregator: observations fold into one cell per (window, route template, purpose); a
//! cell becomes a [`Summary`] when its window closes (by timestamp: whenever any event or
//! wake-up arrives after the window's end) or when the page is being hidden.

use crate::id::{PolicyHash, SubjectSecret, SummaryId};
use crate::observe::{InputClass, KeyClass, Observation};
use crate::purpose::Purpose;
use crate::redact::Redacted;
use crate::summary::{
    AppName, ConsentSource, DepthBucket, DistanceBucket, Envelope, InputCounts, Interaction,
    KeyCounts, Metrics, Navigation, Pointer, Quantised, SecondsBucket, Summary, Target, Typing,
    MAX_TARGETS,
};
use crate::window::{utc_day, WindowLength};

/// Active time is counted in slots of this many seconds with any activity.
const ACTIVE_SLOT_S: u64 = 10;
/// Distinct labels tracked per cell before further labels are ignored.
const MAX_LABELS: usize = 64;

#[derive(Clone, Debug, Default)]
struct Counts {
    clicks: u32,
    submits: u32,
    focus_changes: u32,
    copies: u32,
    cuts: u32,
    pastes: u32,
    private_interaction: u32,
    active_slots: Vec<u64>,
    max_depth: u8,
    labels: Vec<(Redacted, u32)>,
    keys: [u32; 5],
    inputs: [u32; 6],
    private_typing: u32,
    distance: u64,
    page_views: u32,
    route_changes: u32,
    hides: u32,
    visible_ms: u64,
}

#[derive(Clone, Debug)]
struct Cell {
    start: u64,
    route: Redacted,
    purpose: Purpose,
    counts: Counts,
}

/// What every summary of this page needs besides its measurements.
pub struct Context<'a> {
    /// The application.
    pub app: &'a AppName,
    /// The person's device secret (for the daily pseudonym).
    pub secret: &'a SubjectSecret,
    /// The consent policy in force.
    pub policy: PolicyHash,
    /// Where consent for each purpose came from; a purpose without it yields no summary.
    pub consent: &'a dyn Fn(Purpose) -> Option<ConsentSource>,
    /// Fresh random bytes for each summary id.
    pub random_id: &'a mut dyn FnMut() -> [u8; 16],
}

/// Aggregates observations of one page into cells.
#[derive(Clone, Debug)]
pub struct Aggregator {
    window: WindowLength,
    route: Redacted,
    cells: Vec<Cell>,
    visible_since: Option<u64>,
}

fn key_index(k: KeyClass) -> usize {
    match k {
        KeyClass::Character => 0,
        KeyClass::Edit => 1,
        KeyClass::Navigation => 2,
        KeyClass::Modifier => 3,
        KeyClass::Shortcut => 4,
    }
}

fn input_index(i: InputClass) -> usize {
    match i {
        InputClass::Insert => 0,
        InputClass::Delete => 1,
        InputClass::Paste => 2,
        InputClass::History => 3,
        InputClass::Format => 4,
        InputClass::Other => 5,
    }
}

impl Aggregator {
    /// An aggregator for a page currently on `route`.
    pub fn new(window: WindowLength, route: Redacted) -> Aggregator {
        Aggregator {
            window,
            route,
            cells: Vec::new(),
            visible_since: None,
        }
    }

    /// The current route template.
    pub fn route(&self) -> &Redacted {
        &self.route
    }

    fn cell(&mut self, at_ms: u64, purpose: Purpose) -> &mut Counts {
        let start = self.window.start_of(at_ms);
        let pos = self
            .cells
            .iter()
            .position(|c| c.start == start && c.purpose == purpose && c.route == self.route);
        let pos = match pos {
            Some(p) => p,
            None => {
                self.cells.push(Cell {
                    start,
                    route: self.route.clone(),
                    purpose,
                    counts: Counts::default(),
                });
                self.cells.len() - 1
            }
        };
        &mut self.cells[pos].counts
    }

    /// Records one observation at `at_ms` (Unix milliseconds) on the current route.
    pub fn observe(&mut self, at_ms: u64, observation: Observation) {
        self.observe_times(at_ms, observation, 1)
    }

    /// Records `n` alike observations at `at_ms` on the current route (a batch the SDK's
    /// listeners counted: the same as `n` calls of [`Aggregator::observe`]).
    pub fn observe_times(&mut self, at_ms: u64, observation: Observation, n: u32) {
        if n == 0 {
            return;
        }
        let purpose = observation.purpose();
        let slot = at_ms / 1000 / ACTIVE_SLOT_S;
        let c = self.cell(at_ms, purpose);
        // Interaction observations are the active ones; their cell is the one just found.
        if purpose == Purpose::Interaction
            && c.active_slots.last() != Some(&slot)
            && !c.active_slots.contains(&slot)
        {
            c.active_slots.push(slot);
        }
        match observation {
            Observation::Click { label } => {
                c.clicks = c.clicks.saturating_add(n);
                if let Some(label) = label {
                    if let Some(entry) = c.labels.iter_mut().find(|(l, _)| *l == label) {
                        entry.1 = entry.1.saturating_add(n);
                    } else if c.labels.len() < MAX_LABELS {
                        c.labels.push((label, n));
                    }
                }
            }
            Observation::Submit => c.submits = c.submits.saturating_add(n),
            Observation::FocusChange => c.focus_changes = c.focus_changes.saturating_add(n),
            Observation::Copy => c.copies = c.copies.saturating_add(n),
            Observation::Cut => c.cuts = c.cuts.saturating_add(n),
            Observation::Paste => c.pastes = c.pastes.saturating_add(n),
            Observation::PrivateInteraction => {
                c.private_interaction = c.private_interaction.saturating_add(n)
            }
            Observation::Key(k) => c.keys[key_index(k)] = c.keys[key_index(k)].saturating_add(n),
            Observation::Input(i) => {
                c.inputs[input_index(i)] = c.inputs[input_index(i)].saturating_add(n)
            }
            Observation::PrivateTyping => c.private_typing = c.private_typing.saturating_add(n),
            Observation::PointerMoved(px) => {
                c.distance = c
                    .distance
                    .saturating_add(u64::from(px).saturating_mul(u64::from(n)))
            }
            Observation::Scrolled(depth) => c.max_depth = c.max_depth.max(depth.min(100)),
            Observation::PageView => c.page_views = c.page_views.saturating_add(n),
            Observation::RouteChange => c.route_changes = c.route_changes.saturating_add(n),
        }
    }

    /// The page moved to another route: counts the change on the new route.
    pub fn change_route(&mut self, at_ms: u64, route: Redacted) {
        if route == self.route {
            return;
        }
        self.split_visible(at_ms);
        self.route = route;
        self.observe(at_ms, Observation::RouteChange);
    }

    /// Adds visible time up to `at_ms` to the windows it fell in, and restarts the clock there.
    fn split_visible(&mut self, at_ms: u64) {
        let Some(mut from) = self.visible_since else {
            return;
        };
        while from < at_ms {
            let start = self.window.start_of(from);
            let until = ((start + self.window.seconds()) * 1000).min(at_ms);
            // Less than a second of visible time does not open a cell of its own, so asking
            // what is pending twice in a row gives the same answer.
            let exists = self.cells.iter().any(|c| {
                c.start == start && c.purpose == Purpose::Navigation && c.route == self.route
            });
            if exists || until - from >= 1000 {
                let c = self.cell(from, Purpose::Navigation);
                c.visible_ms = c.visible_ms.saturating_add(until - from);
            }
            from = until;
        }
        self.visible_since = Some(at_ms);
    }

    /// Navigation was granted at `at_ms`: what was gathered for it before (visible time, hides
    /// and route changes seen while only other purposes captured) is dropped, and the visible
    /// time counts from now (when `visible`).
    pub fn start_navigation(&mut self, at_ms: u64, visible: bool) {
        self.purge(Purpose::Navigation);
        self.visible_since = visible.then_some(at_ms);
    }

    /// Counts visible time up to `at_ms`, then stops the clock (capture pauses; `visibility`
    /// starts it again on resume).
    pub fn stop_visible(&mut self, at_ms: u64) {
        self.split_visible(at_ms);
        self.visible_since = None;
    }

    /// The page became visible (`true`) or hidden (`false`) at `at_ms`.
    pub fn visibility(&mut self, at_ms: u64, visible: bool) {
        match (visible, self.visible_since.is_some()) {
            (true, false) => self.visible_since = Some(at_ms),
            (false, true) => {
                self.split_visible(at_ms);
                self.visible_since = None;
                let c = self.cell(at_ms, Purpose::Navigation);
                c.hides = c.hides.saturating_add(1);
            }
            _ => {}
        }
    }

    /// Whether some cell's window has ended by `now_ms`: a cheap check made on every event, so
    /// closing (which allocates) happens only when there is something to close.
    pub fn due(&self, now_ms: u64) -> bool {
        let current = self.window.start_of(now_ms);
        self.cells.iter().any(|c| c.start < current)
    }

    /// Drops everything gathered for `purpose` (its consent was withdrawn).
    pub fn purge(&mut self, purpose: Purpose) {
        self.cells.retain(|c| c.purpose != purpose);
    }

    /// Whether anything is waiting to become a summary.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Closes every cell whose window ended by `now_ms`, or every cell when `all` (the page is
    /// being hidden), and returns their summaries. Cells of purposes without consent are
    /// dropped, never sent.
    pub fn close(
        &mut self,
        now_ms: u64,
        all: bool,
        ctx: &mut Context<'_>,
        dropped: &mut u32,
    ) -> Vec<Summary> {
        if self.visible_since.is_some() {
            self.split_visible(now_ms);
        }
        let current = self.window.start_of(now_ms);
        let (closing, open): (Vec<Cell>, Vec<Cell>) = std::mem::take(&mut self.cells)
            .into_iter()
            .partition(|c| all || c.start < current);
        self.cells = open;
        let mut out = Vec::with_capacity(closing.len());
        for cell in closing {
            let Some(consent) = (ctx.consent)(cell.purpose) else {
                continue;
            };
            let metrics = metrics(cell.purpose, &cell.counts, self.window);
            let at_ms = cell.start * 1000;
            out.push(Summary::new(
                Envelope {
                    id: SummaryId::from_random((ctx.random_id)()),
                    subject: ctx
                        .secret
                        .subject_for(ctx.app.as_str(), utc_day(cell.start)),
                    app: ctx.app.clone(),
                    at_ms,
                    window: self.window,
                    route: cell.route,
                    policy: ctx.policy,
                    consent,
                    dropped: std::mem::take(dropped),
                },
                metrics,
            ));
        }
        out
    }
}

fn q(n: u32) -> Quantised {
    Quantised::of(n)
}

fn metrics(purpose: Purpose, c: &Counts, window: WindowLength) -> Metrics {
    match purpose {
        Purpose::Interaction => {
            // The most-clicked labels (ties: the smaller label first), picked without a sort.
            let mut rest = c.labels.clone();
            let mut labels = Vec::with_capacity(MAX_TARGETS);
            while labels.len() < MAX_TARGETS && !rest.is_empty() {
                let mut best = 0;
                for (i, l) in rest.iter().enumerate() {
                    if l.1 > rest[best].1 || (l.1 == rest[best].1 && l.0 < rest[best].0) {
                        best = i;
                    }
                }
                labels.push(rest.swap_remove(best));
            }
            let active = (c.active_slots.len() as u64 * ACTIVE_SLOT_S).min(window.seconds());
            Metrics::Interaction(Interaction {
                clicks: c.clicks,
                submits: c.submits,
                focus_changes: c.focus_changes,
                copies: c.copies,
                cuts: c.cuts,
                pastes: c.pastes,
                private: c.private_interaction,
                active: SecondsBucket::of(active),
                scroll_depth: DepthBucket::of(u64::from(c.max_depth)),
                targets: labels
                    .into_iter()
                    .map(|(label, clicks)| Target { label, clicks })
                    .collect(),
            })
        }
        Purpose::Typing => Metrics::Typing(Typing {
            keys: KeyCounts {
                character: q(c.keys[0]),
                edit: q(c.keys[1]),
                navigation: q(c.keys[2]),
                modifier: q(c.keys[3]),
                shortcut: q(c.keys[4]),
            },
            inputs: InputCounts {
                insert: q(c.inputs[0]),
                delete: q(c.inputs[1]),
                paste: q(c.inputs[2]),
                history: q(c.inputs[3]),
                format: q(c.inputs[4]),
                other: q(c.inputs[5]),
            },
            private: q(c.private_typing),
        }),
        Purpose::Pointer => Metrics::Pointer(Pointer {
            distance: DistanceBucket::of(c.distance),
        }),
        Purpose::Navigation => Metrics::Navigation(Navigation {
            page_views: c.page_views,
            route_changes: c.route_changes,
            hides: c.hides,
            visible: SecondsBucket::of(c.visible_ms / 1000),
        }),
    }
}

#[cfg(test)]
mod tests;
