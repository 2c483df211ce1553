//! `Client`: cheap-to-clone handle on shared configuration, plus login and the `send_*` entry
//! points generated operations call. The retry loop itself lives in `transport.rs`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::HeaderValue;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::runtime::config::{ClientBuilder, RequestOptions};
use crate::runtime::error::Result;
use crate::runtime::operation::{Auth, Method, Operation};
use crate::runtime::rate_limit::{Limiter, RateLimit};
use crate::runtime::request::Request;
use crate::runtime::response::ApiResponse;
use crate::runtime::retry::RetryPolicy;
use crate::runtime::secret::Secret;

/// An Altegio API client. Clones share one connection pool, configuration and rate limiter.
///
/// ```no_run
/// # async fn demo() -> altegio::Result<()> {
/// let client = altegio::Client::builder().partner_token("partner-token").build()?;
/// let client = client.login("+13155550175", "password").await?; // now carries a user token
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) user_token: Option<Secret>,
    pub(crate) options: RequestOptions,
}

/// Configuration shared by all clones of a client.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) partner_token: Option<Secret>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) accept: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) limiter: Option<Limiter>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url.as_str())
            .field("partner_token", &self.shared.partner_token)
            .field("user_token", &self.user_token)
            .field("user_agent", &self.shared.user_agent)
            .field("timeout", &self.shared.timeout)
            .field("retry", &self.shared.retry)
            .field("rate_limit", &self.shared.rate_limit)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// `POST /auth`: the spec declares no security, but Altegio requires the partner token.
const AUTHORIZE_USER: Operation = Operation {
    id: "authorize_user",
    method: Method::Post,
    path: "/auth",
    auth: Auth::Partner,
};

#[derive(Serialize)]
struct Credentials<'a> {
    login: &'a str,
    password: &'a str,
}

#[derive(Deserialize, Default)]
struct AuthorizedUser {
    #[serde(default)]
    user_token: Option<String>,
}

impl Client {
    /// A builder with the defaults described on [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_shared(shared: Arc<Shared>, user_token: Option<Secret>) -> Self {
        Client {
            shared,
            user_token,
            options: RequestOptions::default(),
        }
    }

    /// The base URL operation paths are appended to.
    pub fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// Whether this client sends a user token.
    pub fn has_user_token(&self) -> bool {
        self.user_token.is_some()
    }

    /// A clone that sends `token` as the user token (checked when a request is sent).
    #[must_use]
    pub fn with_user_token(&self, token: impl Into<Secret>) -> Client {
        Client {
            user_token: Some(token.into()),
            ..self.clone()
        }
    }

    /// A clone whose calls use `options` on top of the current overrides.
    #[must_use]
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            options: self.options.merge(options),
            ..self.clone()
        }
    }

    /// A clone whose calls time out after `timeout` per attempt.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        self.with_options(RequestOptions {
            timeout: Some(timeout),
            ..RequestOptions::default()
        })
    }

    /// A clone whose POST and PATCH calls are retried (`true`) or not (`false`).
    #[must_use]
    pub fn with_retry_non_idempotent(&self, retry: bool) -> Client {
        self.with_options(RequestOptions {
            retry_non_idempotent: Some(retry),
            ..RequestOptions::default()
        })
    }

    /// A clone whose calls make at most `attempts` attempts.
    #[must_use]
    pub fn with_max_attempts(&self, attempts: u32) -> Client {
        self.with_options(RequestOptions {
            max_attempts: Some(attempts),
            ..RequestOptions::default()
        })
    }

    /// Logs a user in (`POST /auth` with the partner token) and returns a clone carrying the
    /// user token from `data.user_token`.
    ///
    /// `login` is the user's phone number (`+13155550175`) or e-mail address. A user token is
    /// invalidated when the user changes their password; log in again then.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) when the server rejects the credentials (with its
    /// message), [`Error::Decode`](crate::Error::Decode) when the response has no `data.user_token`, and transport errors.
    pub async fn login(&self, login: &str, password: &str) -> Result<Client> {
        let request = Request::new(&AUTHORIZE_USER).json_body(&Credentials { login, password });
        let (raw, user, (), _) = self
            .execute(request)
            .await?
            .decode_checked_envelope::<AuthorizedUser, ()>()?;
        let token = user
            .user_token
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                raw.decode_error(
                    "data.user_token".into(),
                    "missing or empty user token".into(),
                )
            })?;
        Ok(self.with_user_token(token))
    }

    /// Sends `req` and decodes the `{success, data, meta}` envelope.
    #[doc(hidden)]
    pub async fn send_envelope<D, M>(&self, req: Request) -> Result<ApiResponse<D, M>>
    where
        D: DeserializeOwned + Default,
        M: DeserializeOwned + Default,
    {
        let (raw, data, meta, probe) = self.execute(req).await?.decode_checked_envelope()?;
        Ok(ApiResponse::from_parts(
            data,
            meta,
            raw.status,
            raw.headers,
            probe.total_count,
        ))
    }

    /// Sends `req` and decodes the whole body as `T` (still failing on `"success": false`).
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<ApiResponse<T>> {
        self.json_body(req, false).await
    }

    /// Like [`Self::send_json`] for a body documented bare that the server may also send wrapped
    /// in `{success, data, meta}`: then its `data` is decoded as `T`.
    #[doc(hidden)]
    pub async fn send_json_maybe_enveloped<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<ApiResponse<T>> {
        self.json_body(req, true).await
    }

    async fn json_body<T: DeserializeOwned>(
        &self,
        req: Request,
        maybe_enveloped: bool,
    ) -> Result<ApiResponse<T>> {
        let (raw, probe) = self.execute(req).await?.check_success()?;
        let data = if maybe_enveloped {
            raw.decode_maybe_enveloped(probe.shape)?
        } else {
            raw.decode()?
        };
        Ok(ApiResponse::from_parts(
            data,
            (),
            raw.status,
            raw.headers,
            probe.total_count,
        ))
    }

    /// Sends `req` and ignores the body (still failing on `"success": false`).
    #[doc(hidden)]
    pub async fn send_empty(&self, req: Request) -> Result<ApiResponse<()>> {
        let (raw, _) = self.execute(req).await?.check_success()?;
        Ok(ApiResponse::from_parts(
            (),
            (),
            raw.status,
            raw.headers,
            None,
        ))
    }

    /// Sends `req` and returns the body bytes (e.g. a PDF); a JSON error envelope still fails.
    #[doc(hidden)]
    pub async fn send_bytes(&self, req: Request) -> Result<ApiResponse<Bytes>> {
        let mut raw = self.execute(req).await?;
        if raw.is_json() {
            raw = raw.check_success()?.0;
        }
        let body = raw.body.clone();
        Ok(ApiResponse::from_parts(
            body,
            (),
            raw.status,
            raw.headers,
            None,
        ))
    }

    /// Sends `req` and returns the body as UTF-8 text; a JSON error envelope still fails.
    #[doc(hidden)]
    pub async fn send_text(&self, req: Request) -> Result<ApiResponse<String>> {
        let mut raw = self.execute(req).await?;
        if raw.is_json() {
            raw = raw.check_success()?.0;
        }
        let text = String::from_utf8(raw.body.to_vec())
            .map_err(|e| raw.decode_error(".".into(), format!("body is not UTF-8: {e}")))?;
        Ok(ApiResponse::from_parts(
            text,
            (),
            raw.status,
            raw.headers,
            None,
        ))
    }
}
