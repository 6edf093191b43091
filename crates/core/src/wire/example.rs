//! Example summaries, one per purpose, with the values the data dictionary shows. Used by the
//! dictionary, by tests across the workspace and by the demo's synthetic data.

use crate::id::{PolicyHash, SubjectSecret, SummaryId};
use crate::purpose::Purpose;
use crate::redact::redact;
use crate::summary::{
    AppName, ConsentSource, DepthBucket, DistanceBucket, Envelope, InputCounts, Interaction,
    KeyCounts, Metrics, Navigation, Pointer, Quantised, SecondsBucket, Summary, Target, Typing,
};
use crate::window::{utc_day, WindowLength};

/// 2026-11-27T10:22:33Z, inside the example window.
pub const EXAMPLE_AT_MS: u64 = 1_795_774_953_000;

/// The measurements of the example summary for `purpose`.
pub fn example_metrics(purpose: Purpose) -> Metrics {
    match purpose {
        Purpose::Interaction => Metrics::Interaction(Interaction {
            clicks: 42,
            submits: 3,
            focus_changes: 17,
            copies: 1,
            cuts: 0,
            pastes: 2,
            private: 4,
            active: SecondsBucket::of(640),
            scroll_depth: DepthBucket::of(80),
            targets: vec![Target {
                label: redact("Assign ticket"),
                clicks: 9,
            }],
        }),
        Purpose::Typing => Metrics::Typing(Typing {
            keys: KeyCounts {
                character: Quantised::of(348),
                edit: Quantised::of(41),
                navigation: Quantised::of(24),
                modifier: Quantised::of(9),
                shortcut: Quantised::of(4),
            },
            inputs: InputCounts {
                insert: Quantised::of(330),
                delete: Quantised::of(41),
                paste: Quantised::of(2),
                history: Quantised::of(0),
                format: Quantised::of(0),
                other: Quantised::of(0),
            },
            private: Quantised::of(14),
        }),
        Purpose::Pointer => Metrics::Pointer(Pointer {
            distance: DistanceBucket::of(41_000),
        }),
        Purpose::Navigation => Metrics::Navigation(Navigation {
            page_views: 2,
            route_changes: 11,
            hides: 3,
            visible: SecondsBucket::of(905),
        }),
    }
}

/// A complete example summary for `purpose`, from a fixed secret and fixed random bytes.
pub fn example_summary(purpose: Purpose) -> Summary {
    let secret = SubjectSecret::from_random([0x5a; 32]);
    let mut id = [0x8f; 16];
    id[0] = purpose as u8;
    Summary::new(
        Envelope {
            id: SummaryId::from_random(id),
            subject: secret.subject_for("ticket-desk", utc_day(EXAMPLE_AT_MS / 1000)),
            app: AppName::parse("ticket-desk").expect("valid app name"),
            at_ms: EXAMPLE_AT_MS,
            window: WindowLength::DEFAULT,
            route: redact("/tickets/:id"),
            policy: PolicyHash::of("example policy"),
            consent: ConsentSource::Dialog,
            dropped: 0,
        },
        example_metrics(purpose),
    )
}
