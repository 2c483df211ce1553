//! The one error type of the codegen library.
//! Every variant names the file or JSON pointer it is about, so a CLI can print it on one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The document is not valid YAML/JSON.
    #[error("{origin}: invalid YAML/JSON: {message}")]
    Syntax { origin: String, message: String },
    /// The document parses but is not an OpenAPI document we can read.
    #[error("{origin}: {pointer}: {message}")]
    Spec {
        origin: String,
        pointer: String,
        message: String,
    },
    /// A reviewed spec patch from the config does not apply to this document.
    #[error("{origin}: spec patch {index} ({reason}): {message}")]
    Patch {
        origin: String,
        index: usize,
        reason: String,
        message: String,
    },
    /// Strict mode and the spec has Error diagnostics (see [`crate::strict`]).
    #[error("{origin}: strict mode: {count} error diagnostics, first {first} (without --strict these become fallbacks)")]
    Strict {
        origin: String,
        count: usize,
        first: String,
    },
    #[error("{path}: invalid codegen config: {message}")]
    Config { path: PathBuf, message: String },
    /// The API manifest (see [`crate::manifest`]) does not read.
    #[error("{path}: invalid API manifest: {message}")]
    Manifest { path: PathBuf, message: String },
    /// Emitted code failed to parse as Rust (a generator bug, reported with the file).
    #[error("{file}: generated code does not parse: {message}")]
    Format { file: String, message: String },
}

impl CodegenError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CodegenError::Io {
            path: path.into(),
            source,
        }
    }
}
