//! `cargo xtask regenerate [--check]`: spec/ + spec/codegen.yaml -> generated-client/src/generated.
//! Times the codegen, writes (or checks) the tree and the API surface, prints the summary and changelog.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Result};
use codegen::report::Summary;
use codegen::write::{stale_message, write_tree, Mode};
use codegen::Config;

use crate::api_changes::SurfaceFile;

pub struct Args {
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

/// Everything a run computes before it prints or writes: the generated files, their summary, the
/// surface, and the tree written (or, with `check`, compared). `bench-codegen` times this with `check`.
pub struct Prepared {
    pub summary: Summary,
    pub surface: SurfaceFile,
    pub report: codegen::write::WriteReport,
}

pub fn prepare(args: &Args) -> Result<Prepared> {
    let config = Config::from_file(&args.config)?;

    let started = Instant::now();
    let generated = codegen::generate_file(&args.spec, &config)?;
    if args.strict || config.strict {
        codegen::strict::check(&generated.api, &args.spec.display().to_string())?;
    }
    let summary = Summary::new(&generated, started.elapsed());
    let surface = SurfaceFile::new(args.surface.clone(), &args.spec, &generated.api);
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let report = write_tree(&args.out, &generated.files, mode)?;
    Ok(Prepared {
        summary,
        surface,
        report,
    })
}

pub fn run(args: &Args) -> Result<()> {
    let prepared = prepare(args)?;
    let report = prepared.report;
    let mut problems = report.problems();
    if args.check {
        problems.extend(prepared.surface.check()?);
    }
    if let Some(message) = stale_message(&problems, &args.fix_command) {
        bail!(message);
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
    Ok(())
}
