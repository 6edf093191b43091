//! Init options: the untyped tree the page passes to `ActivityCapture.init`, validated into a
//! [`Config`]. Every refusal names the option and what was expected, so a host engineer can fix
//! it at once; validation happens here, natively tested, and the SDK shell only converts the JS
//! object into an [`OptionValue`] tree.

use std::fmt;

use crate::id::PolicyHash;
use crate::purpose::Purpose;
use crate::summary::AppName;
use crate::text::{
    char_count, concat, contains_byte, decimal, push_decimal, rsplit_once_byte, split_byte,
    split_once, trim_end_byte,
};
use crate::window::WindowLength;

/// A JS value as the options reader sees it, before validation.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<OptionValue>),
    /// A plain object, with its own enumerable keys in order.
    Map(Vec<(String, OptionValue)>),
    /// Anything else (a function, a symbol, a bigint...), by its JS type name.
    Other(&'static str),
}

impl OptionValue {
    fn type_name(&self) -> &'static str {
        match self {
            OptionValue::Null => "null",
            OptionValue::Bool(_) => "a boolean",
            OptionValue::Number(_) => "a number",
            OptionValue::Str(_) => "a string",
            OptionValue::List(_) => "an array",
            OptionValue::Map(_) => "an object",
            OptionValue::Other(t) => t,
        }
    }
}

/// Why init options were refused: which option, what was expected, what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    /// The option's path, e.g. `windowMinutes` or `purposes.typing`.
    pub option: String,
    /// What the option must be.
    pub expected: String,
    /// What was given instead (a type or a short description, never the value itself).
    pub found: String,
}

impl OptionError {
    /// The full message: ``activity-capture: option `<option>`: expected <expected>, got <found>``.
    /// Built by concatenation, so the SDK needs no formatting machinery for it.
    pub fn message(&self) -> String {
        concat(&[
            "activity-capture: option `",
            &self.option,
            "`: expected ",
            &self.expected,
            ", got ",
            &self.found,
        ])
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for OptionError {}

#[inline(never)]
fn refuse(option: &str, expected: &str, found: &str) -> OptionError {
    OptionError {
        option: option.to_owned(),
        expected: expected.to_owned(),
        found: found.to_owned(),
    }
}

/// Element attributes a label may be read from (always through the redactor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSource {
    /// `data-ac-label`: the default, written by the host for this purpose.
    DataAcLabel,
    /// `aria-label`: only if the host opts in.
    AriaLabel,
    /// `title`: only if the host opts in.
    Title,
}

impl LabelSource {
    /// The attribute name.
    pub fn attribute(self) -> &'static str {
        match self {
            LabelSource::DataAcLabel => "data-ac-label",
            LabelSource::AriaLabel => "aria-label",
            LabelSource::Title => "title",
        }
    }
}

/// The words shown to the person for one purpose, and an optional shorter retention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurposeText {
    /// The purpose.
    pub purpose: Purpose,
    /// Plain-language text: why the host wants this.
    pub text: String,
    /// Days the collector may keep the person's rows for it, if shorter than its default.
    pub retention_days: Option<u32>,
}

/// Validated SDK configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The collector's base URL (`https://collector.internal`), no trailing slash.
    pub endpoint: String,
    /// The application's name.
    pub app: AppName,
    /// The public ingest key (write-only).
    pub ingest_key: String,
    /// The purposes the host asks for, in `Purpose::ALL` order.
    pub purposes: Vec<PurposeText>,
    /// Window length.
    pub window: WindowLength,
    /// Host-declared route templates (`/tickets/:id`), tried before the route-word rule.
    pub routes: Vec<String>,
    /// Extra route words the host allows in addition to the built-in vocabulary.
    pub route_words: Vec<String>,
    /// Whether the fragment is the route (hash-routed single-page apps).
    pub hash_routing: bool,
    /// Attributes labels may come from.
    pub label_from: Vec<LabelSource>,
    /// Whether to show the SDK's own consent dialog when consent is needed.
    pub dialog: bool,
    /// Accept untrusted (script-made) events: for tests and benchmarks only.
    pub accept_untrusted: bool,
    /// Console diagnostics.
    pub debug: bool,
    /// Replacement words for the SDK's own dialog and panel, by key (see [`TEXT_KEYS`]).
    pub texts: Vec<(&'static str, String)>,
    /// Whether the host gave an `onConsentChange` function. The shell keeps the function; the
    /// core only checks that it is one.
    pub on_consent_change: bool,
    /// Whether the host gave an `onSend` function (counts and sizes only).
    pub on_send: bool,
    /// Whether the SDK adds a small launcher button for its transparency panel.
    pub panel: bool,
}

