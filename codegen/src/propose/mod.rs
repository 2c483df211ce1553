//! Drafts RFC 6902 spec patches for the places where a type fell back to `serde_json::Value` and
//! the spec's examples show the shape; each draft carries its evidence. Prints only, never applies.

mod infer;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::config::Config;
use crate::error::CodegenError;
use crate::evidence::{self, Sample};
use crate::ir::Fallback;

pub use infer::Inference;

/// How many example pointers a draft lists before counting the rest.
const EVIDENCE_LIMIT: usize = 6;

/// A drafted patch for one fallback, for a person to review and paste into `spec_patches`.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The place that fell back, and why.
    pub fallback: Fallback,
    /// The example values the schema was inferred from (pointer of each).
    pub evidence: Vec<String>,
    /// What the inference left untyped, and what the reviewer must check.
    pub notes: Vec<String>,
    /// JSON Patch operations (`test`, then `add` or `replace`), as JSON.
    pub patch: Vec<Value>,
}

/// Every fallback of a spec, drafted or set aside with the reason.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub drafts: Vec<Draft>,
    /// Fallbacks nothing can be inferred for (no example reaches them, or only empty values).
    pub set_aside: Vec<Fallback>,
}

/// Runs the pipeline on `text` (with the config's reviewed patches) and drafts a patch for every
/// fallback an example shows a non-empty value at. Pointers whose text contains `only`, if given.
pub fn propose(
    text: &str,
    origin: &str,
    config: &Config,
    only: Option<&str>,
) -> Result<Proposal, CodegenError> {
    let (api, _) = crate::lower_str(text, origin, config)?;
    let normalized = crate::prepare_str(text, origin, config)?.document;
    // Patches apply to the document as written (before normalize): check targets against it.
    let mut written = crate::parse::parse_document(text, origin)?;
    crate::patch::apply(&mut written, &config.spec_patches, origin)?;

    let mut fallbacks: Vec<Fallback> = api
        .fallbacks
        .into_iter()
        .filter(|f| only.is_none_or(|o| f.pointer.contains(o)))
        .collect();
    fallbacks.sort();
    fallbacks.dedup();
    let places: BTreeSet<String> = fallbacks
        .iter()
        .flat_map(|f| evidence::places_of(&f.pointer))
        .collect();
    let found = evidence::samples(&normalized, &places);
    let runtime_meta = config
        .envelope
        .as_ref()
        .filter(|e| e.meta_type.is_some())
        .map(|e| (e.data.clone(), e.success.clone(), e.meta.clone()));

    let mut proposal = Proposal::default();
    for fallback in fallbacks {
        let samples = match evidence::shown(&found, &fallback.pointer) {
            Ok(samples) => samples,
            Err(_) => {
                proposal.set_aside.push(fallback);
                continue;
            }
        };
        let missing_schema = found.contains_key(&format!("{}/schema", fallback.pointer));
        let mut inference = Inference {
            runtime_meta: runtime_meta.clone(),
            ..Inference::default()
        };
        let values: Vec<&Value> = samples.iter().map(|s| &s.value).collect();
        let Some(schema) = inference.schema(&values) else {
            proposal.set_aside.push(fallback);
            continue;
        };
        let mut notes = inference.notes;
        let patch = operations(
            &fallback.pointer,
            missing_schema,
            schema,
            &written,
            &mut notes,
        );
        proposal.drafts.push(Draft {
            evidence: evidence_list(&samples),
            fallback,
            notes,
            patch,
        });
    }
    Ok(proposal)
}

/// The example pointers, each once, the first few of them.
fn evidence_list(samples: &[&Sample]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for sample in samples {
        if !seen.contains(&sample.evidence) {
            seen.push(sample.evidence.clone());
        }
    }
    let more = seen.len().saturating_sub(EVIDENCE_LIMIT);
    seen.truncate(EVIDENCE_LIMIT);
    if more > 0 {
        seen.push(format!("... and {more} more"));
    }
    seen
}

/// The operations that put `schema` at the fallback: `add` a missing `schema` (a media type
/// without one) or missing `items`, else `replace` the schema keeping its description and title,
/// after a `test` pinning its declared type.
fn operations(
    fallback: &str,
    missing_schema: bool,
    schema: Value,
    written: &Value,
    notes: &mut Vec<String>,
) -> Vec<Value> {
    let at = fallback.strip_prefix('#').unwrap_or(fallback);
    let node = written.pointer(at);
    let is_bare_array = node.is_some_and(|n| {
        n.get("type").and_then(Value::as_str) == Some("array") && n.get("items").is_none()
    });
    let (ops, target) = if missing_schema {
        let path = format!("{at}/schema");
        (
            vec![json!({"op": "add", "path": path, "value": schema})],
            at,
        )
    } else if is_bare_array && schema.get("items").is_some() {
        let path = format!("{at}/items");
        let items = schema.get("items").cloned().unwrap_or(Value::Null);
        (vec![json!({"op": "add", "path": path, "value": items})], at)
    } else {
        let mut schema = schema;
        if let (Some(node), Some(out)) = (node, schema.as_object_mut()) {
            for key in ["description", "title"] {
                if let Some(text) = node.get(key).filter(|_| !out.contains_key(key)) {
                    out.insert(key.to_string(), text.clone());
                }
            }
        }
        let mut ops = Vec::new();
        if let Some(ty) = node.and_then(|n| n.get("type")) {
            ops.push(json!({"op": "test", "path": format!("{at}/type"), "value": ty}));
        }
        ops.push(json!({"op": "replace", "path": at, "value": schema}));
        (ops, at)
    };
    if written.pointer(target).is_none() {
        notes.push(format!(
            "{target} exists only after normalize (3.1 -> 3.0 rewrites): point the patch at the spec as written"
        ));
    }
    ops
}

/// The drafts as YAML `spec_patches` entries, evidence and notes as comments, then the places
/// set aside.
pub fn render(proposal: &Proposal) -> String {
    let mut out = String::new();
    let total = proposal.drafts.len();
    for (i, draft) in proposal.drafts.iter().enumerate() {
        let _ = writeln!(
            out,
            "# draft {}/{total}: {} ({})",
            i + 1,
            draft.fallback.pointer,
            draft.fallback.reason
        );
        let _ = writeln!(out, "# evidence:");
        for line in &draft.evidence {
            let _ = writeln!(out, "#   {line}");
        }
        if !draft.notes.is_empty() {
            let _ = writeln!(out, "# review:");
            for note in &draft.notes {
                let _ = writeln!(out, "#   {note}");
            }
        }
        let _ = writeln!(
            out,
            "- reason: >-\n    DRAFT: {} at {}; schema inferred from the examples listed above",
            draft.fallback.reason, draft.fallback.pointer
        );
        let _ = writeln!(out, "  patch:");
        let yaml = serde_yaml::to_string(&draft.patch).unwrap_or_default();
        for line in yaml.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# {total} draft(s); {} fallback(s) set aside (nothing to infer):",
        proposal.set_aside.len()
    );
    for fallback in &proposal.set_aside {
        let _ = writeln!(out, "#   {}: {}", fallback.pointer, fallback.reason);
    }
    out
}
