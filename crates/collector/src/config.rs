//! The collector's configuration file (TOML): its shape, its defaults and its validation.
//!
//! ```toml
//! listen = "127.0.0.1:8787"          # optional; this is the default
//! database = "collector.sqlite"      # required; ":memory:" is allowed (tests)
//! retention_days = 7                 # optional (default 7); per-person rows; 1..=31
//! k = 5                              # optional (default 5); minimum distinct people per published cell; at least 5
//! publish_grace_hours = 6            # optional (default 6); a UTC day is published this long after it ends; 0..=48
//!
//! [[apps]]                           # at least one
//! name = "ticket-desk"               # an app slug (a-z, 0-9, -)
//! origins = ["http://127.0.0.1:8788"]
//! ingest_key_sha256 = "<64 hex>"     # SHA-256 of the ingest key; keys are stored hashed only
//! aggregate_retention_days = 400     # optional (default 400); days its aggregate cells are kept; retention_days..=3660
//!
//! [[readers]]                        # optional
//! name = "ops-analytics"
//! key_sha256 = "<64 hex>"            # SHA-256 of the reader key
//! app = "ticket-desk"                # one configured app
//! purposes = ["interaction", "navigation"]
//!
//! [[auditors]]                       # optional; auditors read the audit log only
//! name = "privacy-office"
//! key_sha256 = "<64 hex>"
//!
//! [rate_limit]                       # optional; per ingest key, in memory per instance
//! per_second = 20                    # default 20 requests a second (1..=100000)
//! burst = 100                        # default 100 requests at once (1..=1000000)
//! ```
//!
//! `database` is a file path (SQLite) or a `postgres://` / `postgresql://` URL (PostgreSQL).
//! `sdk_dir` (optional) is the built SDK package (`pkg/`); its files are then served at
//! `/sdk/<file>` to the configured app origins, so a page whose CSP allows requests only to the
//! collector (`connect-src <collector>`) can load the SDK's WebAssembly from there (`wasmUrl`).
//! `audit_head` (optional) names the file the audit chain's head is appended to; by default it
//! is `<database>.audit-head` for a SQLite file, and none for `:memory:` or PostgreSQL (where
//! every instance should name its own file; the head is also logged).
//!
//! The file is read as a TOML table and walked by hand rather than through serde, so that every
//! error names the key path (`apps[0].origins`) and says what was expected, without echoing the
//! offending value. Unknown keys are refused. There is no default secret of any kind.

use std::collections::BTreeSet;
use std::fmt;
use std::net::SocketAddr;
use std::path::Path;

use activity_capture_core::purpose::Purpose;
use activity_capture_core::summary::AppName;
use toml::{Table, Value};

use crate::keys::KeyHash;

/// The smallest `k` the collector accepts: no published cell describes fewer than five people.
pub const MIN_K: u32 = 5;
/// The largest `k` the collector accepts.
pub const MAX_K: u32 = 10_000;
/// The longest retention of per-person rows, in days.
pub const MAX_RETENTION_DAYS: u32 = 31;
/// The default retention of an app's aggregate cells, in days.
pub const DEFAULT_AGGREGATE_RETENTION_DAYS: u32 = 400;
/// The longest retention of aggregate cells, in days (about ten years).
pub const MAX_AGGREGATE_RETENTION_DAYS: u32 = 3660;
/// The default grace after a UTC day ends before it is published, in hours.
pub const DEFAULT_PUBLISH_GRACE_HOURS: u32 = 6;
/// The longest grace, in hours.
pub const MAX_PUBLISH_GRACE_HOURS: u32 = 48;

/// A validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address the HTTP service listens on.
    pub listen: SocketAddr,
    /// SQLite database path, `:memory:`, or a PostgreSQL URL.
    pub database: String,
    /// Days per-person rows are kept before they are folded into aggregates.
    pub retention_days: u32,
    /// Minimum distinct people per published aggregate cell.
    pub k: u32,
    /// Hours after a UTC day ends (time for late summaries to arrive) before its aggregates
    /// can be read; its answer is frozen at the first read (see `retention`).
    pub publish_grace_hours: u32,
    /// The applications allowed to send summaries.
    pub apps: Vec<AppConfig>,
    /// The readers allowed to read aggregates.
    pub readers: Vec<ReaderConfig>,
    /// The auditors allowed to read the audit log.
    pub auditors: Vec<AuditorConfig>,
    /// Per-ingest-key rate limit.
    pub rate_limit: RateLimitConfig,
    /// The file the audit chain's head is appended to, if any.
    pub audit_head: Option<String>,
    /// The built SDK package served at `/sdk/`, if any.
    pub sdk_dir: Option<String>,
}

