//! Validation of a downloaded spec (the codegen's parse, normalize and load stages must accept
//! it) and what the lock and the report say about it: version, operations, webhooks.

use std::collections::BTreeSet;
use std::fmt;

use anyhow::{anyhow, Result};

/// One operation as the spec writes it: `GET /path/{id} (operationId)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationKey {
    path: String,
    method: String,
    operation_id: Option<String>,
}

impl fmt::Display for OperationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(id) = &self.operation_id {
            write!(f, " ({id})")?;
        }
        Ok(())
    }
}

/// What a valid document holds, as far as fetch-spec reports it.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The document's `openapi` field.
    pub openapi: String,
    pub operations: BTreeSet<OperationKey>,
    /// Entries of the top-level `webhooks` map (OpenAPI 3.1), when there is one.
    pub webhooks: Option<usize>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Runs the codegen's parse, normalize and load stages: the bytes must be a document the
/// generator can read. `origin` names the document in errors.
pub fn validate(bytes: &[u8], origin: &str) -> Result<Shape> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| anyhow!("{origin}: response is not UTF-8 text ({e})"))?;
    let value = codegen::parse::parse_document(text, origin)?;
    let operations = operations_of(&value);
    let openapi = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let webhooks = value
        .get("webhooks")
        .and_then(|w| w.as_object())
        .map(|w| w.len());
    let normalized = codegen::normalize::normalize(value);
    codegen::load::load(normalized.document, origin)?;
    Ok(Shape {
        openapi,
        operations,
        webhooks,
    })
}

pub fn operations_of(doc: &serde_json::Value) -> BTreeSet<OperationKey> {
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.insert(OperationKey {
                    path: path.clone(),
                    method: method.to_ascii_uppercase(),
                    operation_id: op
                        .get("operationId")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned),
                });
            }
        }
    }
    out
}
