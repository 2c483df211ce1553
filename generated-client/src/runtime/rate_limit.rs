//! Optional client-side rate limit, shared by all clones of a client.
//! A thin wrapper over `governor`'s GCRA limiter; off unless the caller configures it.

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota};

use crate::runtime::Error;

/// A client-side request rate limit: at most `n` requests per second or per minute.
///
/// Off by default. Altegio enforces a quota per account and IP (its public docs cite 200
/// requests per minute and 5 per second); limiting on the client side makes calls wait instead
/// of collecting 429s. Bursts up to `n` are allowed, then requests are spaced evenly.
///
/// ```
/// use altegio::runtime::RateLimit;
///
/// let limit = RateLimit::per_minute(200);
/// # let _ = limit;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    period: Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Second,
    Minute,
}

impl RateLimit {
    /// At most `requests` requests per second (0 is rejected by `ClientBuilder::build`).
    pub fn per_second(requests: u32) -> Self {
        RateLimit {
            requests,
            period: Period::Second,
        }
    }

    /// At most `requests` requests per minute (0 is rejected by `ClientBuilder::build`).
    pub fn per_minute(requests: u32) -> Self {
        RateLimit {
            requests,
            period: Period::Minute,
        }
    }

    /// The time budget this limit spreads its requests over.
    pub fn period(&self) -> Duration {
        match self.period {
            Period::Second => Duration::from_secs(1),
            Period::Minute => Duration::from_secs(60),
        }
    }

    /// Requests allowed per [`period`](Self::period).
    pub fn requests(&self) -> u32 {
        self.requests
    }

    pub(crate) fn limiter(&self) -> Result<Limiter, Error> {
        let n = NonZeroU32::new(self.requests)
            .ok_or_else(|| Error::Config("rate limit must allow at least one request".into()))?;
        let quota = match self.period {
            Period::Second => Quota::per_second(n),
            Period::Minute => Quota::per_minute(n),
        };
        Ok(Limiter {
            limit: *self,
            inner: DefaultDirectRateLimiter::direct(quota),
        })
    }
}

/// A live limiter; waits until the next request may go.
pub(crate) struct Limiter {
    limit: RateLimit,
    inner: DefaultDirectRateLimiter,
}

impl Limiter {
    pub(crate) async fn until_ready(&self) {
        self.inner.until_ready().await;
    }
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.limit.fmt(f)
    }
}