/// The option names `init` accepts, for error messages and documentation.
pub const OPTION_NAMES: &[&str] = &[
    "endpoint",
    "app",
    "ingestKey",
    "purposes",
    "windowMinutes",
    "routes",
    "routeWords",
    "hashRouting",
    "labelFrom",
    "dialog",
    "acceptUntrusted",
    "debug",
    "texts",
    "onConsentChange",
    "onSend",
    "panel",
    "wasmUrl",
];

/// The keys of the `texts` option: the words of the SDK's own dialog and panel a host may
/// replace (e.g. to translate them). The dialog's (`title` … `allowAll`), the panel launcher's
/// (`panelButton`), the panel's framing words, short names of the purposes, and the plain
/// description of each `data` field of the data dictionary (by its path under `data`; the
/// `targets` entry describes one most-clicked element). The defaults live in `js/dialog.js`,
/// `js/facade.js` and `js/panel.js`; a test checks them, the README and the types against this.
/// One string of space-separated keys (a list of slices costs the SDK more bytes).
pub const TEXT_KEYS: &str = "title changeTitle intro refuse allowSelected allowAll panelButton \
    panelTitle close pause resume changeConsent export forget forgetConfirm statusOn statusPaused \
    statusOff next sent held nextEmpty sentEmpty heldEmpty asking askFailed count more window \
    envelope what value zeros json \
    interaction typing pointer navigation \
    clicks submits focus_changes copies cuts pastes private active_s scroll_depth targets \
    keys.character keys.edit keys.navigation keys.modifier keys.shortcut inputs.insert \
    inputs.delete inputs.paste inputs.history inputs.format inputs.other distance_px page_views \
    route_changes hides visible_s";

/// The longest replacement text, in characters.
const MAX_TEXT: usize = 300;

/// Reads the `texts` option: an object of known keys and strings of at most 300 characters.
fn texts(v: &OptionValue) -> Result<Vec<(&'static str, String)>, OptionError> {
    let OptionValue::Map(entries) = v else {
        return Err(refuse(
            "texts",
            "an object of dialog and panel texts such as { title, intro, refuse }",
            v.type_name(),
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, value) in entries {
        let Some(key) = split_byte(TEXT_KEYS, b' ').find(|t| *t == k.as_str()) else {
            let mut expected = String::from("one of the known texts (");
            for (i, t) in split_byte(TEXT_KEYS, b' ').enumerate() {
                if i > 0 {
                    expected.push_str(", ");
                }
                expected.push_str(t);
            }
            expected.push(')');
            return Err(refuse(
                &concat(&["texts.", short(k)]),
                &expected,
                "an unknown text",
            ));
        };
        let option = concat(&["texts.", key]);
        let expected = "a non-empty string of at most 300 characters";
        let text = string(value, &option, expected)?;
        let len = char_count(text);
        if len == 0 || len > MAX_TEXT {
            return Err(refuse(&option, expected, "a string of another length"));
        }
        out.push((key, text.to_owned()));
    }
    Ok(out)
}

/// Checks a host callback option: a function, or absent. Only its presence is kept.
fn callback(v: Option<&OptionValue>, option: &str) -> Result<bool, OptionError> {
    match v {
        None => Ok(false),
        Some(OptionValue::Other("a function")) => Ok(true),
        Some(other) => Err(refuse(option, "a function", other.type_name())),
    }
}

const MAX_PURPOSE_TEXT: usize = 500;
const MAX_RETENTION_DAYS: u32 = 31;
const MAX_LIST: usize = 500;

fn string<'a>(v: &'a OptionValue, option: &str, expected: &str) -> Result<&'a str, OptionError> {
    match v {
        OptionValue::Str(s) => Ok(s),
        other => Err(refuse(option, expected, other.type_name())),
    }
}

