//! Hand-written runtime used by the generated code: client, requests, responses, errors.
//! Nothing in here is generated; `cargo xtask regenerate` never touches this directory.
//!
//! Generated operations only describe themselves (an [`Operation`] const) and fill a
//! [`Request`]; authentication, transport headers, retries, timeouts, rate limiting, tracing,
//! envelope decoding and error mapping all happen here, once.

mod client;
mod config;
mod decode;
mod encode;
mod error;
pub(crate) mod handle;
mod meta;
mod multipart;
mod one_or_many;
mod operation;
mod paginate;
mod rate_limit;
mod request;
mod response;
mod retry;
mod secret;
mod transport;

pub mod datetime;
pub mod de;
pub mod record;
pub mod webhook;

pub use client::Client;
pub use config::{
    ClientBuilder, RequestOptions, DEFAULT_ACCEPT, DEFAULT_BASE_PATH, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use error::{Error, Result};
pub use meta::Meta;
pub use multipart::{FilePart, Multipart};
pub use operation::{Auth, Method, Operation};
pub use paginate::paginate;
pub use rate_limit::RateLimit;
pub use request::Request;
pub use response::ApiResponse;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use webhook::WebhookError;
