//! Mechanical checks of the structural guarantees (see PRIVACY.md): the content-getter ban is
//! configured and lifted in exactly one module, and the core stays free of web crates.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn content_getters_are_banned_and_allowed_only_in_the_classification_module() {
    let config = read("clippy.toml");
    for getter in [
        "web_sys::KeyboardEvent::key",
        "web_sys::HtmlInputElement::value",
        "web_sys::HtmlTextAreaElement::value",
        "web_sys::Node::text_content",
        "web_sys::Element::inner_html",
        "web_sys::Element::get_attribute",
        "web_sys::Location::href",
        "web_sys::Document::title",
        "web_sys::InputEvent::data",
        "web_sys::ClipboardEvent::clipboard_data",
        "web_sys::HtmlDocument::cookie",
    ] {
        assert!(
            config.contains(&format!("\"{getter}\"")),
            "clippy.toml must ban {getter}"
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "crates"] {
        rust_files(&root.join(dir), &mut files);
    }
    let allowing: Vec<_> = files
        .iter()
        .filter(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("disallowed_methods")
        })
        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert_eq!(allowing, ["src/classify.rs"]);
}

#[test]
fn in_js_only_the_classifiers_js_half_reads_the_page() {
    // What reads the page's content or its events' details (the JS twins of the getters
    // clippy.toml bans in Rust), and the files allowed to: the classifier's JS half
    // (js/sense.js, the twin of src/classify.rs) reads targets, labels, keys and input types;
    // the dialog and panel read keys and text of their own shadow UI only (Escape, Tab, the
    // focused button; `words.value`/`words.title` are their texts, `.data` the panel's own
    // summaries); the loaders read the page's URL only to resolve the wasm's; the snippet reads
    // its own script tag's attribute.
    let rules: &[(&str, &[&str])] = &[
        (".target", &["js/sense.js"]),
        (".composedPath(", &["js/sense.js"]),
        (".closest(", &["js/sense.js"]),
        (".getAttribute(", &["js/sense.js", "js/snippet.js"]),
        (".getAttributeNS(", &[]),
        (".attributes", &[]),
        (".dataset", &[]),
        (".inputType", &["js/sense.js"]),
        (".key", &["js/sense.js", "js/dialog.js", "js/panel.js"]),
        (".code", &[]),
        (".keyCode", &[]),
        (".charCode", &[]),
        (".which", &[]),
        (".value", &["js/panel.js"]),
        (".defaultValue", &[]),
        (".data", &["js/panel.js"]),
        (".dataTransfer", &[]),
        (".getData(", &[]),
        ("clipboardData", &[]),
        ("getSelection", &[]),
        (".innerText", &[]),
        (".innerHTML", &[]),
        (".outerHTML", &[]),
        (".nodeValue", &[]),
        (".title", &["js/dialog.js"]),
        ("document.title", &[]),
        ("document.cookie", &[]),
        ("document.URL", &[]),
        (".referrer", &[]),
        ("location", &["js/classic.js", "js/esm.js"]),
        (".href", &["js/classic.js", "js/esm.js"]),
        (".search", &[]),
        (".hash", &[]),
        (".pathname", &[]),
    ];
    // Names that must not be reached around the rules by brackets or destructuring.
    const NAMES: [&str; 12] = [
        "key",
        "code",
        "value",
        "data",
        "inputType",
        "textContent",
        "innerText",
        "innerHTML",
        "title",
        "href",
        "cookie",
        "target",
    ];
    let mut files: Vec<_> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("js"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("sense.js")));
    for file in files {
        let name = format!("js/{}", file.file_name().unwrap().to_string_lossy());
        let text = fs::read_to_string(&file).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let whole = |pattern: &str, at: usize| {
            // A whole property name: `.key` is not `.keys(`.
            let next = code[at + pattern.len()..].chars().next();
            pattern.ends_with('(') || !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        for &(pattern, allowed) in rules {
            let found = code
                .match_indices(pattern)
                .any(|(at, _)| whole(pattern, at));
            assert!(
                !found || allowed.contains(&name.as_str()),
                "{name} reads `{pattern}`: only {allowed:?} may (content is read in js/sense.js)"
            );
        }
        // `textContent` may be written anywhere (that is how the UI shows its words); only the
        // panel reads it (the focused button of its own UI).
        if name != "js/panel.js" {
            for (at, _) in code.match_indices(".textContent") {
                let rest = code[at + ".textContent".len()..].trim_start();
                assert!(
                    rest.starts_with('=') && !rest.starts_with("=="),
                    "{name} reads `.textContent`"
                );
            }
        }
        for n in NAMES {
            for quote in ['\'', '"', '`'] {
                let bracket = format!("[{quote}{n}{quote}]");
                assert!(!code.contains(&bracket), "{name} reads {bracket}");
            }
        }
        // Destructuring a name out of an object (`const { key } = e`).
        for (at, _) in code.match_indices('{') {
            let Some(end) = code[at..].find('}') else {
                continue;
            };
            let inner = &code[at + 1..at + end];
            let after = code[at + end + 1..].trim_start();
            if after.starts_with('=') && !after.starts_with("==") && !inner.contains(['(', ';']) {
                for part in inner.split(',') {
                    let field = part.split(':').next().unwrap_or("").trim();
                    assert!(!NAMES.contains(&field), "{name} destructures `{field}`");
                }
            }
        }
        if name == "js/snippet.js" {
            assert_eq!(code.matches(".getAttribute(").count(), 1);
            assert!(code.contains(".getAttribute('data-sdk')"));
        }
    }
}

#[test]
fn the_core_depends_on_no_web_crate() {
    let manifest = read("crates/core/Cargo.toml");
    for banned in ["wasm-bindgen", "web-sys", "js-sys"] {
        assert!(
            !manifest.lines().any(|l| l.trim_start().starts_with(banned)),
            "crates/core must stay pure: it depends on {banned}"
        );
    }
}

#[test]
fn requests_never_carry_credentials_and_no_unload_listener_exists() {
    // The JS glue and the shell are the only places that could send or listen; neither may use
    // sendBeacon (it always sends cookies) or listen for `unload` (it breaks the bfcache).
    for path in ["js/facade.js", "js/classic.js", "js/esm.js"] {
        let js = read(path);
        assert!(!js.contains("sendBeacon"), "{path} uses sendBeacon");
        assert!(
            !js.contains("'unload'") && !js.contains("\"unload\""),
            "{path} listens for unload"
        );
    }
    let transport = read("src/transport.rs");
    assert!(
        transport.contains(r#"set(&init, "credentials", &"omit".into());"#),
        "requests must omit credentials"
    );
    assert!(
        transport.contains("\"keepalive\""),
        "requests must use keepalive"
    );
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("send_beacon"),
            "{} uses sendBeacon",
            f.display()
        );
        assert!(
            !text.contains("\"unload\""),
            "{} listens for unload",
            f.display()
        );
    }
}
