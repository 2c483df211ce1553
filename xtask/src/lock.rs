//! spec/spec-lock.yaml: where the vendored spec came from, its sha256, size and shape.
//! Read and rewritten by `cargo xtask fetch-spec`.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecLock {
    pub source_url: String,
    pub sha256: String,
    /// UTC date of the download, `YYYY-MM-DD`.
    pub retrieved: String,
    pub bytes: u64,
    /// The document's `openapi` field.
    pub openapi: String,
    pub operations: usize,
}

impl SpecLock {
    /// The lock at `path`, or `None` when there is none yet.
    pub fn read(path: &Path) -> Result<Option<SpecLock>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| path.display().to_string()),
        };
        serde_yaml::from_str(&text)
            .map(Some)
            .with_context(|| format!("{}: invalid spec lock", path.display()))
    }

    /// Writes the lock atomically; `spec` names the file it describes in the header comment.
    pub fn write(&self, path: &Path, spec: &Path) -> Result<()> {
        let body = serde_yaml::to_string(self).context("serializing the spec lock")?;
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec.display().to_string());
        let text =
            format!("# Provenance of {name}; `cargo xtask fetch-spec` rewrites this file.\n{body}");
        codegen::write::write_atomic(path, text.as_bytes())?;
        Ok(())
    }
}