fn boolean(v: &OptionValue, option: &str) -> Result<bool, OptionError> {
    match v {
        OptionValue::Bool(b) => Ok(*b),
        other => Err(refuse(option, "true or false", other.type_name())),
    }
}

fn integer(v: &OptionValue, option: &str, expected: &str) -> Result<u32, OptionError> {
    match v {
        OptionValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
            Ok(*n as u32)
        }
        OptionValue::Number(_) => Err(refuse(
            option,
            expected,
            "a number out of range or not whole",
        )),
        other => Err(refuse(option, expected, other.type_name())),
    }
}

fn list<'a>(
    v: &'a OptionValue,
    option: &str,
    expected: &str,
) -> Result<&'a [OptionValue], OptionError> {
    match v {
        OptionValue::List(items) if items.len() <= MAX_LIST => Ok(items),
        OptionValue::List(items) => {
            let mut found = decimal(items.len() as u64);
            found.push_str(" items (at most ");
            push_decimal(&mut found, MAX_LIST as u64);
            found.push(')');
            Err(refuse(option, expected, &found))
        }
        other => Err(refuse(option, expected, other.type_name())),
    }
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.starts_with("127.")
}

/// `wasmUrl`: where to fetch the SDK's WebAssembly from, when not beside its script (e.g. from
/// the collector, for a page whose CSP lets it reach only the collector).
fn wasm_url(v: &OptionValue) -> Result<(), OptionError> {
    const EXPECTED: &str = "the URL of activity_capture_bg.wasm: an http(s):// URL or a path";
    let s = string(v, "wasmUrl", EXPECTED)?;
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(
            "wasmUrl",
            EXPECTED,
            "an empty string or one with spaces",
        ));
    }
    match split_once(s, ":") {
        Some((scheme, _))
            if !contains_byte(scheme, b'/') && scheme != "https" && scheme != "http" =>
        {
            Err(refuse(
                "wasmUrl",
                EXPECTED,
                &concat(&["a ", scheme, ": URL"]),
            ))
        }
        _ => Ok(()),
    }
}

/// An absolute `https://` URL (or `http://` to a loopback host), no credentials, query or
/// fragment. Returns it without a trailing slash.
fn endpoint(v: &OptionValue) -> Result<String, OptionError> {
    const EXPECTED: &str = "an https:// URL of the collector (http:// only for localhost), without credentials, query or fragment";
    let s = string(v, "endpoint", EXPECTED)?;
    let (scheme, rest) = split_once(s, "://")
        .ok_or_else(|| refuse("endpoint", EXPECTED, "a string that is not an absolute URL"))?;
    let authority = split_byte(rest, b'/').next().unwrap_or_default();
    let host = match rsplit_once_byte(authority, b':') {
        Some((h, port)) if !h.ends_with(']') || authority.starts_with('[') => {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else if authority.starts_with('[') && authority.ends_with(']') {
                authority
            } else {
                return Err(refuse("endpoint", EXPECTED, "a URL with an invalid port"));
            }
        }
        _ => authority,
    };
    let scheme_ok = scheme == "https" || (scheme == "http" && is_loopback_host(host));
    if !scheme_ok {
        return Err(refuse(
            "endpoint",
            EXPECTED,
            &concat(&["a ", scheme, ":// URL"]),
        ));
    }
    if host.is_empty() || contains_byte(authority, b'@') {
        return Err(refuse(
            "endpoint",
            EXPECTED,
            "a URL without a host or with credentials",
        ));
    }
    if contains_byte(s, b'?')
        || contains_byte(s, b'#')
        || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(refuse(
            "endpoint",
            EXPECTED,
            "a URL with a query, fragment or spaces",
        ));
    }
    Ok(trim_end_byte(s, b'/').to_owned())
}

