//! The wire format: the one module that knows how a [`Summary`] is written as JSON (and, with
//! the `decode` feature, how the collector reads it back strictly), plus the data dictionary
//! that lists every field that can leave the device.
//!
//! The writer is hand-written: it costs far fewer bytes in the SDK than serde_json, and the
//! field names and order live in exactly one place.

use crate::purpose::Purpose;
use crate::summary::{Metrics, Summary};

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The oldest schema version the collector still accepts: the current one and the one before
/// it, so an outbox written by the previous SDK release is delivered after a deploy.
pub const OLDEST_ACCEPTED_VERSION: u32 = if SCHEMA_VERSION > 1 {
    SCHEMA_VERSION - 1
} else {
    1
};

/// The most summaries one request may carry (the SDK's batches and the collector agree).
pub const MAX_SUMMARIES_PER_BATCH: usize = 200;

/// Whether the collector accepts summaries written with schema `version`.
pub fn accepts_version(version: u64) -> bool {
    (u64::from(OLDEST_ACCEPTED_VERSION)..=u64::from(SCHEMA_VERSION)).contains(&version)
}

/// Writes `s` as a JSON string literal (with quotes), escaping what JSON requires.
fn push_str_literal(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(DIGITS[((n >> shift) & 15) as usize]));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A tiny writer for one JSON object with keys in a fixed order.
struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    fn open(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }
    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        // Keys are this module's own identifiers: nothing to escape.
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
        self.out
    }
    fn num(&mut self, k: &str, v: u64) {
        crate::text::push_decimal(self.key(k), v);
    }
    fn str(&mut self, k: &str, v: &str) {
        let out = self.key(k);
        push_str_literal(out, v);
    }
    fn close(self) {
        self.out.push('}');
    }
}

/// Writes one summary as its wire bytes (compact JSON, fixed key order).
pub fn encode(s: &Summary) -> String {
    let mut out = String::with_capacity(512);
    let mut o = Obj::open(&mut out);
    o.num("v", u64::from(SCHEMA_VERSION));
    o.str("id", &s.id.to_hex());
    o.str("subject", &s.subject.to_hex());
    o.str("app", s.app.as_str());
    o.num("start", s.window_start());
    o.num("minutes", u64::from(s.window.minutes()));
    o.str("route", s.route.as_str());
    o.str("purpose", s.purpose().as_str());
    o.str("policy", &s.policy.to_hex());
    o.str("consent", s.consent.as_str());
    o.num("dropped", u64::from(s.dropped));
    write_metrics(o.key("data"), &s.metrics);
    o.close();
    out
}

fn write_metrics(out: &mut String, m: &Metrics) {
    let mut o = Obj::open(out);
    match m {
        Metrics::Interaction(i) => {
            o.num("clicks", i.clicks.into());
            o.num("submits", i.submits.into());
            o.num("focus_changes", i.focus_changes.into());
            o.num("copies", i.copies.into());
            o.num("cuts", i.cuts.into());
            o.num("pastes", i.pastes.into());
            o.num("private", i.private.into());
            o.num("active_s", i.active.get().into());
            o.num("scroll_depth", i.scroll_depth.get().into());
            let out = o.key("targets");
            out.push('[');
            for (n, t) in i.targets.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                let mut t_obj = Obj::open(out);
                t_obj.str("label", t.label.as_str());
                t_obj.num("clicks", t.clicks.into());
                t_obj.close();
            }
            out.push(']');
        }
        Metrics::Typing(t) => {
            let mut k = Obj::open(o.key("keys"));
            k.num("character", t.keys.character.get().into());
            k.num("edit", t.keys.edit.get().into());
            k.num("navigation", t.keys.navigation.get().into());
            k.num("modifier", t.keys.modifier.get().into());
            k.num("shortcut", t.keys.shortcut.get().into());
            k.close();
            let mut i = Obj::open(o.key("inputs"));
            i.num("insert", t.inputs.insert.get().into());
            i.num("delete", t.inputs.delete.get().into());
            i.num("paste", t.inputs.paste.get().into());
            i.num("history", t.inputs.history.get().into());
            i.num("format", t.inputs.format.get().into());
            i.num("other", t.inputs.other.get().into());
            i.close();
            o.num("private", t.private.get().into());
        }
        Metrics::Pointer(p) => o.num("distance_px", p.distance.get().into()),
        Metrics::Navigation(n) => {
            o.num("page_views", n.page_views.into());
            o.num("route_changes", n.route_changes.into());
            o.num("hides", n.hides.into());
            o.num("visible_s", n.visible.get().into());
        }
    }
    o.close();
}

