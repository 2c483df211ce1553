//! Runtime tests: retries (Retry-After, idempotency, max attempts), per-request overrides,
//! timeouts and cancellation by dropping the future.

use crate::runtime_support;

use std::time::{Duration, Instant};

use altegio::runtime::{Auth, Method, Operation, Request, RequestOptions, RetryPolicy};
use altegio::Error;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use runtime_support::{builder, fast_retries, op, serve, Hits};
use serde_json::{json, Value};

const GET_OP: Operation = op("get_thing", Method::Get, "/flaky", Auth::Partner);
const POST_OP: Operation = op("create_thing", Method::Post, "/flaky", Auth::Partner);
const SLOW_OP: Operation = op("slow_thing", Method::Get, "/slow", Auth::Partner);

fn ok() -> Response {
    Json(json!({"success": true, "data": {"ok": true}, "meta": []})).into_response()
}

/// Answers `status` (with optional Retry-After) to the first `failures` requests, then 200.
async fn flaky_server(
    status: StatusCode,
    failures: usize,
    retry_after: Option<&'static str>,
) -> (String, Hits) {
    let hits = Hits::default();
    let handler = move |State(hits): State<Hits>| async move {
        if hits.hit() <= failures {
            let mut response = (
                status,
                Json(json!({"success": false, "data": null, "meta": {"message": "busy"}})),
            )
                .into_response();
            if let Some(value) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", value.parse().unwrap());
            }
            response
        } else {
            ok()
        }
    };
    let router = Router::new()
        .route("/flaky", any(handler))
        .with_state(hits.clone());
    (serve(router).await, hits)
}

#[tokio::test]
async fn http_429_honours_retry_after_then_succeeds_in_two_attempts() {
    let (base, hits) = flaky_server(StatusCode::TOO_MANY_REQUESTS, 1, Some("1")).await;
    let client = builder(&base).build().unwrap();
    let started = Instant::now();
    let response = client
        .send_envelope::<Value, ()>(Request::new(&GET_OP))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.data, json!({"ok": true}));
    assert_eq!(hits.get(), 2);
    assert!(
        elapsed >= Duration::from_millis(900),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_retries_at_once() {
    let (base, hits) = flaky_server(
        StatusCode::SERVICE_UNAVAILABLE,
        1,
        Some("Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    .await;
    let client = builder(&base).build().unwrap();
    client.send_empty(Request::new(&GET_OP)).await.unwrap();
    assert_eq!(hits.get(), 2);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let (base, hits) = flaky_server(StatusCode::SERVICE_UNAVAILABLE, 1, None).await;
    let client = builder(&base).build().unwrap();
    let err = client.send_empty(Request::new(&POST_OP)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.message(), Some("busy"));
    assert!(err.is_retryable());
    assert_eq!(hits.get(), 1);
}

#[tokio::test]
async fn post_is_retried_when_opted_in_per_request_or_per_client() {
    let (base, hits) = flaky_server(StatusCode::SERVICE_UNAVAILABLE, 1, None).await;
    let client = builder(&base).build().unwrap();
    client
        .with_retry_non_idempotent(true)
        .send_empty(Request::new(&POST_OP))
        .await
        .unwrap();
    assert_eq!(hits.get(), 2);

    let (base, hits) = flaky_server(StatusCode::BAD_GATEWAY, 1, None).await;
    let policy = RetryPolicy {
        retry_non_idempotent: true,
        ..fast_retries(3)
    };
    let client = builder(&base).retry_policy(policy).build().unwrap();
    client.send_empty(Request::new(&POST_OP)).await.unwrap();
    assert_eq!(hits.get(), 2);
}

#[tokio::test]
async fn gives_up_after_max_attempts() {
    let (base, hits) = flaky_server(StatusCode::SERVICE_UNAVAILABLE, usize::MAX, None).await;
    let client = builder(&base)
        .retry_policy(fast_retries(4))
        .build()
        .unwrap();
    let err = client.send_empty(Request::new(&GET_OP)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: StatusCode::SERVICE_UNAVAILABLE,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(hits.get(), 4);

    let before = hits.get();
    let err = client
        .with_max_attempts(2)
        .send_empty(Request::new(&GET_OP))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(hits.get() - before, 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (base, hits) = flaky_server(StatusCode::NOT_FOUND, usize::MAX, None).await;
    let client = builder(&base).build().unwrap();
    let err = client.send_empty(Request::new(&GET_OP)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(!err.is_retryable());
    assert_eq!(hits.get(), 1);
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported_as_transport_error() {
    // Bind and drop a listener to get a port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = builder(&base).build().unwrap();
    let err = client.send_empty(Request::new(&GET_OP)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "get_thing",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

async fn slow_server(delay: Duration) -> (String, Hits) {
    let hits = Hits::default();
    let handler = move |State(hits): State<Hits>| async move {
        hits.hit();
        tokio::time::sleep(delay).await;
        ok()
    };
    let router = Router::new()
        .route("/slow", get(handler))
        .with_state(hits.clone());
    (serve(router).await, hits)
}

#[tokio::test]
async fn per_request_timeout_fires() {
    let (base, hits) = slow_server(Duration::from_secs(3)).await;
    let client = builder(&base)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .with_timeout(Duration::from_millis(200))
        .send_empty(Request::new(&SLOW_OP))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "slow_thing", timeout, .. } if timeout == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits.get(), 1);

    // The same override through `with_options`, and timeouts retried like other failures.
    let retrying = builder(&base)
        .build()
        .unwrap()
        .with_options(RequestOptions {
            timeout: Some(Duration::from_millis(100)),
            max_attempts: Some(2),
            ..Default::default()
        });
    let err = retrying
        .send_empty(Request::new(&SLOW_OP))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(hits.get(), 3);
}

#[tokio::test]
async fn client_default_timeout_applies() {
    let (base, _) = slow_server(Duration::from_secs(3)).await;
    let client = builder(&base)
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.send_empty(Request::new(&SLOW_OP)).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn dropping_the_future_cancels_the_request() {
    let (dropped_tx, dropped_rx) = tokio::sync::oneshot::channel::<()>();
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(dropped_tx)));

    /// Sends on `dropped` when the handler future is dropped before finishing.
    struct Guard(Option<tokio::sync::oneshot::Sender<()>>);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(tx) = self.0.take() {
                let _ = tx.send(());
            }
        }
    }

    let handler = move || {
        let dropped = slot.lock().unwrap().take();
        async move {
            let mut guard = Guard(dropped);
            tokio::time::sleep(Duration::from_secs(5)).await;
            guard.0 = None; // finished normally: not a cancellation
            ok()
        }
    };
    let base = serve(Router::new().route("/slow", get(handler))).await;
    let client = builder(&base).build().unwrap();
    let call = client.send_empty(Request::new(&SLOW_OP));
    assert!(tokio::time::timeout(Duration::from_millis(200), call)
        .await
        .is_err());
    // The server sees the connection go away and drops its handler long before it would finish.
    tokio::time::timeout(Duration::from_secs(3), dropped_rx)
        .await
        .expect("handler dropped in time")
        .unwrap();
}