fn ingest_key(v: &OptionValue) -> Result<String, OptionError> {
    const EXPECTED: &str =
        "the app's ingest key: 8 to 256 printable ASCII characters without spaces";
    let s = string(v, "ingestKey", EXPECTED)?;
    let ok = (8..=256).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    if ok {
        Ok(s.to_owned())
    } else {
        let mut found = String::from("a string of ");
        push_decimal(&mut found, char_count(s) as u64);
        found.push_str(" characters not of that form");
        Err(refuse("ingestKey", EXPECTED, &found))
    }
}

fn purposes(v: &OptionValue) -> Result<Vec<PurposeText>, OptionError> {
    let expected = "an object mapping purposes (interaction, typing, pointer, navigation) to the text shown to the person, or to { text, retentionDays }";
    let entries = match v {
        OptionValue::Map(entries) if !entries.is_empty() => entries,
        OptionValue::Map(_) => return Err(refuse("purposes", expected, "an empty object")),
        other => return Err(refuse("purposes", expected, other.type_name())),
    };
    let mut out: Vec<PurposeText> = Vec::new();
    for (key, value) in entries {
        let Some(purpose) = Purpose::parse(key) else {
            let shown = if key.len() <= 32
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                key.as_str()
            } else {
                "(a key)"
            };
            return Err(refuse(
                &concat(&["purposes.", shown]),
                "one of interaction, typing, pointer, navigation",
                "an unknown purpose",
            ));
        };
        let option = concat(&["purposes.", key]);
        let text_expected = "a non-empty text of at most 500 characters explaining the purpose";
        let (text, retention_days) = match value {
            OptionValue::Str(text) => (text.as_str(), None),
            OptionValue::Map(fields) => {
                let mut text = None;
                let mut retention = None;
                for (k, v) in fields {
                    match k.as_str() {
                        "text" => {
                            text = Some(string(v, &concat(&[&option, ".text"]), text_expected)?)
                        }
                        "retentionDays" => {
                            let o = concat(&[&option, ".retentionDays"]);
                            let e = "an integer number of days from 1 to 31";
                            let d = integer(v, &o, e)?;
                            if !(1..=MAX_RETENTION_DAYS).contains(&d) {
                                return Err(refuse(&o, e, &decimal(d.into())));
                            }
                            retention = Some(d);
                        }
                        _ => {
                            return Err(refuse(
                                &concat(&[&option, ".", short(k)]),
                                "only `text` and `retentionDays`",
                                "an unknown key",
                            ))
                        }
                    }
                }
                let text = text.ok_or_else(|| {
                    refuse(&concat(&[&option, ".text"]), text_expected, "nothing")
                })?;
                (text, retention)
            }
            other => return Err(refuse(&option, text_expected, other.type_name())),
        };
        let trimmed = text.trim();
        let chars = char_count(trimmed);
        if trimmed.is_empty() || chars > MAX_PURPOSE_TEXT {
            let mut found = decimal(chars as u64);
            found.push_str(" characters");
            return Err(refuse(&option, text_expected, &found));
        }
        out.push(PurposeText {
            purpose,
            text: trimmed.to_owned(),
            retention_days,
        });
    }
    // Wire order, without pulling a sort into the SDK.
    Ok(Purpose::ALL
        .iter()
        .filter_map(|p| {
            out.iter()
                .position(|t| t.purpose == *p)
                .map(|i| out[i].clone())
        })
        .collect())
}

fn short(key: &str) -> &str {
    if key.len() <= 32
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    {
        key
    } else {
        "(a key)"
    }
}

/// `name[n]`, the path of a list item.
fn indexed(name: &str, n: usize) -> String {
    let mut s = String::from(name);
    s.push('[');
    push_decimal(&mut s, n as u64);
    s.push(']');
    s
}

