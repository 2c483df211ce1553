//! `ClientBuilder` (client-wide settings and their defaults) and `RequestOptions` (per-call overrides).
//! Validation happens once, in `build`, so a built `Client` never fails on its own configuration.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use url::Url;

use crate::runtime::client::{Client, Shared};
use crate::runtime::error::{Error, Result};
use crate::runtime::rate_limit::RateLimit;
use crate::runtime::retry::RetryPolicy;
use crate::runtime::secret::Secret;

/// Production base URL of the Altegio B2B API v1.
pub const DEFAULT_BASE_URL: &str = "https://api.alteg.io/api/v1";

/// The path of [`DEFAULT_BASE_URL`]: the base path an API with its own (B2B v2's `/api/v2`)
/// swaps out of the client's base URL.
pub const DEFAULT_BASE_PATH: &str = "/api/v1";
/// `Accept` value Altegio expects on every call.
pub const DEFAULT_ACCEPT: &str = "application/vnd.api.v2+json";
/// Default whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout (only for the HTTP client this crate builds itself).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Configures and builds a [`Client`]. Start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use altegio::{runtime::{RateLimit, RetryPolicy}, Client};
///
/// let client = Client::builder()
///     .partner_token("partner-token")
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy { max_attempts: 4, ..RetryPolicy::default() })
///     .rate_limit(RateLimit::per_second(5))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), altegio::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    base_url: String,
    partner_token: Option<Secret>,
    user_token: Option<Secret>,
    user_agent: String,
    accept: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            partner_token: None,
            user_token: None,
            user_agent: concat!("altegio-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            accept: DEFAULT_ACCEPT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: None,
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// Base URL that operation paths are appended to; its own path is kept
    /// (default [`DEFAULT_BASE_URL`]; e.g. `http://127.0.0.1:8080` for a mock server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Partner token, sent by every operation except those without security.
    pub fn partner_token(mut self, token: impl Into<Secret>) -> Self {
        self.partner_token = Some(token.into());
        self
    }

    /// User token, sent by operations on behalf of a user; see also [`Client::login`].
    pub fn user_token(mut self, token: impl Into<Secret>) -> Self {
        self.user_token = Some(token.into());
        self
    }

    /// `User-Agent` header (default `altegio-rust/<crate version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// `Accept` header (default [`DEFAULT_ACCEPT`]).
    pub fn accept(mut self, accept: impl Into<String>) -> Self {
        self.accept = accept.into();
        self
    }

    /// Timeout of each attempt, from connecting to the last body byte (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connect timeout (default 10 s); ignored when an HTTP client is supplied.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limit, shared by all clones of the client (default: none).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS roots, connection pool) instead of a new one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] on a base URL that is not an absolute `http(s)` URL without
    /// query or fragment, header values with forbidden characters, a zero timeout, a retry
    /// policy with `max_attempts == 0`, a zero rate limit, or an HTTP client that cannot start.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] with a message naming the offending setting (never a token's value).
    pub fn build(self) -> Result<Client> {
        let base_url = parse_base_url(&self.base_url)?;
        if self.timeout.is_zero() {
            return Err(Error::Config("timeout must be greater than zero".into()));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::Config(
                "retry policy max_attempts must be at least 1".into(),
            ));
        }
        let user_agent = header_value("user agent", &self.user_agent)?;
        let accept = header_value("accept header", &self.accept)?;
        for (what, token) in [
            ("partner token", &self.partner_token),
            ("user token", &self.user_token),
        ] {
            if let Some(token) = token {
                check_token(what, token)?;
            }
        }
        let limiter = self.rate_limit.map(|limit| limit.limiter()).transpose()?;
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let shared = Shared {
            http,
            base_url,
            partner_token: self.partner_token,
            user_agent,
            accept,
            timeout: self.timeout,
            retry: self.retry,
            rate_limit: self.rate_limit,
            limiter,
        };
        Ok(Client::from_shared(Arc::new(shared), self.user_token))
    }
}

fn parse_base_url(text: &str) -> Result<Url> {
    let url = Url::parse(text).map_err(|e| Error::Config(format!("base URL `{text}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL `{text}`: must be an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL `{text}`: must not have a query or fragment"
        )));
    }
    Ok(url)
}

fn header_value(what: &str, text: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(text)
        .map_err(|_| Error::Config(format!("{what} `{text}` is not a valid header value")))
}

/// Checks that a token can travel in a header, without ever printing it.
pub(crate) fn check_token(what: &str, token: &Secret) -> Result<()> {
    let value = token.expose();
    if value.is_empty() || HeaderValue::from_str(value).is_err() || value.contains(',') {
        return Err(Error::Config(format!(
            "{what} is empty or has characters not allowed in an HTTP header"
        )));
    }
    Ok(())
}

/// Per-call overrides of the client's settings; `None` keeps the client's value.
///
/// ```
/// use std::time::Duration;
/// use altegio::{runtime::RequestOptions, Client};
///
/// # fn demo(client: &Client) {
/// let patient = client.with_options(RequestOptions { timeout: Some(Duration::from_secs(120)), ..Default::default() });
/// let eager = client.with_retry_non_idempotent(true);
/// # let _ = (patient, eager);
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Timeout of each attempt.
    pub timeout: Option<Duration>,
    /// Retry POST and PATCH too.
    pub retry_non_idempotent: Option<bool>,
    /// Attempts in all (values below 1 mean 1).
    pub max_attempts: Option<u32>,
}

impl RequestOptions {
    /// `self` with every field that `other` sets replaced by `other`'s value.
    pub fn merge(self, other: RequestOptions) -> RequestOptions {
        RequestOptions {
            timeout: other.timeout.or(self.timeout),
            retry_non_idempotent: other.retry_non_idempotent.or(self.retry_non_idempotent),
            max_attempts: other.max_attempts.or(self.max_attempts),
        }
    }
}
