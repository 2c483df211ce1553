//! A webhook endpoint for axum (feature `webhook-receiver`): the [`Webhook`] extractor reads a
//! delivery as a typed [`WebhookEvent`], and [`router`] answers every delivery `200 OK` at once
//! and hands the event to the application on a spawned task, so a slow handler never makes
//! Altegio time out and deliver again.
//!
//! What the endpoint answers:
//! - a delivery that parses: `200`, and the event goes to the handler;
//! - a known `resource` whose payload does not decode: `200` too (a refusal would only make
//!   Altegio retry the same body), logged with `tracing` and handed over as
//!   [`WebhookEvent::Unknown`] with the raw JSON, so nothing is lost;
//! - a body that is not JSON: `400`.

use std::future::Future;

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::routing::post;
use bytes::Bytes;

use crate::webhooks::{parse, WebhookError, WebhookEvent};

/// Extracts the typed event from a webhook request body (see the [module docs](self) for
/// what is refused).
///
/// ```no_run
/// use altegio::webhooks::receiver::Webhook;
/// use axum::routing::post;
///
/// async fn on_event(Webhook(event): Webhook) -> &'static str {
///     println!("{:?} {:?}", event.webhook(), event.discriminator());
///     "ok"
/// }
/// let app: axum::Router = axum::Router::new().route("/altegio/webhook", post(on_event));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook(pub WebhookEvent);

impl<S: Send + Sync> FromRequest<S> for Webhook {
    type Rejection = (StatusCode, String);

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| (StatusCode::BAD_REQUEST, e.body_text()))?;
        read_event(&body).map(Webhook)
    }
}

/// The event in a body: a payload that does not decode becomes `Unknown` (and is logged).
fn read_event(body: &[u8]) -> Result<WebhookEvent, (StatusCode, String)> {
    match parse(body) {
        Ok(event) => Ok(event),
        Err(WebhookError::Json { message }) => Err((
            StatusCode::BAD_REQUEST,
            format!("webhook body is not valid JSON: {message}"),
        )),
        Err(err) => {
            tracing::warn!(error = %err, "altegio webhook payload does not decode; handing it over as Unknown");
            let raw = serde_json::from_slice(body).unwrap_or_default();
            Ok(WebhookEvent::Unknown(raw))
        }
    }
}

/// A router with one `POST path` route: each delivery is answered `200 OK` at once and its event
/// handed to `handler` on a new tokio task.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let app = altegio::webhooks::receiver::router("/altegio/webhook", |event| async move {
///     println!("received {:?}", event.discriminator());
/// });
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// axum::serve(listener, app).await
/// # }
/// ```
pub fn router<H, Fut>(path: &str, handler: H) -> axum::Router
where
    H: Fn(WebhookEvent) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    axum::Router::new().route(
        path,
        post(move |Webhook(event): Webhook| async move {
            tokio::spawn(handler(event));
            StatusCode::OK
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undecodable_payloads_are_kept_and_invalid_json_is_refused() {
        let body = br#"{"resource":"record","data":{"id":{"not":"an id"}}}"#;
        match read_event(body) {
            Ok(WebhookEvent::Unknown(raw)) => assert_eq!(raw["resource"], "record"),
            other => panic!("expected Unknown, got {other:?}"),
        }
        let (status, message) = read_event(b"{oops").unwrap_err();
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("not valid JSON"), "{message}");
    }
}
