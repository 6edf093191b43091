//! The collector's strict reader of wire bytes. Every string arrives as unchecked text and must
//! pass the redactor's tripwire unchanged before it becomes a [`Redacted`]; anything unknown,
//! mistyped, off-grid or not truncated is refused with the field named.

use serde_json::{Map, Value};

use super::accepts_version;
use crate::id::{PolicyHash, SubjectId, SummaryId};
use crate::purpose::Purpose;
use crate::redact::{redact, scan, Redacted};
use crate::summary::{
    AppName, ConsentSource, DepthBucket, DistanceBucket, Envelope, InputCounts, Interaction,
    KeyCounts, Metrics, Navigation, Pointer, Quantised, SecondsBucket, Summary, Target, Typing,
    MAX_TARGETS,
};
use crate::window::WindowLength;

pub use super::MAX_SUMMARIES_PER_BATCH;
const MAX_ROUTE_LEN: usize = 200;
const MAX_LABEL_CHARS: usize = 80;
const MAX_COUNT: u64 = 1_000_000;

/// Why incoming bytes were refused: the field (a JSON path) and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// The offending field's path, e.g. `data.keys.character`; empty for the whole document.
    pub field: String,
    /// What was wrong, in plain words.
    pub problem: String,
}

impl WireError {
    fn new(field: impl Into<String>, problem: impl Into<String>) -> WireError {
        WireError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for WireError {}

/// A decoded request body: the ingest key, and each summary decoded on its own (one bad summary
/// does not spoil the others; the collector answers per summary).
#[derive(Debug)]
pub struct Batch {
    /// The ingest key the page presented.
    pub key: String,
    /// Each summary's outcome, in request order; errors carry the summary's id when readable.
    pub summaries: Vec<Result<Summary, (Option<String>, WireError)>>,
}

/// Decodes a request body `{"key": "...", "summaries": [...]}`.
pub fn decode_batch(bytes: &[u8]) -> Result<Batch, WireError> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| WireError::new("", format!("not valid JSON ({})", e.classify_name())))?;
    let obj = as_object(&v, "")?;
    only_keys(obj, "", &["key", "summaries"])?;
    let key = match obj.get("key") {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 256 => s.clone(),
        Some(_) => {
            return Err(WireError::new(
                "key",
                "expected a non-empty string of at most 256 bytes",
            ))
        }
        None => return Err(WireError::new("key", "missing")),
    };
    let items = match obj.get("summaries") {
        Some(Value::Array(a)) => a,
        Some(_) => return Err(WireError::new("summaries", "expected an array")),
        None => return Err(WireError::new("summaries", "missing")),
    };
    if items.is_empty() || items.len() > MAX_SUMMARIES_PER_BATCH {
        return Err(WireError::new(
            "summaries",
            format!("expected 1 to {MAX_SUMMARIES_PER_BATCH} summaries"),
        ));
    }
    let summaries = items
        .iter()
        .map(|item| {
            decode_value(item).map_err(|e| {
                let id = item
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(SummaryId::parse);
                (id.map(SummaryId::to_hex), e)
            })
        })
        .collect();
    Ok(Batch { key, summaries })
}

/// Decodes one summary's wire bytes.
pub fn decode(bytes: &[u8]) -> Result<Summary, WireError> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| WireError::new("", format!("not valid JSON ({})", e.classify_name())))?;
    decode_value(&v)
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}

fn as_object<'a>(v: &'a Value, field: &str) -> Result<&'a Map<String, Value>, WireError> {
    v.as_object()
        .ok_or_else(|| WireError::new(field, "expected an object"))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn only_keys(obj: &Map<String, Value>, prefix: &str, allowed: &[&str]) -> Result<(), WireError> {
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        // Never echo an unknown key verbatim: it could itself be personal data.
        let shown: String = if k.len() <= 32 && redact(k).as_str() == k {
            k.clone()
        } else {
            "(unprintable)".into()
        };
        return Err(WireError::new(join(prefix, &shown), "unknown field"));
    }
    Ok(())
}

