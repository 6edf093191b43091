//! The `activity-capture-collector` binary: parses arguments, loads the configuration, opens
//! the store and serves. Everything else is in the library.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use activity_capture_collector::audit::{self, HeadFile};
use activity_capture_collector::cli::{self, Command, USAGE};
use activity_capture_collector::config::{Config, DatabaseKind};
use activity_capture_collector::demo::{self, DemoOptions};
use activity_capture_collector::keys::KeyHash;
use activity_capture_collector::storage::{PostgresStore, SqliteStore, Store};
use activity_capture_collector::{app, retention, AppState, Clock};
use anyhow::Context;

/// How often the service folds expired per-person rows and deletes expired aggregates.
const FOLD_EVERY: Duration = Duration::from_secs(3600);

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    init_logging();
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Command::HashKey => {
            let mut key = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut key)
                .context("reading the key from standard input")?;
            let key = key.trim_end_matches(['\r', '\n']);
            anyhow::ensure!(!key.is_empty(), "no key on standard input");
            println!("{}", KeyHash::of(key).to_hex());
            Ok(())
        }
        Command::VerifyAudit { config } => {
            let config = load(&config)?;
            let store = open_store(&config)?;
            let head = config.audit_head.as_ref().map(HeadFile::new);
            let verified = audit::verify_store(store.as_ref(), head.as_ref())?;
            println!(
                "audit chain verified: {} rows, head {}; {} head-file lines checked{}",
                verified.rows,
                verified.head,
                verified.head_lines,
                head.map_or_else(
                    || " (no head file configured)".to_owned(),
                    |h| format!(" ({})", h.path().display())
                )
            );
            Ok(())
        }
        Command::Fold { config } => {
            let config = load(&config)?;
            let store = open_store(&config)?;
            let report = retention::fold(store.as_ref(), &config, Clock::system().today())
                .context("folding")?;
            println!(
                "folded {} rows into {} cell metrics; days before {} are folded; {} expired aggregate cell metrics deleted",
                report.rows_folded,
                report.cells_written,
                activity_capture_collector::calendar::date_of(report.folded_before),
                report.aggregate_cells_deleted
            );
            Ok(())
        }
        Command::Serve { config } => {
            let config = load(&config)?;
            // Opened before the runtime starts: the PostgreSQL client blocks while connecting.
            let store = open_store(&config)?;
            runtime()?.block_on(serve(config, store))
        }
        Command::Demo { www, pkg } => runtime()?.block_on(run_demo(www, pkg)),
    }
}

fn load(path: &Path) -> anyhow::Result<Config> {
    Config::load(path).with_context(|| format!("configuration {}", path.display()))
}

/// Opens the store the configuration names: PostgreSQL for a `postgres://` URL, SQLite
/// otherwise.
fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let store: Arc<dyn Store> = match config.database_kind() {
        DatabaseKind::Sqlite => {
            Arc::new(SqliteStore::open(&config.database).context("opening the database")?)
        }
        DatabaseKind::Postgres => {
            Arc::new(PostgresStore::open(&config.database).context("opening the database")?)
        }
    };
    Ok(store)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")
}

async fn serve(config: Config, store: Arc<dyn Store>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    tracing::info!(listen = %config.listen, apps = config.apps.len(), readers = config.readers.len(), "collector listening");
    let state = AppState::new(config, store);
    tokio::spawn(fold_periodically(state.clone()));
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Folds at start and then every [`FOLD_EVERY`]; a failure is logged and retried next time.
async fn fold_periodically(state: AppState) {
    let mut every = tokio::time::interval(FOLD_EVERY);
    loop {
        every.tick().await;
        let state = state.clone();
        let result = tokio::task::spawn_blocking(move || {
            retention::fold(state.store.as_ref(), &state.config, state.clock.today())
        })
        .await;
        match result {
            Ok(Ok(report)) => tracing::info!(
                rows = report.rows_folded,
                cells = report.cells_written,
                expired_cells = report.aggregate_cells_deleted,
                "folded"
            ),
            Ok(Err(e)) => tracing::error!(error = %e, "fold failed"),
            Err(e) => tracing::error!(error = %e, "fold task failed"),
        }
    }
}

async fn run_demo(www: std::path::PathBuf, pkg: std::path::PathBuf) -> anyhow::Result<()> {
    let api = tokio::net::TcpListener::bind(("127.0.0.1", 8787))
        .await
        .context("listening on 127.0.0.1:8787")?;
    let web = tokio::net::TcpListener::bind(("127.0.0.1", 8788))
        .await
        .context("listening on 127.0.0.1:8788")?;
    let reader_key = demo::random_key("rk_demo_").context("making the demo reader key")?;
    if !www.join("index.html").is_file() {
        tracing::warn!(www = %www.display(), "no index.html in the demo directory");
    }
    println!("activity-capture demo");
    println!("  demo tool (open this):  http://{}/", web.local_addr()?);
    println!(
        "  collector:              http://{}/healthz",
        api.local_addr()?
    );
    println!("  ingest key:             {}", demo::INGEST_KEY);
    println!("  reader key (this run):  {reader_key}");
    println!(
        "  try: curl -H 'Authorization: Bearer {reader_key}' 'http://{}/v1/aggregates?app={}&day={}&purpose=interaction'",
        api.local_addr()?,
        demo::APP,
        activity_capture_collector::calendar::date_of(
            retention::newest_published_day(
                Clock::system().now(),
                activity_capture_collector::config::DEFAULT_PUBLISH_GRACE_HOURS
            )
            .unwrap_or(0)
        )
    );
    let options = DemoOptions {
        www,
        pkg,
        data_dir: ".demo".into(),
        reader_key,
    };
    demo::serve(api, web, options, Clock::system(), shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
