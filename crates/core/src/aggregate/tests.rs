//! Tests of aggregation: windows close by timestamp, cells split by route and purpose, values
//! are quantised, private activity is only counted, and consent filters what closes.

use super::*;
use crate::redact::redact;
use crate::wire::encode;

const T0: u64 = 1_795_774_500_000; // 2026-11-27T10:15:00Z, a window start.
const MIN: u64 = 60_000;

struct Fixture {
    app: AppName,
    secret: SubjectSecret,
    granted: Vec<Purpose>,
    counter: u8,
}

impl Fixture {
    fn new(granted: &[Purpose]) -> Fixture {
        Fixture {
            app: AppName::parse("ticket-desk").unwrap(),
            secret: SubjectSecret::from_random([3; 32]),
            granted: granted.to_vec(),
            counter: 0,
        }
    }

    fn close(&mut self, agg: &mut Aggregator, now: u64, all: bool) -> Vec<Summary> {
        let granted = self.granted.clone();
        let consent = move |p: Purpose| granted.contains(&p).then_some(ConsentSource::Dialog);
        let counter = &mut self.counter;
        let mut random = move || {
            *counter += 1;
            [*counter; 16]
        };
        let mut ctx = Context {
            app: &self.app,
            secret: &self.secret,
            policy: PolicyHash::of("p"),
            consent: &consent,
            random_id: &mut random,
        };
        agg.close(now, all, &mut ctx, &mut 0)
    }
}

fn agg() -> Aggregator {
    Aggregator::new(WindowLength::DEFAULT, redact("/tickets"))
}

#[test]
fn windows_close_by_timestamp_not_by_timer() {
    let mut f = Fixture::new(&Purpose::ALL);
    let mut a = agg();
    a.observe(T0 + MIN, Observation::Click { label: None });
    assert_eq!(
        f.close(&mut a, T0 + 14 * MIN, false),
        [],
        "the window is still open"
    );
    a.observe(T0 + 16 * MIN, Observation::Click { label: None });
    let closed = f.close(&mut a, T0 + 16 * MIN, false);
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].window_start(), T0 / 1000);
    assert!(!a.is_empty(), "the new window's click waits");
    let rest = f.close(&mut a, T0 + 16 * MIN, true);
    assert_eq!(rest.len(), 1, "hiding the page closes open windows too");
    assert_eq!(rest[0].window_start(), T0 / 1000 + 900);
    assert_ne!(closed[0].id, rest[0].id);
}

#[test]
fn cells_split_by_route_and_purpose_and_count_route_changes_on_the_new_route() {
    let mut f = Fixture::new(&Purpose::ALL);
    let mut a = agg();
    a.observe(T0, Observation::PageView);
    a.observe(T0 + 1000, Observation::Key(KeyClass::Character));
    a.change_route(T0 + 2000, redact("/tickets/:id"));
    a.change_route(T0 + 2500, redact("/tickets/:id"));
    a.observe(
        T0 + 3000,
        Observation::Click {
            label: Some(redact("Assign")),
        },
    );
    let mut s = f.close(&mut a, T0, true);
    s.sort_by(|x, y| (x.route.as_str(), x.purpose()).cmp(&(y.route.as_str(), y.purpose())));
    let shape: Vec<_> = s
        .iter()
        .map(|s| (s.route.as_str().to_owned(), s.purpose()))
        .collect();
    assert_eq!(
        shape,
        [
            ("/tickets".to_owned(), Purpose::Typing),
            ("/tickets".to_owned(), Purpose::Navigation),
            ("/tickets/:id".to_owned(), Purpose::Interaction),
            ("/tickets/:id".to_owned(), Purpose::Navigation),
        ]
    );
    match &s[3].metrics {
        Metrics::Navigation(n) => assert_eq!((n.route_changes, n.page_views), (1, 0)),
        m => panic!("{m:?}"),
    }
}

