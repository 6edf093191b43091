//! Tests of init option validation: every kind of bad option is refused with its name.

use super::*;
use serde_json::{json, Value};

/// Converts JSON into the option tree the SDK shell builds from a JS object.
pub(crate) fn tree(v: &Value) -> OptionValue {
    match v {
        Value::Null => OptionValue::Null,
        Value::Bool(b) => OptionValue::Bool(*b),
        Value::Number(n) => OptionValue::Number(n.as_f64().unwrap()),
        Value::String(s) => OptionValue::Str(s.clone()),
        Value::Array(a) => OptionValue::List(a.iter().map(tree).collect()),
        Value::Object(m) => OptionValue::Map(m.iter().map(|(k, v)| (k.clone(), tree(v))).collect()),
    }
}

fn good() -> Value {
    json!({
        "endpoint": "https://collector.internal/",
        "app": "ticket-desk",
        "ingestKey": "ik_live_0123456789",
        "purposes": { "typing": "How long forms take to fill in", "interaction": { "text": "Which screens are slow", "retentionDays": 3 } },
    })
}

fn with(key: &str, value: Value) -> Value {
    let mut v = good();
    if value == Value::String("<remove>".into()) {
        v.as_object_mut().unwrap().remove(key);
    } else {
        v[key] = value;
    }
    v
}

fn check_refused(options: Value, option: &str, expected_part: &str) {
    let err = Config::from_options(&tree(&options)).unwrap_err();
    assert_eq!(err.option, option, "{err}");
    assert!(err.expected.contains(expected_part), "{err}");
    assert!(err.to_string().contains(&format!("`{option}`")), "{err}");
}

#[test]
fn good_options_give_a_config_with_defaults() {
    let c = Config::from_options(&tree(&good())).unwrap();
    assert_eq!(c.endpoint, "https://collector.internal");
    assert_eq!(c.app.as_str(), "ticket-desk");
    assert_eq!(c.window, WindowLength::DEFAULT);
    assert_eq!(
        c.purposes.iter().map(|p| p.purpose).collect::<Vec<_>>(),
        [Purpose::Interaction, Purpose::Typing]
    );
    assert_eq!(
        c.purpose_text(Purpose::Interaction).unwrap().retention_days,
        Some(3)
    );
    assert_eq!(c.label_from, [LabelSource::DataAcLabel]);
    assert!(c.dialog && !c.accept_untrusted && !c.debug && !c.hash_routing);
    assert_eq!(c.purpose_text(Purpose::Pointer), None);

    let all = with("windowMinutes", json!(60));
    let mut all = all;
    all["routes"] = json!(["/tickets/:id", "/customers/:name/edit", "/"]);
    all["routeWords"] = json!(["queue", "follow-up"]);
    all["labelFrom"] = json!(["data-ac-label", "aria-label", "aria-label"]);
    all["hashRouting"] = json!(true);
    all["acceptUntrusted"] = json!(true);
    all["debug"] = json!(null);
    all["endpoint"] = json!("http://127.0.0.1:8787");
    all["wasmUrl"] = json!("http://127.0.0.1:8787/sdk/activity_capture_bg.wasm");
    let c = Config::from_options(&tree(&all)).unwrap();
    assert_eq!(c.window.minutes(), 60);
    assert_eq!(c.routes.len(), 3);
    assert_eq!(
        c.label_from,
        [LabelSource::DataAcLabel, LabelSource::AriaLabel]
    );
    assert!(c.hash_routing && c.accept_untrusted && !c.debug);
}

