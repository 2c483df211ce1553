//! `cargo xtask propose-patches`: prints reviewable spec-patch drafts for the fallbacks to
//! `serde_json::Value` that the spec's examples can type. Writes nothing; a person pastes.

use std::path::PathBuf;

use anyhow::{Context, Result};
use codegen::Config;

pub struct Args {
    pub spec: PathBuf,
    pub config: PathBuf,
    /// Only fallbacks whose pointer contains this text.
    pub only: Option<String>,
}

pub fn run(args: &Args) -> Result<()> {
    let config = Config::from_file(&args.config)?;
    let text = std::fs::read_to_string(&args.spec)
        .with_context(|| format!("{}: cannot read the spec", args.spec.display()))?;
    let origin = args.spec.display().to_string();
    let proposal = codegen::propose::propose(&text, &origin, &config, args.only.as_deref())?;
    print!("{}", codegen::propose::render(&proposal));
    Ok(())
}
