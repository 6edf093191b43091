//! Browser tests of the person's consent controls (headless Chromium and Firefox): consent per
//! purpose, withdrawal (local purge and the collector asked to delete), pause and resume, a
//! changed policy asking again, privacy signals, the host callbacks (`onConsentChange` says only
//! that consent changed, `onSend` counts only), bad input refused by name, and the device secret
//! kept per app. `fetch` is replaced by a stand-in collector that answers like the real one and
//! records every request.
#![cfg(target_arch = "wasm32")]

use activity_capture::active_listeners;
use js_sys::{Array, Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Storage;

wasm_bindgen_test_configure!(run_in_browser);

mod browser;
use browser::*;

const APP: &str = "consent-test";

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn stored(key: &str) -> Option<String> {
    storage().get_item(key).unwrap()
}

/// Options for `app` with all four purposes, plus `extra` (a JSON fragment starting with `,`).
fn options_for(app: &str, extra: &str) -> JsValue {
    let json = format!(
        r#"{{"endpoint":"http://127.0.0.1:9","app":"{app}","ingestKey":"ik_test_consent",
        "purposes":{{"interaction":"i","typing":"t","pointer":"p","navigation":"n"}},
        "dialog":false,"acceptUntrusted":true{extra}}}"#
    );
    JSON::parse(&json).unwrap()
}

async fn init_with(options: JsValue) -> JsValue {
    JsFuture::from(init(options)).await.expect("init resolves")
}

/// A fresh start: empty storage, the stand-in collector, and a running instance.
async fn start(extra: &str) -> (JsValue, Collector) {
    storage().clear().unwrap();
    let collector = Collector::install();
    (init_with(options_for(APP, extra)).await, collector)
}

fn get(handle: &JsValue, name: &str) -> JsValue {
    Reflect::get(handle, &name.into()).unwrap()
}

fn view(handle: &JsValue) -> String {
    JSON::stringify(&call(handle, "consent", &[]).unwrap())
        .unwrap()
        .as_string()
        .unwrap()
}

fn message(err: &JsValue) -> String {
    get(err, "message").as_string().unwrap_or_default()
}

/// A stand-in for the collector behind `window.fetch`: it stores every summary it is sent,
/// answers deletions, and records each request as `[path, body]`. Dropping it restores fetch.
struct Collector {
    calls: Array,
    restore: Function,
}

impl Collector {
    fn install() -> Collector {
        let pair: Array = Function::new_no_args(
            r#"
            const calls = [];
            const real = window.fetch;
            window.fetch = (url, init) => {
              const path = new URL(String(url)).pathname;
              calls.push([path, init && init.body]);
              let answer = { deleted: 1 };
              if (path === '/v1/summaries') {
                const ids = JSON.parse(init.body).summaries.map((s) => s.id);
                answer = { results: ids.map((id) => ({ id, status: 'stored' })) };
              } else if (path === '/v1/me') {
                answer = { rows: [] };
              }
              return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
            };
            return [calls, () => { window.fetch = real; }];
            "#,
        )
        .call0(&JsValue::NULL)
        .unwrap()
        .unchecked_into();
        Collector {
            calls: pair.get(0).unchecked_into(),
            restore: pair.get(1).unchecked_into(),
        }
    }

    /// The bodies of the requests made to `path` so far.
    fn bodies(&self, path: &str) -> Vec<String> {
        self.calls
            .iter()
            .map(|c| c.unchecked_into::<Array>())
            .filter(|c| c.get(0).as_string().as_deref() == Some(path))
            .map(|c| c.get(1).as_string().unwrap_or_default())
            .collect()
    }

    /// Waits (up to two seconds) until `path` has had `n` requests.
    async fn wait_for(&self, path: &str, n: usize) {
        for _ in 0..40 {
            if self.bodies(path).len() >= n {
                return;
            }
            sleep(50).await;
        }
        panic!(
            "{path} had {} requests, expected {n}",
            self.bodies(path).len()
        );
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.restore.call0(&JsValue::NULL).unwrap();
    }
}

