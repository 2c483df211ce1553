//! Typed webhook deliveries. Altegio POSTs `{company_id, resource, resource_id, status, data}`
//! to the endpoint a partner registers (`client.developers().update_event_notification_settings`),
//! where `data` mirrors the GET object of `resource`. [`parse`] reads a delivery into a
//! [`WebhookEvent`]: one variant per event of the Developer Tools spec, chosen by `resource`,
//! with the payload decoded by the same tolerant rules as responses (numbers as strings, `[]`
//! for empty objects, `0`/`1` booleans, `+0300` offsets). A `resource` this client does not know
//! is [`WebhookEvent::Unknown`] with the raw JSON, never an error.
//!
//! ```
//! use altegio::webhooks::{parse, WebhookEvent};
//!
//! let body = br#"{"company_id": 4564, "resource": "record", "resource_id": 501,
//!     "status": "update", "data": {"id": "501", "datetime": "2026-03-20T14:00:00+0300"}}"#;
//! match parse(body)? {
//!     WebhookEvent::Record(event) => {
//!         assert_eq!(event.data.id, Some(501));
//!         assert_eq!(event.status, altegio::developers::models::EventStatus::Update);
//!     }
//!     other => panic!("not an appointment event: {other:?}"),
//! }
//! # Ok::<(), altegio::webhooks::WebhookError>(())
//! ```
//!
//! With the `webhook-receiver` feature, [`receiver`] serves such an endpoint with axum.

pub use crate::developers::webhook_events::{parse, WebhookEvent};
pub use crate::runtime::WebhookError;

#[cfg(feature = "webhook-receiver")]
pub mod receiver;
