//! Load benchmark of the collector's ingest path on loopback, bounded in requests and time.
//!
//! For each store (SQLite in a temporary file; PostgreSQL when `ACTIVITY_CAPTURE_PG_URL` is
//! set) it measures, in the same run:
//! - the baseline: the same summaries inserted directly through `Store::store_summaries`, in
//!   the same batches, without HTTP;
//! - the service: `POST /v1/summaries` over loopback HTTP/1.1 (one connection per request) at
//!   a fixed offered rate, open loop, with the latency of each request;
//!
//! and prints summaries/s for both, the service's p50/p99 latency, and the ratio
//! service / baseline. Usage (see README.md):
//! `cargo run --release --manifest-path bench/collector/Cargo.toml -- [rate] [requests]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use activity_capture_collector::config::Config;
use activity_capture_collector::keys::KeyHash;
use activity_capture_collector::storage::{PostgresStore, SqliteStore, Store};
use activity_capture_collector::{app, AppState};
use activity_capture_core::id::{PolicyHash, SubjectSecret, SummaryId};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::redact::redact;
use activity_capture_core::summary::{AppName, ConsentSource, Envelope, Summary};
use activity_capture_core::window::{utc_day, WindowLength};
use activity_capture_core::wire::example::example_metrics;
use activity_capture_core::wire::{encode, encode_batch};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const APP: &str = "bench-app";
const INGEST_KEY: &str = "ik_bench";
const ORIGIN: &str = "http://127.0.0.1:9";
/// Summaries per request (and per baseline batch).
const BATCH: usize = 10;
/// No run takes longer than this, whatever the rate.
const TIME_BOUND: Duration = Duration::from_secs(60);

fn config(database: &str) -> Config {
    Config::parse(&format!(
        "database = \"{database}\"\naudit_head = \"/dev/null\"\n[[apps]]\nname = \"{APP}\"\norigins = [\"{ORIGIN}\"]\n\
         ingest_key_sha256 = \"{}\"\n[rate_limit]\nper_second = 100000\nburst = 1000000\n",
        KeyHash::of(INGEST_KEY).to_hex()
    ))
    .expect("the bench configuration is valid")
}

/// `requests` batches of [`BATCH`] distinct summaries of today, from 50 people; `salt` keeps
/// the ids of different runs apart.
fn batches(requests: usize, salt: u8) -> Vec<Vec<Summary>> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let routes = ["/tickets", "/tickets/:id", "/reports", "/customers/:id"];
    (0..requests)
        .map(|r| {
            (0..BATCH)
                .map(|n| {
                    let i = r * BATCH + n;
                    let person = (i % 50) as u8;
                    let mut id = [0u8; 16];
                    id[..8].copy_from_slice(&(i as u64).to_be_bytes());
                    id[8] = salt;
                    id[15] = 0x5a;
                    let purpose = Purpose::ALL[i % 4];
                    Summary::new(
                        Envelope {
                            id: SummaryId::from_random(id),
                            subject: SubjectSecret::from_random([person; 32])
                                .subject_for(APP, utc_day(now)),
                            app: AppName::parse(APP).unwrap(),
                            at_ms: now * 1000,
                            window: WindowLength::DEFAULT,
                            route: redact(routes[i % routes.len()]),
                            policy: PolicyHash::of("bench policy"),
                            consent: ConsentSource::Dialog,
                            dropped: 0,
                        },
                        example_metrics(purpose),
                    )
                })
                .collect()
        })
        .collect()
}

fn today() -> u64 {
    utc_day(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
}

/// Summaries/s inserting `batches` directly, in a blocking thread.
fn baseline(store: &dyn Store, batches: &[Vec<Summary>]) -> f64 {
    let started = Instant::now();
    for b in batches {
        store.store_summaries(b, today()).expect("baseline insert");
    }
    (batches.len() * BATCH) as f64 / started.elapsed().as_secs_f64()
}

/// One `POST /v1/summaries` over a fresh loopback connection; its latency, or `None` when the
/// connection failed (an overloaded listener resets connections).
async fn post(addr: std::net::SocketAddr, body: Arc<String>) -> Option<Duration> {
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    let head = format!(
        "POST /v1/summaries HTTP/1.1\r\nHost: {addr}\r\nOrigin: {ORIGIN}\r\nContent-Type: text/plain\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        !answer.windows(9).any(|w| w == b"\"refused\""),
        "a summary was refused"
    );
    Some(started.elapsed())
}