#[wasm_bindgen_test]
async fn each_purpose_is_granted_on_its_own_and_unlocks_only_its_own_fields() {
    let (h, _collector) = start("").await;
    let field = element(r#"<input name="subject">"#);
    let button = element(r#"<button data-ac-label="Save">Save</button>"#);
    consent(&h, r#"{"typing":true}"#).unwrap();
    assert_eq!(
        view(&h),
        r#"{"interaction":"pending","typing":"granted","pointer":"pending","navigation":"pending"}"#
    );
    key(&field, "a");
    button.click();
    let body = pending(&h);
    assert!(body.contains(r#""purpose":"typing""#), "{body}");
    assert!(
        !body.contains(r#""purpose":"interaction""#) && !body.contains(r#""clicks""#),
        "a click without the interaction purpose is not counted: {body}"
    );
    consent(&h, r#"{"interaction":true,"pointer":false}"#).unwrap();
    assert_eq!(
        view(&h),
        r#"{"interaction":"granted","typing":"granted","pointer":"denied","navigation":"pending"}"#
    );
    button.click();
    let body = pending(&h);
    assert!(
        body.contains(r#""purpose":"interaction""#) && body.contains(r#""clicks":1"#),
        "{body}"
    );
    for absent in [
        r#""purpose":"pointer""#,
        r#""distance_px""#,
        "Save\",\"clicks\":2",
    ] {
        assert!(!body.contains(absent), "{absent} in {body}");
    }
    stop(&h);
}

#[wasm_bindgen_test]
async fn withdrawing_a_purpose_purges_it_at_once_and_asks_the_collector_to_delete_its_rows() {
    let (h, collector) = start("").await;
    consent(&h, r#"{"interaction":true,"typing":true}"#).unwrap();
    key(&element("<input>"), "b");
    element("<button>x</button>").click();
    let body = pending(&h);
    assert!(body.contains(r#""purpose":"typing""#) && body.contains(r#""purpose":"interaction""#));
    consent(&h, r#"{"typing":false}"#).unwrap();
    let body = pending(&h);
    assert!(
        !body.contains(r#""purpose":"typing""#),
        "purged at once: {body}"
    );
    assert!(
        body.contains(r#""purpose":"interaction""#),
        "the other purpose stays: {body}"
    );
    // The deletion is queued (persisted) and sent with this device's own secret.
    collector.wait_for("/v1/me/forget", 1).await;
    let secret = stored(&format!("ac:{APP}:secret")).unwrap();
    let asked = &collector.bodies("/v1/me/forget")[0];
    assert_eq!(
        asked,
        &format!(r#"{{"app":"{APP}","secret":"{secret}","purposes":["typing"]}}"#)
    );
    for _ in 0..20 {
        if stored(&format!("ac:{APP}:forget")).is_none() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        stored(&format!("ac:{APP}:forget")),
        None,
        "answered, the queue is empty"
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn a_paused_period_captures_and_sends_nothing_and_resume_captures_again() {
    let (h, collector) = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let button = element(r#"<button data-ac-label="Pause test">x</button>"#);
    button.click();
    button.click();
    call(&h, "pause", &[]).unwrap();
    call(&h, "pause", &[]).unwrap();
    assert_eq!(get(&h, "paused").as_bool(), Some(true));
    let held = pending(&h);
    assert!(held.contains(r#""clicks":2"#), "{held}");
    for _ in 0..5 {
        button.click();
    }
    key(&element("<input>"), "c");
    call(&h, "flush", &[]).unwrap();
    sleep(200).await;
    assert_eq!(pending(&h), held, "nothing new is captured while paused");
    assert!(
        collector.bodies("/v1/summaries").is_empty(),
        "nothing is sent while paused"
    );
    call(&h, "resume", &[]).unwrap();
    assert_eq!(get(&h, "paused").as_bool(), Some(false));
    collector.wait_for("/v1/summaries", 1).await;
    assert!(collector.bodies("/v1/summaries")[0].contains(r#""clicks":2"#));
    button.click();
    let body = pending(&h);
    assert!(body.contains(r#""clicks":1"#), "captured again: {body}");
    stop(&h);
}

#[wasm_bindgen_test]
async fn a_changed_policy_asks_again_and_captures_nothing_until_answered() {
    let (h, _collector) = start(r#","dialog":true"#).await;
    let base = get(&h, "policyHash").as_string().unwrap();
    consent(
        &h,
        r#"{"interaction":true,"typing":true,"pointer":true,"navigation":true}"#,
    )
    .unwrap();
    assert_eq!(get(&h, "shouldAsk").as_bool(), Some(false));
    stop(&h);
    let button = element("<button>x</button>");
    for (what, extra) in [
        (
            "purpose text",
            r#","dialog":true,"purposes":{"interaction":"i, in other words","typing":"t","pointer":"p","navigation":"n"}"#,
        ),
        (
            "retention",
            r#","dialog":true,"purposes":{"interaction":{"text":"i","retentionDays":2},"typing":"t","pointer":"p","navigation":"n"}"#,
        ),
        (
            "endpoint",
            r#","dialog":true,"endpoint":"http://localhost:9""#,
        ),
    ] {
        let h = init_with(options_for(APP, extra)).await;
        assert_ne!(get(&h, "policyHash").as_string().unwrap(), base, "{what}");
        assert_eq!(
            view(&h),
            r#"{"interaction":"pending","typing":"pending","pointer":"pending","navigation":"pending"}"#,
            "{what}: asked again"
        );
        assert_eq!(get(&h, "shouldAsk").as_bool(), Some(true), "{what}");
        assert_eq!(active_listeners(), 0, "{what}: nothing listens");
        button.click();
        assert_eq!(pending(&h), "", "{what}: nothing captured");
        stop(&h);
    }
    // The answers given under the first policy still hold for it.
    let h = init_with(options_for(APP, r#","dialog":true"#)).await;
    assert_eq!(get(&h, "shouldAsk").as_bool(), Some(false));
    assert!(active_listeners() > 0);
    stop(&h);
}

#[wasm_bindgen_test]
async fn privacy_signals_deny_the_host_may_deny_and_only_a_trusted_dialog_answer_grants() {
    signal_denies("globalPrivacyControl", "true").await;
    signal_denies("doNotTrack", "'1'").await;
}

/// With `navigator[signal]` set to `value`: a host grant stored before is not honoured, the
/// host may deny but not grant, and only a trusted answer in the SDK's dialog grants.
async fn signal_denies(signal: &str, value: &str) {
    // A host grant stored before the browser sent the signal is not honoured once it does.
    let (h, _collector) = start("").await;
    consent(&h, r#"{"pointer":true}"#).unwrap();
    stop(&h);
    let navigator = web_sys::window().unwrap().navigator();
    Function::new_with_args(
        "n",
        &format!("Object.defineProperty(n, '{signal}', {{ value: {value}, configurable: true }})"),
    )
    .call1(&JsValue::NULL, &navigator)
    .unwrap();
    let h = init_with(options_for(APP, "")).await;
    assert_eq!(
        view(&h),
        r#"{"interaction":"denied","typing":"denied","pointer":"denied","navigation":"denied"}"#,
        "{signal}"
    );
    assert_eq!(get(&h, "privacySignal").as_bool(), Some(true), "{signal}");
    assert_eq!(active_listeners(), 0);
    let err = consent(&h, r#"{"typing":true}"#).expect_err("the host cannot grant");
    assert!(
        message(&err).contains("Global Privacy Control"),
        "{}",
        message(&err)
    );
    consent(&h, r#"{"typing":false}"#).expect("the host can deny");
    let choice = JSON::parse(r#"{"typing":true}"#).unwrap();
    assert!(call(&h, "dialogAnswer", &[choice.clone(), false.into()]).is_err());
    assert_eq!(active_listeners(), 0);
    call(&h, "dialogAnswer", &[choice, true.into()]).expect("a real click in the dialog grants");
    assert!(view(&h).contains(r#""typing":"granted""#));
    assert!(active_listeners() > 0);
    stop(&h);
    Function::new_with_args("n", &format!("delete n.{signal}"))
        .call1(&JsValue::NULL, &navigator)
        .unwrap();
}

#[wasm_bindgen_test]
async fn on_consent_change_says_only_that_consent_changed() {
    storage().clear().unwrap();
    let _collector = Collector::install();
    let calls = Array::new();
    let record = Function::new_with_args(
        "calls",
        "return function () { calls.push(arguments.length); }",
    )
    .call1(&JsValue::NULL, &calls)
    .unwrap();
    let o = options_for(APP, "");
    Reflect::set(&o, &"onConsentChange".into(), &record).unwrap();
    let h = init_with(o).await;
    assert_eq!(calls.length(), 0, "starting is not a change");
    consent(&h, r#"{"typing":true}"#).unwrap();
    consent(&h, r#"{"typing":true}"#).unwrap();
    assert_eq!(
        calls.length(),
        1,
        "once per change; the same answer again is none"
    );
    assert!(consent(&h, r#"{"typing":"maybe"}"#).is_err());
    assert_eq!(calls.length(), 1, "a refused call changes nothing");
    consent(&h, r#"{"typing":false,"pointer":false}"#).unwrap();
    assert_eq!(calls.length(), 2, "one call for one setConsent");
    call(&h, "forgetLocal", &[]).unwrap();
    assert_eq!(calls.length(), 3, "forget clears consent: a change");
    assert!(
        calls.iter().all(|n| n.as_f64() == Some(0.0)),
        "called with no argument: it never says what was chosen"
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn on_send_reports_counts_and_sizes_of_what_was_delivered_only() {
    storage().clear().unwrap();
    let collector = Collector::install();
    let calls = Array::new();
    let record = Function::new_with_args("calls", "return (info) => calls.push(info)")
        .call1(&JsValue::NULL, &calls)
        .unwrap();
    let o = options_for(APP, "");
    Reflect::set(&o, &"onSend".into(), &record).unwrap();
    let h = init_with(o).await;
    consent(&h, r#"{"interaction":true,"typing":true}"#).unwrap();
    element(r#"<button data-ac-label="Secret project">x</button>"#).click();
    key(&element("<input>"), "d");
    call(&h, "flush", &[]).unwrap();
    collector.wait_for("/v1/summaries", 1).await;
    for _ in 0..20 {
        if calls.length() > 0 {
            break;
        }
        sleep(50).await;
    }
    let info = calls.get(0);
    let entries = js_sys::Object::entries(info.unchecked_ref());
    let names: Vec<String> = entries
        .iter()
        .map(|e| e.unchecked_into::<Array>().get(0).as_string().unwrap())
        .collect();
    assert_eq!(names, ["summaries", "bytes", "delivered", "refused"]);
    assert!(
        entries
            .iter()
            .all(|e| e.unchecked_into::<Array>().get(1).as_f64().is_some()),
        "numbers only"
    );
    let number = |k: &str| get(&info, k).as_f64().unwrap();
    assert_eq!(number("summaries"), 2.0);
    assert_eq!(number("delivered"), 2.0);
    assert_eq!(number("refused"), 0.0);
    assert_eq!(
        number("bytes") as usize,
        collector.bodies("/v1/summaries")[0].len()
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn bad_input_to_the_consent_controls_is_refused_by_name_and_changes_nothing() {
    storage().clear().unwrap();
    for (texts, option) in [
        (r#"{"keys.charactr":"x"}"#, "texts.keys.charactr"),
        (r#"{"statusOn":""}"#, "texts.statusOn"),
        (r#"{"zeros":42}"#, "texts.zeros"),
    ] {
        let o = options_for(APP, &format!(r#","texts":{texts}"#));
        let err = JsFuture::from(init(o)).await.expect_err(texts);
        assert_eq!(get(&err, "option").as_string().as_deref(), Some(option));
        assert!(
            message(&err).contains(&format!("`{option}`")),
            "{}",
            message(&err)
        );
        assert_eq!(active_listeners(), 0);
    }
    // Every known text is accepted.
    let (h, _collector) =
        start(r#","texts":{"keys.character":"Touches","nextEmpty":"Rien."}"#).await;
    consent(&h, r#"{"typing":true}"#).unwrap();
    call(&h, "pause", &[]).unwrap();
    let before = view(&h);
    let err = consent(&h, r#"{"typing":false,"keylogger":true}"#).expect_err("refused");
    assert_eq!(get(&err, "key").as_string().as_deref(), Some("keylogger"));
    assert_eq!(view(&h), before, "all or nothing: typing is still granted");
    assert_eq!(get(&h, "paused").as_bool(), Some(true), "still paused");
    stop(&h);
}

#[wasm_bindgen_test]
async fn each_app_keeps_its_own_secret_adopting_the_shared_one_and_forget_rotates_only_its_own() {
    storage().clear().unwrap();
    let collector = Collector::install();
    // Without an older shared secret, each app makes its own and shares none.
    let a = init_with(options_for("app-a", "")).await;
    stop(&a);
    let b = init_with(options_for("app-b", "")).await;
    stop(&b);
    let (own_a, own_b) = (stored("ac:app-a:secret"), stored("ac:app-b:secret"));
    assert!(own_a.as_ref().is_some_and(|s| s.len() == 64));
    assert_ne!(own_a, own_b);
    assert_eq!(stored("ac:secret"), None);

    // An older version's shared secret is adopted by each app as its own copy.
    storage().clear().unwrap();
    let legacy = "cd".repeat(32);
    storage().set_item("ac:secret", &legacy).unwrap();
    let a = init_with(options_for("app-a", "")).await;
    stop(&a);
    let b = init_with(options_for("app-b", "")).await;
    assert_eq!(stored("ac:app-a:secret").as_deref(), Some(legacy.as_str()));
    assert_eq!(stored("ac:app-b:secret").as_deref(), Some(legacy.as_str()));
    // exportMine asks with the app's own secret.
    let _ = call(&b, "exportMine", &[]).unwrap();
    collector.wait_for("/v1/me", 1).await;
    assert!(collector.bodies("/v1/me")[0].contains(&legacy));
    // Forgetting in app B rotates B's secret only: A and the shared key keep theirs.
    call(&b, "forgetLocal", &[]).unwrap();
    let rotated = stored("ac:app-b:secret").unwrap();
    assert_ne!(rotated, legacy);
    assert_eq!(stored("ac:app-a:secret").as_deref(), Some(legacy.as_str()));
    assert_eq!(stored("ac:secret").as_deref(), Some(legacy.as_str()));
    stop(&b);
    // B does not adopt the shared secret again.
    let b = init_with(options_for("app-b", "")).await;
    assert_eq!(stored("ac:app-b:secret"), Some(rotated));
    stop(&b);
    // A malformed stored secret is replaced, not used.
    storage()
        .set_item("ac:app-a:secret", "not a secret")
        .unwrap();
    storage().remove_item("ac:secret").unwrap();
    let a = init_with(options_for("app-a", "")).await;
    let fresh = stored("ac:app-a:secret").unwrap();
    assert!(fresh.len() == 64 && fresh.bytes().all(|c| c.is_ascii_hexdigit()));
    stop(&a);
}
