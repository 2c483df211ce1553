//! `cargo xtask diff-spec OLD NEW`: the classified public-API changelog between two specs, each
//! a file or a git revision of spec/; `--deny-breaking` makes a breaking change fail (for CI).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::changelog::{self, Changelog, Class};
use codegen::surface::Surface;
use codegen::Config;

use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

pub struct Args {
    pub old: String,
    pub new: String,
    pub format: Format,
    pub deny_breaking: bool,
    /// Generator options for file arguments (revisions use their own `spec/codegen.yaml`).
    pub config: PathBuf,
    /// The spec's path in the repository, read at a revision.
    pub spec: String,
}

/// One side of a comparison: spec text, where it came from, and the options to lower it with.
pub struct Side {
    pub origin: String,
    pub text: String,
    pub config: Config,
}

pub fn run(ws: &Workspace, args: &Args) -> Result<()> {
    let old = resolve(ws, &args.old, args)?;
    let new = resolve(ws, &args.new, args)?;
    let log = compare(&old, &new, &format!("{} -> {}", old.origin, new.origin))?;
    match args.format {
        Format::Markdown => print!("{}", log.to_markdown()),
        Format::Json => println!("{}", log.to_json()),
    }
    let breaking = log.count(Class::Breaking);
    if args.deny_breaking && breaking > 0 {
        bail!("{breaking} breaking API changes (--deny-breaking)");
    }
    Ok(())
}

/// Lowers both sides and diffs their public-API surfaces.
pub fn compare(old: &Side, new: &Side, title: &str) -> Result<Changelog> {
    let surface = |side: &Side| -> Result<Surface> {
        let (api, _) = codegen::lower_str(&side.text, &side.origin, &side.config)?;
        Ok(Surface::from_api(&api))
    };
    Ok(changelog::diff(&surface(old)?, &surface(new)?, title))
}

/// A file if `arg` names one, otherwise a git revision.
fn resolve(ws: &Workspace, arg: &str, args: &Args) -> Result<Side> {
    let path = ws.user_path(Some(PathBuf::from(arg)), "");
    if path.is_file() {
        return Ok(Side {
            origin: arg.to_string(),
            text: std::fs::read_to_string(&path).with_context(|| arg.to_string())?,
            config: Config::from_file(&args.config)?,
        });
    }
    if path.exists() {
        bail!("{arg}: is a directory, not a spec file");
    }
    if !is_revision(arg)? {
        bail!("{arg}: no such file, and not a git revision");
    }
    let text = git_show(arg, &args.spec)?
        .with_context(|| format!("{arg}: {} does not exist at this revision", args.spec))?;
    let config_path = config_in_repo(&args.config);
    let config = match git_show(arg, &config_path)? {
        Some(yaml) => Config::from_yaml(&yaml, Path::new(&format!("{arg}:{config_path}")))?,
        None => {
            eprintln!(
                "note: {arg} has no {config_path}; using {}",
                args.config.display()
            );
            Config::from_file(&args.config)?
        }
    };
    Ok(Side {
        origin: format!("{arg}:{}", args.spec),
        text,
        config,
    })
}

/// The config's path as git names it: relative to the workspace root, `/`-separated.
fn config_in_repo(config: &Path) -> String {
    let root = std::env::current_dir().unwrap_or_default();
    config
        .strip_prefix(&root)
        .unwrap_or(config)
        .to_string_lossy()
        .replace('\\', "/")
}

fn is_revision(arg: &str) -> Result<bool> {
    // `--end-of-options` keeps an argument starting with `-` from being read as a flag.
    let status = Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{arg}^{{commit}}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running git (needed to read a revision)")?;
    Ok(status.success())
}

/// The file at `path` in revision `rev`, or `None` when it does not exist there.
fn git_show(rev: &str, path: &str) -> Result<Option<String>> {
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{path}"))
        .output()
        .context("running git show")?;
    if !output.status.success() {
        return Ok(None);
    }
    String::from_utf8(output.stdout)
        .map(Some)
        .with_context(|| format!("{rev}:{path}: not UTF-8 text"))
}
