//! The demo: the collector and the demo tool's static files on two local origins, with a demo
//! configuration made in process and synthetic people so that aggregates show at once (for
//! the closed days before today: today's cells are published only after the day ends).
//!
//! Nothing here is a default of the real service: the demo's keys exist only in demo mode, the
//! reader key is random per run, and it listens on loopback only.

use std::future::{Future, IntoFuture};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use activity_capture_core::digest::{hex, sha256};
use activity_capture_core::id::{PolicyHash, SubjectSecret, SummaryId};
use activity_capture_core::purpose::Purpose;
use activity_capture_core::redact::redact;
use activity_capture_core::summary::{
    AppName, ConsentSource, DepthBucket, DistanceBucket, Envelope, Metrics, Pointer, Quantised,
    SecondsBucket, Summary, Target,
};
use activity_capture_core::window::{utc_day, WindowLength, DAY_SECONDS};
use activity_capture_core::wire::example::example_metrics;
use axum::http::HeaderValue;
use tokio::net::TcpListener;
use toml::{Table, Value};

use crate::config::{Config, ConfigError};
use crate::keys::KeyHash;
use crate::static_files::{self, StaticDirs};
use crate::storage::{SqliteStore, Store, StoreError, StoreOutcome};
use crate::{retention, AppState, Clock};

/// The demo app's name.
pub const APP: &str = "ticket-desk";
/// The demo app's ingest key (public: it is in the demo page too).
pub const INGEST_KEY: &str = "ik_demo_ticket_desk";
/// The demo reader's name.
pub const READER: &str = "demo-reader";
/// How many synthetic people are seeded.
pub const SYNTHETIC_PEOPLE: u8 = 12;
/// The routes seeded, and how many of the synthetic people visit each (the last one stays
/// under k, to show suppression).
pub const SEEDED_ROUTES: [(&str, u8); 3] = [("/tickets", 12), ("/tickets/:id", 8), ("/reports", 3)];

/// What the demo serves and where it keeps its data.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The demo tool's files, served at `/` of the second origin.
    pub www: PathBuf,
    /// The built SDK package, served at `/pkg/` of the second origin.
    pub pkg: PathBuf,
    /// Where the SQLite file goes (created if missing).
    pub data_dir: PathBuf,
    /// The reader key for this run.
    pub reader_key: String,
}

/// Why the demo could not start.
#[derive(Debug)]
pub enum DemoError {
    /// A file or socket operation failed.
    Io(std::io::Error),
    /// The generated configuration was refused (a bug).
    Config(ConfigError),
    /// The store failed.
    Store(StoreError),
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::Io(e) => write!(f, "{e}"),
            DemoError::Config(e) => write!(f, "demo configuration: {e}"),
            DemoError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<std::io::Error> for DemoError {
    fn from(e: std::io::Error) -> DemoError {
        DemoError::Io(e)
    }
}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> DemoError {
        DemoError::Store(e)
    }
}

/// A random key with `prefix`, from the operating system's random source.
pub fn random_key(prefix: &str) -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(format!("{prefix}{}", hex(&bytes)))
}

/// The demo configuration: one app served from `web_origin` (and its `localhost` twin), one
/// reader for every purpose.
/// Built as TOML and parsed, so it passes the same validation as a file.
pub fn config(
    web_origin: &str,
    reader_key: &str,
    database: &str,
    sdk_dir: Option<&str>,
) -> Result<Config, ConfigError> {
    let mut app = Table::new();
    app.insert("name".into(), APP.into());
    let mut origins = vec![Value::from(web_origin)];
    if let Some(port) = web_origin.strip_prefix("http://127.0.0.1:") {
        // The same page opened as localhost is another origin to the browser.
        origins.push(format!("http://localhost:{port}").into());
    }
    app.insert("origins".into(), Value::Array(origins));
    app.insert(
        "ingest_key_sha256".into(),
        KeyHash::of(INGEST_KEY).to_hex().into(),
    );
    let mut reader = Table::new();
    reader.insert("name".into(), READER.into());
    reader.insert("key_sha256".into(), KeyHash::of(reader_key).to_hex().into());
    reader.insert("app".into(), APP.into());
    reader.insert(
        "purposes".into(),
        Value::Array(Purpose::ALL.iter().map(|p| p.as_str().into()).collect()),
    );
    let mut top = Table::new();
    top.insert("database".into(), database.into());
    if let Some(dir) = sdk_dir {
        top.insert("sdk_dir".into(), dir.into());
    }
    top.insert("apps".into(), Value::Array(vec![Value::Table(app)]));
    top.insert("readers".into(), Value::Array(vec![Value::Table(reader)]));
    Config::parse(&top.to_string())
}

/// How many closed days before today are seeded too, so that the aggregate view (which shows
/// only closed days) has something to show whatever the hour.
pub const SEEDED_PAST_DAYS: u64 = 2;