/// Which kind of database `database` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseKind {
    /// A SQLite file, or `:memory:`.
    Sqlite,
    /// A PostgreSQL URL.
    Postgres,
}

/// One auditor: may read the audit log, and nothing else.
#[derive(Clone, Debug)]
pub struct AuditorConfig {
    /// The auditor's name (used in the audit log).
    pub name: String,
    /// SHA-256 of its key.
    pub key: KeyHash,
}

/// The token bucket each ingest key gets: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Requests a second, sustained.
    pub per_second: u32,
    /// Requests at once.
    pub burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            per_second: 20,
            burst: 100,
        }
    }
}

/// One application allowed to send summaries.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// The app's name, as summaries carry it.
    pub name: AppName,
    /// Browser origins (`scheme://host[:port]`) its pages are served from.
    pub origins: Vec<String>,
    /// SHA-256 of its ingest key.
    pub ingest_key: KeyHash,
    /// Days its aggregate cells are kept; older ones are deleted by the fold (audited).
    pub aggregate_retention_days: u32,
}

/// One reader allowed to read aggregates of one app, for some purposes.
#[derive(Clone, Debug)]
pub struct ReaderConfig {
    /// The reader's name (used in the audit log).
    pub name: String,
    /// SHA-256 of its key.
    pub key: KeyHash,
    /// The app it may read.
    pub app: AppName,
    /// The purposes it may read.
    pub purposes: Vec<Purpose>,
}

/// Why a configuration was refused.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Read {
        /// The path that was tried.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    Syntax(String),
    /// A key is missing, unknown or has a bad value.
    Invalid {
        /// The key's path, e.g. `apps[0].origins`.
        key: String,
        /// What was expected.
        problem: String,
    },
}

impl ConfigError {
    fn invalid(key: impl Into<String>, problem: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            key: key.into(),
            problem: problem.into(),
        }
    }

    /// The offending key's path, when the error is about one key.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::Invalid { key, .. } => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => write!(f, "cannot read {path}: {source}"),
            ConfigError::Syntax(message) => write!(f, "not valid TOML: {message}"),
            ConfigError::Invalid { key, problem } => write!(f, "{key}: {problem}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(&text)
    }

    /// Parses and validates configuration text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let table: Table = text.parse().map_err(|e: toml::de::Error| {
            ConfigError::Syntax(e.message().to_owned() + &line_of(text, e.span()))
        })?;
        let top = Section {
            table: &table,
            path: String::new(),
        };
        top.only_keys(&[
            "listen",
            "database",
            "retention_days",
            "k",
            "publish_grace_hours",
            "apps",
            "readers",
            "auditors",
            "rate_limit",
            "audit_head",
            "sdk_dir",
        ])?;

        let listen = match top.opt_str("listen", "an address like \"127.0.0.1:8787\"")? {
            Some(s) => s.parse().map_err(|_| {
                ConfigError::invalid("listen", "expected an address like \"127.0.0.1:8787\"")
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8787)),
        };
        let database = top
            .opt_str("database", "a file path, or \":memory:\"")?
            .ok_or_else(|| {
                ConfigError::invalid("database", "missing (a file path, or \":memory:\")")
            })?;
        if database.is_empty() {
            return Err(ConfigError::invalid(
                "database",
                "expected a file path, or \":memory:\"",
            ));
        }
        let retention_days = top
            .opt_int(
                "retention_days",
                1,
                i64::from(MAX_RETENTION_DAYS),
                "a number of days from 1 to 31",
            )?
            .unwrap_or(7) as u32;
        let k = top
            .opt_int(
                "k",
                i64::from(MIN_K),
                i64::from(MAX_K),
                "an integer of at least 5 (smaller cells identify people)",
            )?
            .unwrap_or(i64::from(MIN_K)) as u32;
        let publish_grace_hours = top
            .opt_int(
                "publish_grace_hours",
                0,
                i64::from(MAX_PUBLISH_GRACE_HOURS),
                "a number of hours from 0 to 48",
            )?
            .map_or(DEFAULT_PUBLISH_GRACE_HOURS, |n| n as u32);

        let apps = parse_apps(&top, retention_days)?;
        let readers = parse_readers(&top, &apps)?;
        let auditors = parse_auditors(&top, &apps, &readers)?;
        let rate_limit = parse_rate_limit(&top)?;
        let audit_head = match top.opt_str("audit_head", "a file path")? {
            Some("") => return Err(ConfigError::invalid("audit_head", "expected a file path")),
            Some(path) => Some(path.to_owned()),
            None if database != MEMORY_DATABASE && !is_postgres_url(database) => {
                Some(format!("{database}.audit-head"))
            }
            None => None,
        };
        let sdk_dir = match top.opt_str("sdk_dir", "a directory path")? {
            Some("") => return Err(ConfigError::invalid("sdk_dir", "expected a directory path")),
            other => other.map(str::to_owned),
        };
        Ok(Config {
            listen,
            database: database.to_owned(),
            retention_days,
            k,
            publish_grace_hours,
            apps,
            readers,
            auditors,
            rate_limit,
            audit_head,
            sdk_dir,
        })
    }

    /// Which kind of database `database` names.
    pub fn database_kind(&self) -> DatabaseKind {
        if is_postgres_url(&self.database) {
            DatabaseKind::Postgres
        } else {
            DatabaseKind::Sqlite
        }
    }

    /// The app with this name.
    pub fn app(&self, name: &str) -> Option<&AppConfig> {
        self.apps.iter().find(|a| a.name.as_str() == name)
    }

    /// Whether any configured app lists this browser origin.
    pub fn knows_origin(&self, origin: &str) -> bool {
        self.apps.iter().any(|a| a.allows_origin(origin))
    }
}

