//! The demo on real sockets (ephemeral loopback ports): the collector answers on one origin,
//! the static files on the other, and the synthetic data shows in the aggregates.

mod common;

use std::time::Duration;

use activity_capture_collector::demo::{self, DemoOptions};
use activity_capture_collector::Clock;
use activity_capture_core::purpose::Purpose;
use common::{summary_for, NOW, TODAY_DATE, YESTERDAY_DATE};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A minimal HTTP/1.1 client: one request, `Connection: close`, the whole answer back.
async fn fetch(
    addr: std::net::SocketAddr,
    request_head: &str,
    body: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{request_head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn demo_serves_the_collector_and_the_tool_on_two_origins() {
    let dir = common::temp_dir("demo");
    let (www, pkg) = (dir.join("www"), dir.join("pkg"));
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {};").unwrap();
    std::fs::write(pkg.join("activity_capture_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();

    let api = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (api_addr, web_addr) = (api.local_addr().unwrap(), web.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let reader_key = demo::random_key("rk_demo_").unwrap();
    let options = DemoOptions {
        www,
        pkg,
        data_dir: dir.join(".demo"),
        reader_key: reader_key.clone(),
    };
    let server = tokio::spawn(demo::serve(
        api,
        web,
        options,
        Clock::fixed(NOW),
        async move {
            let _ = stopped.await;
        },
    ));

    // The collector's origin.
    let (status, _, body) = fetch(api_addr, "GET /healthz HTTP/1.1", "").await;
    assert_eq!((status, body.as_str()), (200, "{\"status\":\"ok\"}"));

    // The tool's origin: index, a module, the wasm, and nothing outside the directories.
    let cases = [
        ("/", 200, Some("text/html")),
        ("/app.js", 200, Some("text/javascript")),
        (
            "/pkg/activity_capture_bg.wasm",
            200,
            Some("application/wasm"),
        ),
        ("/missing.js", 404, None),
        ("/../.demo/collector.sqlite", 404, None),
        ("/pkg/../www/index.html", 404, None),
    ];
    for (path, expected, content_type) in cases {
        let (status, head, _) = fetch(web_addr, &format!("GET {path} HTTP/1.1"), "").await;
        assert_eq!(status, expected, "{path}: {head}");
        if let Some(ct) = content_type {
            assert!(
                head.contains(&format!("content-type: {ct}")),
                "{path}: {head}"
            );
        }
    }

    // A page on the tool's origin can send a summary; the seeded people show in aggregates.
    let origin = format!("http://{web_addr}");
    let s = summary_for(demo::APP, 200, 1, Purpose::Interaction, "/tickets", 0);
    let batch = common::batch(demo::INGEST_KEY, &[s]);
    let head = format!(
        "POST /v1/summaries HTTP/1.1\r\nContent-Type: text/plain;charset=UTF-8\r\nOrigin: {origin}"
    );
    let (status, head, body) = fetch(api_addr, &head, &batch).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains(&format!("access-control-allow-origin: {origin}")),
        "{head}"
    );
    assert!(body.contains("\"stored\""), "{body}");

    // Today is open (published after it ends); the seeded closed days show.
    let query = format!("GET /v1/aggregates?app={}&day={TODAY_DATE}&purpose=interaction HTTP/1.1\r\nAuthorization: Bearer {reader_key}", demo::APP);
    let (status, _, body) = fetch(api_addr, &query, "").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"day\""), "{body}");
    let query = query.replace(TODAY_DATE, YESTERDAY_DATE);
    let (status, _, body) = fetch(api_addr, &query, "").await;
    assert_eq!(status, 200, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    let routes: Vec<(&str, u64)> = json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["route"].as_str().unwrap(), c["people"].as_u64().unwrap()))
        .collect();
    assert_eq!(routes, [("/tickets", 12), ("/tickets/:id", 8)], "{body}");
    assert_eq!(json["suppressed"], 1, "/reports has 3 people: {body}");
    let (status, _, _) = fetch(api_addr, &query.replace(&reader_key, demo::INGEST_KEY), "").await;
    assert_eq!(status, 401, "the ingest key cannot read");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();

    // Restarting seeds nothing twice.
    let store = activity_capture_collector::storage::SqliteStore::open(
        dir.join(".demo/collector.sqlite").to_str().unwrap(),
    )
    .unwrap();
    assert_eq!(demo::seed(&store, NOW).unwrap(), 0);
    drop(store);
    std::fs::remove_dir_all(dir).unwrap();
}
