//! Attacks on the read API: small cells, differencing pairs of queries, totals minus
//! published cells, and one heavy contributor. The grid is fixed (app × UTC day × purpose per
//! query, cells by route), so no query shape can single a person out.

mod common;

use activity_capture_collector::clip;
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use common::*;
use serde_json::Value;

async fn read(app: &axum::Router, day: &str, purpose: &str) -> Reply {
    let reply = send(
        app,
        get(&aggregates_path(APP, day, purpose), Some(READER_KEY)),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    reply
}

fn route_summaries(
    people: std::ops::RangeInclusive<u8>,
    route: &str,
    first_id: u16,
) -> Vec<Summary> {
    people
        .map(|p| {
            summary_for(
                APP,
                p,
                first_id + u16::from(p),
                Purpose::Interaction,
                route,
                0,
            )
        })
        .collect()
}

#[tokio::test]
async fn four_people_are_suppressed_and_five_shown() {
    for (people, shown) in [(4u8, false), (5, true)] {
        let state = state();
        state
            .store
            .store_summaries(&route_summaries(1..=people, "/tickets", 0), today())
            .unwrap();
        let reply = read(&router(&state), TODAY_DATE, "interaction").await;
        let cells = reply.json["cells"].as_array().unwrap();
        assert_eq!(
            (cells.len(), reply.json["suppressed"].as_u64()),
            (usize::from(shown), Some(u64::from(!shown))),
            "{people}: {}",
            reply.text
        );
        let expected_total = if shown { u64::from(people) } else { 0 };
        assert_eq!(
            reply.json["totals"]["summaries"].as_u64().unwrap_or(0),
            expected_total,
            "{}",
            reply.text
        );
    }
}

/// Every answer a reader can get, over every day the collector holds and every purpose.
async fn every_answer(app: &axum::Router) -> Vec<Value> {
    let mut answers = Vec::new();
    for days_ago in 0..=8u64 {
        let day = activity_capture_collector::calendar::date_of(today() - days_ago);
        for purpose in ["interaction", "navigation"] {
            answers.push(read(app, &day, purpose).await.json);
        }
    }
    answers
}

#[tokio::test]
async fn totals_and_pairs_of_queries_reveal_nothing_of_a_suppressed_cell() {
    // Two worlds with the same published cell (/tickets, five people) and a suppressed cell
    // (/reports, four people) that differs in everything: who, how many summaries, values.
    let world = |suppressed: Vec<Summary>| {
        let state = state();
        let mut rows = route_summaries(1..=5, "/tickets", 0);
        rows.extend(suppressed);
        state.store.store_summaries(&rows, today()).unwrap();
        state
    };
    let mut busy_rows = route_summaries(10..=13, "/reports", 200);
    busy_rows.extend(
        (0..20).map(|n| summary_for(APP, 10, 300 + n, Purpose::Interaction, "/reports", 0)),
    );
    // The suppressed cell's people also appear in a published cell of another purpose.
    busy_rows.extend((10..=14u8).map(|p| {
        summary_for(
            APP,
            p,
            400 + u16::from(p),
            Purpose::Navigation,
            "/tickets",
            1,
        )
    }));
    let mut quiet_rows = route_summaries(6..=9, "/reports", 100);
    quiet_rows.extend((15..=19u8).map(|p| {
        summary_for(
            APP,
            p,
            500 + u16::from(p),
            Purpose::Navigation,
            "/tickets",
            1,
        )
    }));
    let quiet = world(quiet_rows);
    let busy = world(busy_rows);

    let quiet_answers = every_answer(&router(&quiet)).await;
    let busy_answers = every_answer(&router(&busy)).await;
    // No query, and so no pair or difference of queries, tells the two worlds apart.
    assert_eq!(quiet_answers, busy_answers);

    // Totals are sums of the published cells only: totals minus published cells is zero.
    let today_answer = &quiet_answers[0];
    assert_eq!(today_answer["suppressed"], 1);
    for (metric, total) in today_answer["totals"].as_object().unwrap() {
        let published: u64 = today_answer["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["metrics"][metric].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(total.as_u64(), Some(published), "{metric}");
    }
    assert_eq!(today_answer["totals"]["summaries"], 5);
}

#[tokio::test]
async fn no_query_shape_isolates_one_person() {
    let state = state();
    let app = router(&state);
    // Every parameter that could narrow a query to a person, a time range or a group-by is
    // refused: the only shape is app × day × purpose.
    for extra in [
        "route=/tickets",
        "subject=00",
        "person=1",
        "from=2026-11-27T10:00",
        "to=2026-11-27T11:00",
        "hour=10",
        "window=15",
        "group_by=route",
        "k=1",
        "limit=1",
        "exclude=/reports",
    ] {
        let path = format!(
            "{}&{extra}",
            aggregates_path(APP, TODAY_DATE, "interaction")
        );
        let reply = send(&app, get(&path, Some(READER_KEY))).await;
        assert_eq!(reply.status.as_u16(), 400, "{extra}: {}", reply.text);
    }
    // The valid shapes partition the data: each summary counts in exactly one cell of exactly
    // one answer, so no two answers overlap and no pair differs by one person.
    let mut rows = route_summaries(1..=6, "/tickets", 0);
    rows.extend(route_summaries(1..=5, "/reports", 50));
    rows.extend((1..=5u8).map(|p| {
        summary_for(
            APP,
            p,
            80 + u16::from(p),
            Purpose::Navigation,
            "/tickets",
            1,
        )
    }));
    state.store.store_summaries(&rows, today()).unwrap();
    let counted: u64 = every_answer(&app)
        .await
        .iter()
        .map(|a| a["totals"]["summaries"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, rows.len() as u64);
}

#[tokio::test]
async fn one_dominant_contributor_is_clipped() {
    let state = state();
    let mut rows = route_summaries(1..=5, "/tickets", 0);
    // Person 6 sends 200 summaries into the same cell on the same day.
    rows.extend(
        (0..200).map(|n| summary_for(APP, 6, 1000 + n, Purpose::Interaction, "/tickets", 0)),
    );
    state.store.store_summaries(&rows, today()).unwrap();
    let reply = read(&router(&state), TODAY_DATE, "interaction").await;
    let cell = &reply.json["cells"][0];
    assert_eq!(cell["people"], 6);
    let one = 42; // the example summary's clicks
    assert_eq!(
        cell["metrics"]["summaries"].as_u64(),
        Some(5 + clip::cap("summaries"))
    );
    assert_eq!(
        cell["metrics"]["data.clicks"].as_u64(),
        Some(5 * one + (200 * one).min(clip::cap("data.clicks")))
    );
    assert_eq!(
        cell["metrics"]["data.active_s"].as_u64(),
        Some(5 * 600 + clip::cap("data.active_s")),
        "{}",
        reply.text
    );
    // The same bound holds after the day is folded into aggregates.
    let folded = state.store.fold_days_before(today() + 1).unwrap();
    assert_eq!(folded.rows_folded, rows.len() as u64);
    let after = read(&router(&state), TODAY_DATE, "interaction").await;
    assert_eq!(after.json["cells"], reply.json["cells"]);
}
