//! `cargo xtask regenerate [--check] [--api NAME]`: every API of spec/apis.yaml (spec + config)
//! -> its generated tree. Generates all of them first, then writes (or checks) each tree and API
//! surface, printing one summary block and changelog per API: a failing API writes nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::report::Summary;
use codegen::write::{stale_message, write_tree, Mode};
use codegen::Config;

use crate::api_changes::SurfaceFile;
use crate::crate_features;

pub struct Args {
    /// The API's name in spec/apis.yaml, printed over its block (`None` for a custom run).
    pub name: Option<String>,
    pub check: bool,
    /// Fail on any Error diagnostic; `strict: true` in the config does the same.
    pub strict: bool,
    pub spec: PathBuf,
    pub config: PathBuf,
    pub out: PathBuf,
    /// The committed public-API surface and the changelog it feeds.
    pub surface: PathBuf,
    pub changelog: PathBuf,
    /// What a stale check tells the user to run.
    pub fix_command: String,
}

/// `cargo xtask regenerate` plus whichever overrides this run was given.
pub fn fix_command(out: Option<&Path>, spec: Option<&Path>, config: Option<&Path>) -> String {
    let mut cmd = "cargo xtask regenerate".to_string();
    for (flag, value) in [("--spec", spec), ("--config", config), ("--out", out)] {
        if let Some(v) = value {
            cmd.push_str(&format!(" {flag} {}", v.display()));
        }
    }
    cmd
}

/// One API generated in memory: its files, their summary and the surface; nothing written yet.
pub struct Generated {
    files: std::collections::BTreeMap<String, String>,
    /// The cargo features the API declares (config `features`).
    pub features: Vec<codegen::ir::Feature>,
    pub summary: Summary,
    pub surface: SurfaceFile,
}

pub fn generate(args: &Args) -> Result<Generated> {
    let config = Config::from_file(&args.config)?;
    let started = Instant::now();
    let generated = codegen::generate_file(&args.spec, &config)?;
    if args.strict || config.strict {
        codegen::strict::check(&generated.api, &args.spec.display().to_string())?;
    }
    let summary = Summary::new(&generated, started.elapsed());
    let surface = SurfaceFile::new(args.surface.clone(), &args.spec, &generated.api);
    Ok(Generated {
        files: generated.files,
        features: generated.api.features.clone(),
        summary,
        surface,
    })
}

/// Everything a run computes before it prints: the summary, the surface, and the tree written
/// (or, with `check`, compared). `bench-codegen` times this with `check`.
pub struct Prepared {
    pub summary: Summary,
    pub surface: SurfaceFile,
    pub report: codegen::write::WriteReport,
}

pub fn prepare(args: &Args) -> Result<Prepared> {
    let generated = generate(args)?;
    write(args, generated)
}

fn write(args: &Args, generated: Generated) -> Result<Prepared> {
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let report = write_tree(&args.out, &generated.files, mode)?;
    Ok(Prepared {
        summary: generated.summary,
        surface: generated.surface,
        report,
    })
}

/// Generates every API, then (only when all succeeded) writes or checks each in turn, and then
/// the client crate's generated features when `crate_manifest` is given (a run of every API).
pub fn run(apis: &[Args], crate_manifest: Option<&Path>) -> Result<()> {
    let generated = apis
        .iter()
        .map(|args| {
            generate(args).with_context(|| match &args.name {
                Some(name) => format!("API `{name}`; nothing written"),
                None => "nothing written".to_string(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let features: Vec<(String, Vec<codegen::ir::Feature>)> = apis
        .iter()
        .zip(&generated)
        .map(|(args, g)| (args.name.clone().unwrap_or_default(), g.features.clone()))
        .collect();
    let mut stale = Vec::new();
    for (args, generated) in apis.iter().zip(generated) {
        if let Some(name) = &args.name {
            println!("== {name} ==");
        }
        let prepared = write(args, generated)?;
        match finish(args, prepared)? {
            Some(message) => stale.push(message),
            None => println!(),
        }
    }
    if let Some(manifest) = crate_manifest {
        let check = apis.iter().any(|a| a.check);
        if let Some(message) = write_features(manifest, &features, check)? {
            stale.push(message);
        }
    }
    if !stale.is_empty() {
        bail!(stale.join("; "));
    }
    Ok(())
}

/// Writes (or checks) the generated features of the client's manifest; a stale check returns
/// its message.
fn write_features(
    manifest: &Path,
    features: &[(String, Vec<codegen::ir::Feature>)],
    check: bool,
) -> Result<Option<String>> {
    let old = std::fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let new = crate_features::apply(&old, &crate_features::block(features))
        .with_context(|| manifest.display().to_string())?;
    let count: usize = features.iter().map(|(_, f)| f.len()).sum();
    if new == old {
        println!(
            "{}: {count} generated features up to date",
            manifest.display()
        );
    } else if check {
        return Ok(Some(format!(
            "{}: generated features are stale; run `cargo xtask regenerate`",
            manifest.display()
        )));
    } else {
        codegen::write::write_atomic(manifest, new.as_bytes())?;
        println!("{}: {count} generated features written", manifest.display());
    }
    Ok(None)
}

/// Prints one API's block; a stale check returns its message instead.
fn finish(args: &Args, prepared: Prepared) -> Result<Option<String>> {
    let report = prepared.report;
    let mut problems = report.problems();
    if args.check {
        problems.extend(prepared.surface.check()?);
    }
    if let Some(message) = stale_message(&problems, &args.fix_command) {
        return Ok(Some(message));
    }

    println!("{}", prepared.summary);
    if args.check {
        println!(
            "{}: up to date ({} files)",
            args.out.display(),
            report.unchanged.len()
        );
    } else {
        println!(
            "{}: {} written, {} unchanged, {} removed",
            args.out.display(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        );
        prepared.surface.update(&args.changelog)?;
    }
    Ok(None)
}
