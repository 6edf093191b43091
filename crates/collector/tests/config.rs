//! Configuration errors name the offending key; the example file is valid.

mod common;

use activity_capture_collector::config::{Config, ConfigError};

/// Applies `edit` (old → new) to the valid test configuration and checks the error's key and
/// that its message contains `says`.
fn check(edit: (&str, &str), key: &str, says: &str) {
    let base = common::config_text(":memory:");
    assert!(
        base.contains(edit.0),
        "the edit {:?} does not apply",
        edit.0
    );
    let text = base.replacen(edit.0, edit.1, 1);
    match Config::parse(&text) {
        Err(e @ ConfigError::Invalid { .. }) => {
            assert_eq!(e.key(), Some(key), "{e}");
            let message = e.to_string();
            assert!(message.starts_with(&format!("{key}: ")), "{message}");
            assert!(
                message.contains(says),
                "{message:?} should contain {says:?}"
            );
        }
        other => panic!("expected an error about {key}, got {other:?}"),
    }
}

#[test]
fn errors_name_the_key() {
    let origin = "origins = [\"http://127.0.0.1:8788\"]";
    check(
        ("k = 5", "k = 5\ncolour = \"blue\""),
        "colour",
        "unknown key",
    );
    check(
        (origin, "origins = \"http://127.0.0.1:8788\""),
        "apps[0].origins",
        "expected a list of origins like \"https://tool.internal\"",
    );
    check(
        (origin, "origins = []"),
        "apps[0].origins",
        "expected a list of origins",
    );
    check(
        (
            origin,
            "origins = [\"http://127.0.0.1:8788\", \"https://tool.internal/path\"]",
        ),
        "apps[0].origins[1]",
        "no path",
    );
    check(("k = 5", "k = 4"), "k", "at least 5");
    check(
        ("k = 5", "k = 5\npublish_grace_hours = 49"),
        "publish_grace_hours",
        "0 to 48",
    );
    check(
        ("k = 5", "k = 5\npublish_grace_hours = -1"),
        "publish_grace_hours",
        "0 to 48",
    );
    check(
        (origin, &format!("{origin}\naggregate_retention_days = 6")),
        "apps[0].aggregate_retention_days",
        "from retention_days (7) to 3660",
    );
    check(
        (
            origin,
            &format!("{origin}\naggregate_retention_days = 3661"),
        ),
        "apps[0].aggregate_retention_days",
        "from retention_days (7) to 3660",
    );
    check(("k = 5", "k = \"5\""), "k", "at least 5");
    check(
        ("retention_days = 7", "retention_days = 0"),
        "retention_days",
        "1 to 31",
    );
    check(
        ("retention_days = 7", "retention_days = 32"),
        "retention_days",
        "1 to 31",
    );
    check(("database = \":memory:\"", ""), "database", "missing");
    check(
        (
            "database = \":memory:\"",
            "database = \":memory:\"\nlisten = \"everywhere\"",
        ),
        "listen",
        "127.0.0.1:8787",
    );
    check(
        ("name = \"ticket-desk\"", "name = \"Ticket Desk\""),
        "apps[0].name",
        "app slug",
    );
    check(
        ("name = \"crm\"\n", "name = \"ticket-desk\"\n"),
        "apps[1].name",
        "duplicate",
    );
    check(
        ("ingest_key_sha256 = \"", "ingest_key_sha256 = \"00"),
        "apps[0].ingest_key_sha256",
        "64 hex digits",
    );
    check(
        (origin, &format!("{origin}\nadmin_password = \"hunter2\"")),
        "apps[0].admin_password",
        "unknown key",
    );
    check(
        ("app = \"ticket-desk\"", "app = \"payroll\""),
        "readers[0].app",
        "configured app",
    );
    check(
        (
            "purposes = [\"interaction\", \"navigation\"]",
            "purposes = [\"interaction\", \"keystrokes\"]",
        ),
        "readers[0].purposes[1]",
        "interaction, typing",
    );
    check(
        (
            "purposes = [\"interaction\", \"navigation\"]",
            "purposes = [\"interaction\", \"interaction\"]",
        ),
        "readers[0].purposes[1]",
        "each once",
    );
    check(
        (
            "name = \"ops-analytics\"",
            "name = \"ops-analytics\"\nscope = \"all\"",
        ),
        "readers[0].scope",
        "unknown key",
    );
    check(
        (
            "name = \"privacy-office\"",
            "name = \"privacy-office\"\nscope = \"all\"",
        ),
        "auditors[0].scope",
        "unknown key",
    );
    check(
        ("k = 5", "k = 5\n[rate_limit]\nper_second = 0"),
        "rate_limit.per_second",
        "1 to 100000",
    );
    check(
        ("k = 5", "k = 5\n[rate_limit]\nburst = 10\nwindow = 3"),
        "rate_limit.window",
        "unknown key",
    );
    check(
        ("k = 5", "k = 5\naudit_head = \"\""),
        "audit_head",
        "file path",
    );
    check(
        ("k = 5", "k = 5\nsdk_dir = \"\""),
        "sdk_dir",
        "directory path",
    );
    check(("k = 5", "k = 5\nsdk_dir = 3"), "sdk_dir", "directory path");
}

