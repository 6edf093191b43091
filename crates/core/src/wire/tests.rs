//! Tests of the wire format: the dictionary against the writer, escaping, and strict decoding.

use std::collections::BTreeSet;

use super::example::example_summary;
use super::*;
use serde_json::Value;

fn leaf_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_paths(v, &p, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                leaf_paths(v, &format!("{prefix}[]"), out);
            }
        }
        _ => {
            out.insert(prefix.to_owned());
        }
    }
}

fn value_at<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut cur = v;
    for part in path.split('.') {
        cur = match part.strip_suffix("[]") {
            Some(name) => &cur[name][0],
            None => &cur[part],
        };
    }
    cur
}

#[test]
fn dictionary_lists_exactly_the_fields_the_writer_emits() {
    for purpose in Purpose::ALL {
        let json: Value = serde_json::from_str(&encode(&example_summary(purpose))).unwrap();
        let mut emitted = BTreeSet::new();
        leaf_paths(&json, "", &mut emitted);
        let listed: BTreeSet<String> = DICTIONARY
            .iter()
            .filter(|d| d.purpose.is_none() || d.purpose == Some(purpose))
            .map(|d| d.path.to_owned())
            .collect();
        assert_eq!(emitted, listed, "purpose {}", purpose.as_str());
        for d in DICTIONARY.iter().filter(|d| d.purpose == Some(purpose)) {
            let example: Value = serde_json::from_str(d.example).unwrap();
            assert_eq!(value_at(&json, d.path), &example, "example of {}", d.path);
        }
    }
}

#[test]
fn committed_dictionary_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/DATA-DICTIONARY.md");
    let generated = dictionary_markdown();
    if std::env::var_os("UPDATE_DICTIONARY").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/DATA-DICTIONARY.md is out of date: run UPDATE_DICTIONARY=1 cargo test -p activity-capture-core"
    );
}

