//! Browser tests of the capture path (headless Chromium and Firefox): consent gating, listener
//! removal, classification of keys and private fields, route templating, and what `pending()`
//! holds — and never holds.
#![cfg(target_arch = "wasm32")]

use activity_capture::active_listeners;
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

mod browser;
use browser::*;

fn options(extra: &str) -> JsValue {
    let json = format!(
        r#"{{"endpoint":"http://127.0.0.1:9","app":"capture-test","ingestKey":"ik_test_capture",
        "purposes":{{"interaction":"i","typing":"t","pointer":"p","navigation":"n"}},
        "dialog":false,"acceptUntrusted":true,"routes":["/customers/:name"]{extra}}}"#
    );
    JSON::parse(&json).unwrap()
}

async fn start(extra: &str) -> JsValue {
    start_with(init, extra).await
}

/// Starts an instance by `init` on a clean storage.
async fn start_with(init: fn(JsValue) -> js_sys::Promise, extra: &str) -> JsValue {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    JsFuture::from(init(options(extra)))
        .await
        .expect("init resolves")
}

fn click(el: &HtmlElement) {
    el.click();
}

#[wasm_bindgen_test]
async fn nothing_is_attached_or_captured_until_a_purpose_is_granted() {
    let h = start("").await;
    assert_eq!(active_listeners(), 0);
    let button = element(r#"<button data-ac-label="Assign ticket">Assign</button>"#);
    click(&button);
    assert_eq!(pending(&h), "");
    consent(&h, r#"{"interaction":true}"#).unwrap();
    assert!(active_listeners() > 0);
    click(&button);
    click(&button);
    let body = pending(&h);
    assert!(body.contains(r#""purpose":"interaction""#), "{body}");
    assert!(
        body.contains(r#""label":"Assign ticket","clicks":2"#),
        "{body}"
    );
    assert!(!body.contains(r#""purpose":"typing""#));
    // Revoking stops the purpose and purges what it gathered, locally at once.
    consent(&h, r#"{"interaction":false}"#).unwrap();
    assert_eq!(active_listeners(), 0);
    assert_eq!(pending(&h), "");
    click(&button);
    assert_eq!(pending(&h), "");
    stop(&h);
}

#[wasm_bindgen_test]
async fn untrusted_events_are_ignored_by_default() {
    // No answer stored by an earlier test may carry over.
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let h = JsFuture::from(init({
        let o = options("");
        Reflect::set(&o, &"acceptUntrusted".into(), &false.into()).unwrap();
        o
    }))
    .await
    .unwrap();
    consent(&h, r#"{"interaction":true,"pointer":true}"#).unwrap();
    let button = element("<button>x</button>");
    click(&button);
    // Pointer moves and scrolls are heard by js/sense.js, which checks trust itself.
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_movement_x(300);
    let moved = web_sys::MouseEvent::new_with_mouse_event_init_dict("pointermove", &init).unwrap();
    button.dispatch_event(&moved).unwrap();
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    assert_eq!(
        pending(&h),
        "",
        "a script-made click, move or scroll is not counted"
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn keys_are_counted_by_class_and_private_fields_only_counted() {
    let h = start("").await;
    consent(&h, r#"{"typing":true,"interaction":true}"#).unwrap();
    let field = element(r#"<input name="notes">"#);
    for k in ["Q", "Z", "Backspace", "ArrowLeft"] {
        key(&field, k);
    }
    let password = element(r#"<input type="password">"#);
    let card = element(r#"<input autocomplete="cc-number">"#);
    let wrapped = element(r#"<div data-ac-private><input></div>"#);
    let inner: HtmlElement = wrapped.first_element_child().unwrap().dyn_into().unwrap();
    // Spelling variants: case, tokens among others, a text area.
    let shouting = element(r#"<input TYPE="PASSWORD">"#);
    let code = element(r#"<textarea autocomplete="one-time-code"></textarea>"#);
    let new_password = element(r#"<input autocomplete="section-a new-password">"#);
    let expiry = element(r#"<input autocomplete="shipping CC-EXP">"#);
    // An ordinary field inside a private region is private too.
    let region = element(r#"<div data-ac-private><input autocomplete="email"></div>"#);
    let in_region: HtmlElement = region.first_element_child().unwrap().dyn_into().unwrap();
    for el in [
        &password,
        &card,
        &inner,
        &shouting,
        &code,
        &new_password,
        &expiry,
        &in_region,
    ] {
        key(el, "W");
        click(el);
    }
    // A field with an ordinary autocomplete is not private.
    let email = element(r#"<input autocomplete="email">"#);
    click(&email);
    let body = pending(&h);
    assert!(
        body.contains(
            r#""keys":{"character":5,"edit":5,"navigation":5,"modifier":0,"shortcut":0}"#
        ),
        "{body}"
    );
    assert!(
        body.contains(r#""private":10}"#),
        "eight private key presses: quantised to 10: {body}"
    );
    assert!(
        body.contains(r#""clicks":1"#) && body.contains(r#""private":8"#),
        "private clicks only counted: {body}"
    );
    for leaked in [
        "Q",
        "Z",
        "W",
        "Backspace",
        "ArrowLeft",
        "password",
        "cc-number",
        "notes",
    ] {
        assert!(!body.contains(leaked), "{leaked} leaked into {body}");
    }
    stop(&h);
}

/// Routes through pushState are templated, with the Navigation API as the browser has it or
/// hidden (as in a browser without it, where the history methods are wrapped while capturing),
/// and the page's history methods are as they were after stop.
async fn routes_are_templated(hide_navigation: bool) {
    let window = web_sys::window().unwrap();
    if hide_navigation {
        let hide = JSON::parse(r#"{"value":null,"configurable":true}"#).unwrap();
        Reflect::define_property(&window, &"navigation".into(), &hide.into()).unwrap();
    }
    let history = window.history().unwrap();
    let original = Reflect::get(&history, &"pushState".into()).unwrap();
    let h = start("").await;
    consent(&h, r#"{"navigation":true,"interaction":true}"#).unwrap();
    let has_navigation_api = Reflect::get(&window, &"navigation".into())
        .unwrap()
        .is_object();
    assert_eq!(
        Reflect::get(&history, &"pushState".into()).unwrap() == original,
        has_navigation_api,
        "pushState wrapped only without the Navigation API"
    );
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/customers/jane.doe?tab=notes#x"))
        .unwrap();
    click(&element("<button>x</button>"));
    history
        .push_state_with_url(
            &JsValue::NULL,
            "",
            Some("/orders/jane.doe@example.com/edit"),
        )
        .unwrap();
    click(&element("<button>x</button>"));
    let body = pending(&h);
    assert!(body.contains(r#""route":"/customers/:name""#), "{body}");
    assert!(body.contains(r#""route":"/orders/:id/edit""#), "{body}");
    assert!(body.contains(r#""route_changes":1"#), "{body}");
    for leaked in ["jane", "notes", "example.com", "tab="] {
        assert!(!body.contains(leaked), "{leaked} leaked into {body}");
    }
    stop(&h);
    assert_eq!(
        Reflect::get(&history, &"pushState".into()).unwrap(),
        original,
        "pushState restored"
    );
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
    if hide_navigation {
        Reflect::delete_property(&window, &"navigation".into()).unwrap();
    }
}

#[wasm_bindgen_test]
/// Capture begins on the route the page is on when a purpose is granted, not the one it was on
/// at init (the SDK hears no route change before consent), and starts again where the page is
/// after all consent was withdrawn and the page moved meanwhile.
async fn capture_begins_on_the_route_the_page_is_on_when_consent_comes() {
    let history = web_sys::window().unwrap().history().unwrap();
    let h = start("").await;
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/customers/jane.doe"))
        .unwrap();
    consent(&h, r#"{"navigation":true,"interaction":true}"#).unwrap();
    click(&element("<button>x</button>"));
    let body = pending(&h);
    let routes = |body: &str| body.matches(r#""route":"#).count();
    assert_eq!(
        body.matches(r#""route":"/customers/:name","#).count(),
        routes(&body),
        "every summary on the page's route: {body}"
    );
    assert!(
        body.contains(r#""page_views":1,"route_changes":0"#),
        "{body}"
    );
    consent(&h, r#"{"navigation":false,"interaction":false}"#).unwrap();
    assert_eq!(pending(&h), "");
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/orders/42"))
        .unwrap();
    consent(&h, r#"{"interaction":true}"#).unwrap();
    click(&element("<button>x</button>"));
    let body = pending(&h);
    assert!(
        body.contains(r#""route":"/orders/:id","purpose":"interaction""#),
        "{body}"
    );
    assert_eq!(routes(&body), 1, "{body}");
    stop(&h);
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn routes_are_templated_and_history_is_restored_on_stop() {
    routes_are_templated(false).await;
}

fn shadow_host(label: &str, mode: web_sys::ShadowRootMode, inner: &str) -> web_sys::ShadowRoot {
    let host = element(&format!(r#"<div data-ac-label="{label}"></div>"#));
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(mode))
        .unwrap();
    root.set_inner_html(inner);
    root
}

fn shadow_child(root: &web_sys::ShadowRoot, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn composed_key(el: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_composed(true);
    el.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn open_shadow_roots_are_seen_through_their_host_and_closed_ones_are_not() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true,"typing":true}"#).unwrap();
    let open = shadow_host(
        "Ticket actions",
        web_sys::ShadowRootMode::Open,
        r#"<button data-ac-label="Close ticket">x</button><span id="plain">y</span>
        <div data-ac-private><button id="secret" data-ac-label="Reveal secret">z</button></div>
        <input type="password" id="pw"><input id="note">"#,
    );
    // A labelled control inside the component names itself; anything else is the component.
    click(&shadow_child(&open, "button"));
    click(&shadow_child(&open, "#plain"));
    click(&shadow_child(&open, "#plain"));
    // A private region and a password field inside the component count only as private.
    click(&shadow_child(&open, "#secret"));
    for _ in 0..3 {
        composed_key(&shadow_child(&open, "#pw"), "s");
    }
    let closed = shadow_host(
        "Closed widget",
        web_sys::ShadowRootMode::Closed,
        r#"<button data-ac-label="Inner name">x</button>"#,
    );
    click(&shadow_child(&closed, "button"));
    let body = pending(&h);
    assert!(
        body.contains(r#"{"label":"Close ticket","clicks":1}"#),
        "{body}"
    );
    assert!(
        body.contains(r#"{"label":"Ticket actions","clicks":2}"#),
        "{body}"
    );
    assert!(
        body.contains(r#"{"label":"Closed widget","clicks":1}"#),
        "{body}"
    );
    assert!(
        body.contains(r#""clicks":4"#),
        "all but the private click: {body}"
    );
    for hidden in ["Reveal secret", "Inner name"] {
        assert!(!body.contains(hidden), "{hidden} in {body}");
    }
    assert!(
        body.contains(r#""character":0"#),
        "password keys classified: {body}"
    );
    assert!(
        body.contains(r#""private":5}"#),
        "password typing counted: {body}"
    );
    composed_key(&shadow_child(&open, "#note"), "n");
    let body = pending(&h);
    assert!(
        body.contains(r#""character":5"#),
        "a plain field inside is typing: {body}"
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn content_slotted_into_a_private_region_of_a_component_is_private() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true,"typing":true}"#).unwrap();
    let host = element(
        r#"<div data-ac-label="Card form"><input id="slotted-card"><button id="slotted-go">go</button></div>"#,
    );
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    root.set_inner_html(r#"<div data-ac-private><slot></slot></div>"#);
    let field: HtmlElement = host.first_element_child().unwrap().dyn_into().unwrap();
    for _ in 0..3 {
        composed_key(&field, "4");
    }
    click(
        &host
            .query_selector("#slotted-go")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap(),
    );
    let body = pending(&h);
    assert!(
        body.contains(r#""character":0"#),
        "slotted keys classified: {body}"
    );
    assert!(
        body.contains(r#""private":5}"#),
        "slotted typing private: {body}"
    );
    assert!(
        body.contains(r#""clicks":0,"#),
        "slotted click private: {body}"
    );
    assert!(!body.contains("Card form"), "{body}");
    stop(&h);
}

#[wasm_bindgen_test]
async fn the_sdks_own_dialog_and_panel_are_not_the_pages_activity() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true,"typing":true}"#).unwrap();
    let host = element(r#"<div data-ac-private data-ac-ui></div>"#);
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    root.set_inner_html(r#"<button data-ac-label="Pause">p</button><input>"#);
    click(&shadow_child(&root, "button"));
    composed_key(&shadow_child(&root, "input"), "a");
    click(&element(r#"<button data-ac-label="Here">x</button>"#));
    let body = pending(&h);
    assert!(body.contains(r#""clicks":1,"#), "{body}");
    assert!(body.contains(r#""private":0,"#), "{body}");
    assert!(!body.contains(r#""typing""#), "{body}");
    stop(&h);
}

#[wasm_bindgen_test]
async fn scroll_depth_is_read_once_per_burst_and_reaches_the_deepest_point() {
    let tall = element(r#"<div style="height:20000px">tall</div>"#);
    let window = web_sys::window().unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let scroll_to = |y: f64| {
        window.scroll_to_with_x_and_y(0.0, y);
        window
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
    };
    // What is pending once a burst had 150 ms to settle, asked for back at the top (where a
    // depth read only then would be 0).
    let settled = |h: JsValue| async move {
        sleep(150).await;
        web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
        pending(&h)
    };
    // A burst: the depth is read when it settles, at the deepest point reached by then.
    scroll_to(9000.0);
    scroll_to(20000.0);
    let body = settled(h.clone()).await;
    assert!(body.contains(r#""scroll_depth":100"#), "{body}");
    // A burst still waiting when the summary is asked for is read then.
    stop(&h);
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    scroll_to(10500.0);
    let body = pending(&h);
    assert!(body.contains(r#""scroll_depth":50"#), "{body}");
    stop(&h);
    // A pointer burst waits a second; a scroll joining it is read as soon as a scroll alone.
    let h = start("").await;
    consent(&h, r#"{"interaction":true,"pointer":true}"#).unwrap();
    moves(1);
    scroll_to(20000.0);
    let body = settled(h.clone()).await;
    assert!(body.contains(r#""scroll_depth":100"#), "{body}");
    stop(&h);
    tall.remove();
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn pointer_distance_is_summed_and_bucketed_and_a_plain_event_moves_nothing() {
    let h = start("").await;
    consent(&h, r#"{"pointer":true}"#).unwrap();
    let body = body();
    moves(3);
    let plain = web_sys::EventInit::new();
    plain.set_bubbles(true);
    body.dispatch_event(&web_sys::Event::new_with_event_init_dict("pointermove", &plain).unwrap())
        .unwrap();
    // 3 × 500 px = 1500, bucketed down to 1000.
    let sent = pending(&h);
    assert!(sent.contains(r#""distance_px":1000"#), "{sent}");
    stop(&h);
}

#[wasm_bindgen_test]
async fn a_click_reported_on_a_frame_element_is_not_this_pages() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    click(&element(
        r#"<iframe data-ac-label="Embedded tool"></iframe>"#,
    ));
    click(&element(r#"<button data-ac-label="Here">x</button>"#));
    let body = pending(&h);
    assert!(body.contains(r#""clicks":1,"#), "{body}");
    assert!(!body.contains("Embedded tool"), "{body}");
    stop(&h);
}

#[wasm_bindgen_test]
async fn without_the_navigation_api_history_calls_are_wrapped_and_restored() {
    routes_are_templated(true).await;
}

#[wasm_bindgen_test]
async fn bad_consent_calls_throw_naming_the_key_and_change_nothing() {
    let h = start("").await;
    for (json, key) in [
        (r#"{"keylogger":true}"#, "keylogger"),
        (r#"{"typing":"yes"}"#, "typing"),
        (r#"["typing"]"#, "consent"),
    ] {
        let err = consent(&h, json).expect_err(json);
        assert_eq!(
            Reflect::get(&err, &"key".into())
                .unwrap()
                .as_string()
                .as_deref(),
            Some(key),
            "{json}"
        );
    }
    // All-or-nothing: a bad key alongside a good one applies neither.
    assert!(consent(&h, r#"{"typing":true,"bogus":true}"#).is_err());
    assert_eq!(active_listeners(), 0);
    let view = JSON::stringify(&call(&h, "consent", &[]).unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        view,
        r#"{"interaction":"pending","typing":"pending","pointer":"pending","navigation":"pending"}"#
    );
    stop(&h);
}

#[wasm_bindgen_test]
async fn global_privacy_control_denies_and_the_host_cannot_grant_over_it() {
    let navigator = web_sys::window().unwrap().navigator();
    let define = Function::new_with_args(
        "n",
        "Object.defineProperty(n, 'globalPrivacyControl', { value: true, configurable: true })",
    );
    define.call1(&JsValue::NULL, &navigator).unwrap();
    let h = start("").await;
    let view = JSON::stringify(&call(&h, "consent", &[]).unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        !view.contains("pending") && !view.contains("granted"),
        "{view}"
    );
    assert!(Reflect::get(&h, &"privacySignal".into())
        .unwrap()
        .as_bool()
        .unwrap());
    let err = consent(&h, r#"{"typing":true}"#).expect_err("a host cannot grant over GPC");
    let message = Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("Global Privacy Control"), "{message}");
    // The dialog path needs a trusted click; a scripted answer is refused.
    let answer: Function = Reflect::get(&h, &"dialogAnswer".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(answer
        .call2(
            &h,
            &JSON::parse(r#"{"typing":true}"#).unwrap(),
            &false.into()
        )
        .is_err());
    assert_eq!(active_listeners(), 0);
    stop(&h);
    js_sys::Function::new_with_args("n", "delete n.globalPrivacyControl")
        .call1(&JsValue::NULL, &navigator)
        .unwrap();
}

#[wasm_bindgen_test]
async fn consent_is_remembered_for_the_same_policy_only() {
    let h = start("").await;
    consent(&h, r#"{"pointer":true}"#).unwrap();
    stop(&h);
    let again = JsFuture::from(init(options(""))).await.unwrap();
    let view = JSON::stringify(&call(&again, "consent", &[]).unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(view.contains(r#""pointer":"granted""#), "{view}");
    assert!(
        active_listeners() > 0,
        "a remembered grant starts capture at once"
    );
    stop(&again);
    let changed = JsFuture::from(init(options(
        r#","windowMinutes":5,"purposes":{"pointer":"new words"}"#,
    )))
    .await
    .unwrap();
    let view = JSON::stringify(&call(&changed, "consent", &[]).unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        view, r#"{"pointer":"pending"}"#,
        "a changed policy asks again"
    );
    assert_eq!(active_listeners(), 0);
    stop(&changed);
}

#[wasm_bindgen_test]
async fn on_send_reports_counts_and_sizes_only() {
    let calls = js_sys::Array::new();
    let record = Function::new_with_args("calls", "return (info) => calls.push(info)")
        .call1(&JsValue::NULL, &calls)
        .unwrap();
    let o = options("");
    Reflect::set(&o, &"onSend".into(), &record).unwrap();
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let h = JsFuture::from(init(o))
        .await
        .expect("init with onSend resolves");
    consent(&h, r#"{"interaction":true}"#).unwrap();
    click(&element(r#"<button data-ac-label="Send it">x</button>"#));
    call(&h, "flush", &[]).unwrap();
    // The endpoint (port 9) refuses connections: the request is answered by a network error.
    for _ in 0..40 {
        if calls.length() > 0 {
            break;
        }
        sleep(50).await;
    }
    assert!(calls.length() > 0, "onSend was called");
    let info = calls.get(0);
    let keys = JSON::stringify(&js_sys::Object::keys(
        info.unchecked_ref::<js_sys::Object>(),
    ))
    .unwrap()
    .as_string()
    .unwrap();
    assert_eq!(keys, r#"["summaries","bytes","delivered","refused"]"#);
    assert!(
        Reflect::get(&info, &"summaries".into())
            .unwrap()
            .as_f64()
            .unwrap()
            >= 1.0
    );
    assert!(
        Reflect::get(&info, &"bytes".into())
            .unwrap()
            .as_f64()
            .unwrap()
            > 100.0
    );
    assert_eq!(
        Reflect::get(&info, &"delivered".into()).unwrap().as_f64(),
        Some(0.0)
    );
    assert!(!JSON::stringify(&info)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("Send it"));
    stop(&h);
}

/// The classifier's JS half (`js/sense.js`) classifies keys and input types exactly as the
/// core's functions do, for every named key the core knows, characters of every width, and
/// each modifier; and a key event that is not a `KeyboardEvent` is ignored.
#[wasm_bindgen_test]
fn the_js_classifier_agrees_with_the_core_on_keys_and_input_types() {
    use activity_capture_core::observe::{
        classify_input, classify_key, InputClass, KeyClass, EDIT, MODIFIERS, NAVIGATION,
    };
    use web_sys::{InputEvent, InputEventInit};
    let sense: JsValue = make_sense().into();
    // Every named key the core knows, and characters, named keys it does not, and near misses.
    let others = [
        "a",
        "Z",
        "7",
        " ",
        "é",
        "ß",
        "👍",
        "ñ",
        "\u{301}",
        "Dead",
        "Process",
        "F1",
        "F12",
        "MediaPlay",
        "Unidentified",
        "",
        "ab",
        "Ab",
        "AB",
        "éa",
        "Éa",
        "shift",
        "enter",
    ];
    let keys = [MODIFIERS, EDIT, NAVIGATION, &others].concat();
    for key in keys {
        for modifier in ["", "ctrl", "alt", "meta", "shift"] {
            let init = KeyboardEventInit::new();
            init.set_key(key);
            match modifier {
                "ctrl" => init.set_ctrl_key(true),
                "alt" => init.set_alt_key(true),
                "meta" => init.set_meta_key(true),
                "shift" => init.set_shift_key(true),
                _ => {}
            }
            let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
            let answer = call(&sense, "key", &[event.into()])
                .unwrap()
                .as_f64()
                .unwrap();
            let combo = matches!(modifier, "ctrl" | "alt" | "meta");
            let expected = KeyClass::ALL
                .iter()
                .position(|&k| k == classify_key(key, combo))
                .unwrap();
            assert_eq!(
                answer,
                (3 + expected) as f64,
                "key {key:?} with {modifier:?}"
            );
        }
    }
    let plain = web_sys::Event::new("keydown").unwrap();
    assert_eq!(
        call(&sense, "key", &[plain.into()]).unwrap().as_f64(),
        Some(2.0)
    );

    let types = [
        "insertText",
        "insertReplacementText",
        "insertLineBreak",
        "insertParagraph",
        "insertOrderedList",
        "insertFromPaste",
        "insertFromPasteAsQuotation",
        "insertFromDrop",
        "insertFromYank",
        "insertTranspose",
        "insertCompositionText",
        "insertLink",
        "deleteContentBackward",
        "deleteWordForward",
        "deleteByCut",
        "deleteByDrag",
        "historyUndo",
        "historyRedo",
        "formatBold",
        "formatSetBlockTextDirection",
        "",
        "other",
        "Insert",
        "history",
    ];
    for input_type in types {
        let init = InputEventInit::new();
        init.set_input_type(input_type);
        let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
        // As the browser reports it (Chromium reports types it does not know as "").
        let reported = event.input_type();
        let answer = call(&sense, "input", &[event.into()])
            .unwrap()
            .as_f64()
            .unwrap();
        let expected = InputClass::ALL
            .iter()
            .position(|&c| c == classify_input(&reported))
            .unwrap();
        assert_eq!(answer, (3 + expected) as f64, "inputType {input_type:?}");
    }
    // An `input` event that is not an `InputEvent` counts as "other".
    let plain = web_sys::Event::new("input").unwrap();
    assert_eq!(
        call(&sense, "input", &[plain.into()]).unwrap().as_f64(),
        Some((3 + InputClass::ALL.len() - 1) as f64)
    );
}

/// The page's clock as the SDK reads it (`Date.now`), set by the test from `take()` until
/// dropped, when the real one is put back (even if an assertion fails, so later tests see it).
struct FakeNow(JsValue, JsValue);

impl FakeNow {
    fn take() -> FakeNow {
        let date = Reflect::get(&js_sys::global(), &"Date".into()).unwrap();
        let real = Reflect::get(&date, &"now".into()).unwrap();
        FakeNow(date, real)
    }

    fn set(&self, ms: f64) {
        let fake = Function::new_no_args(&format!("return {ms}"));
        Reflect::set(&self.0, &"now".into(), &fake).unwrap();
    }
}

impl Drop for FakeNow {
    fn drop(&mut self) {
        let _ = Reflect::set(&self.0, &"now".into(), &self.1);
    }
}

/// A window that ended is closed in a task of its own, shortly after the event that noticed it:
/// no event handler pays for encoding, storing and sending summaries.
#[wasm_bindgen_test]
async fn windows_that_ended_close_after_the_event_not_in_its_handler() {
    let clock = FakeNow::take();
    let set_now = |ms: f64| clock.set(ms);
    let window_start = 1_795_774_500_000.0; // 2026-11-27T10:15:00Z, a 15-minute window start
    set_now(window_start + 60_000.0);
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let button = element(r#"<button data-ac-label="Go">x</button>"#);
    click(&button);
    let count = |h: &JsValue| Reflect::get(h, &"pendingCount".into()).unwrap().as_f64();
    assert_eq!(count(&h), Some(0.0));
    // The next window: the click's handler only records it.
    set_now(window_start + 16.0 * 60_000.0);
    click(&button);
    assert_eq!(count(&h), Some(0.0), "nothing closed inside the handler");
    sleep(250).await;
    assert_eq!(
        count(&h),
        Some(1.0),
        "the ended window closed shortly after"
    );
    stop(&h);
}

/// Visible time is counted only while navigation is granted and capture is not paused: the
/// clock that other purposes' capture keeps running, and the paused time, are not counted.
#[wasm_bindgen_test]
async fn visible_time_counts_only_while_navigation_is_granted_and_capture_runs() {
    let clock = FakeNow::take();
    let set_now = |ms: f64| clock.set(ms);
    // The visible seconds of the navigation summaries in `body`, in order.
    let visible = |body: &str| -> Vec<f64> {
        let parsed = JSON::parse(body).unwrap();
        let list: js_sys::Array = Reflect::get(&parsed, &"summaries".into()).unwrap().into();
        list.iter()
            .filter(|s| Reflect::get(s, &"purpose".into()).unwrap() == "navigation")
            .map(|s| {
                let data = Reflect::get(&s, &"data".into()).unwrap();
                Reflect::get(&data, &"visible_s".into())
                    .unwrap()
                    .as_f64()
                    .unwrap()
            })
            .collect()
    };
    let window_start = 1_795_774_500_000.0; // 2026-11-27T10:15:00Z, a 15-minute window start
    set_now(window_start + 10_000.0);
    let h = start("").await;
    assert!(!web_sys::window().unwrap().document().unwrap().hidden());
    consent(&h, r#"{"interaction":true}"#).unwrap();
    // Two minutes of capture for interaction only, then navigation is granted: a minute of it.
    set_now(window_start + 130_000.0);
    consent(&h, r#"{"navigation":true}"#).unwrap();
    set_now(window_start + 190_000.0);
    assert_eq!(visible(&pending(&h)), [60.0], "counted from the grant");
    // A minute more, four minutes paused, then a minute of capture: the minute before the pause
    // is counted (nothing else was due), the paused time is not.
    set_now(window_start + 250_000.0);
    call(&h, "pause", &[]).unwrap();
    set_now(window_start + 490_000.0);
    call(&h, "resume", &[]).unwrap();
    set_now(window_start + 550_000.0);
    // (Visible time alone waits for the next summary: a click makes one due now.)
    click(&element("<button>x</button>"));
    assert_eq!(
        visible(&pending(&h)),
        [60.0, 60.0, 60.0],
        "a minute until the first pending(), a minute until the pause, a minute after it"
    );
    // All withdrawn, granted again four minutes later: counted from the new grant.
    consent(&h, r#"{"navigation":false,"interaction":false}"#).unwrap();
    set_now(window_start + 790_000.0);
    consent(&h, r#"{"navigation":true}"#).unwrap();
    set_now(window_start + 820_000.0);
    assert_eq!(visible(&pending(&h)), [30.0], "counted from the new grant");
    stop(&h);
}

/// `n` script-made pointer moves of 500 px each (300 across, 400 down) on the body.
fn moves(n: usize) {
    let body = body();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_movement_x(300);
    init.set_movement_y(400);
    for _ in 0..n {
        let moved =
            web_sys::MouseEvent::new_with_mouse_event_init_dict("pointermove", &init).unwrap();
        body.dispatch_event(&moved).unwrap();
    }
}

/// Pointer movement summed in a burst belongs to the route it happened on, and what the page's
/// listeners gathered while capture was paused is dropped on resume, not counted.
#[wasm_bindgen_test]
async fn a_pointer_burst_keeps_its_route_and_a_paused_one_is_dropped() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/customers/jane"))
        .unwrap();
    let h = start("").await;
    consent(&h, r#"{"pointer":true,"navigation":true}"#).unwrap();
    moves(3);
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/orders/7/edit"))
        .unwrap();
    let sent = pending(&h);
    assert!(
        sent.contains(r#""route":"/customers/:name","purpose":"pointer""#)
            && !sent.contains(r#""route":"/orders/:id/edit","purpose":"pointer""#),
        "the burst's route: {sent}"
    );
    assert_eq!(sent.matches("distance_px").count(), 1, "{sent}");
    call(&h, "pause", &[]).unwrap();
    moves(3);
    call(&h, "resume", &[]).unwrap();
    sleep(250).await;
    let sent = pending(&h);
    assert_eq!(
        sent.matches("distance_px").count(),
        1,
        "nothing moved while paused: {sent}"
    );
    stop(&h);
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
}

/// The classifier reads elements through the DOM's own getters and methods, taken as the SDK
/// loads: a page that later patches one (here `closest`, to throw) changes nothing,
/// and neither do a form's controls named after them (a form answers `form.closest` with its
/// control of that name). A read that does throw (the page's patch of `composedPath`, read for
/// an event from a shadow root) makes the event count as private (the classifier fails closed),
/// and the SDK keeps working.
#[wasm_bindgen_test]
async fn dom_patches_and_named_form_controls_do_not_change_the_classification() {
    let h = start("").await;
    consent(&h, r#"{"typing":true,"interaction":true}"#).unwrap();
    let field = element(r#"<input name="notes">"#);
    let element_class = Reflect::get(&js_sys::global(), &"Element".into()).unwrap();
    let proto = Reflect::get(&element_class, &"prototype".into()).unwrap();
    let original = Reflect::get(&proto, &"closest".into()).unwrap();
    let throwing = Function::new_no_args("throw new Error('patched by the page')");
    Reflect::set(&proto, &"closest".into(), &throwing).unwrap();
    key(&field, "a");
    click(&field);
    Reflect::set(&proto, &"closest".into(), &original).unwrap();
    // A form whose controls are named `closest`, `localName`, `shadowRoot`, `getAttribute`.
    let form = element(
        r#"<form data-ac-label="Shipping"><input name="closest"><input name="localName">
        <input name="shadowRoot"><input name="getAttribute"></form>"#,
    );
    // (The form's own listener cancels the submission: without it, the next test hung in
    // Firefox, with old and new classifiers alike.)
    let submit = Function::new_with_args(
        "form",
        "form.addEventListener('submit', (e) => e.preventDefault());
         form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }))",
    );
    submit.call1(&JsValue::NULL, &form).unwrap();
    click(&form);
    form.parent_element().unwrap().remove();
    let body = pending(&h);
    assert!(
        body.contains(r#""character":5"#) && body.contains(r#""private":0}"#),
        "the key under the patch counted as usual (1, quantised to 5): {body}"
    );
    assert!(
        body.contains(r#""clicks":2"#)
            && body.contains(r#""submits":1"#)
            && body.contains(r#"{"label":"Shipping","clicks":1}"#)
            && body.contains(r#""private":0,"#),
        "the click under the patch, the form's submit and labelled click: {body}"
    );
    // An event from a shadow root reads its composed path, which the page has patched to throw.
    let root = shadow_host("Widget", web_sys::ShadowRootMode::Open, "<input id=\"x\">");
    let event_class = Reflect::get(&js_sys::global(), &"Event".into()).unwrap();
    let event_proto = Reflect::get(&event_class, &"prototype".into()).unwrap();
    let composed_path = Reflect::get(&event_proto, &"composedPath".into()).unwrap();
    Reflect::set(&event_proto, &"composedPath".into(), &throwing).unwrap();
    composed_key(&shadow_child(&root, "#x"), "b");
    Reflect::set(&event_proto, &"composedPath".into(), &composed_path).unwrap();
    composed_key(&shadow_child(&root, "#x"), "c");
    let body = pending(&h);
    assert!(
        body.contains(r#""character":5"#) && body.contains(r#""private":5}"#),
        "the broken event counted as private, the next one as usual (1 each, quantised to 5): {body}"
    );
    stop(&h);
}

/// A withdrawal whose deletion could not reach the collector waits for `online`; stop() removes
/// that listener too (the queued deletion goes out with the next page load).
#[wasm_bindgen_test]
async fn stop_removes_the_listener_a_failed_deletion_left() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    click(&element("<button>x</button>"));
    consent(&h, r#"{"interaction":false}"#).unwrap();
    // The collector (port 9) refuses the connection: the deletion's retry waits for `online`.
    sleep(500).await;
    stop(&h);
}

/// A page restored from the back/forward cache counts a page view; any other `pageshow` (the
/// page's own load) does not count again. The listener reads `persisted` in `js/sense.js` and
/// passes it as a number.
#[wasm_bindgen_test]
async fn a_back_forward_cache_restore_counts_a_page_view() {
    let h = start("").await;
    consent(&h, r#"{"navigation":true}"#).unwrap();
    let show = Function::new_with_args(
        "persisted",
        "dispatchEvent(new PageTransitionEvent('pageshow', { persisted }))",
    );
    for _ in 0..5 {
        show.call1(&JsValue::NULL, &false.into()).unwrap();
    }
    let body = pending(&h);
    assert!(
        body.contains(r#""page_views":1,"#),
        "the load's page view only: {body}"
    );
    for _ in 0..5 {
        show.call1(&JsValue::NULL, &true.into()).unwrap();
    }
    // (Asking for what is pending closed the first summary: the restores are counted in another.)
    let body = pending(&h);
    let views: u32 = body
        .split(r#""page_views":"#)
        .skip(1)
        .map(|rest| rest.split(',').next().unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(views, 6, "and one per restore: {body}");
    stop(&h);
}

/// Once the wasm has trapped (a Rust panic aborts), `js/sense.js`'s listeners call it no more and
/// tell the façade once, so a broken SDK does not throw on every event after; any other error
/// is the page's to see.
#[wasm_bindgen_test]
fn after_a_trap_the_listeners_call_the_wasm_no_more() {
    let traps =
        Function::new_no_args("return (globalThis.acTraps = (globalThis.acTraps || 0) + 1)");
    let sense: JsValue = make_sense_told(&traps).into();
    // A listener of `what` 0 (PAGE: any event), any trust, whose Rust side is `body`.
    let listener_for = |body: &str| -> Function {
        js_listener(
            &sense,
            0,
            &Function::new_with_args("answer, since, label", body),
            0,
        )
    };
    let event = web_sys::Event::new("ac-test").unwrap();
    let global = js_sys::global();
    let read = |name: &str| Reflect::get(&global, &name.into()).unwrap().as_f64();
    // An error that is not a trap reaches the page, and the listener keeps calling.
    let failing = listener_for(
        "globalThis.acOther = (globalThis.acOther || 0) + 1; throw new TypeError('not a trap');",
    );
    for _ in 0..2 {
        assert!(failing.call1(&JsValue::NULL, &event).is_err());
    }
    assert_eq!(read("acOther"), Some(2.0));
    assert_eq!(read("acTraps"), None);
    // The wasm traps on the first event: the next ones reach it no more, through any listener.
    let trapping = listener_for(
        "globalThis.acCalls = (globalThis.acCalls || 0) + 1; throw new WebAssembly.RuntimeError('unreachable');",
    );
    for _ in 0..3 {
        trapping
            .call1(&JsValue::NULL, &event)
            .expect("a trap is not rethrown");
    }
    failing
        .call1(&JsValue::NULL, &event)
        .expect("nothing is called");
    assert_eq!(read("acCalls"), Some(1.0), "one call, then none");
    assert_eq!(read("acOther"), Some(2.0));
    assert_eq!(read("acTraps"), Some(1.0), "the façade is told once");
}

/// Many labels clicked in turn (the classifier reuses the last label's redaction when the same
/// label comes again): every click counts for its own label, and a label that needed redaction
/// keeps its redaction.
#[wasm_bindgen_test]
async fn many_labels_clicked_in_turn_each_count_as_themselves() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let buttons: Vec<HtmlElement> = (0..10)
        .map(|k| {
            let label = if k == 0 {
                "Mail jane.doe@example.com".to_owned()
            } else {
                format!("Action {k}")
            };
            element(&format!(r#"<button data-ac-label="{label}">x</button>"#))
        })
        .collect();
    // Label k is clicked 10 - k times, the ten in turn.
    for round in 0..10 {
        for (k, b) in buttons.iter().enumerate() {
            if k <= round {
                click(b);
            }
        }
    }
    let body = pending(&h);
    for (label, clicks) in [
        ("Mail [EMAIL]", 10),
        ("Action 1", 9),
        ("Action 2", 8),
        ("Action 3", 7),
        ("Action 4", 6),
    ] {
        let target = format!(r#"{{"label":"{label}","clicks":{clicks}}}"#);
        assert!(body.contains(&target), "{target} in {body}");
    }
    assert!(!body.contains("jane"), "{body}");
    for b in &buttons {
        b.remove();
    }
    stop(&h);
}

/// A label clicked again is counted in the listener, not passed as text: the click listener
/// keeps only a fingerprint of the last label it passed, and a label changed in place, or
/// another label between, is passed as text again.
#[wasm_bindgen_test]
fn a_label_clicked_again_is_counted_without_its_text() {
    // The click listener (`what` CLICK = 2, labels from data-ac-label = source 1), whose Rust
    // side records what it is given.
    let call = Function::new_with_args(
        "answer, since, label",
        "(globalThis.acSeen = globalThis.acSeen || []).push(label === undefined ? answer : answer + ':' + label);",
    );
    let listener = js_listener(&make_sense().into(), 2, &call, 1);
    let first = element(r#"<button data-ac-label="Assign">x</button>"#);
    let second = element(r#"<button data-ac-label="Close">x</button>"#);
    let twin = element(r#"<button data-ac-label="Close">y</button>"#);
    let fire = |el: &HtmlElement| {
        let event = web_sys::Event::new("click").unwrap();
        // The listener reads the event's target: dispatch it to the element, with the
        // listener attached to the element for this one event.
        el.add_event_listener_with_callback("click", &listener)
            .unwrap();
        el.dispatch_event(&event).unwrap();
        el.remove_event_listener_with_callback("click", &listener)
            .unwrap();
    };
    fire(&first);
    fire(&first);
    fire(&second);
    fire(&twin); // another element with the same text: the same label
    fire(&first);
    first.set_attribute("data-ac-label", "Assigned").unwrap();
    fire(&first); // changed in place
    fire(&first);
    first.set_attribute("data-ac-label", "Assigneb").unwrap();
    fire(&first); // same length, one letter off
    let seen = Reflect::get(&js_sys::global(), &"acSeen".into()).unwrap();
    assert_eq!(
        JSON::stringify(&seen).unwrap().as_string().unwrap(),
        r#"["3:Assign","3:Close","3:Assign","3:Assigned","3:Assigneb"]"#
    );
    // The three clicks on a label passed just before were counted as AGAIN (4), in the batch
    // the first click began.
    assert_eq!(take(&listener, -1), 1 << 4);
    assert_eq!(take(&listener, 4), 3);
    assert_eq!((take(&listener, -1), take(&listener, 4)), (0, 0));
    for el in [first, second, twin] {
        el.remove();
    }
}

/// Through the SDK: a label repeated, a label changed in place and labels alternating each
/// count for the label clicked.
#[wasm_bindgen_test]
async fn repeated_and_changed_labels_count_for_the_label_clicked() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let button = element(r#"<button data-ac-label="Mail jane@example.com">x</button>"#);
    let other = element(r#"<button data-ac-label="Open">x</button>"#);
    click(&button);
    click(&button);
    click(&other);
    click(&button);
    button.set_attribute("data-ac-label", "Archive").unwrap();
    click(&button);
    click(&button);
    let body = pending(&h);
    for target in [
        r#"{"label":"Mail [EMAIL]","clicks":3}"#,
        r#"{"label":"Open","clicks":1}"#,
        r#"{"label":"Archive","clicks":2}"#,
    ] {
        assert!(body.contains(target), "{target} in {body}");
    }
    assert!(!body.contains("jane"), "{body}");
    button.remove();
    other.remove();
    stop(&h);
}

/// Every key and value in local storage, sorted.
fn stored() -> Vec<(String, String)> {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut all: Vec<(String, String)> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .map(|k| {
            let v = storage.get_item(&k).unwrap().unwrap_or_default();
            (k, v)
        })
        .collect();
    all.sort();
    all
}

/// An answer to a request sent before `stop()` that comes after it changes nothing: the
/// stopped instance writes nothing to storage (its lease keeps its time) and arms no timer.
#[wasm_bindgen_test]
async fn an_answer_after_stop_writes_nothing() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    click(&element("<button>x</button>"));
    // A later write of the lease would carry a later time.
    sleep(5).await;
    // The request goes to a port nothing listens on: its failure comes after the stop.
    call(&h, "flush", &[]).unwrap();
    stop(&h);
    let at_stop = stored();
    assert!(
        at_stop.iter().any(|(k, _)| k.contains(":outbox:")),
        "{at_stop:?}"
    );
    sleep(1500).await;
    assert_eq!(stored(), at_stop, "nothing written after the stop");
}

/// The rehearsal of the send path (a second after capture begins, an aggregator of its own is
/// given one observation of each purpose, closed and encoded, then dropped) leaves no trace:
/// nothing it made reaches the summaries or storage, and purposes not granted stay empty.
#[wasm_bindgen_test]
async fn the_send_rehearsal_leaves_no_trace() {
    let h = start("").await;
    consent(&h, r#"{"interaction":true}"#).unwrap();
    let button = element(r#"<button data-ac-label="Rehearsed">x</button>"#);
    click(&button);
    click(&button);
    let before = stored();
    sleep(1300).await; // past the rehearsal
    assert_eq!(stored(), before, "the rehearsal stored nothing");
    let body = pending(&h);
    for part in [
        r#""data":{"clicks":2,"#,
        r#""scroll_depth":0,"#,
        r#""targets":[{"label":"Rehearsed","clicks":2}]"#,
    ] {
        assert!(body.contains(part), "{part} in {body}");
    }
    for other in ["typing", "pointer", "navigation"] {
        assert!(
            !body.contains(&format!(r#""purpose":"{other}""#)),
            "{other} in {body}"
        );
    }
    assert_eq!(
        body.matches(r#""purpose":"interaction""#).count(),
        1,
        "{body}"
    );
    button.remove();
    stop(&h);
}

/// `take(i)` of a listener `js/sense.js` made (`-1`: the answers counted, a bit each).
fn take(listener: &Function, i: i32) -> u32 {
    let take: Function = Reflect::get(listener, &"take".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    take.call1(listener, &i.into()).unwrap().as_f64().unwrap() as u32
}

/// Runs `f` with `Date.now()` answering `globalThis.acClock`, then restores it.
fn with_clock<T>(f: impl FnOnce() -> T) -> T {
    Function::new_no_args("globalThis.acRealNow = Date.now; Date.now = () => globalThis.acClock;")
        .call0(&JsValue::NULL)
        .unwrap();
    let out = f();
    Function::new_no_args("Date.now = globalThis.acRealNow;")
        .call0(&JsValue::NULL)
        .unwrap();
    out
}

fn set_clock(ms: f64) {
    Reflect::set(&js_sys::global(), &"acClock".into(), &ms.into()).unwrap();
}

/// A batch: the key and input listeners call the SDK for the first event, then only count the
/// events that follow by less than a second and within the same ten-second activity slot
/// (which divides every window), in one batch for all of them; the batch's start is `from`.
/// A listener made ends the batch, and so does a clock set back.
#[wasm_bindgen_test]
fn clicks_keys_and_inputs_in_a_batch_are_counted_in_the_listener() {
    // A clock at a slot boundary (Unix ms, a multiple of 10,000).
    const BASE: f64 = 1_795_774_500_000.0;
    set_clock(BASE);
    let (sense, keys, inputs) = with_clock(|| {
        let sense: JsValue = make_sense().into();
        let call = Function::new_with_args(
            "answer, since",
            "(globalThis.acBatchCalls = globalThis.acBatchCalls || []).push(answer + '@' + since);",
        );
        let keys = js_listener(&sense, 3, &call, 1);
        let inputs = js_listener(&sense, 4, &call, 1);
        (sense, keys, inputs)
    });
    let field = element("<input>");
    field
        .add_event_listener_with_callback("keydown", &keys)
        .unwrap();
    field
        .add_event_listener_with_callback("input", &inputs)
        .unwrap();
    let input = || {
        let event = web_sys::InputEvent::new_with_event_init_dict("input", &{
            let init = web_sys::InputEventInit::new();
            init.set_input_type("insertText");
            init
        })
        .unwrap();
        field.dispatch_event(&event).unwrap();
    };
    let from = || {
        Reflect::get(&sense, &"from".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    with_clock(|| {
        for (at, typed) in [
            (5_000.0, "a"), // calls: a batch until 6,000
            (5_000.0, "input"),
            (5_999.0, "b"),
            (5_999.0, "Backspace"),
            (6_000.0, "c"), // calls: until 7,000
            (9_500.0, "d"), // calls: until the slot's end, 10,000
            (9_999.0, "e"),
            (10_000.0, "f"), // calls: a new slot
            (10_000.0, "input"),
        ] {
            set_clock(BASE + at);
            if typed == "input" {
                input();
            } else {
                key(&field, typed);
            }
        }
    });
    let calls = Reflect::get(&js_sys::global(), &"acBatchCalls".into()).unwrap();
    assert_eq!(
        JSON::stringify(&calls).unwrap().as_string().unwrap(),
        r#"["3@5000","3@6000","3@9500","3@10000"]"#
    );
    assert_eq!(from(), 10_000.0);
    // Counted: b and e as characters (answer 3), Backspace as an edit (4); two inputs as
    // inserts (3).
    assert_eq!(take(&keys, -1), 1 << 3 | 1 << 4);
    assert_eq!((take(&keys, 3), take(&keys, 4), take(&keys, 3)), (2, 1, 0));
    assert_eq!(take(&inputs, -1), 1 << 3);
    assert_eq!(take(&inputs, 3), 2);
    // A listener made ends the batch: the next key calls. So does a clock set back.
    with_clock(|| {
        set_clock(BASE + 10_001.0);
        key(&field, "g");
        assert_eq!(take(&keys, -1), 1 << 3, "in the batch");
        take(&keys, 3);
        js_listener(&sense, 2, &Function::new_no_args(""), 1);
        key(&field, "h");
        set_clock(BASE + 9_000.0);
        key(&field, "i");
        // ... and begins the next batch.
        key(&field, "j");
        assert_eq!(from(), 9_000.0);
        assert_eq!(take(&keys, -1), 1 << 3, "in the batch begun at 9,000");
        assert_eq!(take(&keys, 3), 1);
    });
    let calls = Reflect::get(&js_sys::global(), &"acBatchCalls".into()).unwrap();
    assert_eq!(
        JSON::stringify(&calls).unwrap().as_string().unwrap(),
        r#"["3@5000","3@6000","3@9500","3@10000","3@10001","3@9000"]"#
    );
    assert_eq!(take(&keys, -1), 0);
    assert_eq!(from(), -1.0, "nothing counted since the last take");
    field.remove();
}

/// Through the SDK: keys and inputs counted in a batch belong to the route they were typed on,
/// those typed while capture was paused are dropped, and the next key the SDK is called for
/// takes the counts first.
#[wasm_bindgen_test]
async fn a_batch_keeps_its_route_drops_what_was_paused_and_is_taken_by_the_next_call() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/customers/jane"))
        .unwrap();
    // The SDK's classifier, with the key listener it makes (`what` KEY = 3) kept for the test
    // to look into.
    let made = js_sys::Array::new();
    let wrap = Function::new_with_args(
        "sense, made",
        "const w = Object.create(sense); w.listener = (...a) => { const l = sense.listener(...a); if (a[0] === 3) made.push(l); return l; }; return w;",
    );
    let sense = wrap
        .call2(&JsValue::NULL, &make_sense().into(), &made)
        .unwrap();
    activity_capture::classify::use_sense(sense.unchecked_into());
    let h = start_with(activity_capture::init, "").await;
    consent(&h, r#"{"typing":true,"navigation":true}"#).unwrap();
    let field = element(r#"<input name="notes">"#);
    // Counts are quantised (steps of 5, at least 5): 12 are sent as 10, 14 as 15, 2 as 5.
    for _ in 0..12 {
        key(&field, "a");
    }
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/orders/7/edit"))
        .unwrap();
    for k in ["d", "Backspace"] {
        key(&field, k);
    }
    call(&h, "pause", &[]).unwrap();
    for _ in 0..10 {
        key(&field, "e");
    }
    call(&h, "resume", &[]).unwrap();
    key(&field, "i");
    // The typing summaries in order, each as its route and its character and edit counts
    // (pausing closed the windows: `i` came after, in a summary of its own).
    let typing = |sent: &str| -> Vec<String> {
        sent.split(r#""route":""#)
            .skip(1)
            .filter(|s| s.contains(r#""purpose":"typing""#))
            .map(|s| {
                let count = |name: &str| {
                    let at = s.find(&format!(r#""{name}":"#)).unwrap() + name.len() + 3;
                    s[at..].split([',', '}']).next().unwrap().to_owned()
                };
                format!(
                    "{} {} {}",
                    s.split('"').next().unwrap(),
                    count("character"),
                    count("edit")
                )
            })
            .collect()
    };
    let sent = pending(&h);
    assert_eq!(
        typing(&sent),
        [
            "/customers/:name 10 0",
            "/orders/:id/edit 5 5",
            "/orders/:id/edit 5 0"
        ],
        "a-a on the first route, d and Backspace on the second, then i; not what was typed \
         while paused: {sent}"
    );
    // Counted, j and k wait in the listener; the key after the batch ended (l) is passed to the
    // SDK, which takes them first.
    key(&field, "j");
    key(&field, "k");
    let keys: Function = made.get(0).unchecked_into();
    sleep(1_100).await;
    key(&field, "l");
    assert_eq!(take(&keys, -1), 0, "taken when l was passed");
    let sent = pending(&h);
    assert_eq!(typing(&sent).len(), 4, "{sent}");
    assert_eq!(
        typing(&sent)[3],
        "/orders/:id/edit 5 0",
        "j, k and l: {sent}"
    );
    field.remove();
    stop(&h);
    history
        .push_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
}
