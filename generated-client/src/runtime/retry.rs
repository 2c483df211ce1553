//! Retry policy and the arithmetic behind it: which failures retry, how long to wait.
//! Exponential backoff with full jitter, or the server's `Retry-After`, capped.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// How failed calls are retried.
///
/// A call is retried on 429, 502, 503, 504, timeouts and connection failures, up to
/// `max_attempts` attempts in all. Idempotent methods (GET, PUT, DELETE, HEAD, OPTIONS) retry by
/// default; POST and PATCH only when `retry_non_idempotent` is on, because a request that timed
/// out may have been carried out (a duplicated booking is worse than an error).
///
/// ```
/// use std::time::Duration;
/// use altegio::runtime::RetryPolicy;
///
/// let policy = RetryPolicy { max_attempts: 5, initial_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
/// assert_eq!(policy.max_retry_after, Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included; `1` disables retries. Default 3.
    pub max_attempts: u32,
    /// Upper bound of the first backoff; doubles on every retry. Default 200 ms.
    pub initial_backoff: Duration,
    /// Upper bound of any computed backoff. Default 10 s.
    pub max_backoff: Duration,
    /// Cap on a server-sent `Retry-After`. Default 60 s.
    pub max_retry_after: Duration,
    /// Retry POST and PATCH too. Default `false`.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry): full jitter, i.e. a uniform
    /// random duration in `[0, min(max_backoff, initial_backoff * 2^(retry-1))]`, which spreads
    /// clients that failed together better than a fixed exponential schedule.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// The wait before retry number `retry`: the server's `Retry-After` when it sent one
    /// (capped by `max_retry_after`), else [`backoff`](Self::backoff).
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        match headers.and_then(retry_after) {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retry),
        }
    }
}

/// Parses `Retry-After` as delta seconds or as an HTTP-date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            http::header::RETRY_AFTER,
            HeaderValue::from_str(value).unwrap(),
        );
        map
    }

    #[test]
    fn retry_after_seconds_and_date() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(30);
        let wait = retry_after(&headers(&httpdate::fmt_http_date(later))).unwrap();
        assert!(
            wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28),
            "{wait:?}"
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon")), None);
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy {
            max_retry_after: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(
            policy.delay(1, Some(&headers("3600"))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let policy = RetryPolicy::default();
        for retry in 1..40 {
            let ceiling =
                (policy.initial_backoff * 2u32.saturating_pow(retry - 1)).min(policy.max_backoff);
            assert!(policy.backoff(retry) <= ceiling);
        }
    }
}
