//! The one error type of the client: transport, timeout, API errors, decode errors, config.
//! Every variant that concerns a call names its operation id; bodies and headers are kept raw.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the API.
///
/// ```
/// # fn demo(result: altegio::Result<()>) {
/// match result {
///     Ok(()) => {}
///     Err(err) if err.status() == Some(http::StatusCode::NOT_FOUND) => {
///         eprintln!("not found: {}", err.message().unwrap_or("no message"));
///     }
///     Err(err) => eprintln!("{err} (retryable: {})", err.is_retryable()),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not read (DNS, connect, TLS, reset).
    #[error("operation `{operation}`: transport error (see `source()` for the cause)")]
    Transport {
        /// Operation id.
        operation: &'static str,
        /// What reqwest reported.
        #[source]
        source: reqwest::Error,
    },

    /// No complete response arrived within the timeout (connect or whole request).
    #[error("operation `{operation}` timed out (request timeout {timeout:?})")]
    Timeout {
        /// Operation id.
        operation: &'static str,
        /// The request timeout that was in force.
        timeout: Duration,
        /// What reqwest reported.
        #[source]
        source: reqwest::Error,
    },

    /// The server answered with a non-2xx status, or with `"success": false` in a 2xx body.
    #[error("operation `{operation}` failed with HTTP {status}{}", fmt_message(message.as_deref()))]
    Api {
        /// Operation id.
        operation: &'static str,
        /// HTTP status (200 when the envelope said `"success": false`).
        status: StatusCode,
        /// The server's message: envelope `meta.message`, else top-level `message` or `errors`.
        message: Option<String>,
        /// The raw response body.
        body: Bytes,
        /// The response headers (boxed to keep `Result` small).
        headers: Box<HeaderMap>,
    },

    /// A 2xx body that does not match the expected type.
    #[error(
        "operation `{operation}`: cannot decode HTTP {status} response at `{path}`: {message}"
    )]
    Decode {
        /// Operation id.
        operation: &'static str,
        /// HTTP status of the response.
        status: StatusCode,
        /// Path of the failing field, e.g. `data.items[1].id` (`.` when it is the whole body).
        path: String,
        /// What serde reported.
        message: String,
        /// The raw response body, so the mismatch can be reported.
        body: Bytes,
        /// The response headers (boxed to keep `Result` small).
        headers: Box<HeaderMap>,
    },

    /// The operation sends a user token and the client has none; nothing was sent.
    #[error("operation `{operation}` needs a user token: call `Client::login` or `Client::with_user_token` first")]
    MissingUserToken {
        /// Operation id.
        operation: &'static str,
    },

    /// The operation sends a partner token and the client has none; nothing was sent.
    #[error("operation `{operation}` needs a partner token: set `ClientBuilder::partner_token`")]
    MissingPartnerToken {
        /// Operation id.
        operation: &'static str,
    },

    /// A parameter or body could not be encoded into a request; nothing was sent.
    #[error("operation `{operation}`: invalid request: {message}")]
    InvalidRequest {
        /// Operation id.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },

    /// The client configuration is invalid (base URL, token characters, HTTP client set-up).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

fn fmt_message(message: Option<&str>) -> String {
    message.map(|m| format!(": {m}")).unwrap_or_default()
}

impl Error {
    /// The operation id the error is about, if it concerns one call.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Api { operation, .. }
            | Error::Decode { operation, .. }
            | Error::MissingUserToken { operation }
            | Error::MissingPartnerToken { operation }
            | Error::InvalidRequest { operation, .. } => Some(operation),
            Error::Config(_) => None,
        }
    }

    /// The HTTP status of the response, when one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The server's own error message (`meta.message` of the envelope), when it gave one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } => message.as_deref(),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: 429, 502, 503, 504, timeouts and
    /// connection failures (refused, reset, cut off mid-body). The client's retry loop uses the
    /// same rule, and applies it to POST/PATCH only when the caller opted in.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { status, .. } => is_retryable_status(*status),
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => {
                source.is_connect() || source.is_request() || source.is_body()
            }
            _ => false,
        }
    }

    /// The raw response body, when a response arrived.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// Decodes the raw body as `T` (the operation's typed error body, or `serde_json::Value`).
    ///
    /// `None` when no response body is attached to this error.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.raw_body().map(serde_json::from_slice)
    }
}

/// Statuses that mean "try again later": rate limited or a gateway/upstream failure.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}