impl AppConfig {
    /// Whether this app's pages are served from `origin`.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }
}

impl ReaderConfig {
    /// Whether this reader may read `purpose` of `app`.
    pub fn may_read(&self, app: &str, purpose: Purpose) -> bool {
        self.app.as_str() == app && self.purposes.contains(&purpose)
    }
}

/// The `database` value that opens a private in-memory SQLite database.
const MEMORY_DATABASE: &str = ":memory:";

fn is_postgres_url(database: &str) -> bool {
    database.starts_with("postgres://") || database.starts_with("postgresql://")
}

fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!(" (line {line})")
        }
        None => String::new(),
    }
}

/// A table being walked, with its path for error messages.
struct Section<'a> {
    table: &'a Table,
    path: String,
}

impl<'a> Section<'a> {
    fn key(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_owned()
        } else {
            format!("{}.{k}", self.path)
        }
    }

    fn only_keys(&self, allowed: &[&str]) -> Result<(), ConfigError> {
        if let Some(k) = self.table.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(ConfigError::invalid(
                self.key(k),
                format!("unknown key (expected one of: {})", allowed.join(", ")),
            ));
        }
        Ok(())
    }

    fn opt_str(&self, k: &str, expected: &str) -> Result<Option<&'a str>, ConfigError> {
        match self.table.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ConfigError::invalid(
                self.key(k),
                format!("expected {expected}"),
            )),
        }
    }

    fn str(&self, k: &str, expected: &str) -> Result<&'a str, ConfigError> {
        self.opt_str(k, expected)?
            .ok_or_else(|| ConfigError::invalid(self.key(k), format!("missing ({expected})")))
    }

    fn opt_int(
        &self,
        k: &str,
        min: i64,
        max: i64,
        expected: &str,
    ) -> Result<Option<i64>, ConfigError> {
        match self.table.get(k) {
            None => Ok(None),
            Some(Value::Integer(n)) if (min..=max).contains(n) => Ok(Some(*n)),
            Some(_) => Err(ConfigError::invalid(
                self.key(k),
                format!("expected {expected}"),
            )),
        }
    }

    fn str_list(&self, k: &str, expected: &str) -> Result<Vec<&'a str>, ConfigError> {
        let bad = || ConfigError::invalid(self.key(k), format!("expected {expected}"));
        match self.table.get(k) {
            None => Err(ConfigError::invalid(
                self.key(k),
                format!("missing ({expected})"),
            )),
            Some(Value::Array(items)) if !items.is_empty() => {
                items.iter().map(|v| v.as_str().ok_or_else(bad)).collect()
            }
            Some(_) => Err(bad()),
        }
    }

    fn tables(&self, k: &str, expected: &str) -> Result<Vec<Section<'a>>, ConfigError> {
        let bad = || ConfigError::invalid(self.key(k), format!("expected {expected}"));
        match self.table.get(k) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(n, v)| {
                    v.as_table()
                        .map(|table| Section {
                            table,
                            path: format!("{}[{n}]", self.key(k)),
                        })
                        .ok_or_else(bad)
                })
                .collect(),
            Some(_) => Err(bad()),
        }
    }
}