#[test]
fn role_keys_are_distinct_and_the_database_url_picks_the_store() {
    use activity_capture_collector::config::DatabaseKind;
    use activity_capture_collector::keys::KeyHash;
    let text = common::config_text(":memory:");
    let reader_hash = KeyHash::of(common::READER_KEY).to_hex();
    let auditor_hash = KeyHash::of(common::AUDITOR_KEY).to_hex();
    let e = Config::parse(&text.replace(&auditor_hash, &reader_hash)).unwrap_err();
    assert_eq!(e.key(), Some("auditors[0].key_sha256"), "{e}");
    for (database, kind, head) in [
        (":memory:", DatabaseKind::Sqlite, None),
        (
            "c.sqlite",
            DatabaseKind::Sqlite,
            Some("c.sqlite.audit-head"),
        ),
        (
            "postgres://u@127.0.0.1:5432/acc",
            DatabaseKind::Postgres,
            None,
        ),
        ("postgresql://u@db/acc", DatabaseKind::Postgres, None),
    ] {
        let config = Config::parse(&common::config_text(database)).unwrap();
        assert_eq!(config.database_kind(), kind, "{database}");
        assert_eq!(config.audit_head.as_deref(), head, "{database}");
    }
    let config = Config::parse(&common::config_text(":memory:")).unwrap();
    assert_eq!(
        (config.rate_limit.per_second, config.rate_limit.burst),
        (20, 100)
    );
    assert_eq!(config.auditors.len(), 1);
}

#[test]
fn an_ingest_key_cannot_be_a_reader_key() {
    let text = common::config_text(":memory:");
    let ingest_hash = activity_capture_collector::keys::KeyHash::of(common::INGEST_KEY).to_hex();
    let reader_hash = activity_capture_collector::keys::KeyHash::of(common::READER_KEY).to_hex();
    let e = Config::parse(&text.replace(&reader_hash, &ingest_hash)).unwrap_err();
    assert_eq!(e.key(), Some("readers[0].key_sha256"), "{e}");
}

#[test]
fn apps_are_required_and_syntax_errors_say_where() {
    let e = Config::parse("database = \"x.sqlite\"\n").unwrap_err();
    assert_eq!(e.key(), Some("apps"), "{e}");
    let e = Config::parse("database = \"x.sqlite\"\n[[apps]\n").unwrap_err();
    assert!(matches!(e, ConfigError::Syntax(_)), "{e:?}");
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn the_example_file_is_valid_and_defaults_apply() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/collector.example.toml");
    let config = Config::load(std::path::Path::new(path)).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
    assert_eq!((config.retention_days, config.k), (7, 5));
    assert_eq!(
        (
            config.publish_grace_hours,
            config.apps[0].aggregate_retention_days
        ),
        (6, 400)
    );
    assert_eq!(config.apps[0].origins, ["http://127.0.0.1:8788"]);
    assert_eq!(config.readers.len(), 1);

    let minimal = Config::parse(
        "database = \"x.sqlite\"\n[[apps]]\nname = \"a\"\norigins = [\"https://a.internal\"]\n\
         ingest_key_sha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
    )
    .unwrap();
    assert_eq!(
        (
            minimal.listen.to_string().as_str(),
            minimal.retention_days,
            minimal.k
        ),
        ("127.0.0.1:8787", 7, 5)
    );
    assert_eq!(
        (
            minimal.publish_grace_hours,
            minimal.apps[0].aggregate_retention_days
        ),
        (6, 400),
        "a day is published 6 hours after it ends; aggregates are kept 400 days"
    );
    assert!(minimal.readers.is_empty());
    let missing = Config::load(std::path::Path::new("/nonexistent/collector.toml")).unwrap_err();
    assert!(
        missing
            .to_string()
            .starts_with("cannot read /nonexistent/collector.toml"),
        "{missing}"
    );
}
