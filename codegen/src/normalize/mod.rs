//! Stage 2: rewrites what OpenAPI 3.1 writes differently into the 3.0 shape openapiv3 reads.
//! A valid 3.0 document passes through untouched; every change is recorded as a [`Rewrite`].
//!
//! Decisions worth knowing (the per-rule details live next to each rule):
//! - Rules run on every document, not only 3.1 ones, because 3.0 specs in the wild
//!   use 3.1 spellings too; on valid 3.0 none of them matches. The one exception is
//!   dropping `$ref` siblings, which 3.0 already defines as ignored.
//! - `type: [A, B]` with an existing `allOf`/`anyOf`/`oneOf`/`not` becomes
//!   `allOf: [..existing allOf, {anyOf: <type branches>}, {oneOf: ..}, {anyOf: ..}, {not: ..}]`,
//!   which keeps the meaning exactly.
//! - A `oneOf`/`anyOf` left with one branch after its `null` branch is removed stays a
//!   one-element list (with `nullable: true` beside it); lowering collapses it.
//! - Keywords without a 3.0 equivalent are dropped with a warning; a schema `$ref`
//!   that pointed into a dropped part becomes `{}` with an error.
//! - `webhooks` stays (openapiv3 ignores it); each webhook's inline JSON payload schema moves
//!   into `components/schemas` (see [`webhooks`]), after the walk has normalized it in place.

pub(crate) mod pointer;
mod schema;
mod types;
pub(crate) mod walk;
pub(crate) mod webhooks;

use serde_json::Value;

use crate::ir::Diagnostic;
use walk::{Kind, Visitor};

/// One change made by this stage.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Rewrite {
    /// JSON pointer (RFC 6901) of the rewritten node in the input document.
    pub pointer: String,
    /// Short rule name, e.g. `type-list-null`.
    pub rule: String,
}

