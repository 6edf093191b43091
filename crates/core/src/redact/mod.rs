//! The redactor: the only way to make a [`Redacted`] string, and the scanner the collector runs
//! as a tripwire on every string it receives.
//!
//! Pure and dependency-free: hand-written scanners over a normalised view of the input (see
//! `normalise`), one pass per anchor (digits, `@`, `:`, `://`, `-----BEGIN`, word starts),
//! each detector validating what it claims (Luhn, mod-97, octet ranges, brand prefixes) or
//! requiring the words around it (SSN, date of birth, passport, bare phone numbers, keyword
//! secrets). Findings are merged so they never overlap and mapped back to the original bytes,
//! so a placeholder replaces the whole original value, evasion characters included.
//!
//! Detector families, one module each: `email`, `phone`, `card`, `iban`, `network`
//! (IPv4, IPv6), `secret` (prefixed tokens, JWT, PEM, keyword values), `url`
//! (credentials, identifying query values and path segments), `context` (SSN, date of birth,
//! passport, and the boundary and context-word helpers), `person` (names and street
//! addresses, best effort). `numeric` and `words` are the digit and word passes that
//! dispatch to them; `bytes` has the searches (eight bytes at a time) that the passes use to
//! jump from one anchor to the next. Word lists and token prefixes are packed into byte
//! strings at compile time (`context::word_list!`), with small Bloom summaries checked first.
//!
//! Placeholders are upper-case words in brackets, which no detector matches, and [`scan`]
//! closes its findings under redaction (it rescans the redacted text until nothing new
//! appears), so redaction is idempotent.
//!
//! Known limits, measured by `tests/redact_corpus.rs`: e-mail addresses spelled out with plain
//! words (`jane dot doe at example dot com`) are not caught (bracketed `[at]`/`(dot)` are);
//! bare digit runs count as phone numbers only after a word such as "phone" or "call"; a
//! number glued by single spaces to other digit groups is judged as one cluster; names and
//! addresses are best effort.

mod bytes;
mod card;
mod context;
mod email;
mod iban;
mod network;
mod normalise;
mod numeric;
mod person;
mod phone;
mod secret;
mod url;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;

/// A string that has passed through [`redact`]. It cannot be built any other way.
///
/// No public field, no `From`, no `FromStr`, no `Default`, no deserialisation:
///
/// ```compile_fail
/// let r = activity_capture_core::redact::Redacted(String::from("jane@example.com"));
/// ```
/// ```compile_fail
/// let r: activity_capture_core::redact::Redacted = String::from("jane@example.com").into();
/// ```
/// ```compile_fail
/// let r: activity_capture_core::redact::Redacted = "jane@example.com".parse().unwrap();
/// ```
/// ```compile_fail
/// let r = activity_capture_core::redact::Redacted::default();
/// ```
/// The one constructor:
/// ```
/// let r = activity_capture_core::redact::redact("mail jane@example.com");
/// assert_eq!(r.as_str(), "mail [EMAIL]");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Redacted(String);