#[test]
fn writer_escapes_strings_as_json_requires() {
    let mut out = String::new();
    push_str_literal(&mut out, "a\"b\\c\nd\u{1}e\u{2028}é");
    assert_eq!(out, r#""a\"b\\c\nd\u0001e\u2028é""#);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v, "a\"b\\c\nd\u{1}e\u{2028}é");
}

#[test]
fn envelope_timestamps_are_truncated_to_the_window() {
    let json: Value = serde_json::from_str(&encode(&example_summary(Purpose::Typing))).unwrap();
    assert_eq!(json["start"], 1_795_774_500u64);
    assert_eq!(json["start"].as_u64().unwrap() % 900, 0);
    assert_eq!(json["v"], SCHEMA_VERSION);
}

#[test]
fn batch_embeds_summaries_verbatim() {
    let a = encode(&example_summary(Purpose::Pointer));
    let body = encode_batch("ik_demo", [a.as_str(), a.as_str()]);
    assert_eq!(
        body,
        format!("{{\"key\":\"ik_demo\",\"summaries\":[{a},{a}]}}")
    );
}

#[test]
fn versions_accepted_are_the_current_and_the_previous() {
    assert!(accepts_version(u64::from(SCHEMA_VERSION)));
    assert!(accepts_version(u64::from(OLDEST_ACCEPTED_VERSION)));
    assert!(!accepts_version(u64::from(SCHEMA_VERSION) + 1));
    assert!(!accepts_version(0));
}

#[cfg(feature = "decode")]
mod decoding {
    use super::*;
    use crate::summary::Metrics;

    #[test]
    fn every_purpose_round_trips() {
        for purpose in Purpose::ALL {
            let s = example_summary(purpose);
            let bytes = encode(&s);
            assert_eq!(decode(bytes.as_bytes()), Ok(s.clone()));
            let batch = decode_batch(encode_batch("k", [bytes.as_str()]).as_bytes()).unwrap();
            assert_eq!(batch.key, "k");
            assert_eq!(batch.summaries.len(), 1);
            assert_eq!(batch.summaries[0].as_ref().unwrap(), &s);
        }
    }

    /// Applies `mutate` to the example summary's JSON and expects a refusal naming `field`.
    fn check_refused(
        purpose: Purpose,
        mutate: impl FnOnce(&mut Value),
        field: &str,
        problem: &str,
    ) {
        let mut v: Value = serde_json::from_str(&encode(&example_summary(purpose))).unwrap();
        mutate(&mut v);
        let err = decode(v.to_string().as_bytes()).unwrap_err();
        assert_eq!(err.field, field, "{err}");
        assert!(err.problem.contains(problem), "{err}");
    }

    #[test]
    fn bad_summaries_are_refused_with_the_field_named() {
        use Purpose::*;
        check_refused(Typing, |v| v["v"] = 99.into(), "v", "not accepted");
        check_refused(Typing, |v| v["v"] = 0.into(), "v", "not accepted");
        check_refused(Typing, |v| v["extra"] = 1.into(), "extra", "unknown field");
        check_refused(
            Typing,
            |v| v["jane@example.com"] = 1.into(),
            "(unprintable)",
            "unknown field",
        );
        check_refused(Typing, |v| v["id"] = "xyz".into(), "id", "hex");
        check_refused(
            Typing,
            |v| {
                v.as_object_mut().unwrap().remove("subject");
            },
            "subject",
            "missing",
        );
        check_refused(Typing, |v| v["app"] = "Ticket Desk".into(), "app", "slug");
        check_refused(
            Typing,
            |v| v["start"] = 1_795_774_953u64.into(),
            "start",
            "truncated",
        );
        check_refused(Typing, |v| v["minutes"] = 7.into(), "minutes", "divid");
        check_refused(
            Typing,
            |v| v["route"] = "/customers/jane.doe@example.com".into(),
            "route",
            "route template",
        );
        check_refused(
            Typing,
            |v| v["route"] = "/customers/4111111111111111".into(),
            "route",
            "identifier",
        );
        check_refused(
            Typing,
            |v| v["route"] = "/tickets/?q=x".into(),
            "route",
            "route template",
        );
        check_refused(
            Typing,
            |v| v["purpose"] = "keystrokes".into(),
            "purpose",
            "interaction",
        );
        check_refused(
            Typing,
            |v| v["purpose"] = "pointer".into(),
            "data.inputs",
            "unknown field",
        );
        check_refused(
            Typing,
            |v| v["consent"] = "implied".into(),
            "consent",
            "dialog or host",
        );
        check_refused(
            Typing,
            |v| v["data"]["keys"]["character"] = 347.into(),
            "data.keys.character",
            "grid",
        );
        check_refused(
            Typing,
            |v| v["data"]["keys"]["character"] = "a".into(),
            "data.keys.character",
            "integer",
        );
        check_refused(
            Typing,
            |v| v["data"]["keys"]["text"] = "hunter2".into(),
            "data.keys.text",
            "unknown field",
        );
        check_refused(
            Typing,
            |v| v["data"]["value"] = "hunter2".into(),
            "data.value",
            "unknown field",
        );
        check_refused(
            Interaction,
            |v| v["data"]["targets"][0]["label"] = "Mail jane@example.com".into(),
            "data.targets[0].label",
            "personal data (email)",
        );
        check_refused(
            Interaction,
            |v| v["data"]["targets"][0]["label"] = "a\u{7}".into(),
            "data.targets[0].label",
            "printable",
        );
        check_refused(
            Interaction,
            |v| v["data"]["active_s"] = 61.into(),
            "data.active_s",
            "bucket",
        );
        check_refused(
            Interaction,
            |v| v["data"]["clicks"] = (-1).into(),
            "data.clicks",
            "integer",
        );
        check_refused(
            Pointer,
            |v| v["data"]["distance_px"] = 1234.into(),
            "data.distance_px",
            "bucket",
        );
        check_refused(
            Pointer,
            |v| v["data"]["x"] = 10.into(),
            "data.x",
            "unknown field",
        );
        check_refused(Navigation, |v| v["data"] = Value::Null, "data", "object");
    }

    #[test]
    fn batches_are_checked_as_a_whole_and_per_summary() {
        let good = encode(&example_summary(Purpose::Pointer));
        for (body, field) in [
            ("not json".to_owned(), ""),
            ("[]".to_owned(), ""),
            (r#"{"summaries":[]}"#.to_owned(), "key"),
            (r#"{"key":"k","summaries":[]}"#.to_owned(), "summaries"),
            (r#"{"key":"k","summaries":{}}"#.to_owned(), "summaries"),
            (
                format!(r#"{{"key":"k","summaries":[{good}],"events":[]}}"#),
                "events",
            ),
        ] {
            assert_eq!(
                decode_batch(body.as_bytes()).unwrap_err().field,
                field,
                "{body}"
            );
        }
        let bad = good.replace("\"pointer\"", "\"typing\"");
        let batch =
            decode_batch(encode_batch("k", [good.as_str(), bad.as_str()]).as_bytes()).unwrap();
        assert!(batch.summaries[0].is_ok());
        let (id, err) = batch.summaries[1].as_ref().unwrap_err();
        assert_eq!(
            id.as_deref(),
            Some(example_summary(Purpose::Pointer).id.to_hex().as_str())
        );
        assert_eq!(err.field, "data.distance_px");
        assert!(matches!(
            decode(good.as_bytes()).unwrap().metrics,
            Metrics::Pointer(_)
        ));
    }
}
