//! OpenAPI 3.0/3.1 -> typed Rust client generator. Pipeline, one module per stage: parse -> patch (reviewed corrections) -> normalize -> integers (inference) -> load (openapiv3) -> lower (IR) -> emit -> format -> write.
//! Beside it: `evidence` (what the spec's examples show where a type fell back) and `propose` (patch drafts from it).

pub mod changelog;
pub mod config;
pub mod emit;
pub mod error;
pub mod evidence;
pub mod format;
pub mod integers;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod normalize;
pub mod parse;
pub mod patch;
pub mod propose;
pub mod render;
pub mod report;
pub mod strict;
pub mod surface;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;

pub use config::Config;
pub use error::CodegenError;

/// The result of running the pipeline up to formatted source text.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    /// What the normalize stage rewrote (3.1 -> 3.0 shape), one line each.
    pub rewrites: Vec<normalize::Rewrite>,
    /// Formatted files, keyed by path relative to the output directory (`/`-separated).
    pub files: BTreeMap<String, String>,
}

/// Parses, normalizes, loads and lowers a spec file into the IR.
pub fn lower_file(
    spec: &Path,
    config: &Config,
) -> Result<(ir::Api, Vec<normalize::Rewrite>), CodegenError> {
    let text = std::fs::read_to_string(spec).map_err(|e| CodegenError::io(spec, e))?;
    lower_str(&text, &spec.display().to_string(), config)
}

/// Same as [`lower_file`] for a document already in memory; `origin` names it in errors.
pub fn lower_str(
    text: &str,
    origin: &str,
    config: &Config,
) -> Result<(ir::Api, Vec<normalize::Rewrite>), CodegenError> {
    lower_normalized(prepare_str(text, origin, config)?, origin, config)
}

fn lower_normalized(
    normalized: normalize::Normalized,
    origin: &str,
    config: &Config,
) -> Result<(ir::Api, Vec<normalize::Rewrite>), CodegenError> {
    let loaded = load::load(normalized.document, origin)?;
    let mut diagnostics = normalized.diagnostics;
    diagnostics.extend(loaded.diagnostics);
    let mut api = lower::lower(&loaded.openapi, config, diagnostics);
    lower::webhooks::attach(&mut api, &loaded.document, config);
    lower::features::assign(&mut api, config.features.as_ref());
    evidence::classify(&loaded.document, &mut api.fallbacks);
    Ok((api, normalized.rewrites))
}

/// Parses, patches and normalizes a document: the JSON every later stage (and every tool that
/// reads the spec the way the generator does, like the examples test) works on. The patch
/// rewrites come first in `rewrites`.
pub fn prepare_str(
    text: &str,
    origin: &str,
    config: &Config,
) -> Result<normalize::Normalized, CodegenError> {
    prepare_value(parse::parse_document(text, origin)?, origin, config)
}

/// Same as [`lower_str`] for a document already parsed (tools that edit a spec in memory).
pub fn lower_value(
    value: serde_json::Value,
    origin: &str,
    config: &Config,
) -> Result<ir::Api, CodegenError> {
    Ok(lower_normalized(prepare_value(value, origin, config)?, origin, config)?.0)
}

/// Patches and normalizes a parsed document (the second stage of [`prepare_str`]).
pub fn prepare_value(
    mut value: serde_json::Value,
    origin: &str,
    config: &Config,
) -> Result<normalize::Normalized, CodegenError> {
    let patched = patch::apply(&mut value, &config.spec_patches, origin)?;
    let mut normalized = normalize::normalize(value);
    normalized.rewrites.splice(0..0, patched);
    let integers = integers::infer(&mut normalized.document, &config.integer_inference);
    normalized.rewrites.extend(integers);
    Ok(normalized)
}

/// Runs the whole pipeline on a spec file and returns formatted files (nothing is written).
pub fn generate_file(spec: &Path, config: &Config) -> Result<Generated, CodegenError> {
    let (api, rewrites) = lower_file(spec, config)?;
    finish(api, rewrites)
}

/// Runs the whole pipeline on an in-memory document.
pub fn generate_str(text: &str, origin: &str, config: &Config) -> Result<Generated, CodegenError> {
    let (api, rewrites) = lower_str(text, origin, config)?;
    finish(api, rewrites)
}

fn finish(api: ir::Api, rewrites: Vec<normalize::Rewrite>) -> Result<Generated, CodegenError> {
    let files = render::render(&api)?;
    Ok(Generated {
        api,
        rewrites,
        files,
    })
}