impl Redacted {
    /// The redacted text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of personal data or secret a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A payment card number (known brand, Luhn-valid).
    Card,
    /// An international bank account number (mod-97 valid).
    Iban,
    /// A US social security number.
    Ssn,
    /// A date in a date-of-birth context.
    DateOfBirth,
    /// A passport number in a passport context.
    Passport,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A credential: prefixed token, JWT, private key, or a value after a secret keyword.
    Secret,
    /// The `user:password` part of a URL's authority.
    UrlCredentials,
    /// An identifying URL part: a query value under an id-like key, or a path segment naming a
    /// person or account.
    Identifier,
    /// A person's name where a label, greeting or sign-off marks it (best effort).
    Name,
    /// A street address line (best effort).
    Address,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 13] = [
        Kind::Email,
        Kind::Phone,
        Kind::Card,
        Kind::Iban,
        Kind::Ssn,
        Kind::DateOfBirth,
        Kind::Passport,
        Kind::IpAddress,
        Kind::Secret,
        Kind::UrlCredentials,
        Kind::Identifier,
        Kind::Name,
        Kind::Address,
    ];

    /// The placeholder that replaces a value of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[EMAIL]",
            Kind::Phone => "[PHONE]",
            Kind::Card => "[CARD]",
            Kind::Iban => "[IBAN]",
            Kind::Ssn => "[SSN]",
            Kind::DateOfBirth => "[DOB]",
            Kind::Passport => "[PASSPORT]",
            Kind::IpAddress => "[IP]",
            Kind::Secret => "[SECRET]",
            Kind::UrlCredentials => "[URL_CREDENTIALS]",
            Kind::Identifier => "[ID]",
            Kind::Name => "[NAME]",
            Kind::Address => "[ADDRESS]",
        }
    }

    /// The kind's name as used in reports and collector errors.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Card => "card",
            Kind::Iban => "iban",
            Kind::Ssn => "ssn",
            Kind::DateOfBirth => "dob",
            Kind::Passport => "passport",
            Kind::IpAddress => "ip",
            Kind::Secret => "secret",
            Kind::UrlCredentials => "url_credentials",
            Kind::Identifier => "identifier",
            Kind::Name => "name",
            Kind::Address => "address",
        }
    }

    /// Whether the kind is detected on a best-effort basis (names and addresses), as opposed
    /// to the validated and context kinds whose recall is measured and gated.
    pub fn is_best_effort(self) -> bool {
        matches!(self, Kind::Name | Kind::Address)
    }

    /// Which kind wins when two findings overlap (their spans are merged).
    fn rank(self) -> u8 {
        match self {
            Kind::Name => 0,
            Kind::Address => 1,
            Kind::Identifier => 2,
            Kind::IpAddress => 3,
            Kind::Phone => 4,
            Kind::DateOfBirth => 5,
            Kind::Passport => 6,
            Kind::Ssn => 7,
            Kind::Email => 8,
            Kind::Iban => 9,
            Kind::Card => 10,
            Kind::UrlCredentials => 11,
            Kind::Secret => 12,
        }
    }
}

/// One detected value: its kind and its byte span in the scanned input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Byte offset of the first byte of the value.
    pub start: usize,
    /// Byte offset one past the last byte of the value.
    pub end: usize,
}

/// A half-open byte range in the normalised text.
type Span = (usize, usize);

/// Reports every detected value in `input` without rewriting anything: byte spans in `input`,
/// on character boundaries, sorted, never overlapping.
///
/// The result is closed under redaction: if replacing the findings with placeholders would
/// expose a new value (a number glued to a redacted date, say), that value is reported too, so
/// `redact(redact(x)) == redact(x)`.
pub fn scan(input: &str) -> Vec<Finding> {
    in_scratch(|scratch| {
        scan_and_render(input, scratch);
        // (A copy: the scratch keeps its storage, and no findings copy to no allocation.)
        scratch.findings.clone()
    })
}

/// The storage one call works in: the findings, the rescan's findings and the normalised
/// view's buffers. Natively `in_scratch` keeps one per thread, so that a call of [`redact`] or
/// [`scan`] allocates nothing but its result once the scratch has grown to fit.
struct Scratch {
    findings: Vec<Finding>,
    more: Vec<Finding>,
    buffers: normalise::Buffers,
}

impl Scratch {
    /// Empty storage (no allocation).
    const fn new() -> Scratch {
        Scratch {
            findings: Vec::new(),
            more: Vec::new(),
            buffers: normalise::Buffers::new(),
        }
    }

    /// Gives back the storage grown beyond `keep` findings or normalised bytes.
    #[cfg(not(target_arch = "wasm32"))]
    fn trim(&mut self, keep: usize) {
        if self.findings.capacity() > keep || self.more.capacity() > keep {
            self.findings = Vec::new();
            self.more = Vec::new();
        }
        self.buffers.trim(keep);
    }
}

