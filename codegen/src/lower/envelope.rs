//! The envelope's `meta` where the spec says nothing usable about it: read by the runtime type
//! the config names (`envelope.meta_type`) instead of falling back to `serde_json::Value`.
//! A `meta` the spec types (`{count}`, `{message}`, ...) keeps its generated type.

use super::shape::{shape_of, SchemaRef, Shape};
use super::{Lowered, Lowerer};
use crate::config::EnvelopeConfig;
use crate::ir::{Diagnostic, TypeRef};

/// Whether an object with these property names is the configured envelope: `data` plus
/// `success` or `meta` (the same test decides the envelope's decoding in `lenient`).
pub(super) fn is_envelope(envelope: &EnvelopeConfig, has: impl Fn(&str) -> bool) -> bool {
    has(&envelope.data) && (has(&envelope.success) || has(&envelope.meta))
}

/// A Rust identifier, so a configured type name can be printed as a path.
fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl<'a> Lowerer<'a> {
    /// The runtime meta type, when the config names one (a name that is no identifier is
    /// reported once per use and ignored).
    pub(super) fn runtime_meta(&mut self, ptr: &str) -> Option<TypeRef> {
        let name = self.config.envelope.as_ref()?.meta_type.clone()?;
        if is_ident(&name) {
            return Some(TypeRef::Runtime(name));
        }
        self.diagnostics.push(Diagnostic::error(
            ptr,
            format!("config `envelope.meta_type` '{name}' is not a Rust type name; ignored"),
        ));
        None
    }

    /// The type of property `wire` of an object with properties `names`: the runtime meta type
    /// when it is the `meta` of an envelope and its schema is untyped, else `None` (lower it).
    pub(super) fn envelope_meta(
        &mut self,
        names: &[&str],
        wire: &str,
        schema: SchemaRef<'a>,
        ptr: &str,
    ) -> Option<Lowered> {
        let envelope = self.config.envelope.as_ref()?;
        if wire != envelope.meta
            || !is_envelope(envelope, |n| names.contains(&n))
            || !self.is_untyped(schema, 0)
        {
            return None;
        }
        let ty = self.runtime_meta(ptr)?;
        self.index.entry(ptr.to_string()).or_insert(ty.clone());
        Some(Lowered {
            ty,
            nullable: false,
        })
    }

    /// Whether a schema would lower to `serde_json::Value` or a list or map of it: no type, an
    /// object without properties, an array without items, or unions of those.
    fn is_untyped(&self, schema: SchemaRef<'a>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let schema = match schema {
            SchemaRef::Inline(s) => s,
            SchemaRef::Ref(r) => {
                let found = r
                    .strip_prefix("#/components/schemas/")
                    .and_then(|name| self.spec.components.as_ref()?.schemas.get(name))
                    .and_then(|s| self.resolve_schema(s));
                match found {
                    Some((s, _)) => s,
                    None => return false,
                }
            }
        };
        match shape_of(schema) {
            Shape::Unknown => true,
            Shape::Object(object) if object.properties.is_empty() => match object.additional {
                Some(Some(values)) => self.is_untyped(values, depth + 1),
                _ => true,
            },
            Shape::Array { items: None, .. } => true,
            Shape::Array {
                items: Some(items), ..
            } => self.is_untyped(items, depth + 1),
            Shape::OneOf(variants) | Shape::AnyOf(variants) => {
                variants.into_iter().all(|v| self.is_untyped(v, depth + 1))
            }
            _ => false,
        }
    }
}