fn is_route_word(w: &str) -> bool {
    !w.is_empty() && w.len() <= 40 && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

fn route_templates(v: &OptionValue) -> Result<Vec<String>, OptionError> {
    const EXPECTED: &str =
        "an array of route templates like \"/tickets/:id\" (segments of a-z, 0-9, - _ . or :name)";
    let mut out = Vec::new();
    for (n, item) in list(v, "routes", EXPECTED)?.iter().enumerate() {
        let option = indexed("routes", n);
        let t = string(item, &option, EXPECTED)?;
        let segment_ok = |s: &str| match s.strip_prefix(":") {
            Some(name) => {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            }
            None => {
                !s.is_empty()
                    && s.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b)
                    })
            }
        };
        let ok = t == "/"
            || (t.len() <= 200
                && t.strip_prefix("/").is_some_and(|rest| {
                    split_byte(trim_end_byte(rest, b'/'), b'/').all(segment_ok)
                }));
        if !ok {
            return Err(refuse(&option, EXPECTED, "a string not of that form"));
        }
        out.push(t.to_owned());
    }
    Ok(out)
}

fn route_words(v: &OptionValue) -> Result<Vec<String>, OptionError> {
    const EXPECTED: &str = "an array of route words (1 to 40 lower-case letters and dashes)";
    let mut out = Vec::new();
    for (n, item) in list(v, "routeWords", EXPECTED)?.iter().enumerate() {
        let option = indexed("routeWords", n);
        let w = string(item, &option, EXPECTED)?;
        if !is_route_word(w) {
            return Err(refuse(&option, EXPECTED, "a string not of that form"));
        }
        out.push(w.to_owned());
    }
    Ok(out)
}

fn label_from(v: &OptionValue) -> Result<Vec<LabelSource>, OptionError> {
    const EXPECTED: &str = "an array of \"data-ac-label\", \"aria-label\", \"title\"";
    let mut out = Vec::new();
    for (n, item) in list(v, "labelFrom", EXPECTED)?.iter().enumerate() {
        let option = indexed("labelFrom", n);
        let source = match string(item, &option, EXPECTED)? {
            "data-ac-label" => LabelSource::DataAcLabel,
            "aria-label" => LabelSource::AriaLabel,
            "title" => LabelSource::Title,
            _ => return Err(refuse(&option, EXPECTED, "another string")),
        };
        if !out.contains(&source) {
            out.push(source);
        }
    }
    Ok(out)
}

fn required<'a>(
    v: Option<&'a OptionValue>,
    name: &str,
    expected: &str,
) -> Result<&'a OptionValue, OptionError> {
    v.ok_or_else(|| refuse(name, expected, "nothing (it is required)"))
}

fn lookup<'a>(entries: &'a [(String, OptionValue)], name: &str) -> Option<&'a OptionValue> {
    entries
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, OptionValue::Null))
}

impl Config {
    /// Validates init options. The first problem found is returned; nothing is half-applied.
    pub fn from_options(options: &OptionValue) -> Result<Config, OptionError> {
        let entries = match options {
            OptionValue::Map(entries) => entries,
            other => {
                return Err(refuse(
                    "options",
                    "an object of init options",
                    other.type_name(),
                ))
            }
        };
        if let Some((k, _)) = entries
            .iter()
            .find(|(k, _)| !OPTION_NAMES.contains(&k.as_str()))
        {
            let mut expected = String::from("one of the known options (");
            for (n, name) in OPTION_NAMES.iter().enumerate() {
                if n > 0 {
                    expected.push_str(", ");
                }
                expected.push_str(name);
            }
            expected.push(')');
            return Err(refuse(short(k), &expected, "an unknown option"));
        }
        // Every field is written into one value that starts empty, so a refusal drops that one
        // value instead of each early return dropping its own set of fields (smaller SDK).
        let mut config = Config {
            endpoint: String::new(),
            app: AppName::placeholder(),
            ingest_key: String::new(),
            purposes: Vec::new(),
            window: WindowLength::DEFAULT,
            routes: Vec::new(),
            route_words: Vec::new(),
            hash_routing: false,
            label_from: Vec::new(),
            dialog: true,
            accept_untrusted: false,
            debug: false,
            texts: Vec::new(),
            on_consent_change: false,
            on_send: false,
            panel: false,
        };
        config.fill(entries)?;
        Ok(config)
    }