const ORIGINS: &str = "a list of origins like \"https://tool.internal\"";
const HASH: &str =
    "64 hex digits: the SHA-256 of the key (see `activity-capture-collector hash-key`)";

fn parse_apps(top: &Section<'_>, retention_days: u32) -> Result<Vec<AppConfig>, ConfigError> {
    let sections = top.tables("apps", "[[apps]] tables")?;
    if sections.is_empty() {
        return Err(ConfigError::invalid(
            "apps",
            "missing (at least one [[apps]] table)",
        ));
    }
    let mut apps: Vec<AppConfig> = Vec::new();
    for s in sections {
        s.only_keys(&[
            "name",
            "origins",
            "ingest_key_sha256",
            "aggregate_retention_days",
        ])?;
        let name = s.str("name", "an app slug (a-z, 0-9, -)")?;
        let name = AppName::parse(name).ok_or_else(|| {
            ConfigError::invalid(
                s.key("name"),
                "expected an app slug (a-z, 0-9, -; at most 63)",
            )
        })?;
        if apps.iter().any(|a| a.name == name) {
            return Err(ConfigError::invalid(s.key("name"), "duplicate app name"));
        }
        let mut origins = Vec::new();
        for (n, o) in s.str_list("origins", ORIGINS)?.into_iter().enumerate() {
            if !origin_shape_ok(o) {
                return Err(ConfigError::invalid(
                    format!("{}[{n}]", s.key("origins")),
                    format!(
                        "expected {ORIGINS} (scheme, host, optional port; lower case; no path)"
                    ),
                ));
            }
            origins.push(o.to_owned());
        }
        let ingest_key = KeyHash::parse(s.str("ingest_key_sha256", HASH)?).ok_or_else(|| {
            ConfigError::invalid(s.key("ingest_key_sha256"), format!("expected {HASH}"))
        })?;
        if apps.iter().any(|a| a.ingest_key == ingest_key) {
            return Err(ConfigError::invalid(
                s.key("ingest_key_sha256"),
                "the same key is used by another app",
            ));
        }
        let aggregate_retention_days = s
            .opt_int(
                "aggregate_retention_days",
                i64::from(retention_days),
                i64::from(MAX_AGGREGATE_RETENTION_DAYS),
                &format!(
                    "a number of days from retention_days ({retention_days}) to {MAX_AGGREGATE_RETENTION_DAYS}"
                ),
            )?
            .map_or(DEFAULT_AGGREGATE_RETENTION_DAYS, |n| n as u32);
        apps.push(AppConfig {
            name,
            origins,
            ingest_key,
            aggregate_retention_days,
        });
    }
    Ok(apps)
}

fn parse_readers(top: &Section<'_>, apps: &[AppConfig]) -> Result<Vec<ReaderConfig>, ConfigError> {
    let mut readers: Vec<ReaderConfig> = Vec::new();
    for s in top.tables("readers", "[[readers]] tables")? {
        s.only_keys(&["name", "key_sha256", "app", "purposes"])?;
        let name = s.str("name", "a reader name (a-z, 0-9, -)")?;
        if AppName::parse(name).is_none() {
            return Err(ConfigError::invalid(
                s.key("name"),
                "expected a reader name (a-z, 0-9, -; at most 63)",
            ));
        }
        if readers.iter().any(|r| r.name == name) {
            return Err(ConfigError::invalid(s.key("name"), "duplicate reader name"));
        }
        let key = KeyHash::parse(s.str("key_sha256", HASH)?)
            .ok_or_else(|| ConfigError::invalid(s.key("key_sha256"), format!("expected {HASH}")))?;
        if apps.iter().any(|a| a.ingest_key == key) {
            return Err(ConfigError::invalid(
                s.key("key_sha256"),
                "an ingest key cannot be a reader key",
            ));
        }
        if readers.iter().any(|r| r.key == key) {
            return Err(ConfigError::invalid(
                s.key("key_sha256"),
                "the same key is used by another reader",
            ));
        }
        let app_name = s.str("app", "the name of a configured app")?;
        let app = apps
            .iter()
            .find(|a| a.name.as_str() == app_name)
            .map(|a| a.name.clone())
            .ok_or_else(|| {
                ConfigError::invalid(s.key("app"), "expected the name of a configured app")
            })?;
        let expected = "a list of purposes: interaction, typing, pointer, navigation";
        let mut purposes = Vec::new();
        let mut seen = BTreeSet::new();
        for (n, p) in s.str_list("purposes", expected)?.into_iter().enumerate() {
            let purpose = Purpose::parse(p)
                .filter(|p| seen.insert(*p))
                .ok_or_else(|| {
                    ConfigError::invalid(
                        format!("{}[{n}]", s.key("purposes")),
                        format!("expected {expected}, each once"),
                    )
                })?;
            purposes.push(purpose);
        }
        readers.push(ReaderConfig {
            name: name.to_owned(),
            key,
            app,
            purposes,
        });
    }
    Ok(readers)
}

