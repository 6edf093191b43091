//! Hardening: per-key rate limits (429 with Retry-After, nothing stored), Prometheus metrics
//! without identifiers, and replays answered `duplicate` and stored once. Against SQLite and,
//! when `ACTIVITY_CAPTURE_PG_URL` is set, PostgreSQL.

mod common;

use std::sync::Arc;

use activity_capture_collector::config::Config;
use activity_capture_collector::storage::{Store, MEMORY};
use activity_capture_collector::{AppState, Clock};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::wire::encode;
use common::*;

fn limited_state(store: Arc<dyn Store>) -> AppState {
    let text = config_text(MEMORY) + "\n[rate_limit]\nper_second = 1\nburst = 2\n";
    let config = Config::parse(&text).unwrap();
    assert_eq!(
        (config.rate_limit.per_second, config.rate_limit.burst),
        (1, 2)
    );
    AppState::new(config, store).with_clock(Clock::fixed(NOW))
}

#[tokio::test]
async fn each_ingest_key_is_rate_limited_with_retry_after() {
    for (_, store) in stores() {
        let state = limited_state(store);
        let app = router(&state);
        let statuses = |n: u16| {
            sdk_post(
                "/v1/summaries",
                batch(INGEST_KEY, &[summary(1, n, Purpose::Interaction)]),
            )
        };
        assert_eq!(send(&app, statuses(1)).await.status.as_u16(), 200);
        assert_eq!(send(&app, statuses(2)).await.status.as_u16(), 200);
        let before = counts(&state);
        let reply = send(&app, statuses(3)).await;
        assert_eq!(
            (reply.status.as_u16(), reply.json["field"].as_str()),
            (429, Some("key")),
            "{}",
            reply.text
        );
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert_eq!(counts(&state), before, "nothing stored");
        // Another app's key has its own bucket.
        let other = summary_for(OTHER_APP, 1, 1, Purpose::Interaction, "/deals", 0);
        let reply = send(
            &app,
            post(
                "/v1/summaries",
                Some("text/plain"),
                Some(OTHER_ORIGIN),
                batch(OTHER_INGEST_KEY, &[other]),
            ),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    }
}

#[tokio::test]
async fn replays_are_duplicates_stored_once_and_metrics_count_without_identifiers() {
    for state in states() {
        let app = router(&state);
        let s = summary(1, 1, Purpose::Interaction);
        for expected in ["stored", "duplicate", "duplicate"] {
            let reply = send(
                &app,
                sdk_post("/v1/summaries", batch(INGEST_KEY, std::slice::from_ref(&s))),
            )
            .await;
            assert_eq!(
                reply.json["results"][0]["status"], expected,
                "{}",
                reply.text
            );
        }
        assert_eq!(counts(&state).person_rows, 1);
        let with_email = encode(&summary(2, 2, Purpose::Interaction))
            .replace("\"Assign ticket\"", "\"mail jane.doe@example.com\"");
        let reply = send(
            &app,
            sdk_post("/v1/summaries", batch_of_wire(INGEST_KEY, &[with_email])),
        )
        .await;
        assert_eq!(reply.json["results"][0]["status"], "refused");
        send(&app, get("/v1/nothing", None)).await;

        let reply = send(&app, get("/metrics", None)).await;
        assert_eq!(reply.status.as_u16(), 200);
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4"));
        for line in [
            "activity_capture_requests_total{route=\"/v1/summaries\",status=\"200\"} 4",
            "activity_capture_requests_total{route=\"(no route)\",status=\"404\"} 1",
            "activity_capture_summaries_total{outcome=\"stored\"} 1",
            "activity_capture_summaries_total{outcome=\"duplicate\"} 2",
            "activity_capture_summaries_total{outcome=\"refused\"} 1",
            "activity_capture_tripwire_refusals_total{field=\"data.targets[].label\"} 1",
            "activity_capture_rate_limited_total 0",
        ] {
            assert!(
                reply.text.lines().any(|l| l == line),
                "{line} missing from:\n{}",
                reply.text
            );
        }
        for secret_text in [
            s.id.to_hex(),
            s.subject.to_hex(),
            INGEST_KEY.to_owned(),
            APP.to_owned(),
            ORIGIN.to_owned(),
            "jane.doe".to_owned(),
            "/v1/nothing".to_owned(),
        ] {
            assert!(
                !reply.text.contains(&secret_text),
                "{secret_text} in metrics"
            );
        }
    }
}
