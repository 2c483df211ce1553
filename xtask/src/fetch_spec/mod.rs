//! `cargo xtask fetch-spec`: download and validate the spec of every API in spec/apis.yaml (or
//! one), print each API changelog, then write the specs and the lock together; list operations
//! added or removed. A failed download or validation of any API leaves spec/ untouched.

mod download;
mod report;
mod shape;
mod stage;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::apis;
use crate::lock::{LockEntry, SpecLock};
use crate::workspace::one_line;

/// One API to fetch.
#[derive(Debug, Clone)]
pub struct Target {
    /// The API's name in spec/apis.yaml, which keys its lock entry.
    pub name: String,
    pub title: String,
    pub url: String,
    /// Where the spec is written.
    pub out: PathBuf,
    /// Generator options for its API changelog (the defaults while the file does not exist).
    pub config: PathBuf,
}

pub struct Args {
    pub targets: Vec<Target>,
    pub timeout_secs: u64,
    pub lock: PathBuf,
}

/// The targets the command line selects: every API of the manifest, or the one `api` names,
/// whose URL and output path `url` and `out` may replace (they need `api`).
pub fn targets(
    manifest: &Path,
    api: Option<&str>,
    url: Option<String>,
    out: Option<PathBuf>,
) -> Result<Vec<Target>> {
    if api.is_none() && (url.is_some() || out.is_some()) {
        bail!("--url and --out apply to one API: name it with --api");
    }
    let selected = apis::select(apis::read(manifest)?, api)?;
    let mut targets: Vec<Target> = selected
        .into_iter()
        .map(|a| Target {
            name: a.name,
            title: a.title,
            url: a.source_url,
            out: a.spec,
            config: a.config,
        })
        .collect();
    if let [target] = targets.as_mut_slice() {
        target.url = url.unwrap_or(std::mem::take(&mut target.url));
        target.out = out.unwrap_or(std::mem::take(&mut target.out));
    }
    Ok(targets)
}

/// A download that passed validation.
struct Fetched {
    bytes: Vec<u8>,
    shape: shape::Shape,
}

pub fn run(args: &Args) -> Result<()> {
    let mut lock = SpecLock::read(&args.lock)?;
    let previous = args
        .targets
        .iter()
        .map(|t| read_previous(&t.out))
        .collect::<Result<Vec<_>>>()?;

    let fetched = fetch_all(&args.targets, Duration::from_secs(args.timeout_secs))?;

    for ((target, previous), new) in args.targets.iter().zip(&previous).zip(&fetched) {
        report::print_api_changes(target, previous.as_deref(), &new.bytes);
    }

    let retrieved = chrono::Utc::now().date_naive().to_string();
    let mut files = Vec::with_capacity(args.targets.len() + 1);
    let mut written = Vec::with_capacity(args.targets.len());
    for (target, new) in args.targets.iter().zip(&fetched) {
        let entry = LockEntry {
            source_url: target.url.clone(),
            sha256: format!("{:x}", Sha256::digest(&new.bytes)),
            retrieved: retrieved.clone(),
            bytes: new.bytes.len() as u64,
            openapi: new.shape.openapi.clone(),
            operations: new.shape.operations.len(),
            webhooks: new.shape.webhooks,
        };
        written.push((entry.clone(), lock.get(&target.name).cloned()));
        lock.set(&target.name, entry);
        files.push((target.out.clone(), new.bytes.clone()));
    }
    files.push((args.lock.clone(), lock.render()?.into_bytes()));
    stage::write_all(&files)?;

    for (((target, previous), new), (entry, old)) in args
        .targets
        .iter()
        .zip(&previous)
        .zip(&fetched)
        .zip(&written)
    {
        println!(
            "{} ({}): wrote {} ({} bytes, OpenAPI {}, {} operations{}, sha256 {})",
            target.name,
            target.title,
            target.out.display(),
            entry.bytes,
            entry.openapi,
            entry.operations,
            entry
                .webhooks
                .map(|n| format!(", {n} webhooks"))
                .unwrap_or_default(),
            entry.sha256
        );
        if let Some(old) = old.as_ref().filter(|old| old.sha256 != entry.sha256) {
            println!(
                "  previous sha256 {} (retrieved {})",
                old.sha256, old.retrieved
            );
        }
        report::print_changes(
            previous.as_deref(),
            &new.bytes,
            &new.shape.operations,
            &target.out,
        );
    }
    println!("updated {}", args.lock.display());
    Ok(())
}