#[test]
fn navigation_counts_from_its_start_and_stop_visible_counts_up_to_the_pause() {
    let mut f = Fixture::new(&[Purpose::Navigation]);
    let mut a = agg();
    let visible = |s: &[Summary]| -> Vec<u32> {
        s.iter()
            .map(|s| match &s.metrics {
                Metrics::Navigation(n) => n.visible.get(),
                m => panic!("{m:?}"),
            })
            .collect()
    };
    // Visible from the start, a hide and a route change while only other purposes captured.
    a.visibility(T0, true);
    a.visibility(T0 + MIN, false);
    a.visibility(T0 + 2 * MIN, true);
    a.change_route(T0 + 3 * MIN, redact("/tickets/:id"));
    // Navigation granted at 5 minutes: none of that is counted.
    a.start_navigation(T0 + 5 * MIN, true);
    a.observe(T0 + 6 * MIN, Observation::PageView);
    let s = f.close(&mut a, T0 + 7 * MIN, true);
    assert_eq!(visible(&s), [120]);
    match &s[0].metrics {
        Metrics::Navigation(n) => assert_eq!((n.hides, n.route_changes, n.page_views), (0, 0, 1)),
        m => panic!("{m:?}"),
    }
    // Granted while hidden: nothing counts until the page is shown.
    a.start_navigation(T0 + 8 * MIN, false);
    a.visibility(T0 + 10 * MIN, true);
    a.observe(T0 + 11 * MIN, Observation::PageView);
    assert_eq!(visible(&f.close(&mut a, T0 + 12 * MIN, true)), [120]);
    // stop_visible counts up to its time, then stops: from 12 to 13, not after.
    a.stop_visible(T0 + 13 * MIN);
    a.observe(T0 + 20 * MIN, Observation::PageView);
    // (The page view at 20 minutes is in the next window, with no visible time.)
    assert_eq!(visible(&f.close(&mut a, T0 + 20 * MIN, true)), [60, 0]);
}

#[test]
fn values_are_quantised_bucketed_and_private_activity_only_counted() {
    let mut f = Fixture::new(&Purpose::ALL);
    let mut a = agg();
    for i in 0..347 {
        a.observe(T0 + i * 100, Observation::Key(KeyClass::Character));
        a.observe(T0 + i * 100, Observation::Input(InputClass::Insert));
    }
    for _ in 0..3 {
        a.observe(T0, Observation::PrivateTyping);
        a.observe(T0, Observation::PrivateInteraction);
    }
    for i in 0..7u64 {
        a.observe(
            T0 + i * 30_000,
            Observation::Click {
                label: Some(redact(if i < 4 {
                    "Save"
                } else {
                    "Mail jane@example.com"
                })),
            },
        );
    }
    a.observe(T0, Observation::PointerMoved(2500));
    a.observe(T0, Observation::PointerMoved(600));
    a.observe(T0, Observation::Scrolled(80));
    a.observe(T0, Observation::Scrolled(40));
    let s = f.close(&mut a, T0, true);
    let json: Vec<String> = s.iter().map(encode).collect();
    let all = json.join("\n");
    assert!(
        !all.contains("jane"),
        "labels went through the redactor: {all}"
    );
    for summary in &s {
        match &summary.metrics {
            Metrics::Typing(t) => {
                assert_eq!(t.keys.character.get(), 350);
                assert_eq!(t.inputs.insert.get(), 350);
                assert_eq!(t.private.get(), 5);
            }
            Metrics::Interaction(i) => {
                assert_eq!((i.clicks, i.private), (7, 3));
                assert_eq!(
                    i.active.get(),
                    60,
                    "7 clicks 30 s apart: 7 active slots of 10 s = 70 s, bucket 60"
                );
                assert_eq!(i.scroll_depth.get(), 75);
                let targets: Vec<_> = i
                    .targets
                    .iter()
                    .map(|t| (t.label.as_str(), t.clicks))
                    .collect();
                assert_eq!(targets, [("Save", 4), ("Mail [EMAIL]", 3)]);
            }
            Metrics::Pointer(p) => assert_eq!(p.distance.get(), 3000),
            Metrics::Navigation(_) => panic!("nothing navigational was observed"),
        }
    }
}

#[test]
fn visible_time_splits_across_windows_and_hides_are_counted() {
    let mut f = Fixture::new(&[Purpose::Navigation]);
    let mut a = agg();
    a.visibility(T0 + 10 * MIN, true);
    a.visibility(T0 + 20 * MIN, false);
    a.visibility(T0 + 21 * MIN, true);
    let s = f.close(&mut a, T0 + 22 * MIN, true);
    let visible: Vec<(u64, u32, u32)> = s
        .iter()
        .map(|s| match &s.metrics {
            Metrics::Navigation(n) => (s.window_start(), n.visible.get(), n.hides),
            m => panic!("{m:?}"),
        })
        .collect();
    assert_eq!(visible, [(T0 / 1000, 300, 0), (T0 / 1000 + 900, 300, 1)]);
}

