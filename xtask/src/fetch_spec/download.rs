//! One HTTP GET of a spec with a whole-request timeout; a failure becomes one line naming the
//! URL and the cause that matters (HTTP status, timeout, connection refused, ...).

use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::workspace::join_causes;

pub fn download(url: &str, timeout: Duration) -> Result<Vec<u8>> {
    let parsed = reqwest::Url::parse(url).with_context(|| format!("invalid URL {url:?}"))?;
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("altegio-codegen-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client")?;
    let response = client
        .get(parsed)
        .send()
        .map_err(|e| fetch_error(url, timeout, &e))?;
    let status = response.status();
    if !status.is_success() {
        bail!("fetching {url}: HTTP {status}");
    }
    let body = response
        .bytes()
        .map_err(|e| fetch_error(url, timeout, &e))?;
    Ok(body.to_vec())
}

/// reqwest's own message is a chain ("error sending request for url (...)" -> hyper -> io);
/// name the cause that matters in one line.
fn fetch_error(url: &str, timeout: Duration, e: &reqwest::Error) -> anyhow::Error {
    let what = if e.is_timeout() {
        format!("timed out after {} s", timeout.as_secs())
    } else if e.is_connect() {
        format!("cannot connect: {}", root_cause(e))
    } else {
        let mut causes = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(c) = next {
            causes.push(c.to_string());
            next = c.source();
        }
        join_causes(causes)
    };
    anyhow!("fetching {url}: {what}")
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}
