//! The committed public-API surface of a generated client, and the changelog `regenerate` derives
//! from it: `--check` compares the file; a write diffs against it, prints, appends to CHANGELOG.md.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use codegen::changelog::{self, Changelog};
use codegen::ir::Api;
use codegen::surface::{self, Surface};

use crate::workspace;

/// Where the surface and the changelog go: beside the client crate for the default output,
/// beside a custom output directory otherwise (so a scratch run never touches the committed ones).
pub fn default_paths(out: Option<&Path>, spec: &Path) -> (PathBuf, PathBuf) {
    let name = surface::file_name(spec);
    match out.and_then(Path::parent) {
        Some(dir) => (dir.join("api").join(name), dir.join("CHANGELOG.md")),
        None => (
            Path::new(workspace::API_DIR).join(name),
            PathBuf::from(workspace::CHANGELOG),
        ),
    }
}

/// The surface a run generated, and where it is committed.
pub struct SurfaceFile {
    path: PathBuf,
    title: String,
    surface: Surface,
    text: String,
}

impl SurfaceFile {
    pub fn new(path: PathBuf, spec: &Path, api: &Api) -> SurfaceFile {
        let (surface, text) = surface::file_for(api, spec);
        SurfaceFile {
            title: format!("{} ({} {})", spec.display(), api.title, api.version),
            path,
            surface,
            text,
        }
    }

    /// `path (stale)` or `path (missing)` when the committed file differs.
    pub fn check(&self) -> Result<Option<String>> {
        Ok(match read_optional(&self.path)? {
            Some(text) if text == self.text => None,
            Some(_) => Some(format!("{} (stale)", self.path.display())),
            None => Some(format!("{} (missing)", self.path.display())),
        })
    }

    /// Prints the changes since the committed surface, appends them to `changelog`, then
    /// replaces the surface (the changelog first: a failed write repeats an entry, never loses one).
    pub fn update(&self, changelog: &Path) -> Result<()> {
        let previous = read_optional(&self.path)?;
        match previous.as_deref() {
            None => println!(
                "{}: written (no previous surface, so no changelog)",
                self.path.display()
            ),
            Some(old) if old == self.text => {
                println!("public API unchanged ({})", self.path.display());
                return Ok(());
            }
            Some(old) => match Surface::parse(old) {
                Ok(old) => self.record(
                    &changelog::diff(&old, &self.surface, &self.title),
                    changelog,
                )?,
                Err(e) => eprintln!(
                    "warning: {}: {e}; not compared, rewritten",
                    self.path.display()
                ),
            },
        }
        codegen::write::write_atomic(&self.path, self.text.as_bytes())?;
        Ok(())
    }

    fn record(&self, log: &Changelog, changelog: &Path) -> Result<()> {
        println!("API changes since {}:\n", self.path.display());
        print!("{}", log.to_markdown());
        if log.is_empty() {
            return Ok(());
        }
        let existing = read_optional(changelog)?;
        let text = changelog::append_unreleased(existing.as_deref(), &log.to_markdown());
        codegen::write::write_atomic(changelog, text.as_bytes())?;
        println!("{}: appended under `## Unreleased`", changelog.display());
        Ok(())
    }
}

pub fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
    }
}