/// Seeds the synthetic people's summaries of today and of the [`SEEDED_PAST_DAYS`] days before
/// (idempotent: ids are derived, so a restart stores nothing twice; days already published or
/// folded are left as they are). Returns how many were newly stored.
pub fn seed(store: &dyn Store, now: u64) -> Result<u64, StoreError> {
    let today = utc_day(now);
    let mut summaries = Vec::new();
    for day in today.saturating_sub(SEEDED_PAST_DAYS)..=today {
        let day_start = day * DAY_SECONDS;
        // Today up to now; a past day at the same hours.
        let until = if day == today {
            now
        } else {
            day_start + now % DAY_SECONDS
        };
        for n in 0..SYNTHETIC_PEOPLE {
            let secret = SubjectSecret::from_random(sha256(
                format!("activity-capture demo person {n}").as_bytes(),
            ));
            let subject = secret.subject_for(APP, day);
            for (route, visitors) in SEEDED_ROUTES {
                if n >= visitors {
                    continue;
                }
                for purpose in Purpose::ALL {
                    let digest = sha256(
                        format!(
                            "activity-capture demo summary {n} {day} {route} {}",
                            purpose.as_str()
                        )
                        .as_bytes(),
                    );
                    let mut id = [0u8; 16];
                    id.copy_from_slice(&digest[..16]);
                    let at = until
                        .saturating_sub((u64::from(n) + 1) * 900)
                        .max(day_start);
                    let envelope = Envelope {
                        id: SummaryId::from_random(id),
                        subject,
                        app: AppName::parse(APP).expect("the demo app name is a slug"),
                        at_ms: at * 1000,
                        window: WindowLength::DEFAULT,
                        route: redact(route),
                        policy: PolicyHash::of("activity-capture demo policy"),
                        consent: ConsentSource::Dialog,
                        dropped: 0,
                    };
                    summaries.push(Summary::new(envelope, varied_metrics(purpose, n)));
                }
            }
        }
    }
    let outcomes = store.store_summaries(&summaries, today)?;
    Ok(outcomes
        .iter()
        .filter(|o| **o == StoreOutcome::Stored)
        .count() as u64)
}

/// The example measurements of `purpose`, varied per synthetic person.
fn varied_metrics(purpose: Purpose, person: u8) -> Metrics {
    let n = u32::from(person);
    let n64 = u64::from(person);
    match example_metrics(purpose) {
        Metrics::Interaction(mut i) => {
            i.clicks = 5 + 3 * n;
            i.submits = n % 4;
            i.focus_changes = 8 + n;
            i.copies = n % 2;
            i.pastes = n % 3;
            i.active = SecondsBucket::of(180 * (n64 + 1));
            i.scroll_depth = DepthBucket::of(n64 * 9 % 101);
            i.targets = vec![Target {
                label: redact("Assign ticket"),
                clicks: 1 + n % 5,
            }];
            if person % 2 == 0 {
                i.targets.push(Target {
                    label: redact("Close ticket"),
                    clicks: 2,
                });
            }
            Metrics::Interaction(i)
        }
        Metrics::Typing(mut t) => {
            t.keys.character = Quantised::of(150 + 25 * n);
            t.keys.edit = Quantised::of(10 + 3 * n);
            t.keys.navigation = Quantised::of(5 + 2 * n);
            t.inputs.insert = Quantised::of(140 + 25 * n);
            t.inputs.delete = Quantised::of(10 + 3 * n);
            t.inputs.paste = Quantised::of(n % 3);
            Metrics::Typing(t)
        }
        Metrics::Pointer(_) => Metrics::Pointer(Pointer {
            distance: DistanceBucket::of(2_000 * (n64 + 1) * (n64 + 1)),
        }),
        Metrics::Navigation(mut v) => {
            v.page_views = 1 + n % 3;
            v.route_changes = 2 * n;
            v.hides = n % 4;
            v.visible = SecondsBucket::of(300 + 120 * n64);
            Metrics::Navigation(v)
        }
    }
}

/// Runs the demo on two listeners until `shutdown` completes: the collector on `api` (its
/// configured origin is `web`'s address) and the static files on `web`.
pub async fn serve(
    api: TcpListener,
    web: TcpListener,
    options: DemoOptions,
    clock: Clock,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DemoError> {
    std::fs::create_dir_all(&options.data_dir)?;
    let origin = format!("http://{}", web.local_addr()?);
    let collector_addr = api.local_addr()?;
    let database = options.data_dir.join("collector.sqlite");
    let database = database
        .to_str()
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the data directory is not UTF-8",
            )
        })?
        .to_owned();
    // The collector also serves the SDK's files at /sdk/, so the demo's pages can load the
    // WebAssembly from the one origin their CSP lets them reach.
    let sdk_dir = options.pkg.to_str().map(str::to_owned);
    let config = config(&origin, &options.reader_key, &database, sdk_dir.as_deref())
        .map_err(DemoError::Config)?;
    let store = Arc::new(SqliteStore::open(&database)?);
    retention::fold(store.as_ref(), &config, clock.today())?;
    let seeded = seed(store.as_ref(), clock.now())?;
    tracing::info!(seeded, "demo data seeded");

    let api_app = crate::app(AppState::new(config, store).with_clock(clock));
    // The strict policy internal tools use: no inline script or style, no eval, no blob:, wasm
    // compiled from a fetched file ('wasm-unsafe-eval'), requests only to the collector (the
    // pages load the SDK's .wasm from it, with the `wasmUrl` option).
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src http://{}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        collector_addr
    );
    let web_app = static_files::router(StaticDirs {
        www: options.www,
        pkg: options.pkg,
        csp: HeaderValue::from_str(&csp).ok(),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let wait = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stopped| *stopped).await;
    };
    let api_server = axum::serve(api, api_app).with_graceful_shutdown(wait(stopped.clone()));
    let web_server = axum::serve(web, web_app).with_graceful_shutdown(wait(stopped));
    tokio::try_join!(api_server.into_future(), web_server.into_future())?;
    Ok(())
}
