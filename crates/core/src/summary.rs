//! The `Summary`: the only thing that ever leaves the device. One per (pseudonymous subject,
//! window, route template, purpose), holding only counts, enums, bucketed values and
//! [`Redacted`] strings.
//!
//! Every quantity that could describe a person too finely is a type whose only constructor
//! quantises it: typing counts are rounded, durations and distances are bucketed on fixed
//! ladders, and the window start is truncated to the window length.

use crate::id::{PolicyHash, SubjectId, SummaryId};
use crate::purpose::Purpose;
use crate::redact::Redacted;
use crate::window::WindowLength;

/// The most labelled targets a summary reports.
pub const MAX_TARGETS: usize = 5;

/// How the person's consent for the summary's purpose was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsentSource {
    /// The person granted it in the SDK's own dialog.
    Dialog,
    /// The host application recorded it through `setConsent`.
    Host,
}

impl ConsentSource {
    /// Every source, in wire order.
    pub const ALL: [ConsentSource; 2] = [ConsentSource::Dialog, ConsentSource::Host];

    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentSource::Dialog => "dialog",
            ConsentSource::Host => "host",
        }
    }

    /// Parses the wire form.
    pub fn parse(s: &str) -> Option<ConsentSource> {
        ConsentSource::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// An application's name: 1 to 63 of `a-z`, `0-9` and `-`, starting with a letter or digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppName(String);

impl AppName {
    /// Validates an application name.
    pub fn parse(s: &str) -> Option<AppName> {
        let b = s.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        ok.then(|| AppName(s.to_owned()))
    }

    /// An empty name, only for a value being built that is overwritten with a parsed name
    /// before anyone sees it (`Config::from_options`).
    pub(crate) fn placeholder() -> AppName {
        AppName(String::new())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A count rounded on a coarse grid (steps of 5 up to 100, 25 up to 1,000, 100 beyond; any
/// non-zero count reports at least 5), so that counts cannot carry fine-grained rhythm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quantised(u32);

impl Quantised {
    fn step(n: u32) -> u32 {
        match n {
            0..=100 => 5,
            101..=1000 => 25,
            _ => 100,
        }
    }

    /// Quantises a raw count.
    pub fn of(n: u32) -> Quantised {
        if n == 0 {
            return Quantised(0);
        }
        let step = Self::step(n);
        let rounded = n.saturating_add(step / 2) / step * step;
        Quantised(rounded.max(5))
    }

    /// Accepts a value only if it lies on the grid (used when decoding).
    pub fn from_wire(v: u32) -> Option<Quantised> {
        (Quantised::of(v).0 == v).then_some(Quantised(v))
    }

    /// The quantised value.
    pub fn get(self) -> u32 {
        self.0
    }
}

macro_rules! bucket {
    ($(#[$doc:meta])* $name:ident, $ladder:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// The bucket lower bounds, ascending.
            pub const LADDER: &'static [u32] = &$ladder;

            /// The bucket holding a raw value: the largest lower bound not above it.
            pub fn of(v: u64) -> $name {
                let mut b = Self::LADDER[0];
                for &l in Self::LADDER {
                    if u64::from(l) <= v {
                        b = l;
                    }
                }
                $name(b)
            }

            /// Accepts a value only if it is a bucket lower bound (used when decoding).
            pub fn from_wire(v: u32) -> Option<$name> {
                Self::LADDER.contains(&v).then_some($name(v))
            }

            /// The bucket's lower bound.
            pub fn get(self) -> u32 {
                self.0
            }
        }
    };
}

bucket!(
    /// A duration in seconds, bucketed (lower bounds 0, 10 s, 30 s, 1, 2, 5, 10, 15, 30 min,
    /// 1, 2, 4, 8 h).
    SecondsBucket,
    [0, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800]
);
bucket!(
    /// A pointer distance in CSS pixels, bucketed on a roughly logarithmic ladder.
    DistanceBucket,
    [0, 100, 300, 1000, 3000, 10000, 30000, 100000, 300000, 1000000]
);
bucket!(
    /// The deepest scroll position reached, in percent of the scrollable height, in quarters.
    DepthBucket,
    [0, 25, 50, 75, 100]
);

/// A labelled element and how often it was clicked in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The element's label (from `data-ac-label`, or an opted-in attribute), redacted.
    pub label: Redacted,
    /// Clicks on it in the window.
    pub clicks: u32,
}

/// What the `interaction` purpose reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interaction {
    /// Clicks (and taps).
    pub clicks: u32,
    /// Form submissions.
    pub submits: u32,
    /// Focus moves between elements.
    pub focus_changes: u32,
    /// Copy actions (never their contents).
    pub copies: u32,
    /// Cut actions (never their contents).
    pub cuts: u32,
    /// Paste actions (never their contents).
    pub pastes: u32,
    /// Interactions inside private elements, counted and nothing else.
    pub private: u32,
    /// Time with activity, bucketed.
    pub active: SecondsBucket,
    /// Deepest scroll position, bucketed.
    pub scroll_depth: DepthBucket,
    /// The most-clicked labelled targets, at most [`MAX_TARGETS`].
    pub targets: Vec<Target>,
}

/// Key presses per class. Key values are never read outside the classification module, and
/// no sequence or timing is kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyCounts {
    /// Keys that produce a character.
    pub character: Quantised,
    /// Backspace, Delete and the like.
    pub edit: Quantised,
    /// Arrows, Home/End, Page keys, Tab, Enter, Escape.
    pub navigation: Quantised,
    /// Shift, Control, Alt, Meta on their own.
    pub modifier: Quantised,
    /// Key combinations with Control, Alt or Meta.
    pub shortcut: Quantised,
}

/// Input events per `inputType` class (the field's value is never read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InputCounts {
    /// Typed insertions.
    pub insert: Quantised,
    /// Deletions.
    pub delete: Quantised,
    /// Pasted or dropped insertions.
    pub paste: Quantised,
    /// Undo and redo.
    pub history: Quantised,
    /// Formatting changes.
    pub format: Quantised,
    /// Any other input type.
    pub other: Quantised,
}

