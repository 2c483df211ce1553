//! Shared helpers for the `runtime_*` tests: a loopback axum server and a fast-retrying client.
//! Each test starts its own server on 127.0.0.1:0, so tests never share state or ports.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use altegio::runtime::{Auth, Method, Operation, RetryPolicy};
use altegio::ClientBuilder;
use axum::Router;

pub const PARTNER: &str = "partner-secret-7f3a";
pub const USER: &str = "user-secret-91bc";

/// Serves `router` on a fresh loopback port and returns its base URL (no trailing slash).
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    format!("http://{addr}")
}

/// A builder pointed at `base` with the partner token and millisecond backoffs.
pub fn builder(base: &str) -> ClientBuilder {
    altegio::Client::builder()
        .base_url(base)
        .partner_token(PARTNER)
        .retry_policy(fast_retries(3))
}

pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

/// A request counter shared between a handler and the test.
#[derive(Clone, Default)]
pub struct Hits(Arc<AtomicUsize>);

impl Hits {
    pub fn hit(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

pub const fn op(id: &'static str, method: Method, path: &'static str, auth: Auth) -> Operation {
    Operation {
        id,
        method,
        path,
        auth,
    }
}
