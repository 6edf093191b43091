//! The collection backend of activity-capture: it receives consented summaries, re-checks them,
//! keeps per-person rows only briefly, and shows readers nothing but k-suppressed aggregates.
//!
//! The library holds everything; `main.rs` only parses arguments and wires things up. Tests
//! drive [`app`] without a socket.
//!
//! Routes (see [`routes`]):
//! - `GET /healthz`, `GET /metrics` (Prometheus text; no identifiers)
//! - `POST /v1/summaries`: ingest (ingest key in the body, `Origin` checked)
//! - `POST /v1/me`, `POST /v1/me/forget`: a person's own rows, by presenting the device secret
//! - `GET /v1/aggregates?app=..&day=YYYY-MM-DD&purpose=..`: k-suppressed cells of a closed
//!   day (frozen at its first read), for readers
//! - `GET /v1/audit?after=N`: the hash-chained audit log, for auditors
#![deny(missing_docs)]

pub mod access;
pub mod audit;
pub mod calendar;
pub mod cli;
pub mod clip;
pub mod config;
pub mod cors;
pub mod demo;
pub mod error;
pub mod ingest;
pub mod keys;
pub mod metrics;
pub mod rate_limit;
pub mod request_log;
pub mod retention;
pub mod routes;
pub mod static_files;
pub mod storage;
pub mod telemetry;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;

use crate::audit::HeadFile;
use crate::config::Config;
use crate::rate_limit::RateLimiter;
use crate::storage::Store;
use crate::telemetry::Counters;

/// Where "now" comes from: the system clock in service, a fixed instant in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> u64 + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(Arc::new(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        }))
    }

    /// A clock stopped at `unix_seconds`.
    pub fn fixed(unix_seconds: u64) -> Clock {
        Clock(Arc::new(move || unix_seconds))
    }

    /// Now, in Unix seconds.
    pub fn now(&self) -> u64 {
        (self.0)()
    }

    /// Now, in Unix milliseconds (whole seconds from the clock; enough for rate limits).
    pub fn now_ms(&self) -> u64 {
        self.now().saturating_mul(1000)
    }

    /// Today's UTC day number.
    pub fn today(&self) -> u64 {
        activity_capture_core::window::utc_day(self.now())
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock(now = {})", self.now())
    }
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The validated configuration.
    pub config: Arc<Config>,
    /// The store.
    pub store: Arc<dyn Store>,
    /// The clock.
    pub clock: Clock,
    /// Where the audit chain's head is written outside the database, if anywhere.
    pub audit_head: Option<Arc<HeadFile>>,
    /// Per-ingest-key token buckets.
    pub rate_limits: Arc<RateLimiter>,
    /// Counters for `/metrics`.
    pub counters: Arc<Counters>,
}

impl AppState {
    /// State over `config` and `store`, with the system clock.
    pub fn new(config: Config, store: Arc<dyn Store>) -> AppState {
        AppState {
            audit_head: config
                .audit_head
                .as_ref()
                .map(|p| Arc::new(HeadFile::new(p))),
            rate_limits: Arc::new(RateLimiter::new(config.rate_limit)),
            counters: Arc::new(Counters::default()),
            config: Arc::new(config),
            store,
            clock: Clock::system(),
        }
    }

    /// The same state with another clock.
    pub fn with_clock(self, clock: Clock) -> AppState {
        AppState { clock, ..self }
    }
}

/// The collector's HTTP service.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}