#[test]
fn cells_without_consent_never_become_summaries_and_purge_drops_a_purpose() {
    let mut f = Fixture::new(&[Purpose::Interaction]);
    let mut a = agg();
    a.observe(T0, Observation::Key(KeyClass::Character));
    a.observe(T0, Observation::Click { label: None });
    a.observe(T0, Observation::PointerMoved(10));
    a.purge(Purpose::Interaction);
    assert_eq!(
        f.close(&mut a, T0, true),
        [],
        "typing and pointer have no consent; interaction was purged"
    );
    assert!(a.is_empty());
}

#[test]
fn summaries_carry_the_daily_pseudonym_and_the_dropped_count_once() {
    let mut f = Fixture::new(&Purpose::ALL);
    let mut a = agg();
    a.observe(T0, Observation::Click { label: None });
    a.observe(T0, Observation::PageView);
    let consent = |_: Purpose| Some(ConsentSource::Host);
    let mut random = || [9u8; 16];
    let mut ctx = Context {
        app: &f.app,
        secret: &f.secret,
        policy: PolicyHash::of("p"),
        consent: &consent,
        random_id: &mut random,
    };
    let mut dropped = 4;
    let s = a.close(T0, true, &mut ctx, &mut dropped);
    assert_eq!(s.iter().map(|s| s.dropped).sum::<u32>(), 4);
    assert_eq!(dropped, 0);
    assert!(s
        .iter()
        .all(|s| s.subject == f.secret.subject_for("ticket-desk", utc_day(T0 / 1000))));
    f.counter = 0;
}

#[test]
fn the_class_lists_are_in_index_order() {
    for (i, k) in KeyClass::ALL.into_iter().enumerate() {
        assert_eq!(super::key_index(k), i);
    }
    for (i, c) in InputClass::ALL.into_iter().enumerate() {
        assert_eq!(super::input_index(c), i);
    }
}

#[test]
fn a_batch_counts_as_that_many_single_observations() {
    let kinds = [
        Observation::Click { label: None },
        Observation::Click {
            label: Some(redact("Save")),
        },
        Observation::Submit,
        Observation::FocusChange,
        Observation::Copy,
        Observation::Cut,
        Observation::Paste,
        Observation::PrivateInteraction,
        Observation::Key(KeyClass::Shortcut),
        Observation::Input(InputClass::Delete),
        Observation::PrivateTyping,
        Observation::PointerMoved(13),
        Observation::Scrolled(40),
        Observation::PageView,
        Observation::RouteChange,
    ];
    for n in [0u32, 1, 2, 7, 300] {
        let (mut batched, mut single) = (agg(), agg());
        for (i, o) in kinds.iter().enumerate() {
            // Some before the label limit and the active slot of the cell, some in a new slot.
            let at = T0 + i as u64 * 4_000;
            batched.observe_times(at, o.clone(), n);
            for _ in 0..n {
                single.observe(at, o.clone());
            }
        }
        assert_eq!(format!("{batched:?}"), format!("{single:?}"), "{n} at once");
        let mut f = Fixture::new(&Purpose::ALL);
        let (b, s) = (
            f.close(&mut batched, T0 + 60 * MIN, true),
            f.close(&mut single, T0 + 60 * MIN, true),
        );
        assert_eq!(b.len(), s.len());
        assert_eq!(b.len(), if n == 0 { 0 } else { 4 });
    }
    // Counts saturate rather than wrap.
    let mut a = agg();
    a.observe_times(T0, Observation::PointerMoved(u32::MAX), u32::MAX);
    a.observe_times(T0, Observation::PointerMoved(u32::MAX), u32::MAX);
    a.observe_times(T0, Observation::Key(KeyClass::Character), u32::MAX);
    a.observe_times(T0, Observation::Key(KeyClass::Character), 5);
    let debug = format!("{a:?}");
    assert!(
        debug.contains(&format!("distance: {}", u64::MAX)),
        "{debug}"
    );
    assert!(
        debug.contains(&format!("keys: [{}, 0, 0, 0, 0]", u32::MAX)),
        "{debug}"
    );
}