    /// Validates the options in `entries` into `self`, in the order of the fields.
    fn fill(&mut self, entries: &[(String, OptionValue)]) -> Result<(), OptionError> {
        let get = |name: &str| lookup(entries, name);
        self.endpoint = endpoint(required(
            get("endpoint"),
            "endpoint",
            "the collector's https:// URL",
        )?)?;
        let app_expected = "the app's name: 1 to 63 of a-z, 0-9 and -";
        let app_value = string(
            required(get("app"), "app", app_expected)?,
            "app",
            app_expected,
        )?;
        self.app = AppName::parse(app_value)
            .ok_or_else(|| refuse("app", app_expected, "a string not of that form"))?;
        self.ingest_key = ingest_key(required(
            get("ingestKey"),
            "ingestKey",
            "the app's ingest key",
        )?)?;
        self.purposes = purposes(required(
            get("purposes"),
            "purposes",
            "an object of purposes and their texts",
        )?)?;
        if let Some(v) = get("windowMinutes") {
            let e =
                "an integer number of minutes from 1 to 1440 that divides a day (e.g. 5, 15, 60)";
            let m = integer(v, "windowMinutes", e)?;
            self.window = WindowLength::from_minutes(m)
                .ok_or_else(|| refuse("windowMinutes", e, &decimal(m.into())))?;
        }
        if let Some(v) = get("routes") {
            self.routes = route_templates(v)?;
        }
        if let Some(v) = get("routeWords") {
            self.route_words = route_words(v)?;
        }
        let flag = |name: &str, default: bool| get(name).map_or(Ok(default), |v| boolean(v, name));
        self.hash_routing = flag("hashRouting", false)?;
        self.label_from = match get("labelFrom") {
            Some(v) => label_from(v)?,
            None => vec![LabelSource::DataAcLabel],
        };
        self.dialog = flag("dialog", true)?;
        self.accept_untrusted = flag("acceptUntrusted", false)?;
        self.debug = flag("debug", false)?;
        if let Some(v) = get("texts") {
            self.texts = texts(v)?;
        }
        self.on_consent_change = callback(get("onConsentChange"), "onConsentChange")?;
        self.on_send = callback(get("onSend"), "onSend")?;
        self.panel = flag("panel", false)?;
        // Used by the JS loader before the wasm exists; checked here like every option.
        if let Some(v) = get("wasmUrl") {
            wasm_url(v)?;
        }
        Ok(())
    }

    /// The hash of everything the person consents to: the purposes, their texts and retention,
    /// and the collector endpoint. Stored consent is tied to it.
    pub fn policy_hash(&self) -> PolicyHash {
        let mut canonical = String::from("activity-capture policy v1\nendpoint=");
        canonical.push_str(&self.endpoint);
        canonical.push_str("\napp=");
        canonical.push_str(self.app.as_str());
        canonical.push('\n');
        for p in &self.purposes {
            canonical.push_str("purpose=");
            canonical.push_str(p.purpose.as_str());
            canonical.push_str("\nretention=");
            match p.retention_days {
                Some(d) => push_decimal(&mut canonical, d.into()),
                None => canonical.push_str("default"),
            }
            canonical.push_str("\ntext=");
            for c in p.text.chars() {
                canonical.push(if c == '\n' { ' ' } else { c });
            }
            canonical.push('\n');
        }
        PolicyHash::of(&canonical)
    }

    /// The text for `purpose`, if the host asks for it.
    pub fn purpose_text(&self, purpose: Purpose) -> Option<&PurposeText> {
        self.purposes.iter().find(|p| p.purpose == purpose)
    }
}

#[cfg(test)]
mod tests;