struct Fields<'a> {
    obj: &'a Map<String, Value>,
    prefix: &'a str,
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Result<&'a Value, WireError> {
        self.obj
            .get(key)
            .ok_or_else(|| WireError::new(join(self.prefix, key), "missing"))
    }
    fn str(&self, key: &str) -> Result<&'a str, WireError> {
        self.get(key)?
            .as_str()
            .ok_or_else(|| WireError::new(join(self.prefix, key), "expected a string"))
    }
    fn uint(&self, key: &str, max: u64) -> Result<u64, WireError> {
        match self.get(key)?.as_u64() {
            Some(n) if n <= max => Ok(n),
            _ => Err(WireError::new(
                join(self.prefix, key),
                format!("expected an integer from 0 to {max}"),
            )),
        }
    }
    fn count(&self, key: &str) -> Result<u32, WireError> {
        self.uint(key, MAX_COUNT).map(|n| n as u32)
    }
    fn quantised(&self, key: &str) -> Result<Quantised, WireError> {
        let n = self.uint(key, MAX_COUNT)?;
        Quantised::from_wire(n as u32)
            .ok_or_else(|| WireError::new(join(self.prefix, key), "not on the quantisation grid"))
    }
    fn bucket<B>(&self, key: &str, from: fn(u32) -> Option<B>) -> Result<B, WireError> {
        let n = self.uint(key, u64::from(u32::MAX))?;
        from(n as u32)
            .ok_or_else(|| WireError::new(join(self.prefix, key), "not a bucket boundary"))
    }
    fn parsed<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<T, WireError> {
        parse(self.str(key)?)
            .ok_or_else(|| WireError::new(join(self.prefix, key), format!("expected {expected}")))
    }
    fn object(&self, key: &str, allowed: &[&str]) -> Result<&'a Map<String, Value>, WireError> {
        let path = join(self.prefix, key);
        let obj = as_object(self.get(key)?, &path)?;
        only_keys(obj, &path, allowed)?;
        Ok(obj)
    }
}

/// The tripwire: a string becomes [`Redacted`] only if redacting it changes nothing, which is
/// when the redactor finds nothing in it (placeholders match no detector). One pass of the
/// redactor for a clean string; a refused one is scanned again to name the kind.
fn checked_text(text: &str, field: &str) -> Result<Redacted, WireError> {
    let r = redact(text);
    if r.as_str() == text {
        return Ok(r);
    }
    Err(WireError::new(
        field,
        match scan(text).first() {
            Some(f) => format!("looks like personal data ({})", f.kind.name()),
            None => "looks like personal data".to_owned(),
        },
    ))
}

fn route_shape_ok(route: &str) -> bool {
    route.starts_with('/')
        && route.len() <= MAX_ROUTE_LEN
        && route
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/:-_.".contains(&b))
}

/// Whether a route holds a run of 4 or more digits: an identifier (an account, a card, a phone
/// number) that templating should have turned into `:id`. Route words and template names never
/// need one (`/v2` is fine; `/2026` is not).
fn route_has_identifier(route: &str) -> bool {
    route
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 4)
}

const ENVELOPE: &[&str] = &[
    "v", "id", "subject", "app", "start", "minutes", "route", "purpose", "policy", "consent",
    "dropped", "data",
];

fn decode_value(v: &Value) -> Result<Summary, WireError> {
    let obj = as_object(v, "")?;
    let top = Fields { obj, prefix: "" };
    let version = top.uint("v", u64::from(u32::MAX))?;
    if !accepts_version(version) {
        return Err(WireError::new(
            "v",
            format!("schema version {version} is not accepted"),
        ));
    }
    only_keys(obj, "", ENVELOPE)?;
    let id = top.parsed("id", SummaryId::parse, "32 lower-case hex digits")?;
    let subject = top.parsed("subject", SubjectId::parse, "32 lower-case hex digits")?;
    let app = top.parsed("app", AppName::parse, "an app slug (a-z, 0-9, -)")?;
    let minutes = top.uint("minutes", 1440)?;
    let window = WindowLength::from_minutes(minutes as u32)
        .ok_or_else(|| WireError::new("minutes", "expected 1 to 1440 dividing a day"))?;
    let start = top.uint("start", u64::MAX / 1000)?;
    if start % window.seconds() != 0 {
        return Err(WireError::new("start", "not truncated to the window"));
    }
    let route_text = top.str("route")?;
    if !route_shape_ok(route_text) {
        return Err(WireError::new(
            "route",
            "expected a route template: /, a-z, 0-9, : - _ . (at most 200 bytes)",
        ));
    }
    if route_has_identifier(route_text) {
        return Err(WireError::new(
            "route",
            "holds a run of 4 or more digits: an identifier, which must be templated as :id",
        ));
    }
    let route = checked_text(route_text, "route")?;
    let purpose = top.parsed(
        "purpose",
        Purpose::parse,
        "interaction, typing, pointer or navigation",
    )?;
    let policy = top.parsed("policy", PolicyHash::parse, "16 lower-case hex digits")?;
    let consent = top.parsed("consent", ConsentSource::parse, "dialog or host")?;
    let dropped = top.count("dropped")?;
    let metrics = decode_metrics(&top, purpose)?;
    let envelope = Envelope {
        id,
        subject,
        app,
        at_ms: start * 1000,
        window,
        route,
        policy,
        consent,
        dropped,
    };
    Ok(Summary::new(envelope, metrics))
}

