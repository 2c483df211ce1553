//! `cargo xtask fetch-spec`: download and validate the spec, print its API changelog, write it and
//! the lock atomically, list operations added or removed. Any failure leaves spec/ untouched.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};

use codegen::changelog::Changelog;
use codegen::Config;

use crate::diff_spec::{self, Side};
use crate::lock::SpecLock;
use crate::workspace::join_causes;

pub struct Args {
    pub url: String,
    pub timeout_secs: u64,
    pub out: PathBuf,
    pub lock: PathBuf,
}

/// One operation as the spec writes it: `GET /path/{id} (operationId)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct OperationKey {
    path: String,
    method: String,
    operation_id: Option<String>,
}

impl fmt::Display for OperationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(id) = &self.operation_id {
            write!(f, " ({id})")?;
        }
        Ok(())
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn run(args: &Args) -> Result<()> {
    let previous = read_previous(&args.out)?;
    let previous_lock = SpecLock::read(&args.lock)?;

    let bytes = download(&args.url, Duration::from_secs(args.timeout_secs))?;
    let (openapi, operations) = validate(&bytes, &args.url)
        .map_err(|e| anyhow!("{}; nothing written", crate::workspace::one_line(&e)))?;

    print_api_changes(previous.as_deref(), &bytes, args);

    let lock = SpecLock {
        source_url: args.url.clone(),
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        retrieved: chrono::Utc::now().date_naive().to_string(),
        bytes: bytes.len() as u64,
        openapi,
        operations: operations.len(),
    };
    codegen::write::write_atomic(&args.out, &bytes)?;
    lock.write(&args.lock, &args.out)?;

    println!(
        "wrote {} ({} bytes, OpenAPI {}, {} operations, sha256 {})",
        args.out.display(),
        lock.bytes,
        lock.openapi,
        lock.operations,
        lock.sha256
    );
    println!("updated {}", args.lock.display());
    if let Some(old) = previous_lock.filter(|old| old.sha256 != lock.sha256) {
        println!(
            "  previous sha256 {} (retrieved {})",
            old.sha256, old.retrieved
        );
    }
    print_changes(previous.as_deref(), &bytes, &operations, &args.out);
    Ok(())
}

/// The classified API changelog of the download against the vendored spec, printed before
/// anything is written. A download the generator cannot lower yet (say, a spec patch stopped
/// applying) is reported here, not fatal: `regenerate` will name the problem.
fn print_api_changes(previous: Option<&[u8]>, new: &[u8], args: &Args) {
    let Some(previous) = previous else {
        return;
    };
    let config_path = args.out.with_file_name("codegen.yaml");
    let report = || -> Result<Changelog> {
        let config = if config_path.is_file() {
            Config::from_file(&config_path)?
        } else {
            Config::default()
        };
        let side = |bytes: &[u8], origin: String| -> Result<Side> {
            Ok(Side {
                text: String::from_utf8(bytes.to_vec())
                    .with_context(|| format!("{origin}: not UTF-8 text"))?,
                origin,
                config: config.clone(),
            })
        };
        let old = side(previous, args.out.display().to_string())?;
        let new = side(new, args.url.clone())?;
        let title = format!("API changes: {} -> download", args.out.display());
        diff_spec::compare(&old, &new, &title)
    };
    match report() {
        Ok(log) => print!("{}", log.to_markdown()),
        Err(e) => println!(
            "API changelog unavailable: {}",
            crate::workspace::one_line(&e)
        ),
    }
}

fn read_previous(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
    }
}

fn download(url: &str, timeout: Duration) -> Result<Vec<u8>> {
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
        bail!("fetching {url}: HTTP {status}; nothing written");
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
    anyhow!("fetching {url}: {what}; nothing written")
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// Runs the codegen's parse, normalize and load stages: the bytes must be a document the
/// generator can read. Returns the `openapi` version and the operations.
fn validate(bytes: &[u8], url: &str) -> Result<(String, BTreeSet<OperationKey>)> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| anyhow!("{url}: response is not UTF-8 text ({e})"))?;
    let value = codegen::parse::parse_document(text, url)?;
    let operations = operations_of(&value);
    let openapi = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let normalized = codegen::normalize::normalize(value);
    codegen::load::load(normalized.document, url)?;
    Ok((openapi, operations))
}

fn operations_of(doc: &serde_json::Value) -> BTreeSet<OperationKey> {
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.insert(OperationKey {
                    path: path.clone(),
                    method: method.to_ascii_uppercase(),
                    operation_id: op
                        .get("operationId")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned),
                });
            }
        }
    }
    out
}

fn print_changes(
    previous: Option<&[u8]>,
    new: &[u8],
    operations: &BTreeSet<OperationKey>,
    out: &Path,
) {
    let Some(previous) = previous else {
        println!(
            "no previous {}; operations added ({}):",
            out.display(),
            operations.len()
        );
        for op in operations {
            println!("  + {op}");
        }
        return;
    };
    if previous == new {
        println!(
            "unchanged: {} is byte-identical to the download",
            out.display()
        );
        return;
    }
    let origin = out.display().to_string();
    let before = match std::str::from_utf8(previous)
        .map_err(|e| e.to_string())
        .and_then(|t| codegen::parse::parse_document(t, &origin).map_err(|e| e.to_string()))
    {
        Ok(doc) => operations_of(&doc),
        Err(e) => {
            println!("previous {origin} did not parse ({e}); listing every operation as added");
            BTreeSet::new()
        }
    };
    let added: Vec<_> = operations.difference(&before).collect();
    let removed: Vec<_> = before.difference(operations).collect();
    if added.is_empty() && removed.is_empty() {
        println!(
            "operations unchanged ({}); other content changed",
            operations.len()
        );
        return;
    }
    if !added.is_empty() {
        println!("operations added ({}):", added.len());
        for op in added {
            println!("  + {op}");
        }
    }
    if !removed.is_empty() {
        println!("operations removed ({}):", removed.len());
        for op in removed {
            println!("  - {op}");
        }
    }
}
