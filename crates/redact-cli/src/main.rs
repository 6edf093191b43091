//! `redact`: a line filter over activity-capture's redactor, so anyone can try it on their own
//! data. Reads UTF-8 lines on stdin and writes exactly one redacted line per input line on
//! stdout (line endings kept as `\n`, or `\r\n` where the input had it).
//!
//! Options: `--report` writes, instead of the redacted line, one tab-separated line per line of
//! input: the line number and the kinds found (`3\temail,phone`), for scoring; `--help`.
//! Invalid UTF-8 is replaced (U+FFFD) before redaction, never passed through.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use activity_capture_core::redact::{redact, scan};

const USAGE: &str = "usage: redact [--report] < input > output\n\
Reads UTF-8 lines on stdin; writes one redacted line per input line on stdout.\n\
  --report   write `<line number>\\t<kinds found>` per line instead of the redacted text\n";

fn main() -> ExitCode {
    let mut report = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--report" => report = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("redact: unknown option {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match run(io::stdin().lock(), io::stdout().lock(), report) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe downstream (`| head`) is a normal way to stop.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("redact: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Filters `input` to `output` line by line.
fn run(mut input: impl BufRead, output: impl Write, report: bool) -> io::Result<()> {
    let mut out = BufWriter::new(output);
    let mut buf = Vec::new();
    let mut number = 0u64;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        let mut ending: &[u8] = b"";
        if buf.ends_with(b"\r\n") {
            ending = b"\r\n";
        } else if buf.ends_with(b"\n") {
            ending = b"\n";
        }
        let line = String::from_utf8_lossy(&buf[..buf.len() - ending.len()]);
        if report {
            let kinds: Vec<&str> = scan(&line).iter().map(|f| f.kind.name()).collect();
            write!(out, "{number}\t{}", kinds.join(","))?;
            out.write_all(b"\n")?;
        } else {
            out.write_all(redact(&line).as_str().as_bytes())?;
            // Exactly one line out per line in: a last line without a newline gets one.
            out.write_all(if ending.is_empty() { b"\n" } else { ending })?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], report: bool, expected: &str) {
        let mut out = Vec::new();
        run(input, &mut out, report).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn writes_one_line_per_line() {
        check(
            b"mail jane@example.com\nplain\r\nlast 4111 1111 1111 1111",
            false,
            "mail [EMAIL]\nplain\r\nlast [CARD]\n",
        );
        check(b"", false, "");
        check(b"\n\n", false, "\n\n");
        check(
            b"bad \xff byte jane@example.com\n",
            false,
            "bad \u{fffd} byte [EMAIL]\n",
        );
    }

    #[test]
    fn reports_kinds_per_line() {
        check(
            b"a@b.io and +44 20 7946 0958\nnothing\n",
            true,
            "1\temail,phone\n2\t\n",
        );
    }
}