/// Downloads and validates every target at once; any failure fails the whole run, naming every
/// API that failed, before anything is written.
fn fetch_all(targets: &[Target], timeout: Duration) -> Result<Vec<Fetched>> {
    let results: Vec<Result<Fetched>> = std::thread::scope(|scope| {
        let running: Vec<_> = targets
            .iter()
            .map(|t| scope.spawn(move || fetch(t, timeout)))
            .collect();
        running
            .into_iter()
            .map(|r| {
                r.join()
                    .unwrap_or_else(|_| Err(anyhow!("the download thread panicked")))
            })
            .collect()
    });
    let mut fetched = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for (target, result) in targets.iter().zip(results) {
        match result {
            Ok(ok) => fetched.push(ok),
            Err(e) => failures.push((target.name.as_str(), one_line(&e))),
        }
    }
    match failures.as_slice() {
        [] => Ok(fetched),
        [(name, why)] if targets.len() == 1 => bail!("{name}: {why}; nothing written"),
        _ => {
            let names: Vec<&str> = failures.iter().map(|(name, _)| *name).collect();
            let details: Vec<String> = failures
                .iter()
                .map(|(name, why)| format!("{name}: {why}"))
                .collect();
            bail!(
                "{} of {} APIs failed ({}); nothing written: {}",
                failures.len(),
                targets.len(),
                names.join(", "),
                details.join("; ")
            )
        }
    }
}

fn fetch(target: &Target, timeout: Duration) -> Result<Fetched> {
    let bytes = download::download(&target.url, timeout)?;
    let shape = shape::validate(&bytes, &target.url)?;
    Ok(Fetched { bytes, shape })
}

fn read_previous(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lock's `openapi`, `operations` and `webhooks` of each committed spec are what
    /// fetch-spec would compute from it, and the committed specs pass its validation.
    #[test]
    fn committed_lock_shapes_match_the_committed_specs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the workspace");
        let lock = SpecLock::read(&root.join(crate::workspace::SPEC_LOCK)).unwrap();
        for api in apis::read(&root.join(apis::MANIFEST)).unwrap() {
            let bytes = std::fs::read(root.join(&api.spec)).unwrap();
            let shape = shape::validate(&bytes, &api.spec.display().to_string()).unwrap();
            let entry = lock.get(&api.name).unwrap();
            assert_eq!(entry.openapi, shape.openapi, "{}", api.name);
            assert_eq!(entry.operations, shape.operations.len(), "{}", api.name);
            assert_eq!(entry.webhooks, shape.webhooks, "{}", api.name);
        }
    }

    #[test]
    fn url_and_out_need_one_api() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the workspace");
        let manifest = root.join(apis::MANIFEST);
        let err = targets(&manifest, None, Some("http://127.0.0.1/x".into()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("--api"), "{err}");
        let all = targets(&manifest, None, None, None).unwrap();
        assert_eq!(all.len(), 4);
        let one = targets(
            &manifest,
            Some("public"),
            Some("http://127.0.0.1/p.yaml".into()),
            None,
        )
        .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].url, "http://127.0.0.1/p.yaml");
        assert_eq!(one[0].out, Path::new("spec/altegio-public.openapi.yaml"));
        assert_eq!(one[0].config, Path::new("spec/codegen.public.yaml"));
    }
}
