//! Native throughput of the redactor (MB/s, one core) on the redactor corpus and on plain
//! prose, beside a naive `regex`-crate redactor measured in the same run.
//!
//! Run: `cargo run --release --manifest-path bench/redact/native/Cargo.toml`
//! (`-- --seconds 3` to measure longer per workload; `--redactor-only` skips the baseline and
//! `--workload corpus` keeps the workloads whose name starts so, for profiling under
//! `valgrind --tool=callgrind`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use activity_capture_core::redact::redact;
use regex::Regex;

/// The baseline: one pattern per common kind, applied in turn with `replace_all`, the way a
/// quick regex redactor is usually written. It validates nothing (no Luhn, no mod-97, no
/// context), so it is both less precise and a fair reference point for speed.
struct Baseline(Vec<(Regex, &'static str)>);

impl Baseline {
    fn new() -> Baseline {
        let p = |re: &str, ph: &'static str| (Regex::new(re).unwrap(), ph);
        Baseline(vec![
            p(
                r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
                "[SECRET]",
            ),
            p(
                r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*",
                "[SECRET]",
            ),
            p(
                r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\b[sr]k_live_[A-Za-z0-9]{16,}|\bAIza[A-Za-z0-9_-]{35}",
                "[SECRET]",
            ),
            p(
                r"(?i)\b(?:password|passwd|pwd|secret|token|api[_-]?key)\s*[:=]\s*\S+",
                "[SECRET]",
            ),
            p(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "[EMAIL]"),
            p(
                r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b",
                "[IBAN]",
            ),
            p(r"\b(?:\d[ -]?){12,18}\d\b", "[CARD]"),
            p(r"\b\d{3}-\d{2}-\d{4}\b", "[SSN]"),
            p(
                r"(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b",
                "[PHONE]",
            ),
            p(
                r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b",
                "[IP]",
            ),
        ])
    }

    fn redact(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (re, ph) in &self.0 {
            if let std::borrow::Cow::Owned(o) = re.replace_all(&out, *ph) {
                out = o;
            }
        }
        out
    }
}

// The corpus escaping of the core's tests, so the benchmark reads the same inputs.
#[path = "../../../../crates/core/tests/support/redact_inputs.rs"]
mod redact_inputs;
use redact_inputs::unescape;

/// The inputs of both corpus halves, one string per row.
fn corpus_lines() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../crates/core/tests/data"
    );
    let mut lines = Vec::new();
    for half in ["dev", "heldout"] {
        let text =
            std::fs::read_to_string(format!("{dir}/redact_corpus_{half}.tsv")).expect("corpus");
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("kind\t"))
        {
            if let Some(input) = line.split('\t').nth(2) {
                lines.push(unescape(input).unwrap_or_else(|| input.to_owned()));
            }
        }
    }
    lines
}

/// Plain prose with no candidates at all (the common case: labels, route words).
fn prose_lines() -> Vec<String> {
    let words = [
        "the",
        "review",
        "meeting",
        "moved",
        "to",
        "room",
        "on",
        "floor",
        "please",
        "check",
        "attached",
        "proposal",
        "before",
        "friday",
        "and",
        "send",
        "comments",
        "team",
        "update",
        "migration",
        "release",
        "notes",
        "assign",
        "ticket",
        "save",
        "draft",
        "open",
        "settings",
        "export",
        "report",
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..20_000)
        .map(|_| {
            let n = 4 + (state % 12) as usize;
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    words[(state % words.len() as u64) as usize]
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// CPU time of this thread (user + system), from `/proc/thread-self/stat` (Linux, 10 ms
/// ticks): on a shared machine it measures one core's work better than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// MB/s of `f` over `lines`, repeated for at least `budget`: (by wall time, by CPU time).
fn measure(lines: &[String], budget: Duration, f: &dyn Fn(&str) -> usize) -> (f64, Option<f64>) {
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut total = 0usize;
    let mut rounds = 0u32;
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    while start.elapsed() < budget || rounds < 2 {
        for l in lines {
            total = total.wrapping_add(f(black_box(l)));
        }
        rounds += 1;
    }
    black_box(total);
    let done = bytes as f64 * f64::from(rounds) / 1e6;
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some(done / (b - a)),
        _ => None,
    };
    (done / start.elapsed().as_secs_f64(), cpu)
}

fn main() {
    let seconds = std::env::args()
        .skip_while(|a| a != "--seconds")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);
    let redactor_only = std::env::args().any(|a| a == "--redactor-only");
    let only: Option<String> = std::env::args().skip_while(|a| a != "--workload").nth(1);
    let baseline = std::sync::OnceLock::new();
    let corpus = corpus_lines();
    let prose = prose_lines();
    let joined = vec![corpus.join("\n")];
    println!("MB/s, wall time (CPU time of the measuring thread in brackets)");
    println!("workload                   bytes     redactor          regex baseline      ratio");
    let cell = |(wall, cpu): (f64, Option<f64>)| match cpu {
        Some(c) => format!("{wall:>7.1} ({c:>6.1})"),
        None => format!("{wall:>7.1} (   n/a)"),
    };
    for (name, lines) in [
        ("corpus (per row)", &corpus),
        ("corpus (one string)", &joined),
        ("plain prose (per line)", &prose),
    ] {
        if only.as_ref().is_some_and(|o| !name.starts_with(o.as_str())) {
            continue;
        }
        let bytes: usize = lines.iter().map(String::len).sum();
        let ours = measure(lines, budget, &|s| redact(s).as_str().len());
        if redactor_only {
            println!("{name:<24} {bytes:>7}   {}", cell(ours));
            continue;
        }
        let base = measure(lines, budget, &|s| {
            baseline.get_or_init(Baseline::new).redact(s).len()
        });
        let ratio = ours.1.zip(base.1).map_or(ours.0 / base.0, |(a, b)| a / b);
        println!(
            "{name:<24} {bytes:>7}   {}   {}   {ratio:>5.2}x",
            cell(ours),
            cell(base)
        );
    }
}