/// Fills `scratch.findings` with the closed set of findings (emptying it first), and returns
/// the redacted text when there are any.
fn scan_and_render(input: &str, scratch: &mut Scratch) -> Option<String> {
    /// Rounds before giving up on closing the set value by value.
    const MAX_ROUNDS: usize = 16;
    let Scratch {
        findings,
        more,
        buffers,
    } = scratch;
    // The rendered text is pieces of the input and placeholders (`[`, capitals, `_`, `]`, and
    // no `[AT`, `[DOT`): when the input needs no folding, neither does any rendering of it.
    let fold = scan_once(input, true, buffers, findings);
    if findings.is_empty() {
        return None;
    }
    // In practice the second round finds nothing. Each further round adds coverage (a chain of
    // values, each exposed by redacting the one before it); a chain longer than the round
    // budget, or a round that adds nothing new, is only seen in adversarial input, and then the
    // whole input becomes one finding, which is trivially closed. (The findings stay non-empty:
    // every finding spans at least one byte, and rounds only add.)
    for _ in 0..MAX_ROUNDS {
        let text = render(input, findings);
        scan_once(&text, fold, buffers, more);
        if more.is_empty() {
            return Some(text);
        }
        // Rare: map the new findings back through the pieces of the rendered text.
        let segments = segments(input, findings);
        let covered: usize = findings.iter().map(|f| f.end - f.start).sum();
        for f in more.drain(..) {
            let (start, _) = to_original(&segments, f.start);
            let (_, end) = to_original(&segments, f.end);
            findings.push(Finding {
                kind: f.kind,
                start,
                end,
            });
        }
        merge(findings);
        if findings.iter().map(|f| f.end - f.start).sum::<usize>() == covered {
            break;
        }
    }
    let kind = findings
        .iter()
        .map(|f| f.kind)
        .max_by_key(|k| k.rank())
        .unwrap_or(Kind::Secret);
    findings.clear();
    findings.push(Finding {
        kind,
        start: 0,
        end: input.len(),
    });
    Some(kind.placeholder().to_owned())
}

/// One pass of every detector over `input`, merged and mapped back to `input`'s bytes, into
/// `found` (emptied first); `fold` false says that `input` needs no folding. Returns whether
/// it was folded.
fn scan_once(
    input: &str,
    fold: bool,
    buffers: &mut normalise::Buffers,
    found: &mut Vec<Finding>,
) -> bool {
    use normalise::{anchors, AT, BEGIN, BRACKET, COLON, DASH, DIGIT, SLASH};
    found.clear();
    let raw = anchors(input.as_bytes());
    // Without `FOLD` and `BRACKET` the view is the input itself.
    let fold_anchors = if fold { raw } else { raw & !BRACKET };
    let text = normalise::Text::with_anchors(input, fold_anchors, buffers);
    let t = text.bytes();
    // Folding can create anchors (fullwidth digits, `%40`): look again.
    let found_anchors = if text.is_folded() { anchors(t) } else { raw };
    if found_anchors & DIGIT != 0 {
        numeric::find(t, found);
    }
    if found_anchors & AT != 0 {
        email::find(t, found);
    }
    if found_anchors & COLON != 0 {
        network::find_ipv6(t, found);
        if found_anchors & SLASH != 0 {
            url::find(t, found);
        }
    }
    if found_anchors & (DASH | BEGIN) == DASH | BEGIN {
        secret::find_pem(t, found);
    }
    // Almost all text has letters: the word pass needs no anchor bit (it finds nothing in a
    // text without letters).
    words::find(t, found);
    if !found.is_empty() {
        merge(found);
        for f in found.iter_mut() {
            (f.start, f.end) = text.original_span(f.start, f.end);
        }
    }
    text.is_folded()
}

/// Sorts findings and merges overlapping ones (the union span, the higher-ranked kind), in
/// place.
#[inline(never)]
fn merge(found: &mut Vec<Finding>) {
    heap_sort(found);
    found.retain(|f| f.start < f.end);
    found.dedup_by(|f, last| {
        let overlaps = f.start < last.end;
        if overlaps {
            last.end = last.end.max(f.end);
            if f.kind.rank() > last.kind.rank() {
                last.kind = f.kind;
            }
        }
        overlaps
    });
}