/// Writes a request body: the ingest key and already-encoded summaries, verbatim.
pub fn encode_batch<'a>(ingest_key: &str, summaries: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::with_capacity(1024);
    let mut o = Obj::open(&mut out);
    o.str("key", ingest_key);
    let list = o.key("summaries");
    list.push('[');
    for (n, s) in summaries.into_iter().enumerate() {
        if n > 0 {
            list.push(',');
        }
        list.push_str(s);
    }
    list.push(']');
    o.close();
    out
}

/// One entry of the data dictionary: a field that can leave the device.
#[derive(Clone, Copy, Debug)]
pub struct FieldDoc {
    /// JSON path inside a summary (`data.keys.character`; `[]` marks array elements).
    pub path: &'static str,
    /// The purpose that unlocks it; `None` for the envelope every summary carries.
    pub purpose: Option<Purpose>,
    /// Its type on the wire.
    pub ty: &'static str,
    /// What it means, in plain words.
    pub meaning: &'static str,
    /// An example value, as it appears in JSON.
    pub example: &'static str,
}

const fn f(
    path: &'static str,
    purpose: Option<Purpose>,
    ty: &'static str,
    meaning: &'static str,
    example: &'static str,
) -> FieldDoc {
    FieldDoc {
        path,
        purpose,
        ty,
        meaning,
        example,
    }
}

const I: Option<Purpose> = Some(Purpose::Interaction);
const T: Option<Purpose> = Some(Purpose::Typing);
const P: Option<Purpose> = Some(Purpose::Pointer);
const N: Option<Purpose> = Some(Purpose::Navigation);
const Q: &str = "quantised count (0, else steps of 5 to 100, 25 to 1000, 100 beyond; min 5)";