#[test]
fn every_kind_of_bad_option_is_refused_by_name() {
    check_refused(json!("https://x"), "options", "object");
    check_refused(with("endpoint", json!("<remove>")), "endpoint", "URL");
    check_refused(with("app", json!("<remove>")), "app", "name");
    check_refused(
        with("ingestKey", json!("<remove>")),
        "ingestKey",
        "ingest key",
    );
    check_refused(with("purposes", json!("<remove>")), "purposes", "purposes");
    check_refused(with("endpoint", json!(8787)), "endpoint", "https://");
    check_refused(
        with("endpoint", json!("collector.internal")),
        "endpoint",
        "https://",
    );
    check_refused(
        with("endpoint", json!("http://collector.internal")),
        "endpoint",
        "https://",
    );
    check_refused(
        with("endpoint", json!("https://u:p@collector.internal")),
        "endpoint",
        "credentials",
    );
    check_refused(
        with("endpoint", json!("https://collector.internal/?k=1")),
        "endpoint",
        "query",
    );
    check_refused(
        with("endpoint", json!("https://collector.internal:80x")),
        "endpoint",
        "https://",
    );
    check_refused(with("app", json!("Ticket Desk")), "app", "a-z");
    check_refused(with("app", json!(true)), "app", "a-z");
    check_refused(with("ingestKey", json!("short")), "ingestKey", "8 to 256");
    check_refused(
        with("ingestKey", json!("has a space")),
        "ingestKey",
        "8 to 256",
    );
    check_refused(with("purposes", json!({})), "purposes", "object");
    check_refused(with("purposes", json!(["typing"])), "purposes", "object");
    check_refused(
        with("purposes", json!({ "keystrokes": "x" })),
        "purposes.keystrokes",
        "interaction, typing",
    );
    check_refused(
        with("purposes", json!({ "typing": "" })),
        "purposes.typing",
        "non-empty",
    );
    check_refused(
        with("purposes", json!({ "typing": "x".repeat(501) })),
        "purposes.typing",
        "500",
    );
    check_refused(
        with("purposes", json!({ "typing": 1 })),
        "purposes.typing",
        "non-empty",
    );
    check_refused(
        with("purposes", json!({ "typing": { "retentionDays": 3 } })),
        "purposes.typing.text",
        "non-empty",
    );
    check_refused(
        with(
            "purposes",
            json!({ "typing": { "text": "t", "retentionDays": 0 } }),
        ),
        "purposes.typing.retentionDays",
        "1 to 31",
    );
    check_refused(
        with(
            "purposes",
            json!({ "typing": { "text": "t", "retentionDays": 2.5 } }),
        ),
        "purposes.typing.retentionDays",
        "1 to 31",
    );
    check_refused(
        with("purposes", json!({ "typing": { "text": "t", "keep": 1 } })),
        "purposes.typing.keep",
        "retentionDays",
    );
    check_refused(
        with("windowMinutes", json!(0)),
        "windowMinutes",
        "1 to 1440",
    );
    check_refused(with("windowMinutes", json!(7)), "windowMinutes", "divides");
    check_refused(
        with("windowMinutes", json!(1441)),
        "windowMinutes",
        "1 to 1440",
    );
    check_refused(
        with("windowMinutes", json!(1.5)),
        "windowMinutes",
        "integer",
    );
    check_refused(
        with("windowMinutes", json!("15")),
        "windowMinutes",
        "integer",
    );
    check_refused(with("routes", json!("/tickets/:id")), "routes", "array");
    check_refused(
        with("routes", json!(["tickets/:id"])),
        "routes[0]",
        "route templates",
    );
    check_refused(
        with("routes", json!(["/ok", "/Customers/:id"])),
        "routes[1]",
        "route templates",
    );
    check_refused(
        with("routes", json!(["/a/:"])),
        "routes[0]",
        "route templates",
    );
    check_refused(
        with("routes", json!((0..501).map(|_| "/a").collect::<Vec<_>>())),
        "routes",
        "array",
    );
    check_refused(
        with("routeWords", json!(["queue", "Jane"])),
        "routeWords[1]",
        "lower-case",
    );
    check_refused(
        with("labelFrom", json!(["placeholder"])),
        "labelFrom[0]",
        "aria-label",
    );
    check_refused(
        with("hashRouting", json!("yes")),
        "hashRouting",
        "true or false",
    );
    check_refused(with("dialog", json!(1)), "dialog", "true or false");
    check_refused(
        with("acceptUntrusted", json!("true")),
        "acceptUntrusted",
        "true or false",
    );
    check_refused(with("debug", json!([])), "debug", "true or false");
    check_refused(
        with("windowMinute", json!(15)),
        "windowMinute",
        "known options",
    );
    check_refused(
        with("jane@example.com", json!(1)),
        "(a key)",
        "known options",
    );
}

#[test]
fn refusals_never_echo_values() {
    let err =
        Config::from_options(&tree(&with("ingestKey", json!("has a secret space")))).unwrap_err();
    assert!(!err.to_string().contains("secret"), "{err}");
    let err = Config::from_options(&tree(&with("app", json!("jane.doe@example.com")))).unwrap_err();
    assert!(!err.to_string().contains("jane"), "{err}");
}

