//! Stage 1b: applies the reviewed spec patches from the config (RFC 6902 JSON Patch) to the
//! parsed document, before normalize. Each patch corrects a schema the API's own examples
//! contradict; a patch that no longer applies (the upstream spec changed) is an error, so a
//! maintainer re-reviews it instead of the generator silently typing the old shape.

use serde::Deserialize;
use serde_json::Value;

use crate::error::CodegenError;
use crate::normalize::Rewrite;

/// The [`Rewrite::rule`] of every operation a spec patch applied.
pub const PATCH_RULE: &str = "spec-patch";

/// One reviewed correction: why, and the JSON Patch operations that make it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecPatch {
    /// What the spec gets wrong and what evidence says so (shown in errors and reviews).
    pub reason: String,
    /// Applied in order; all or nothing.
    pub patch: json_patch::Patch,
}

/// Applies `patches` in order; returns one `spec-patch` rewrite per operation that writes
/// (`test` operations only check).
/// On failure the document is left as it was before the failing patch.
pub fn apply(
    document: &mut Value,
    patches: &[SpecPatch],
    origin: &str,
) -> Result<Vec<Rewrite>, CodegenError> {
    let mut rewrites = Vec::new();
    for (index, spec_patch) in patches.iter().enumerate() {
        json_patch::patch(document, &spec_patch.patch).map_err(|e| CodegenError::Patch {
            origin: origin.to_owned(),
            index,
            reason: spec_patch.reason.clone(),
            message: e.to_string(),
        })?;
        rewrites.extend(spec_patch.patch.iter().filter_map(|op| {
            target(op).map(|path| Rewrite {
                pointer: format!("#{path}"),
                rule: PATCH_RULE.to_owned(),
            })
        }));
    }
    Ok(rewrites)
}

/// The pointer an operation writes to; `None` for `test`.
fn target(op: &json_patch::PatchOperation) -> Option<&str> {
    use json_patch::PatchOperation as Op;
    match op {
        Op::Add(o) => Some(o.path.as_str()),
        Op::Remove(o) => Some(o.path.as_str()),
        Op::Replace(o) => Some(o.path.as_str()),
        Op::Move(o) => Some(o.path.as_str()),
        Op::Copy(o) => Some(o.path.as_str()),
        Op::Test(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patches(yaml: &str) -> Vec<SpecPatch> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn applies_operations_in_order_and_records_each() {
        let mut doc = serde_json::json!({"components": {"schemas": {"A": {"type": "number"}}}});
        let list = patches(
            "- reason: examples send text\n  patch:\n    - {op: test, path: /components/schemas/A/type, value: number}\n    - {op: replace, path: /components/schemas/A/type, value: string}\n",
        );
        let rewrites = apply(&mut doc, &list, "t.yaml").unwrap();
        assert_eq!(doc["components"]["schemas"]["A"]["type"], "string");
        assert_eq!(rewrites.len(), 1, "the `test` operation writes nothing");
        assert_eq!(rewrites[0].pointer, "#/components/schemas/A/type");
        assert_eq!(rewrites[0].rule, PATCH_RULE);
    }

    #[test]
    fn a_patch_that_no_longer_applies_is_a_one_line_error_and_changes_nothing() {
        let original = serde_json::json!({"components": {"schemas": {"A": {"type": "number"}}}});
        let mut doc = original.clone();
        let list = patches(
            "- reason: fix A\n  patch:\n    - {op: replace, path: /components/schemas/A/type, value: string}\n    - {op: replace, path: /components/schemas/B/type, value: string}\n",
        );
        let message = apply(&mut doc, &list, "t.yaml").unwrap_err().to_string();
        assert_eq!(doc, original);
        assert!(!message.contains('\n'), "{message}");
        assert!(
            message.starts_with("t.yaml: spec patch 0 (fix A):"),
            "{message}"
        );
        assert!(message.contains("/components/schemas/B/type"), "{message}");
    }

    #[test]
    fn a_failed_test_operation_stops_the_patch() {
        let mut doc = serde_json::json!({"a": 1});
        let list = patches("- reason: r\n  patch:\n    - {op: test, path: /a, value: 2}\n");
        assert!(apply(&mut doc, &list, "t.yaml").is_err());
    }
}