struct ServiceRun {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    sent: usize,
    failed: usize,
}

/// Offers `batches` at `rate` requests a second to a collector over `store` on loopback.
async fn service(
    store: Arc<dyn Store>,
    database: &str,
    batches: &[Vec<Summary>],
    rate: u32,
) -> ServiceRun {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(AppState::new(config(database), store));
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let bodies: Vec<Arc<String>> = batches
        .iter()
        .map(|b| {
            let wire: Vec<String> = b.iter().map(encode).collect();
            Arc::new(encode_batch(INGEST_KEY, wire.iter().map(String::as_str)))
        })
        .collect();
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, body) in bodies.into_iter().enumerate() {
        let due = started + interval * n as u32;
        if due.duration_since(started) > TIME_BOUND {
            break;
        }
        tokio::time::sleep_until(due.into()).await;
        tasks.push(tokio::spawn(post(addr, body)));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        match t.await.expect("request task") {
            Some(latency) => latencies.push(latency),
            None => failed += 1,
        }
    }
    let elapsed = started.elapsed();
    server.abort();
    latencies.sort();
    let at = |q: f64| {
        let rank = (latencies.len() as f64 * q).ceil() as usize;
        latencies
            .get(rank.clamp(1, latencies.len().max(1)) - 1)
            .copied()
            .unwrap_or_default()
    };
    ServiceRun {
        per_second: (latencies.len() * BATCH) as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        sent: latencies.len(),
        failed,
    }
}

fn fresh_pg(url: &str) -> String {
    let name = format!("acc_bench_{}", std::process::id());
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("PostgreSQL reachable");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let (server, _) = url.split('?').next().unwrap().rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rate: u32 = args
        .next()
        .map_or(200, |a| a.parse().expect("rate: requests a second"));
    let requests: usize = args
        .next()
        .map_or(600, |a| a.parse().expect("requests: a count"));
    let dir = std::env::temp_dir().join(format!("acc-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let mut targets: Vec<(&str, String)> = vec![(
        "sqlite",
        dir.join("bench.sqlite").to_str().unwrap().to_owned(),
    )];
    match std::env::var("ACTIVITY_CAPTURE_PG_URL") {
        Ok(url) if !url.is_empty() => targets.push(("postgres", fresh_pg(&url))),
        _ => println!(
            "ACTIVITY_CAPTURE_PG_URL is not set: PostgreSQL not measured (scripts/pg.sh start)"
        ),
    }
    println!(
        "collector load: {requests} requests of {BATCH} summaries, offered {rate} requests/s ({} summaries/s), loopback, one connection per request",
        rate as usize * BATCH
    );
    println!("store     baseline (summaries/s)  service (summaries/s)  p50       p99       service/baseline  failed");
    for (name, database) in targets {
        let open = || -> Arc<dyn Store> {
            if name == "postgres" {
                Arc::new(PostgresStore::open(&database).expect("open PostgreSQL"))
            } else {
                Arc::new(SqliteStore::open(&database).expect("open SQLite"))
            }
        };
        let store = open();
        let base = baseline(store.as_ref(), &batches(requests, 1));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let run = runtime.block_on(service(
            store.clone(),
            &database,
            &batches(requests, 2),
            rate,
        ));
        drop(runtime);
        let stored = store.counts().unwrap().person_rows;
        // Every answered summary is stored once; a failed connection may or may not have been.
        let stored = stored as usize;
        let answered = (requests + run.sent) * BATCH;
        assert!(
            (answered..=answered + run.failed * BATCH).contains(&stored),
            "{stored} stored for {answered} answered"
        );
        println!(
            "{name:<9} {base:>22.0}  {:>21.0}  {:>6.1} ms  {:>6.1} ms  {:>16.2}  {}",
            run.per_second,
            run.p50.as_secs_f64() * 1e3,
            run.p99.as_secs_f64() * 1e3,
            run.per_second / base,
            run.failed
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