/// Every field that can leave the device. A test checks it against what [`encode`] writes.
pub const DICTIONARY: &[FieldDoc] = &[
    f("v", None, "integer", "Schema version of this summary.", "1"),
    f("id", None, "32 hex digits", "Random id given to the summary when it was created; retries reuse it so the collector stores it once.", "\"8f0c2e7b9a1d4f3e8c6b5a4d3e2f1a0b\""),
    f("subject", None, "32 hex digits", "Daily pseudonym: HMAC-SHA-256 of a secret kept only on the device over (app, UTC day), truncated. Rotates every day; differs per app.", "\"4b1d9e0f2a3c5e7f9a1b3c5d7e9f1a2b\""),
    f("app", None, "slug", "The application the host configured.", "\"ticket-desk\""),
    f("start", None, "Unix seconds", "Start of the window, truncated to the window length. The only timestamp on the wire.", "1795774500"),
    f("minutes", None, "integer (1 to 1440, divides a day)", "Window length.", "15"),
    f("route", None, "redacted string", "Route template: host-declared template or known route words, every other segment `:id`; no query, no fragment.", "\"/tickets/:id\""),
    f("purpose", None, "enum: interaction, typing, pointer, navigation", "The purpose the person granted that unlocks the `data` fields.", "\"typing\""),
    f("policy", None, "16 hex digits", "Hash of the consent policy in force (purposes, texts, retention, endpoint).", "\"a3f1c9e07b2d4e6f\""),
    f("consent", None, "enum: dialog, host", "Where the consent came from: the SDK's own dialog, or the host through setConsent.", "\"dialog\""),
    f("dropped", None, "integer", "Summaries the bounded outbox had to drop (oldest first) since the last one sent.", "0"),
    f("data.clicks", I, "integer", "Clicks and taps.", "42"),
    f("data.submits", I, "integer", "Form submissions.", "3"),
    f("data.focus_changes", I, "integer", "Focus moves between elements.", "17"),
    f("data.copies", I, "integer", "Copy actions (never the copied content).", "1"),
    f("data.cuts", I, "integer", "Cut actions (never the content).", "0"),
    f("data.pastes", I, "integer", "Paste actions (never the content).", "2"),
    f("data.private", I, "integer", "Interactions inside private elements (password, card, one-time-code fields, `[data-ac-private]`), counted only.", "4"),
    f("data.active_s", I, "seconds bucket (0, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800)", "Time with activity in the window, lower bound of its bucket.", "600"),
    f("data.scroll_depth", I, "percent bucket (0, 25, 50, 75, 100)", "Deepest scroll position reached.", "75"),
    f("data.targets[].label", I, "redacted string", "Label of a most-clicked element, from `data-ac-label` (or an opted-in attribute), through the redactor. At most 5 targets.", "\"Assign ticket\""),
    f("data.targets[].clicks", I, "integer", "Clicks on that element.", "9"),
    f("data.keys.character", T, Q, "Key presses that produce a character (which character is never read).", "350"),
    f("data.keys.edit", T, Q, "Backspace, Delete and similar.", "40"),
    f("data.keys.navigation", T, Q, "Arrows, Home/End, Page keys, Tab, Enter, Escape.", "25"),
    f("data.keys.modifier", T, Q, "Shift, Control, Alt, Meta pressed alone.", "10"),
    f("data.keys.shortcut", T, Q, "Key combinations with Control, Alt or Meta.", "5"),
    f("data.inputs.insert", T, Q, "Typed insertions (by inputType; the field's value is never read).", "325"),
    f("data.inputs.delete", T, Q, "Deletions.", "40"),
    f("data.inputs.paste", T, Q, "Pasted or dropped insertions.", "5"),
    f("data.inputs.history", T, Q, "Undo and redo.", "0"),
    f("data.inputs.format", T, Q, "Formatting changes.", "0"),
    f("data.inputs.other", T, Q, "Any other input type.", "0"),
    f("data.private", T, Q, "Typing events in private fields, counted only.", "15"),
    f("data.distance_px", P, "pixel bucket (0, 100, 300, 1000, 3000, 10000, 30000, 100000, 300000, 1000000)", "Pointer distance moved in the window; never coordinates or trails.", "30000"),
    f("data.page_views", N, "integer", "Page loads and back/forward-cache restores.", "2"),
    f("data.route_changes", N, "integer", "In-app route changes.", "11"),
    f("data.hides", N, "integer", "Times the page was hidden, while navigation was granted.", "3"),
    f("data.visible_s", N, "seconds bucket (as active_s)", "Time the page was visible while navigation was granted and capture was not paused.", "900"),
];

/// The data dictionary as Markdown (the committed `docs/DATA-DICTIONARY.md` is checked against
/// it by a test).
pub fn dictionary_markdown() -> String {
    let mut md = String::from(
        "# Data dictionary\n\n\
         Generated from `crates/core/src/wire/mod.rs` (`DICTIONARY`); a test fails when this file and \
         the code disagree. Regenerate with `UPDATE_DICTIONARY=1 cargo test -p activity-capture-core`.\n\n\
         These are **all** the fields that can leave the device. A summary carries the envelope \
         and the `data` fields of exactly one purpose, and only if the person granted that purpose. \
         Nothing else is ever sent: no key values, field values, text, titles, URLs with query or \
         fragment, coordinates, or timings finer than the window.\n\n",
    );
    md.push_str(&format!("Schema version: {SCHEMA_VERSION}. The collector accepts versions {OLDEST_ACCEPTED_VERSION} to {SCHEMA_VERSION}.\n\n"));
    md.push_str("| field | unlocked by | type | meaning | example |\n|---|---|---|---|---|\n");
    for d in DICTIONARY {
        let purpose = d
            .purpose
            .map_or("every summary (envelope)", Purpose::as_str);
        md.push_str(&format!(
            "| `{}` | {} | {} | {} | `{}` |\n",
            d.path, purpose, d.ty, d.meaning, d.example
        ));
    }
    md
}

pub mod example;

#[cfg(feature = "decode")]
mod decode;
#[cfg(feature = "decode")]
pub use decode::{decode, decode_batch, Batch, WireError};

#[cfg(test)]
pub(crate) mod tests;