pub struct Normalized {
    pub document: serde_json::Value,
    pub rewrites: Vec<Rewrite>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The version written into a document upgraded from 3.1.
pub const TARGET_VERSION: &str = "3.0.3";

pub fn normalize(mut document: serde_json::Value) -> Normalized {
    let mut normalizer = Normalizer {
        is_31: version_is_31(&document),
        rewrites: Vec::new(),
        diagnostics: Vec::new(),
        dropped: Vec::new(),
    };
    normalizer.document_rules(&mut document);
    walk::walk_document(&mut document, &mut normalizer);
    normalizer.hoist_webhook_payloads(&mut document);
    normalizer.retarget_refs_into_dropped(&mut document);
    Normalized {
        document,
        rewrites: normalizer.rewrites,
        diagnostics: normalizer.diagnostics,
    }
}

fn version_is_31(document: &Value) -> bool {
    document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1") || v.starts_with("3.2"))
}

pub(crate) struct Normalizer {
    /// 3.1 (or later) input: `$ref` siblings are meaningful there and get dropped.
    is_31: bool,
    rewrites: Vec<Rewrite>,
    diagnostics: Vec<Diagnostic>,
    /// Pointers of removed parts, so references into them can be repaired.
    dropped: Vec<String>,
}

impl Normalizer {
    fn rewrite(&mut self, pointer: &str, rule: &str) {
        self.rewrites.push(Rewrite {
            pointer: pointer.to_owned(),
            rule: rule.to_owned(),
        });
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message));
    }

    /// Removes `key` from `obj` as an unsupported construct: rewrite, warning, remembered as dropped.
    fn drop_unsupported(
        &mut self,
        obj: &mut serde_json::Map<String, Value>,
        key: &str,
        parent: &str,
        why: &str,
    ) -> bool {
        if obj.shift_remove(key).is_none() {
            return false;
        }
        let at = pointer::child(parent, key);
        self.rewrite(&at, "unsupported-keyword");
        self.warn(&at, format!("`{key}` {why}; dropped"));
        self.dropped.push(at);
        true
    }

    /// Rules on the document object itself (not on a walked node).
    fn document_rules(&mut self, document: &mut Value) {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        if self.is_31 {
            root.insert("openapi".into(), Value::from(TARGET_VERSION));
            self.rewrite("#/openapi", "openapi-version");
        }
        self.drop_unsupported(
            root,
            "jsonSchemaDialect",
            "#",
            "has no OpenAPI 3.0 equivalent",
        );
        if let Some(Value::Object(info)) = root.get_mut("info") {
            self.drop_unsupported(info, "summary", "#/info", "is new in OpenAPI 3.1");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                self.drop_unsupported(
                    license,
                    "identifier",
                    "#/info/license",
                    "is new in OpenAPI 3.1",
                );
            }
        }
        self.inline_path_item_refs(root);
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.drop_unsupported(
                components,
                "pathItems",
                "#/components",
                "is new in OpenAPI 3.1",
            );
        }
        // 3.1 makes `paths` optional; openapiv3 requires it.
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Object(Default::default()));
            self.rewrite("#/paths", "paths-missing");
        }
    }

    /// 3.1 path items (of paths and webhooks) may `$ref` `#/components/pathItems/*`, which 3.0
    /// lacks: inline them.
    fn inline_path_item_refs(&mut self, root: &mut serde_json::Map<String, Value>) {
        let Some(Value::Object(shared)) = root
            .get("components")
            .and_then(|c| c.get("pathItems"))
            .cloned()
        else {
            return;
        };
        for section in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = root.get_mut(section) {
                self.inline_section_refs(&shared, section, items);
            }
        }
    }

    fn inline_section_refs(
        &mut self,
        shared: &serde_json::Map<String, Value>,
        section: &str,
        items: &mut serde_json::Map<String, Value>,
    ) {
        let base = pointer::child("#", section);
        for (path, item) in items.iter_mut() {
            let tokens = match item.get("$ref").and_then(Value::as_str) {
                Some(r) if r.starts_with("#/") => pointer::tokens(&pointer::percent_decode(r)),
                _ => continue,
            };
            let found = match tokens.as_slice() {
                [components, map, name] if components == "components" && map == "pathItems" => {
                    shared.get(name)
                }
                _ => None,
            };
            if let Some(found) = found {
                *item = found.clone();
                self.rewrite(&pointer::child(&base, path), "path-item-ref-inline");
            }
        }
    }

    /// A schema `$ref` into a part this stage dropped would dangle: make it an any-schema.
    fn retarget_refs_into_dropped(&mut self, document: &mut Value) {
        if self.dropped.is_empty() {
            return;
        }
        struct Retarget<'a>(&'a mut Normalizer);
        impl Visitor for Retarget<'_> {
            fn visit(&mut self, kind: Kind, node: &mut Value, at: &str) {
                let Some(target) = node.get("$ref").and_then(Value::as_str) else {
                    return;
                };
                let target = pointer::percent_decode(target);
                let hit = self
                    .0
                    .dropped
                    .iter()
                    .find(|d| pointer::is_within(&target, d))
                    .cloned();
                if let (Kind::Schema, Some(dropped)) = (kind, hit) {
                    self.0.diagnostics.push(Diagnostic::error(
                        at,
                        format!("$ref '{target}' points into `{dropped}`, which has no OpenAPI 3.0 equivalent and was dropped; replaced by an any-schema"),
                    ));
                    self.0.rewrite(at, "ref-to-dropped");
                    *node = Value::Object(Default::default());
                }
            }
        }
        walk::walk_document(document, &mut Retarget(self));
    }
}

impl Visitor for Normalizer {
    fn visit(&mut self, kind: Kind, node: &mut Value, at: &str) {
        match kind {
            Kind::Schema => schema::normalize_schema(self, node, at),
            Kind::Response => self.response_description(node, at),
            _ => {}
        }
    }
}

impl Normalizer {
    /// openapiv3 requires `description` on a response; a missing one would cost the whole operation.
    fn response_description(&mut self, node: &mut Value, at: &str) {
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        if obj.contains_key("$ref") || obj.contains_key("description") {
            return;
        }
        obj.insert("description".into(), Value::from(""));
        self.rewrite(at, "response-description");
        self.warn(
            at,
            "response has no `description` (required); using an empty one",
        );
    }
}

#[cfg(test)]
mod tests;
