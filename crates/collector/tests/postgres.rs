//! Several collectors on one PostgreSQL database: concurrent ingest of the same and of
//! different batches loses nothing and stores nothing twice, and concurrent audit appends keep
//! one linear chain. Needs `ACTIVITY_CAPTURE_PG_URL` (scripts/pg.sh); without it, says so.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use activity_capture_collector::audit;
use activity_capture_collector::storage::{PostgresStore, Store};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::Summary;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_ingest_concurrently_without_loss_or_duplicates() {
    let Some(url) = pg_url() else {
        // FIXME: runs only where PostgreSQL is configured (scripts/test.sh does it).
        assert!(std::env::var(PG_URL_VAR).is_err());
        return;
    };
    let db = fresh_pg_database(&url);
    let open = || -> Arc<dyn Store> { Arc::new(off_runtime(|| PostgresStore::open(&db).unwrap())) };
    let (first, second) = (state_with(open()), state_with(open()));
    let apps = [router(&first), router(&second)];

    // 20 batches of 10: even batches are sent by both instances at once (the same bytes, as
    // a retry through another instance would be), odd ones by one instance only.
    let batches: Vec<Vec<Summary>> = (0..20u16)
        .map(|b| {
            (0..10u16)
                .map(|n| {
                    summary_for(
                        APP,
                        (b % 7) as u8,
                        b * 100 + n,
                        Purpose::Interaction,
                        "/tickets/:id",
                        1,
                    )
                })
                .collect()
        })
        .collect();
    let mut tasks = Vec::new();
    for (b, batch_summaries) in batches.iter().enumerate() {
        let senders: Vec<usize> = if b % 2 == 0 {
            vec![0, 1]
        } else {
            vec![b % 4 / 2]
        };
        for i in senders {
            let app = apps[i].clone();
            let body = batch(INGEST_KEY, batch_summaries);
            tasks.push(tokio::spawn(async move {
                send(&app, sdk_post("/v1/summaries", body)).await
            }));
        }
    }
    let mut outcomes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
        for r in reply.json["results"].as_array().unwrap() {
            outcomes
                .entry(r["id"].as_str().unwrap().to_owned())
                .or_default()
                .push(r["status"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(outcomes.len(), 200);
    for (id, statuses) in &outcomes {
        let stored = statuses.iter().filter(|s| *s == "stored").count();
        let duplicates = statuses.iter().filter(|s| *s == "duplicate").count();
        assert_eq!(
            (stored, stored + duplicates),
            (1, statuses.len()),
            "{id}: {statuses:?}"
        );
    }
    let counts = counts(&first);
    assert_eq!(counts.person_rows, 200, "no loss, no duplicate");
    assert_eq!(counts.person_metrics, 200 * 12);

    // Reads through both instances at once publish the day once and append to one linear
    // chain.
    let mut reads = Vec::new();
    for n in 0..20 {
        let app = apps[n % 2].clone();
        reads.push(tokio::spawn(async move {
            send(
                &app,
                get(
                    &aggregates_path(APP, YESTERDAY_DATE, "interaction"),
                    Some(READER_KEY),
                ),
            )
            .await
        }));
    }
    for read in reads {
        let reply = read.await.unwrap();
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
        assert_eq!(reply.json["cells"][0]["people"], 7);
    }
    let verified = off_runtime(|| audit::verify_store(first.store.as_ref(), None)).unwrap();
    assert_eq!(verified.rows, 20);
}
