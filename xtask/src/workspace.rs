//! Where things live in the repository, and the command-line edge shared by every task:
//! running from the workspace root, resolving user paths, one-line error messages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Paths relative to the workspace root.
pub const SPEC: &str = "spec/altegio-b2b-v1.openapi.yaml";
pub const SPEC_LOCK: &str = "spec/spec-lock.yaml";
pub const CODEGEN_CONFIG: &str = "spec/codegen.yaml";
pub const GENERATED_DIR: &str = "generated-client/src/generated";
/// The committed public-API surface files, one per spec.
pub const API_DIR: &str = "generated-client/api";
pub const CHANGELOG: &str = "CHANGELOG.md";
pub const CLIENT_CRATE: &str = "generated-client";
pub const CORPUS_DIR: &str = "tests/corpus";
pub const CORPUS_SCRATCH: &str = "target/corpus-check";

pub struct Workspace {
    /// Absolute path of the workspace root; also the process's current directory, so the
    /// repository paths above work as given and show up short in messages.
    pub root: PathBuf,
    /// The directory the user ran the command from, for resolving paths they pass.
    invoked_from: PathBuf,
}

impl Workspace {
    pub fn enter() -> Result<Workspace> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .with_context(|| format!("{}: xtask has no parent directory", manifest_dir.display()))?
            .to_path_buf();
        let invoked_from = std::env::current_dir().context("reading the current directory")?;
        std::env::set_current_dir(&root)
            .with_context(|| format!("{}: cannot enter the workspace root", root.display()))?;
        Ok(Workspace { root, invoked_from })
    }

    /// A path the user gave (relative to where they ran the command), or `default` (relative
    /// to the workspace root).
    pub fn user_path(&self, given: Option<PathBuf>, default: &str) -> PathBuf {
        match given {
            Some(p) => self.invoked_from.join(p),
            None => PathBuf::from(default),
        }
    }
}

/// Prints a clap usage error on one line; help and version print as clap renders them.
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitCode::from(2);
    }
    // clap's message is its first paragraph (e.g. "the following required arguments were not
    // provided:" followed by the indented names); usage and tips follow a blank line.
    let rendered = e.to_string();
    let paragraph: Vec<&str> = rendered
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = paragraph.join(" ");
    let first = message.strip_prefix("error: ").unwrap_or(&message);
    let first = if first.is_empty() {
        "invalid arguments"
    } else {
        first
    };
    eprintln!("error: {first} (see `cargo xtask --help`)");
    ExitCode::from(2)
}

/// Joins an error and its causes with ": " on one line, skipping a cause whose text is
/// already in the message (several errors print their source themselves).
pub fn one_line(e: &anyhow::Error) -> String {
    join_causes(e.chain().map(|c| c.to_string()))
}

pub fn join_causes(causes: impl IntoIterator<Item = String>) -> String {
    let mut line = String::new();
    for text in causes {
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    line.replace(['\n', '\r'], " ")
}

/// The cargo that runs this task (`$CARGO`), for the tasks that run cargo themselves.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Writes `text` to `path` (atomically, creating its directory) unless it already holds it,
/// so that cargo sees an unchanged file as unchanged.
pub fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| parent.display().to_string())?;
    }
    codegen::write::write_atomic(path, text.as_bytes())?;
    Ok(())
}
