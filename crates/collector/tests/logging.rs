//! Logging hygiene: one line per request with method, route, status and latency, and none of
//! the request's cookies, credentials, client addresses, user agent, query or body.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use activity_capture_core::purpose::Purpose;
use activity_capture_core::wire::encode;
use axum::body::Body;
use axum::http::Request;
use common::*;
use tracing_subscriber::fmt::MakeWriter;

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

/// Adds every header a careless service would log.
fn with_identifying_headers(builder: axum::http::request::Builder) -> axum::http::request::Builder {
    builder
        .header("cookie", "session=COOKIEVALUE123")
        .header("user-agent", "AgentSmith/9.9 (Matrix)")
        .header("x-forwarded-for", "203.0.113.77")
        .header("x-real-ip", "198.51.100.23")
        .header("forwarded", "for=192.0.2.60")
        .header("referer", "https://tool.internal/customers/REFERERNAME")
}

#[tokio::test]
async fn request_logs_hold_no_identifying_data() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let state = state();
    let app = router(&state);
    let s = summary(1, 1, Purpose::Interaction);
    let with_email = encode(&s).replace("Assign ticket", "mail jane.doe@example.com");
    let requests = [
        with_identifying_headers(
            Request::builder()
                .method("POST")
                .uri("/v1/summaries?token=QUERYSECRET"),
        )
        .header("content-type", "text/plain")
        .header("origin", ORIGIN)
        .body(Body::from(batch_of_wire(
            INGEST_KEY,
            &[with_email, encode(&summary(2, 2, Purpose::Typing))],
        )))
        .unwrap(),
        with_identifying_headers(
            Request::builder()
                .uri(aggregates_path(APP, TODAY_DATE, "interaction") + "&x=QUERYSECRET"),
        )
        .header("authorization", format!("Bearer {READER_KEY}"))
        .body(Body::empty())
        .unwrap(),
        with_identifying_headers(Request::builder().uri(aggregates_path(
            APP,
            YESTERDAY_DATE,
            "interaction",
        )))
        .header("authorization", format!("Bearer {READER_KEY}"))
        .body(Body::empty())
        .unwrap(),
        with_identifying_headers(Request::builder().method("POST").uri("/v1/me"))
            .header("content-type", "application/json")
            .header("origin", ORIGIN)
            .body(Body::from(format!(
                "{{\"app\":\"{APP}\",\"secret\":\"{}\"}}",
                secret(1).to_hex()
            )))
            .unwrap(),
        with_identifying_headers(
            Request::builder().uri("/customers/jane.doe@example.com?q=QUERYSECRET"),
        )
        .body(Body::empty())
        .unwrap(),
    ];
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(send(&app, request).await.status.as_u16());
    }
    assert_eq!(statuses, [200, 400, 200, 200, 404]);

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("request")).collect();
    assert_eq!(lines.len(), 5, "one line per request:\n{log}");
    for (line, (route, status)) in lines.iter().zip([
        ("/v1/summaries", 200),
        ("/v1/aggregates", 400),
        ("/v1/aggregates", 200),
        ("/v1/me", 200),
        ("(no route)", 404),
    ]) {
        assert!(line.contains(&format!("route={route}")), "{line}");
        assert!(line.contains(&format!("status={status}")), "{line}");
        assert!(line.contains("latency_us="), "{line}");
        assert!(line.contains("method="), "{line}");
    }
    let s2 = summary(2, 2, Purpose::Typing);
    let secrets = [
        "COOKIEVALUE123".to_owned(),
        "session".into(),
        "AgentSmith".into(),
        "Matrix".into(),
        "203.0.113.77".into(),
        "198.51.100.23".into(),
        "192.0.2.60".into(),
        "REFERERNAME".into(),
        "QUERYSECRET".into(),
        "token".into(),
        "jane.doe".into(),
        "example.com".into(),
        "127.0.0.1".into(),
        INGEST_KEY.into(),
        READER_KEY.into(),
        secret(1).to_hex(),
        s.id.to_hex(),
        s2.id.to_hex(),
        s2.subject.to_hex(),
        "ticket-desk".into(),
    ];
    for secret in secrets {
        assert!(!log.contains(&secret), "the log holds {secret:?}:\n{log}");
    }
}
