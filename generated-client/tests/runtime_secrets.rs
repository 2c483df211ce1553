//! Runtime tests: tokens never show up in `Debug` output or in TRACE-level logs, and the
//! `altegio.request` span carries operation, method, path template, attempt and status.

use crate::runtime_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use altegio::runtime::{Auth, Method, Operation, Request};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::put;
use axum::{Json, Router};
use runtime_support::{builder, fast_retries, op, serve, Hits, PARTNER, USER};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;

const OP: Operation = op(
    "update_client",
    Method::Put,
    "/client/{location_id}/{client_id}",
    Auth::PartnerUser,
);

#[tokio::test]
async fn debug_output_hides_tokens() {
    let b = builder("http://127.0.0.1:9").user_token(USER);
    let builder_debug = format!("{b:?}");
    let client = b.build().unwrap();
    let logged_in = client.with_user_token("another-user-secret");
    for text in [
        builder_debug,
        format!("{client:?}"),
        format!("{logged_in:?}"),
        format!("{client:#?}"),
    ] {
        assert!(
            !text.contains(PARTNER)
                && !text.contains(USER)
                && !text.contains("another-user-secret"),
            "{text}"
        );
        assert!(text.contains("Secret(***)"), "{text}");
    }
    let request = Request::new(&OP).json_body(&json!({"password": "hunter2"}));
    assert!(!format!("{request:?}").contains("hunter2"));
}

/// A `MakeWriter` appending everything to one shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn trace_logs_carry_the_template_but_no_tokens_or_values() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(buffer.clone())
        .finish();
    // `#[tokio::test]` runs on one thread, so a thread-local default sees the whole call.
    let _guard = tracing::subscriber::set_default(subscriber);

    let hits = Hits::default();
    let handler = {
        let hits = hits.clone();
        move || async move {
            if hits.hit() == 1 {
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            } else {
                Json(json!({"success": true, "data": {"id": 1}, "meta": []})).into_response()
            }
        }
    };
    let base = serve(Router::new().route("/client/{location_id}/{client_id}", put(handler))).await;
    let client = builder(&base)
        .user_token(USER)
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    let request = Request::new(&OP)
        .path_param("location_id", &"loc-5150")
        .path_param("client_id", &"cli-8675309")
        .query_param("phone", &"+15550001111", true)
        .json_body(&json!({"name": "Ann"}));
    client
        .send_envelope::<serde_json::Value, ()>(request)
        .await
        .expect("call succeeds on retry");
    assert_eq!(hits.get(), 2);

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("altegio.request"), "{logs}");
    assert!(
        logs.contains("operation=\"update_client\"") || logs.contains("operation=update_client"),
        "{logs}"
    );
    assert!(logs.contains("/client/{location_id}/{client_id}"), "{logs}");
    assert!(
        logs.contains("method=\"PUT\"") || logs.contains("method=PUT"),
        "{logs}"
    );
    assert!(
        logs.contains("attempt=1") && logs.contains("attempt=2"),
        "{logs}"
    );
    assert!(
        logs.contains("status=503") && logs.contains("status=200"),
        "{logs}"
    );
    for secret in [PARTNER, USER, "loc-5150", "cli-8675309", "15550001111"] {
        assert!(
            !logs.contains(secret),
            "`{secret}` leaked into logs:\n{logs}"
        );
    }
}