#[test]
fn the_policy_hash_follows_what_the_person_consents_to() {
    let base = Config::from_options(&tree(&good())).unwrap().policy_hash();
    assert_eq!(
        base,
        Config::from_options(&tree(&good())).unwrap().policy_hash()
    );
    let mut reordered = good();
    reordered["purposes"] = json!({ "interaction": { "text": "Which screens are slow", "retentionDays": 3 }, "typing": "How long forms take to fill in" });
    assert_eq!(
        base,
        Config::from_options(&tree(&reordered))
            .unwrap()
            .policy_hash()
    );
    for changed in [
        with("endpoint", json!("https://other.internal")),
        with(
            "purposes",
            json!({ "typing": "How long forms take to fill in" }),
        ),
        with(
            "purposes",
            json!({ "typing": "Different words", "interaction": { "text": "Which screens are slow", "retentionDays": 3 } }),
        ),
        with(
            "purposes",
            json!({ "typing": "How long forms take to fill in", "interaction": { "text": "Which screens are slow", "retentionDays": 4 } }),
        ),
    ] {
        assert_ne!(
            base,
            Config::from_options(&tree(&changed)).unwrap().policy_hash()
        );
    }
    // Settings that do not change what is collected do not ask again.
    assert_eq!(
        base,
        Config::from_options(&tree(&with("debug", json!(true))))
            .unwrap()
            .policy_hash()
    );
}

#[test]
fn the_readme_documents_exactly_the_options_init_accepts() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let section = readme
        .split("### `ActivityCapture.init(options)")
        .nth(1)
        .expect("README has the init reference");
    // The first table after the heading is the options reference.
    let documented: Vec<&str> = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let mut expected = OPTION_NAMES.to_vec();
    let mut got = documented.clone();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(
        got, expected,
        "README's option table and config::OPTION_NAMES disagree"
    );
    // Every documented option is accepted by `init` with a valid value.
    for name in documented {
        let value = match name {
            "endpoint" => json!("https://collector.internal"),
            "app" => json!("ticket-desk"),
            "ingestKey" => json!("ik_live_0123456789"),
            "purposes" => json!({ "typing": "t" }),
            "windowMinutes" => json!(30),
            "routes" => json!(["/a/:id"]),
            "routeWords" => json!(["queue"]),
            "labelFrom" => json!(["title"]),
            "texts" => json!({ "title": "Mesure de l'usage" }),
            "wasmUrl" => json!("https://collector.internal/sdk/activity_capture_bg.wasm"),
            "onConsentChange" | "onSend" => json!("<remove>"),
            _ => json!(true),
        };
        let mut options = tree(&with(name, value));
        if let ("onConsentChange" | "onSend", OptionValue::Map(entries)) = (name, &mut options) {
            entries.push((name.to_owned(), OptionValue::Other("a function")));
        }
        assert!(
            Config::from_options(&options).is_ok(),
            "documented option {name} is refused"
        );
    }
}

/// `good()` plus `extra` entries that JSON cannot express (functions).
fn good_with(extra: &[(&str, OptionValue)]) -> OptionValue {
    let mut options = tree(&good());
    if let OptionValue::Map(entries) = &mut options {
        for (k, v) in extra {
            entries.push(((*k).to_owned(), v.clone()));
        }
    }
    options
}

#[test]
fn host_callbacks_must_be_functions_and_only_their_presence_is_kept() {
    let function = OptionValue::Other("a function");
    let config = Config::from_options(&good_with(&[
        ("onConsentChange", function.clone()),
        ("onSend", function.clone()),
    ]))
    .unwrap();
    assert!(config.on_consent_change && config.on_send);
    let config = Config::from_options(&tree(&good())).unwrap();
    assert!(!config.on_consent_change && !config.on_send);
    for name in ["onConsentChange", "onSend"] {
        check_refused(with(name, json!(true)), name, "a function");
        check_refused(with(name, json!("alert(1)")), name, "a function");
    }
    // A function is still refused for every other option.
    for name in ["dialog", "panel", "texts", "routes", "windowMinutes"] {
        let err = Config::from_options(&good_with(&[(name, function.clone())])).unwrap_err();
        assert_eq!(err.option, name, "{err}");
        assert_eq!(err.found, "a function", "{err}");
    }
}

