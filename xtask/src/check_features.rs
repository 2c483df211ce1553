//! `cargo xtask check-features [--only A,B]`: lints the client crate with each generated
//! feature alone (plus `mock`, whose tables follow the same gating), and with none at all, so
//! that no feature leaves a type it needs behind or a warning in. Clippy with warnings denied
//! does both; the full set is linted by CI's `cargo clippy --all-features`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::crate_features;
use crate::workspace;

pub struct Args {
    /// Only these features (default: every generated one).
    pub only: Vec<String>,
}

pub fn run(args: &Args) -> Result<()> {
    let manifest = Path::new(workspace::CLIENT_CRATE).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let generated = crate_features::generated(&text)?;
    for name in &args.only {
        if !generated.contains(name) {
            bail!(
                "`{name}` is not a generated feature of {} (try one of: {})",
                manifest.display(),
                generated.join(", ")
            );
        }
    }
    let picked: Vec<&String> = generated
        .iter()
        .filter(|f| args.only.is_empty() || args.only.contains(f))
        .collect();
    // No feature at all first: the runtime alone must stand.
    let mut runs: Vec<String> = vec![String::new()];
    runs.extend(picked.iter().map(|f| format!("{f},mock")));
    let mut failed = Vec::new();
    println!("{:<40} {:>8}  result", "features", "seconds");
    for features in &runs {
        let started = Instant::now();
        let ok = clippy(features)?;
        let label = if features.is_empty() {
            "(none)"
        } else {
            features
        };
        let result = if ok { "ok" } else { "FAILED" };
        println!(
            "{label:<40} {:>8.1}  {result}",
            started.elapsed().as_secs_f64()
        );
        if !ok {
            failed.push(label.to_string());
        }
    }
    if !failed.is_empty() {
        bail!("clippy failed for features: {}", failed.join("; "));
    }
    println!("{} feature sets linted, 0 warnings", runs.len());
    Ok(())
}

/// `cargo clippy` on the client's library with exactly `features`; its output only on failure.
fn clippy(features: &str) -> Result<bool> {
    let mut cmd = Command::new(workspace::cargo());
    cmd.args([
        "clippy",
        "--quiet",
        "-p",
        workspace::CLIENT_CRATE,
        "--lib",
        "--no-default-features",
    ]);
    if !features.is_empty() {
        cmd.args(["--features", features]);
    }
    cmd.args(["--", "-D", "warnings"]);
    let output = cmd.output().context("cannot run cargo clippy")?;
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(output.status.success())
}