/// Sorts findings by start, longer first: an in-place heapsort, O(n log n) and a fraction of
/// the code size of the standard library's sorts (the wasm ships on every page).
fn heap_sort(v: &mut [Finding]) {
    fn less(a: &Finding, b: &Finding) -> bool {
        (a.start, std::cmp::Reverse(a.end)) < (b.start, std::cmp::Reverse(b.end))
    }
    fn sift_down(v: &mut [Finding], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(&v[child], &v[child + 1]) {
                child += 1;
            }
            if !less(&v[root], &v[child]) {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// A piece of rendered output: its range in the output, the original range it stands for, and
/// whether it is a placeholder.
struct Segment {
    out: (usize, usize),
    original: (usize, usize),
    placeholder: bool,
}

/// Replaces `findings` (sorted, disjoint) in `input` with placeholders.
#[inline(never)]
fn render(input: &str, findings: &[Finding]) -> String {
    let longest = Kind::UrlCredentials.placeholder().len();
    let mut out = String::with_capacity(input.len() + longest * findings.len());
    let mut at = 0;
    for f in findings {
        // Always on character boundaries; `get` keeps panic formatting out of the wasm.
        out.push_str(input.get(at..f.start).unwrap_or_default());
        out.push_str(f.kind.placeholder());
        at = f.end;
    }
    out.push_str(input.get(at..).unwrap_or_default());
    out
}

/// The pieces of `render(input, findings)`, in order: kept text and placeholders, each with
/// its range in the output and in `input`.
fn segments(input: &str, findings: &[Finding]) -> Vec<Segment> {
    let mut segments = Vec::with_capacity(2 * findings.len() + 1);
    let mut o = 0;
    let mut at = 0;
    let mut piece = |len: usize, original: (usize, usize), placeholder: bool| {
        if len > 0 || placeholder {
            segments.push(Segment {
                out: (o, o + len),
                original,
                placeholder,
            });
            o += len;
        }
    };
    for f in findings {
        piece(f.start - at, (at, f.start), false);
        piece(f.kind.placeholder().len(), (f.start, f.end), true);
        at = f.end;
    }
    piece(input.len() - at, (at, input.len()), false);
    segments
}

/// Maps an offset in rendered output to the original: `(start, end)` candidates, which differ
/// only inside a placeholder (a span starting there starts at the placeholder's value, a span
/// ending there ends after it).
fn to_original(segments: &[Segment], pos: usize) -> (usize, usize) {
    // Segments are sorted and contiguous in the output: the one holding `pos` is the last that
    // starts at or before it.
    let i = segments.partition_point(|s| s.out.0 <= pos);
    match i.checked_sub(1).map(|i| &segments[i]) {
        Some(s) if pos < s.out.1 => {
            if s.placeholder {
                if pos == s.out.0 {
                    (s.original.0, s.original.0)
                } else {
                    (s.original.0, s.original.1)
                }
            } else {
                let o = s.original.0 + (pos - s.out.0);
                (o, o)
            }
        }
        _ => {
            let end = segments.last().map_or(0, |s| s.original.1);
            (end, end)
        }
    }
}

/// Replaces every detected value in `input` with its kind's placeholder.
pub fn redact(input: &str) -> Redacted {
    // Nothing to find in nothing: no detector runs (nor, in the wasm, is compiled).
    if input.is_empty() {
        return Redacted(String::new());
    }
    let text = in_scratch(|scratch| scan_and_render(input, scratch));
    Redacted(text.unwrap_or_else(|| input.to_owned()))
}

/// Runs `f` in this thread's scratch (natively: the collector's tripwire and the command-line
/// filter redact string after string).
#[cfg(not(target_arch = "wasm32"))]
fn in_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> =
            const { std::cell::RefCell::new(Scratch::new()) };
    }
    /// Capacity kept between calls, in findings and in normalised bytes: what a large input
    /// grew beyond it is given back.
    const KEEP: usize = 1024;
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let out = f(&mut scratch);
            scratch.trim(KEEP);
            out
        }
        // Only reachable if a call re-entered this one (nothing here calls out): work in
        // storage of its own.
        Err(_) => f(&mut Scratch::new()),
    })
}

/// Runs `f` in fresh storage: the SDK redacts a few short strings per event, and a
/// thread-local costs its bytes on every page.
#[cfg(target_arch = "wasm32")]
fn in_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    f(&mut Scratch::new())
}