#[test]
fn dialog_texts_take_known_keys_and_short_strings_only() {
    let config = Config::from_options(&tree(&with(
        "texts",
        json!({ "title": "Mesurer l'usage", "refuse": "Tout refuser" }),
    )))
    .unwrap();
    assert_eq!(
        config.texts,
        vec![
            ("refuse", "Tout refuser".to_owned()),
            ("title", "Mesurer l'usage".to_owned())
        ]
    );
    check_refused(with("texts", json!("Title")), "texts", "an object");
    check_refused(
        with("texts", json!({ "titel": "x" })),
        "texts.titel",
        "allowAll",
    );
    check_refused(
        with("texts", json!({ "title": 3 })),
        "texts.title",
        "300 characters",
    );
    check_refused(
        with("texts", json!({ "title": "" })),
        "texts.title",
        "300 characters",
    );
    check_refused(
        with("texts", json!({ "intro": "x".repeat(301) })),
        "texts.intro",
        "300 characters",
    );
    assert!(
        Config::from_options(&tree(&with("texts", json!({ "intro": "é".repeat(300) })))).is_ok()
    );
    check_refused(with("panel", json!("yes")), "panel", "true or false");
    for (bad, got) in [
        (json!(7), "a number"),
        (json!(""), "an empty string or one with spaces"),
        (json!("/sdk/a b.wasm"), "an empty string or one with spaces"),
        (json!("data:application/wasm;base64,AA"), "a data: URL"),
        (json!("javascript:alert(1)"), "a javascript: URL"),
    ] {
        check_refused(
            with("wasmUrl", bad.clone()),
            "wasmUrl",
            "activity_capture_bg.wasm",
        );
        let err = Config::from_options(&tree(&with("wasmUrl", bad))).unwrap_err();
        assert_eq!(err.found, got);
    }
    for good in [
        "/sdk/activity_capture_bg.wasm",
        "https://collector.internal/sdk/activity_capture_bg.wasm",
        "x.wasm",
    ] {
        assert!(
            Config::from_options(&tree(&with("wasmUrl", json!(good)))).is_ok(),
            "{good}"
        );
    }
}

/// The keys of the JS object literal in `js/<file>` between `start` and the next `end`: every
/// `key:` or `'key':` outside strings and comment lines.
fn js_object_keys(file: &str, start: &str, end: &str) -> Vec<String> {
    let js = std::fs::read_to_string(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../js/").to_owned() + file,
    )
    .unwrap();
    let body = js.split(start).nth(1).expect(start);
    let body = &body[..body.find(end).expect(end)];
    let mut keys = Vec::new();
    for line in body.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let (mut quote, mut token) = (None, String::new());
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => {
                    quote = None;
                    token.push(c);
                }
                (Some(_), _) => token.push(c),
                (None, '\'' | '"' | '`') => {
                    quote = Some(c);
                    token = c.to_string();
                }
                (None, ':') => {
                    keys.push(token.trim().trim_matches('\'').to_owned());
                    token.clear();
                }
                (None, ',' | '{') => token.clear(),
                (None, c) => token.push(c),
            }
        }
    }
    keys
}

#[test]
fn every_text_key_has_english_words_a_readme_line_and_a_type() {
    let mut keys: Vec<String> = TEXT_KEYS.split(' ').map(str::to_owned).collect();
    let mut defaults = js_object_keys("dialog.js", "const words = {", "...texts,");
    defaults.push("panelButton".to_owned());
    assert!(
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../js/facade.js"))
            .unwrap()
            .contains("texts().panelButton ||")
    );
    defaults.extend(js_object_keys("panel.js", "const WORDS = {", "\n};"));
    keys.sort();
    defaults.sort();
    assert_eq!(defaults, keys, "the JS defaults and TEXT_KEYS disagree");

    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let section = readme
        .split("### Words the person sees (`texts`)")
        .nth(1)
        .expect("README documents the texts");
    let mut documented: Vec<String> = section
        .lines()
        .skip_while(|l| !l.starts_with("- "))
        .take_while(|l| l.starts_with("- "))
        .flat_map(|l| l.split('`').skip(1).step_by(2).map(str::to_owned))
        .filter(|k| !k.contains('/'))
        .collect();
    documented.sort();
    assert_eq!(
        documented, keys,
        "README's texts keys and TEXT_KEYS disagree"
    );

    let types = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../js/activity-capture.d.ts"
    ))
    .unwrap();
    let union = types.split("export type TextKey =").nth(1).unwrap();
    let mut typed: Vec<String> = union[..union.find(';').unwrap()]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    typed.sort();
    assert_eq!(typed, keys, "the TextKey type and TEXT_KEYS disagree");

    // Every data field of the dictionary has plain words in the panel (array items by the
    // array's name), so the panel never shows a bare wire name.
    for d in crate::wire::DICTIONARY {
        let Some(path) = d.path.strip_prefix("data.") else {
            continue;
        };
        let key = path.split("[]").next().unwrap();
        assert!(keys.iter().any(|k| k == key), "no text for {}", d.path);
    }
    // And every accepted key works as an option.
    let all: serde_json::Map<String, Value> =
        keys.iter().map(|k| (k.clone(), json!("x"))).collect();
    let config = Config::from_options(&tree(&with("texts", Value::Object(all)))).unwrap();
    assert_eq!(config.texts.len(), keys.len());
}