fn decode_metrics(top: &Fields<'_>, purpose: Purpose) -> Result<Metrics, WireError> {
    Ok(match purpose {
        Purpose::Interaction => {
            let keys = [
                "clicks",
                "submits",
                "focus_changes",
                "copies",
                "cuts",
                "pastes",
                "private",
                "active_s",
                "scroll_depth",
                "targets",
            ];
            let d = Fields {
                obj: top.object("data", &keys)?,
                prefix: "data",
            };
            let targets = match d.get("targets")? {
                Value::Array(a) if a.len() <= MAX_TARGETS => a,
                _ => {
                    return Err(WireError::new(
                        "data.targets",
                        format!("expected an array of at most {MAX_TARGETS}"),
                    ))
                }
            };
            let mut decoded = Vec::with_capacity(targets.len());
            for (n, t) in targets.iter().enumerate() {
                let path = format!("data.targets[{n}]");
                let obj = as_object(t, &path)?;
                only_keys(obj, &path, &["label", "clicks"])?;
                let tf = Fields { obj, prefix: &path };
                let label_path = format!("{path}.label");
                let label = tf.str("label")?;
                if label.is_empty()
                    || label.chars().count() > MAX_LABEL_CHARS
                    || label.chars().any(char::is_control)
                {
                    return Err(WireError::new(
                        label_path,
                        format!("expected 1 to {MAX_LABEL_CHARS} printable characters"),
                    ));
                }
                decoded.push(Target {
                    label: checked_text(label, &label_path)?,
                    clicks: tf.count("clicks")?,
                });
            }
            Metrics::Interaction(Interaction {
                clicks: d.count("clicks")?,
                submits: d.count("submits")?,
                focus_changes: d.count("focus_changes")?,
                copies: d.count("copies")?,
                cuts: d.count("cuts")?,
                pastes: d.count("pastes")?,
                private: d.count("private")?,
                active: d.bucket("active_s", SecondsBucket::from_wire)?,
                scroll_depth: d.bucket("scroll_depth", DepthBucket::from_wire)?,
                targets: decoded,
            })
        }
        Purpose::Typing => {
            let d = Fields {
                obj: top.object("data", &["keys", "inputs", "private"])?,
                prefix: "data",
            };
            let k = Fields {
                obj: d.object(
                    "keys",
                    &["character", "edit", "navigation", "modifier", "shortcut"],
                )?,
                prefix: "data.keys",
            };
            let i = Fields {
                obj: d.object(
                    "inputs",
                    &["insert", "delete", "paste", "history", "format", "other"],
                )?,
                prefix: "data.inputs",
            };
            Metrics::Typing(Typing {
                keys: KeyCounts {
                    character: k.quantised("character")?,
                    edit: k.quantised("edit")?,
                    navigation: k.quantised("navigation")?,
                    modifier: k.quantised("modifier")?,
                    shortcut: k.quantised("shortcut")?,
                },
                inputs: InputCounts {
                    insert: i.quantised("insert")?,
                    delete: i.quantised("delete")?,
                    paste: i.quantised("paste")?,
                    history: i.quantised("history")?,
                    format: i.quantised("format")?,
                    other: i.quantised("other")?,
                },
                private: d.quantised("private")?,
            })
        }
        Purpose::Pointer => {
            let d = Fields {
                obj: top.object("data", &["distance_px"])?,
                prefix: "data",
            };
            Metrics::Pointer(Pointer {
                distance: d.bucket("distance_px", DistanceBucket::from_wire)?,
            })
        }
        Purpose::Navigation => {
            let keys = ["page_views", "route_changes", "hides", "visible_s"];
            let d = Fields {
                obj: top.object("data", &keys)?,
                prefix: "data",
            };
            Metrics::Navigation(Navigation {
                page_views: d.count("page_views")?,
                route_changes: d.count("route_changes")?,
                hides: d.count("hides")?,
                visible: d.bucket("visible_s", SecondsBucket::from_wire)?,
            })
        }
    })
}