/// What the `typing` purpose reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Typing {
    /// Key presses per class.
    pub keys: KeyCounts,
    /// Input events per class.
    pub inputs: InputCounts,
    /// Typing events in private fields (passwords, card and one-time-code fields,
    /// `[data-ac-private]`), counted and nothing else.
    pub private: Quantised,
}

/// What the `pointer` purpose reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pointer {
    /// Distance moved, bucketed; never coordinates or trails.
    pub distance: DistanceBucket,
}

/// What the `navigation` purpose reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Navigation {
    /// Page loads (and restores from the back/forward cache).
    pub page_views: u32,
    /// In-app route changes (history API, back/forward, fragment changes).
    pub route_changes: u32,
    /// Times the page was hidden (tab switched, window minimised).
    pub hides: u32,
    /// Time the page was visible, bucketed.
    pub visible: SecondsBucket,
}

/// A summary's measurements; the variant decides the purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metrics {
    /// The `interaction` purpose.
    Interaction(Interaction),
    /// The `typing` purpose.
    Typing(Typing),
    /// The `pointer` purpose.
    Pointer(Pointer),
    /// The `navigation` purpose.
    Navigation(Navigation),
}

impl Metrics {
    /// The purpose that unlocks these measurements.
    pub fn purpose(&self) -> Purpose {
        match self {
            Metrics::Interaction(_) => Purpose::Interaction,
            Metrics::Typing(_) => Purpose::Typing,
            Metrics::Pointer(_) => Purpose::Pointer,
            Metrics::Navigation(_) => Purpose::Navigation,
        }
    }
}

