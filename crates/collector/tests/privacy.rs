//! Attacks on the read API: small cells, differencing pairs of queries, totals minus
//! published cells, one heavy contributor, and polling a day while people arrive. The grid is
//! fixed (app × UTC day × purpose per query, cells by route), only closed days are published,
//! and a published day never changes, so no query shape or timing can single a person out.
//! Every test runs against SQLite and, when `ACTIVITY_CAPTURE_PG_URL` is set, PostgreSQL.

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

/// Interaction summaries of `people` on `route` yesterday (a closed day).
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
                1,
            )
        })
        .collect()
}

#[tokio::test]
async fn four_people_are_suppressed_and_five_shown() {
    for (people, shown) in [(4u8, false), (5, true)] {
        for state in states() {
            store_rows(&state, &route_summaries(1..=people, "/tickets", 0));
            let reply = read(&router(&state), YESTERDAY_DATE, "interaction").await;
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
}

/// Every answer a reader can get, over every published day the collector holds and every
/// purpose (today is not published yet).
async fn every_answer(app: &axum::Router) -> Vec<Value> {
    let mut answers = Vec::new();
    for days_ago in 1..=8u64 {
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
    for kind in store_kinds() {
        let world = |suppressed: Vec<Summary>| {
            let state = state_with(fresh_store(kind));
            let mut rows = route_summaries(1..=5, "/tickets", 0);
            rows.extend(suppressed);
            store_rows(&state, &rows);
            state
        };
        let mut busy_rows = route_summaries(10..=13, "/reports", 200);
        busy_rows.extend(
            (0..20).map(|n| summary_for(APP, 10, 300 + n, Purpose::Interaction, "/reports", 1)),
        );
        // The suppressed cell's people also appear in a published cell of another purpose.
        busy_rows.extend((10..=14u8).map(|p| {
            summary_for(
                APP,
                p,
                400 + u16::from(p),
                Purpose::Navigation,
                "/tickets",
                2,
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
                2,
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
}

#[tokio::test]
async fn no_query_shape_isolates_one_person() {
    for state in states() {
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
                aggregates_path(APP, YESTERDAY_DATE, "interaction")
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
                2,
            )
        }));
        store_rows(&state, &rows);
        let counted: u64 = every_answer(&app)
            .await
            .iter()
            .map(|a| a["totals"]["summaries"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(counted, rows.len() as u64);
    }
}

#[tokio::test]
async fn one_dominant_contributor_is_clipped() {
    for state in states() {
        let mut rows = route_summaries(1..=5, "/tickets", 0);
        // Person 6 sends 200 summaries into the same cell on the same day.
        rows.extend(
            (0..200).map(|n| summary_for(APP, 6, 1000 + n, Purpose::Interaction, "/tickets", 1)),
        );
        store_rows(&state, &rows);
        let reply = read(&router(&state), YESTERDAY_DATE, "interaction").await;
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
        // The same answer after the day is folded into aggregates.
        let (folded, _) = off_runtime(|| {
            state
                .store
                .fold_days_before(today() + 1, &|_| None)
                .unwrap()
        });
        assert_eq!(folded.rows_folded, rows.len() as u64);
        let after = read(&router(&state), YESTERDAY_DATE, "interaction").await;
        assert_eq!(after.json["cells"], reply.json["cells"]);
    }
}

/// Sends `rows` through the HTTP API and returns each one's (status, field).
async fn ingest(app: &axum::Router, rows: &[Summary]) -> Vec<(String, String)> {
    let reply = send(app, sdk_post("/v1/summaries", batch(INGEST_KEY, rows))).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    reply.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("-").to_owned();
            (s("status"), s("field"))
        })
        .collect()
}

#[tokio::test]
async fn polling_a_day_reveals_no_arrival_and_an_open_day_is_refused() {
    use activity_capture_collector::Clock;
    use activity_capture_core::window::DAY_SECONDS;
    for state in states() {
        // Just before yesterday is published (its end plus the 6-hour grace), yesterday is
        // refused like today, naming `day`; late summaries for it are still accepted.
        let published_from = today() * DAY_SECONDS + 6 * 3600;
        let early = state.clone().with_clock(Clock::fixed(published_from - 1));
        let app = router(&early);
        let mut rows = route_summaries(1..=5, "/tickets", 0);
        rows.extend(route_summaries(1..=5, "/reports", 50));
        let late = summary_for(APP, 6, 60, Purpose::Interaction, "/tickets", 1);
        rows.push(late);
        assert!(ingest(&app, &rows).await.iter().all(|(s, _)| s == "stored"));
        for day in [YESTERDAY_DATE, TODAY_DATE, "2026-11-28"] {
            let reply = send(
                &app,
                get(&aggregates_path(APP, day, "interaction"), Some(READER_KEY)),
            )
            .await;
            assert_eq!(
                (reply.status.as_u16(), reply.json["field"].as_str()),
                (400, Some("day")),
                "{day}: {}",
                reply.text
            );
            assert!(
                reply.json["error"]
                    .as_str()
                    .unwrap()
                    .contains("not published yet"),
                "{}",
                reply.text
            );
        }
        assert_eq!(
            counts(&state).audit_entries,
            0,
            "refused reads return nothing"
        );

        // Published: the first read freezes the day's answer, the late summary included.
        let app = router(&state);
        let first = read(&app, YESTERDAY_DATE, "interaction").await;
        assert_eq!(first.json["cells"][1]["people"], 6, "{}", first.text);
        let first_navigation = read(&app, YESTERDAY_DATE, "navigation").await;

        // Arrivals between two reads are stored (nothing a device kept through an outage is
        // lost, and the person sees them) but never change the published answer; a retry of a
        // summary stored before publication is still a duplicate; other days are unaffected.
        let newcomer = summary_for(APP, 7, 70, Purpose::Interaction, "/tickets", 1);
        let other_purpose = summary_for(APP, 8, 80, Purpose::Navigation, "/tickets", 1);
        let today_row = summary_for(APP, 7, 71, Purpose::Interaction, "/tickets", 0);
        let results = ingest(&app, &[newcomer, other_purpose, rows[0].clone(), today_row]).await;
        assert_eq!(
            results,
            [
                ("stored".to_owned(), "-".to_owned()),
                ("stored".to_owned(), "-".to_owned()),
                ("duplicate".to_owned(), "-".to_owned()),
                ("stored".to_owned(), "-".to_owned()),
            ]
        );
        let results = ingest(
            &app,
            &[summary_for(APP, 9, 90, Purpose::Interaction, "/reports", 1)],
        )
        .await;
        assert_eq!(results, [("stored".to_owned(), "-".to_owned())]);
        let late_owner = serde_json::json!({"app": APP, "secret": secret(9).to_hex()}).to_string();
        let mine = send(&app, sdk_post("/v1/me", late_owner)).await;
        assert!(
            mine.json["rows"].as_array().is_some_and(|r| !r.is_empty()),
            "the person sees their late summary: {}",
            mine.text
        );
        let second = read(&app, YESTERDAY_DATE, "interaction").await;
        assert_eq!(second.json, first.json, "two reads of a day are identical");
        assert_eq!(
            read(&app, YESTERDAY_DATE, "navigation").await.json,
            first_navigation.json
        );

        // A person forgetting their rows, and the fold, leave the published answer as it is.
        let me = serde_json::json!({"app": APP, "secret": secret(1).to_hex()}).to_string();
        let reply = send(&app, sdk_post("/v1/me/forget", me)).await;
        assert_eq!(reply.json["deleted"], 2, "{}", reply.text);
        off_runtime(|| {
            activity_capture_collector::retention::fold(
                state.store.as_ref(),
                &state.config,
                today() + 8,
            )
            .unwrap()
        });
        assert_eq!(
            read(&app, YESTERDAY_DATE, "interaction").await.json,
            first.json
        );
    }
}
