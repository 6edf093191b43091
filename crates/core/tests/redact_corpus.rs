//! Scores the redactor on labelled corpora: recall per kind on positives, false-positive rate
//! per kind of hard negative; fails below the targets on the held-out half of the generated
//! corpus (`scripts/gen_redact_corpus.py`), and reports the adversarial set written by someone
//! who had not read the detectors.
//!
//! `REDACT_CORPUS_HALF=dev cargo test -p activity-capture-core --test redact_corpus -- --nocapture`
//! scores the development half instead (and prints misses), for working on the detectors;
//! `REDACT_CORPUS_HALF=/path/to/file.tsv` scores any file in the same format.

use std::collections::BTreeMap;
use std::path::PathBuf;

use activity_capture_core::redact::{redact, scan, Finding, Kind};

#[path = "support/redact_inputs.rs"]
mod redact_inputs;
use redact_inputs::unescape;

/// One labelled row.
struct Row {
    line: usize,
    kind: String,
    positive: bool,
    input: String,
    secret: String,
}

fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// Parses a corpus file; malformed rows are returned as errors (line and reason).
fn load(text: &str) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen && line.starts_with("kind\t") {
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            errors.push(format!(
                "line {line_no}: expected 4 tab-separated columns, got {}",
                cols.len()
            ));
            continue;
        }
        let positive = match cols[1] {
            "redact" => true,
            "keep" => false,
            other => {
                errors.push(format!("line {line_no}: unknown expectation {other:?}"));
                continue;
            }
        };
        let (Some(input), Some(secret)) = (unescape(cols[2]), unescape(cols[3])) else {
            errors.push(format!("line {line_no}: bad escape"));
            continue;
        };
        if positive && (secret == "-" || !input.contains(&secret)) {
            errors.push(format!(
                "line {line_no}: secret {secret:?} is not in the input"
            ));
            continue;
        }
        rows.push(Row {
            line: line_no,
            kind: cols[0].to_owned(),
            positive,
            input,
            secret,
        });
    }
    (rows, errors)
}

/// Whether every occurrence of the secret is covered by findings and absent from the output.
fn caught(row: &Row, findings: &[Finding], output: &str) -> bool {
    let covered = row.input.match_indices(&row.secret).all(|(s, m)| {
        let e = s + m.len();
        // The union of findings must cover s..e.
        let mut at = s;
        for f in findings {
            if f.start <= at && f.end > at {
                at = f.end;
            }
        }
        at >= e
    });
    covered && !output.contains(&row.secret)
}

/// The kinds a corpus kind may legitimately be reported as.
fn expected_kinds(kind: &str) -> Option<&'static [Kind]> {
    Some(match kind {
        "email" => &[Kind::Email],
        "phone" => &[Kind::Phone],
        "card" => &[Kind::Card],
        "iban" => &[Kind::Iban],
        "ssn" => &[Kind::Ssn],
        "dob" => &[Kind::DateOfBirth],
        "passport" => &[Kind::Passport],
        "ip" => &[Kind::IpAddress],
        "secret_prefixed" | "jwt" | "pem" | "secret_keyword" => &[Kind::Secret],
        "url_credentials" => &[Kind::UrlCredentials],
        "url_query" => &[
            Kind::Identifier,
            Kind::Secret,
            Kind::Email,
            Kind::Phone,
            Kind::Ssn,
        ],
        "url_path" => &[Kind::Identifier],
        "name" => &[Kind::Name],
        "address" => &[Kind::Address],
        _ => return None,
    })
}

/// Recall target per positive kind: `Some(target)` gated, `None` reported only.
fn recall_target(kind: &str) -> Option<f64> {
    match kind {
        "email" | "card" | "iban" | "ip" | "secret_prefixed" | "jwt" | "pem"
        | "url_credentials" => Some(0.995),
        "phone" | "ssn" | "dob" | "passport" | "secret_keyword" | "url_query" | "url_path" => {
            Some(0.97)
        }
        _ => None,
    }
}

fn validated(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Email
            | Kind::Card
            | Kind::Iban
            | Kind::IpAddress
            | Kind::Secret
            | Kind::UrlCredentials
    )
}

#[derive(Default)]
struct Tally {
    rows: usize,
    hits: usize,
    kind_right: usize,
    /// Negatives: rows touched by a validated kind.
    validated_hits: usize,
    fired: BTreeMap<&'static str, usize>,
    examples: Vec<String>,
}

struct Score {
    positives: BTreeMap<String, Tally>,
    negatives: BTreeMap<String, Tally>,
}

