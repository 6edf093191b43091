//! Browser tests of the SDK shell (wasm-bindgen-test, headless Chromium and Firefox): `init`
//! validation as a page sees it, the one-instance rule, and listener handles.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use activity_capture::active_listeners;
use activity_capture::classify::{Classifier, PAGE};
use activity_capture::listen::{live_count, EventListener};
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod browser;
use browser::init;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = r#"{"endpoint":"http://127.0.0.1:8787","app":"ticket-desk","ingestKey":"ik_demo_ticket_desk",
  "purposes":{"interaction":"Which screens are slow to work through","typing":{"text":"How long forms take","retentionDays":3}}}"#;

fn options(json: &str) -> JsValue {
    JSON::parse(json).expect("test options are valid JSON")
}

/// GOOD with `key` set to the JSON `value` (or removed when `value` is "<remove>").
fn good_with(key: &str, value: &str) -> JsValue {
    let o = options(GOOD);
    if value == "<remove>" {
        Reflect::delete_property(o.unchecked_ref::<js_sys::Object>(), &key.into()).unwrap();
    } else {
        Reflect::set(&o, &key.into(), &options(value)).unwrap();
    }
    o
}

fn call(handle: &JsValue, method: &str) {
    let f: Function = Reflect::get(handle, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap();
    f.call0(handle).unwrap();
}

async fn expect_rejection(options: JsValue, option: &str, message_part: &str) {
    let err = JsFuture::from(init(options))
        .await
        .expect_err("init must reject");
    let message = Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    let named = Reflect::get(&err, &"option".into()).unwrap().as_string();
    assert_eq!(named.as_deref(), Some(option), "{message}");
    assert!(message.contains(&format!("`{option}`")), "{message}");
    assert!(message.contains(message_part), "{message}");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(active_listeners(), 0, "a refused init leaves no listener");
}

#[wasm_bindgen_test]
async fn good_options_resolve_to_a_handle_and_stop_allows_init_again() {
    let handle = JsFuture::from(init(options(GOOD)))
        .await
        .expect("init resolves");
    assert_eq!(
        Reflect::get(&handle, &"app".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "ticket-desk"
    );
    let hash = Reflect::get(&handle, &"policyHash".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(hash.len(), 16);
    let purposes = Reflect::get(&handle, &"purposes".into()).unwrap();
    assert_eq!(
        JSON::stringify(&purposes).unwrap().as_string().unwrap(),
        r#"["interaction","typing"]"#
    );

    // A second init while one runs is refused clearly, and the first keeps running.
    let err = JsFuture::from(init(options(GOOD)))
        .await
        .expect_err("second init is refused");
    let message = Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("already running"), "{message}");
    assert!(!Reflect::get(&handle, &"stopped".into())
        .unwrap()
        .as_bool()
        .unwrap());

    call(&handle, "stop");
    call(&handle, "stop");
    assert!(Reflect::get(&handle, &"stopped".into())
        .unwrap()
        .as_bool()
        .unwrap());
    assert_eq!(active_listeners(), 0);
    let again = JsFuture::from(init(options(GOOD)))
        .await
        .expect("init after stop resolves");
    call(&again, "stop");
}

#[wasm_bindgen_test]
async fn each_kind_of_bad_option_rejects_naming_it() {
    expect_rejection(JsValue::from_str("https://x"), "options", "an object").await;
    expect_rejection(JsValue::UNDEFINED, "options", "an object").await;
    expect_rejection(good_with("endpoint", "<remove>"), "endpoint", "required").await;
    expect_rejection(good_with("app", "<remove>"), "app", "required").await;
    expect_rejection(good_with("ingestKey", "<remove>"), "ingestKey", "required").await;
    expect_rejection(good_with("purposes", "<remove>"), "purposes", "required").await;
    expect_rejection(
        good_with("windowMinuts", "15"),
        "windowMinuts",
        "known options",
    )
    .await;
    expect_rejection(
        good_with("windowMinutes", r#""15""#),
        "windowMinutes",
        "got a string",
    )
    .await;
    expect_rejection(
        good_with("windowMinutes", "0"),
        "windowMinutes",
        "1 to 1440",
    )
    .await;
    expect_rejection(
        good_with("windowMinutes", "2000"),
        "windowMinutes",
        "1 to 1440",
    )
    .await;
    expect_rejection(
        good_with("endpoint", r#""ftp://collector""#),
        "endpoint",
        "https://",
    )
    .await;
    expect_rejection(good_with("app", "42"), "app", "got a number").await;
    expect_rejection(
        good_with("purposes", r#"{"keylogger":"x"}"#),
        "purposes.keylogger",
        "interaction",
    )
    .await;
    expect_rejection(
        good_with("routes", r#"["/ok", 7]"#),
        "routes[1]",
        "got a number",
    )
    .await;
    expect_rejection(good_with("debug", r#""yes""#), "debug", "true or false").await;
    // A function where a value belongs.
    let o = options(GOOD);
    Reflect::set(&o, &"dialog".into(), &Function::new_no_args("return 1")).unwrap();
    expect_rejection(o, "dialog", "got a function").await;
    // Nothing was half-applied: a good init still works afterwards.
    let handle = JsFuture::from(init(options(GOOD)))
        .await
        .expect("init resolves");
    call(&handle, "stop");
}

#[wasm_bindgen_test]
fn listener_handles_remove_themselves_on_drop() {
    let document = web_sys::window().unwrap().document().unwrap();
    let seen = Rc::new(Cell::new(0));
    let before = live_count();
    let listener = {
        let seen = seen.clone();
        let classifier = Classifier::new(browser::make_sense(), &[]);
        EventListener::new(
            &document,
            "ac-test",
            move |answer, since, label| {
                assert_eq!((answer, label), (0, None), "a plain event's answer");
                assert!(
                    (0.0..60_000.0).contains(&since),
                    "the event's time, ms since the classifier was made: {since}"
                );
                seen.set(seen.get() + 1)
            },
            &|call| classifier.listener(PAGE, call, true),
        )
        .unwrap()
    };
    assert_eq!(listener.kind(), "ac-test");
    assert_eq!(live_count(), before + 1);
    let fire = || {
        document
            .dispatch_event(&web_sys::Event::new("ac-test").unwrap())
            .unwrap()
    };
    fire();
    assert_eq!(seen.get(), 1);
    drop(listener);
    assert_eq!(live_count(), before);
    fire();
    assert_eq!(seen.get(), 1, "a dropped listener no longer runs");
}
