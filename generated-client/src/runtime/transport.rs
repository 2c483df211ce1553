//! The attempt loop: auth and transport headers, rate limit, timeout, retries with backoff,
//! and one `altegio.request` tracing span per attempt (operation, method, path template, status).

use std::time::{Duration, Instant};

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderName, HeaderValue};
use tracing::Instrument;
use url::Url;

use crate::runtime::client::Client;
use crate::runtime::config::check_token;
use crate::runtime::decode::RawResponse;
use crate::runtime::error::{is_retryable_status, Error, Result};
use crate::runtime::operation::{Auth, Operation};
use crate::runtime::request::{Body, Request};
use crate::runtime::retry::RetryPolicy;

/// Everything about a request that stays the same across attempts, validated once.
struct Prepared {
    url: Url,
    authorization: Option<HeaderValue>,
    headers: Vec<(HeaderName, HeaderValue)>,
    content_type: Option<HeaderValue>,
}

impl Client {
    /// Sends `req`, retrying per the effective policy; `Ok` only for a 2xx response.
    pub(crate) async fn execute(&self, req: Request) -> Result<RawResponse> {
        let op = req.op;
        let prepared = self.prepare(&req)?;
        let policy = self.effective_policy();
        let timeout = self.options.timeout.unwrap_or(self.shared.timeout);
        let may_retry = op.method.is_idempotent() || policy.retry_non_idempotent;
        let mut attempt = 1;
        loop {
            if let Some(limiter) = &self.shared.limiter {
                limiter.until_ready().await;
            }
            let span = tracing::info_span!(
                "altegio.request",
                operation = op.id,
                method = op.method.as_str(),
                path = op.path,
                attempt,
                status = tracing::field::Empty,
            );
            let outcome = self
                .attempt(&req, &prepared, timeout)
                .instrument(span.clone())
                .await;
            let retry_after_headers = match &outcome {
                Ok(raw) => {
                    span.record("status", raw.status.as_u16());
                    if raw.status.is_success() {
                        return outcome;
                    }
                    if !is_retryable_status(raw.status) {
                        return outcome.and_then(|raw| Err(raw.into_api_error()));
                    }
                    Some(&raw.headers)
                }
                Err(error) if error.is_retryable() => None,
                Err(_) => return outcome,
            };
            if attempt >= policy.max_attempts || !may_retry {
                return outcome.and_then(|raw| Err(raw.into_api_error()));
            }
            let delay = policy.delay(attempt, retry_after_headers);
            tracing::debug!(parent: &span, delay_ms = millis(delay), "altegio.retry");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The client's retry policy with this clone's per-request overrides applied.
    fn effective_policy(&self) -> RetryPolicy {
        let mut policy = self.shared.retry;
        if let Some(attempts) = self.options.max_attempts {
            policy.max_attempts = attempts.max(1);
        }
        if let Some(retry) = self.options.retry_non_idempotent {
            policy.retry_non_idempotent = retry;
        }
        policy
    }

    /// Checks credentials and encodes URL and headers; nothing is sent if this fails.
    fn prepare(&self, req: &Request) -> Result<Prepared> {
        let op = req.op;
        let invalid = |message: String| Error::InvalidRequest {
            operation: op.id,
            message,
        };
        if let Some(message) = req.error() {
            return Err(invalid(message.to_owned()));
        }
        let authorization = self.authorization(op)?;
        let url = req.url(&self.shared.base_url).map_err(invalid)?;
        let mut headers = Vec::with_capacity(req.headers.len());
        for (name, value) in &req.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                invalid(format!(
                    "header parameter name `{name}` is not a valid header name"
                ))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                invalid(format!(
                    "header parameter `{name}` has a value not allowed in a header"
                ))
            })?;
            headers.push((name, value));
        }
        let content_type = match &req.body {
            Body::Bytes { content_type, .. } => {
                Some(HeaderValue::from_str(content_type).map_err(|_| {
                    invalid(format!(
                        "content type `{content_type}` is not a valid header value"
                    ))
                })?)
            }
            Body::None | Body::Multipart(_) => None,
        };
        Ok(Prepared {
            url,
            authorization,
            headers,
            content_type,
        })
    }

    /// The `Authorization` value `op` needs, marked sensitive so it is never printed.
    fn authorization(&self, op: &'static Operation) -> Result<Option<HeaderValue>> {
        let partner = || {
            self.shared
                .partner_token
                .as_ref()
                .ok_or(Error::MissingPartnerToken { operation: op.id })
        };
        let text = match op.auth {
            Auth::None => return Ok(None),
            Auth::Partner => format!("Bearer {}", partner()?.expose()),
            Auth::PartnerUser => {
                let partner = partner()?;
                let user = self
                    .user_token
                    .as_ref()
                    .ok_or(Error::MissingUserToken { operation: op.id })?;
                check_token("user token", user)?;
                format!("Bearer {}, User {}", partner.expose(), user.expose())
            }
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            Error::Config("a token has characters not allowed in an HTTP header".into())
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// One attempt: send, read the whole body, report the status in the current span.
    async fn attempt(
        &self,
        req: &Request,
        prepared: &Prepared,
        timeout: Duration,
    ) -> Result<RawResponse> {
        let op = req.op;
        let started = Instant::now();
        let mut builder = self
            .shared
            .http
            .request(op.method.to_http(), prepared.url.clone())
            .timeout(timeout)
            .header(ACCEPT, self.shared.accept.clone())
            .header(USER_AGENT, self.shared.user_agent.clone());
        if let Some(authorization) = &prepared.authorization {
            builder = builder.header(AUTHORIZATION, authorization.clone());
        }
        for (name, value) in &prepared.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        builder = match &req.body {
            Body::None => builder,
            Body::Bytes { bytes, .. } => {
                let builder = builder.body(bytes.clone());
                match &prepared.content_type {
                    Some(content_type) => builder.header(CONTENT_TYPE, content_type.clone()),
                    None => builder,
                }
            }
            Body::Multipart(form) => {
                let form = form.to_form().map_err(|message| Error::InvalidRequest {
                    operation: op.id,
                    message,
                })?;
                builder.multipart(form)
            }
        };
        let result = async {
            let mut response = builder.send().await?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        }
        .await;
        match result {
            Ok((status, headers, body)) => {
                tracing::debug!(
                    status = status.as_u16(),
                    elapsed_ms = millis(started.elapsed()),
                    "altegio.response"
                );
                Ok(RawResponse {
                    operation: op.id,
                    status,
                    headers,
                    body,
                })
            }
            Err(source) => {
                // reqwest puts the URL, with path and query values, in its message; drop it.
                let source = source.without_url();
                tracing::debug!(error = %source, elapsed_ms = millis(started.elapsed()), "altegio.failure");
                Err(if source.is_timeout() {
                    Error::Timeout {
                        operation: op.id,
                        timeout,
                        source,
                    }
                } else {
                    Error::Transport {
                        operation: op.id,
                        source,
                    }
                })
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
