//! Command-line arguments. Administrative operations (fold, key hashing, verifying the audit
//! chain) live here and only here: the HTTP service has no admin route.

use std::fmt;
use std::path::PathBuf;

/// The usage text printed by `--help` and after an argument error.
pub const USAGE: &str = "\
Usage:
  activity-capture-collector --config FILE
      Serve with the configuration FILE (see collector.example.toml).
  activity-capture-collector fold --config FILE
      Fold per-person rows older than the retention period into aggregates, delete aggregates
      older than each app's aggregate retention (both audited) once, and exit.
  activity-capture-collector verify-audit --config FILE
      Verify the audit log's hash chain and the head file kept outside the database; name the
      first broken link and exit 1 if any.
  activity-capture-collector hash-key
      Read a key from standard input and print its SHA-256 for the configuration file.
  activity-capture-collector --demo [--www DIR] [--pkg DIR]
      Run the demo: the collector on http://127.0.0.1:8787 and the demo tool on
      http://127.0.0.1:8788 (files from DIR, default `www`; the package from `pkg`),
      with synthetic data in .demo/.
  activity-capture-collector --help
      Print this text.

Logging: one line per request on standard error; RUST_LOG sets the level (default info).
";

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve with a configuration file.
    Serve {
        /// The configuration file.
        config: PathBuf,
    },
    /// Fold once and exit.
    Fold {
        /// The configuration file.
        config: PathBuf,
    },
    /// Verify the audit chain and exit.
    VerifyAudit {
        /// The configuration file.
        config: PathBuf,
    },
    /// Print the SHA-256 of a key read from standard input.
    HashKey,
    /// Run the demo.
    Demo {
        /// The demo tool's directory.
        www: PathBuf,
        /// The built package's directory.
        pkg: PathBuf,
    },
    /// Print the usage text.
    Help,
}

/// An argument error (the process exits with status 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, UsageError> {
    let args: Vec<String> = args.into_iter().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let mut subcommand: Option<&str> = None;
    let mut config: Option<PathBuf> = None;
    let mut www: Option<PathBuf> = None;
    let mut pkg: Option<PathBuf> = None;
    let mut demo = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .filter(|v| !v.starts_with("--"))
                .map(PathBuf::from)
                .ok_or_else(|| UsageError(format!("{name} needs a value")))
        };
        let slot = match arg.as_str() {
            "--config" => &mut config,
            "--www" => &mut www,
            "--pkg" => &mut pkg,
            "--demo" => {
                demo = true;
                continue;
            }
            "fold" | "hash-key" | "serve" | "verify-audit"
                if subcommand.is_none() && config.is_none() && !demo =>
            {
                subcommand = Some(arg.as_str());
                continue;
            }
            other if other.starts_with('-') => {
                return Err(UsageError(format!("unknown option {other}")))
            }
            other => return Err(UsageError(format!("unexpected argument {other:?}"))),
        };
        if slot.is_some() {
            return Err(UsageError(format!("{arg} given more than once")));
        }
        *slot = Some(value(arg)?);
    }
    if demo {
        if subcommand.is_some() || config.is_some() {
            return Err(UsageError(
                "--demo runs with its own configuration: drop --config and subcommands".into(),
            ));
        }
        return Ok(Command::Demo {
            www: www.unwrap_or_else(|| "www".into()),
            pkg: pkg.unwrap_or_else(|| "pkg".into()),
        });
    }
    if www.is_some() || pkg.is_some() {
        return Err(UsageError("--www and --pkg only go with --demo".into()));
    }
    match (subcommand, config) {
        (Some("hash-key"), None) => Ok(Command::HashKey),
        (Some("hash-key"), Some(_)) => Err(UsageError("hash-key takes no --config".into())),
        (Some("fold"), Some(config)) => Ok(Command::Fold { config }),
        (Some("verify-audit"), Some(config)) => Ok(Command::VerifyAudit { config }),
        (None | Some("serve"), Some(config)) => Ok(Command::Serve { config }),
        (_, None) => Err(UsageError("missing --config FILE (or --demo)".into())),
        (Some(other), Some(_)) => Err(UsageError(format!("unknown subcommand {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &str, expected: Result<Command, &str>) {
        let parsed = parse(args.split_whitespace().map(String::from));
        assert_eq!(
            parsed,
            expected.map_err(|e| UsageError(e.into())),
            "{args:?}"
        );
    }

    #[test]
    fn arguments_parse_or_fail_clearly() {
        check(
            "--config c.toml",
            Ok(Command::Serve {
                config: "c.toml".into(),
            }),
        );
        check(
            "serve --config c.toml",
            Ok(Command::Serve {
                config: "c.toml".into(),
            }),
        );
        check(
            "fold --config c.toml",
            Ok(Command::Fold {
                config: "c.toml".into(),
            }),
        );
        check("hash-key", Ok(Command::HashKey));
        check(
            "verify-audit --config c.toml",
            Ok(Command::VerifyAudit {
                config: "c.toml".into(),
            }),
        );
        check("verify-audit", Err("missing --config FILE (or --demo)"));
        check(
            "--demo",
            Ok(Command::Demo {
                www: "www".into(),
                pkg: "pkg".into(),
            }),
        );
        check(
            "--demo --www site --pkg build",
            Ok(Command::Demo {
                www: "site".into(),
                pkg: "build".into(),
            }),
        );
        check("--config c.toml --help", Ok(Command::Help));
        check("", Err("missing --config FILE (or --demo)"));
        check("--config", Err("--config needs a value"));
        check("--config --demo", Err("--config needs a value"));
        check("--verbose", Err("unknown option --verbose"));
        check("frobnicate", Err("unexpected argument \"frobnicate\""));
        check(
            "--demo --config c.toml",
            Err("--demo runs with its own configuration: drop --config and subcommands"),
        );
        check(
            "--www site --config c.toml",
            Err("--www and --pkg only go with --demo"),
        );
        check(
            "--config a --config b",
            Err("--config given more than once"),
        );
        check("fold", Err("missing --config FILE (or --demo)"));
    }
}