fn parse_auditors(
    top: &Section<'_>,
    apps: &[AppConfig],
    readers: &[ReaderConfig],
) -> Result<Vec<AuditorConfig>, ConfigError> {
    let mut auditors: Vec<AuditorConfig> = Vec::new();
    for s in top.tables("auditors", "[[auditors]] tables")? {
        s.only_keys(&["name", "key_sha256"])?;
        let name = s.str("name", "an auditor name (a-z, 0-9, -)")?;
        if AppName::parse(name).is_none() {
            return Err(ConfigError::invalid(
                s.key("name"),
                "expected an auditor name (a-z, 0-9, -; at most 63)",
            ));
        }
        if auditors.iter().any(|a| a.name == name) {
            return Err(ConfigError::invalid(
                s.key("name"),
                "duplicate auditor name",
            ));
        }
        let key = KeyHash::parse(s.str("key_sha256", HASH)?)
            .ok_or_else(|| ConfigError::invalid(s.key("key_sha256"), format!("expected {HASH}")))?;
        if apps.iter().any(|a| a.ingest_key == key) || readers.iter().any(|r| r.key == key) {
            return Err(ConfigError::invalid(
                s.key("key_sha256"),
                "an auditor key cannot be an ingest or reader key",
            ));
        }
        if auditors.iter().any(|a| a.key == key) {
            return Err(ConfigError::invalid(
                s.key("key_sha256"),
                "the same key is used by another auditor",
            ));
        }
        auditors.push(AuditorConfig {
            name: name.to_owned(),
            key,
        });
    }
    Ok(auditors)
}

fn parse_rate_limit(top: &Section<'_>) -> Result<RateLimitConfig, ConfigError> {
    let default = RateLimitConfig::default();
    let Some(value) = top.table.get("rate_limit") else {
        return Ok(default);
    };
    let table = value
        .as_table()
        .ok_or_else(|| ConfigError::invalid("rate_limit", "expected a [rate_limit] table"))?;
    let s = Section {
        table,
        path: "rate_limit".into(),
    };
    s.only_keys(&["per_second", "burst"])?;
    let per_second = s
        .opt_int("per_second", 1, 100_000, "requests a second, 1 to 100000")?
        .map_or(default.per_second, |n| n as u32);
    let burst = s
        .opt_int("burst", 1, 1_000_000, "requests at once, 1 to 1000000")?
        .map_or(default.burst, |n| n as u32);
    Ok(RateLimitConfig { per_second, burst })
}

/// Whether `o` is a browser origin as the `Origin` header carries it: `http` or `https`, a
/// lower-case host, an optional port, nothing else.
fn origin_shape_ok(o: &str) -> bool {
    let Some(rest) = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
        // An IPv6 literal: `[::1]` or `[::1]:8788`.
        let Some((h, tail)) = bracketed.split_once(']') else {
            return false;
        };
        let port = match tail {
            "" => None,
            t => match t.strip_prefix(':') {
                Some(p) => Some(p),
                None => return false,
            },
        };
        if h.is_empty()
            || !h
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b':' || b == b'.')
        {
            return false;
        }
        (h, port)
    } else {
        let (h, p) = match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        };
        if h.is_empty()
            || !h
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        {
            return false;
        }
        (h, p)
    };
    let host_ok = !host.is_empty();
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::origin_shape_ok;

    #[test]
    fn origins_have_scheme_host_and_optional_port_only() {
        for (o, ok) in [
            ("https://tool.internal", true),
            ("http://127.0.0.1:8788", true),
            ("http://[::1]:8788", true),
            ("http://[::1]", true),
            ("http://[::1", false),
            ("https://tool.internal/", false),
            ("https://tool.internal/x", false),
            ("tool.internal", false),
            ("ftp://tool.internal", false),
            ("https://Tool.internal", false),
            ("https://", false),
            ("https://tool.internal:", false),
            ("*", false),
        ] {
            assert_eq!(origin_shape_ok(o), ok, "{o}");
        }
    }
}