fn score(rows: &[Row]) -> Score {
    let mut s = Score {
        positives: BTreeMap::new(),
        negatives: BTreeMap::new(),
    };
    for row in rows {
        let findings = scan(&row.input);
        let output = redact(&row.input);
        if row.positive {
            let t = s.positives.entry(row.kind.clone()).or_default();
            t.rows += 1;
            if caught(row, &findings, output.as_str()) {
                t.hits += 1;
                let right = expected_kinds(&row.kind)
                    .is_none_or(|ks| findings.iter().any(|f| ks.contains(&f.kind)));
                t.kind_right += usize::from(right);
            } else if t.examples.len() < 8 {
                t.examples.push(format!(
                    "line {}: {:?} -> {:?} (secret {:?})",
                    row.line,
                    row.input,
                    output.as_str(),
                    row.secret
                ));
            }
        } else {
            let t = s.negatives.entry(row.kind.clone()).or_default();
            t.rows += 1;
            if !findings.is_empty() {
                t.hits += 1;
                t.validated_hits += usize::from(findings.iter().any(|f| validated(f.kind)));
                for f in &findings {
                    *t.fired.entry(f.kind.name()).or_default() += 1;
                }
                if t.examples.len() < 8 {
                    t.examples.push(format!(
                        "line {}: {:?} -> {:?}",
                        row.line,
                        row.input,
                        output.as_str()
                    ));
                }
            }
        }
    }
    s
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

/// Prints the score table; returns the list of targets missed.
fn report(title: &str, s: &Score, gate: bool, show_examples: bool) -> Vec<String> {
    let mut missed = Vec::new();
    println!("\n== {title} ==");
    println!(
        "{:<20} {:>6} {:>9} {:>11}  target",
        "positive kind", "rows", "recall %", "right kind %"
    );
    for (kind, t) in &s.positives {
        let recall = t.hits as f64 / t.rows as f64;
        let target = recall_target(kind);
        let mark = match target {
            Some(x) if recall < x => {
                missed.push(format!(
                    "recall of {kind} is {:.2} % (target {:.1} %)",
                    100.0 * recall,
                    100.0 * x
                ));
                "  MISSED"
            }
            _ => "",
        };
        let target_text =
            target.map_or("reported".to_owned(), |x| format!(">= {:.1} %", 100.0 * x));
        println!(
            "{:<20} {:>6} {:>9.2} {:>11.2}  {target_text}{mark}",
            kind,
            t.rows,
            100.0 * recall,
            pct(t.kind_right, t.hits)
        );
        if show_examples || !mark.is_empty() {
            for e in &t.examples {
                println!("    miss {e}");
            }
        }
    }
    println!(
        "{:<20} {:>6} {:>9} {:>11}  fired",
        "negative kind", "rows", "FP %", "validated %"
    );
    for (kind, t) in &s.negatives {
        let fp = t.hits as f64 / t.rows as f64;
        let vfp = t.validated_hits as f64 / t.rows as f64;
        let mut mark = "";
        if fp > 0.02 || vfp > 0.005 {
            missed.push(format!(
                "false positives on {kind}: {:.2} % ({:.2} % validated kinds)",
                100.0 * fp,
                100.0 * vfp
            ));
            mark = "  MISSED";
        }
        let fired: Vec<String> = t.fired.iter().map(|(k, n)| format!("{k}:{n}")).collect();
        println!(
            "{:<20} {:>6} {:>9.2} {:>11.2}  {}{mark}",
            kind,
            t.rows,
            100.0 * fp,
            100.0 * vfp,
            fired.join(" ")
        );
        if show_examples || !mark.is_empty() {
            for e in &t.examples {
                println!("    touched {e}");
            }
        }
    }
    let pos: usize = s.positives.values().map(|t| t.rows).sum();
    let neg: usize = s.negatives.values().map(|t| t.rows).sum();
    println!("{pos} positives, {neg} negatives");
    if gate {
        missed
    } else {
        Vec::new()
    }
}

#[test]
fn generated_corpus_meets_the_targets() {
    let half = std::env::var("REDACT_CORPUS_HALF").unwrap_or_else(|_| "heldout".to_owned());
    // A path scores any file in the corpus format (a fresh sample for diagnosis).
    let (name, path) = if half.contains('/') {
        (half.clone(), PathBuf::from(&half))
    } else {
        let name = format!("redact_corpus_{half}.tsv");
        let path = data_path(&name);
        (name, path)
    };
    let text = std::fs::read_to_string(path).expect("run scripts/gen_redact_corpus.py");
    let (rows, errors) = load(&text);
    assert!(errors.is_empty(), "malformed rows in {name}: {errors:#?}");
    let positives = rows.iter().filter(|r| r.positive).count();
    assert!(
        positives >= 2000 && rows.len() - positives >= 1500,
        "{name} is too small"
    );
    let started = std::time::Instant::now();
    let s = score(&rows);
    let missed = report(
        &format!("{name} (scored in {:?})", started.elapsed()),
        &s,
        true,
        half != "heldout",
    );
    assert!(
        missed.is_empty(),
        "targets missed on {name}:\n{}",
        missed.join("\n")
    );
}

/// The adversarial set is reported, not gated: it measures what the generator did not think of.
/// FIXME: gate it once its misses have been triaged into detector fixes or accepted limits.
#[test]
fn adversarial_set_is_reported() {
    let Ok(text) = std::fs::read_to_string(data_path("redact_adversarial.tsv")) else {
        println!("redact_adversarial.tsv not present; nothing to report");
        return;
    };
    let (rows, errors) = load(&text);
    for e in &errors {
        println!("skipped {e}");
    }
    let s = score(&rows);
    report(
        "redact_adversarial.tsv (reported, not gated)",
        &s,
        false,
        true,
    );
}