/// One window of one purpose on one route, for one pseudonymous subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Assigned once at creation; retries carry the same id.
    pub id: SummaryId,
    /// The daily pseudonym of the person.
    pub subject: SubjectId,
    /// The application.
    pub app: AppName,
    /// Window start in Unix seconds; always a multiple of the window length.
    window_start: u64,
    /// Window length.
    pub window: WindowLength,
    /// The route template (`/tickets/:id`), redacted.
    pub route: Redacted,
    /// The consent policy in force when it was captured.
    pub policy: PolicyHash,
    /// How consent for its purpose was given.
    pub consent: ConsentSource,
    /// Summaries dropped from the outbox (oldest first, past its bound) since the last one sent.
    pub dropped: u32,
    /// The measurements; their variant is the purpose.
    pub metrics: Metrics,
}

/// The envelope of a summary: everything but its measurements.
#[derive(Clone, Debug)]
pub struct Envelope {
    /// The summary's id.
    pub id: SummaryId,
    /// The daily pseudonym.
    pub subject: SubjectId,
    /// The application.
    pub app: AppName,
    /// Any instant inside the window, in Unix milliseconds; truncated to the window start.
    pub at_ms: u64,
    /// Window length.
    pub window: WindowLength,
    /// The route template.
    pub route: Redacted,
    /// The consent policy hash.
    pub policy: PolicyHash,
    /// How consent was given.
    pub consent: ConsentSource,
    /// Summaries dropped since the last one sent.
    pub dropped: u32,
}

impl Summary {
    /// Builds a summary; the window start is truncated here, so no finer timestamp can exist.
    pub fn new(envelope: Envelope, metrics: Metrics) -> Summary {
        let mut metrics = metrics;
        if let Metrics::Interaction(i) = &mut metrics {
            i.targets.truncate(MAX_TARGETS);
        }
        Summary {
            id: envelope.id,
            subject: envelope.subject,
            app: envelope.app,
            window_start: envelope.window.start_of(envelope.at_ms),
            window: envelope.window,
            route: envelope.route,
            policy: envelope.policy,
            consent: envelope.consent,
            dropped: envelope.dropped,
            metrics,
        }
    }

    /// Window start in Unix seconds.
    pub fn window_start(&self) -> u64 {
        self.window_start
    }

    /// The purpose that unlocked it.
    pub fn purpose(&self) -> Purpose {
        self.metrics.purpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_quantised_on_a_coarse_grid() {
        let cases = [
            (0, 0),
            (1, 5),
            (4, 5),
            (7, 5),
            (8, 10),
            (99, 100),
            (100, 100),
            (101, 100),
            (112, 100),
            (113, 125),
            (1049, 1000),
            (1050, 1100),
            (u32::MAX, 4_294_967_200),
        ];
        for (raw, q) in cases {
            assert_eq!(Quantised::of(raw).get(), q, "raw {raw}");
            assert_eq!(Quantised::from_wire(q).map(Quantised::get), Some(q));
        }
        for off_grid in [1, 7, 101, 1010] {
            assert_eq!(Quantised::from_wire(off_grid), None, "{off_grid}");
        }
    }

    #[test]
    fn buckets_take_the_lower_bound() {
        assert_eq!(SecondsBucket::of(0).get(), 0);
        assert_eq!(SecondsBucket::of(59).get(), 30);
        assert_eq!(SecondsBucket::of(900).get(), 900);
        assert_eq!(SecondsBucket::of(u64::MAX).get(), 28800);
        assert_eq!(DistanceBucket::of(2999).get(), 1000);
        assert_eq!(DepthBucket::of(74).get(), 50);
        assert_eq!(DepthBucket::from_wire(30), None);
        assert_eq!(
            SecondsBucket::from_wire(600).map(SecondsBucket::get),
            Some(600)
        );
    }

    #[test]
    fn app_names_are_slugs() {
        for (s, ok) in [
            ("ticket-desk", true),
            ("a", true),
            ("Ticket", false),
            ("-x", false),
            ("", false),
            ("a b", false),
        ] {
            assert_eq!(AppName::parse(s).is_some(), ok, "{s:?}");
        }
        assert!(AppName::parse(&"a".repeat(64)).is_none());
    }
}
