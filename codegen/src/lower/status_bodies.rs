//! Bodies of the statuses an operation documents besides its success response (more error
//! statuses, a second 2xx). Each gets a type, so a caller can decode any documented body
//! (`Error::decode_body::<T>()`) and every example in the spec has a type to be checked against.
//!
//! Such bodies repeat across operations (`{success, data: null, meta: {message}}` dozens of
//! times), so an inline body shares one type with every structurally equal body lowered before
//! it: same schema once descriptions, titles and examples are dropped. The shared type lives in
//! the models module and is named after the status of its first occurrence (`Response403`,
//! `Response4032`, ... in spec order), and the schema index learns every occurrence's pointers.

use std::collections::HashMap;

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use super::shape::SchemaRef;
use super::{Lowerer, Place, MODELS};
use crate::ir::TypeRef;

/// Inline status bodies lowered so far: shape key -> (type, pointer of the first occurrence).
#[derive(Default)]
pub(crate) struct SharedBodies {
    by_shape: HashMap<String, (TypeRef, String)>,
}

/// Keys that document a schema without changing what it accepts.
const DOC_KEYS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// The schema as canonical JSON without documentation keys (object keys sorted).
fn shape_key(schema: &Schema) -> Option<String> {
    let mut value = serde_json::to_value(schema).ok()?;
    strip_docs(&mut value);
    Some(canonical(&value))
}

/// Removes documentation keys from a schema and the schemas inside it. Property names, enum
/// values and defaults are data, so only the schemas under `properties` are visited.
fn strip_docs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in DOC_KEYS {
                map.shift_remove(*key);
            }
            for (key, inner) in map.iter_mut() {
                match key.as_str() {
                    "enum" | "default" | "const" => {}
                    "properties" => {
                        if let Value::Object(props) = inner {
                            props.values_mut().for_each(strip_docs);
                        }
                    }
                    _ => strip_docs(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_docs),
        _ => {}
    }
}

fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

impl<'a> Lowerer<'a> {
    /// The type of the body of `status` at `ptr` (a media type's `schema`), shared with an
    /// equal inline body lowered earlier when there is one.
    pub(super) fn lower_status_body(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        status: &str,
        ptr: &str,
    ) -> TypeRef {
        let place = Place::root(MODELS, format!("Response{status}"));
        let ReferenceOr::Item(inline) = schema else {
            return self
                .lower_ref(SchemaRef::of(schema), &place, ptr)
                .ty_with_null();
        };
        let Some(key) = shape_key(inline) else {
            return self
                .lower_ref(SchemaRef::of(schema), &place, ptr)
                .ty_with_null();
        };
        if let Some((ty, first)) = self.shared_bodies.by_shape.get(&key).cloned() {
            self.copy_index(&first, ptr);
            return ty;
        }
        let ty = self
            .lower_ref(SchemaRef::of(schema), &place, ptr)
            .ty_with_null();
        self.shared_bodies
            .by_shape
            .insert(key, (ty.clone(), ptr.to_string()));
        ty
    }

    /// Indexes every pointer under `to` with the type lowered at the same place under `from`.
    fn copy_index(&mut self, from: &str, to: &str) {
        let nested = format!("{from}/");
        let copies: Vec<(String, TypeRef)> = self
            .index
            .range(from.to_string()..)
            .take_while(|(k, _)| k.as_str() == from || k.starts_with(&nested))
            .map(|(k, ty)| (format!("{to}{}", &k[from.len()..]), ty.clone()))
            .collect();
        for (pointer, ty) in copies {
            self.index.entry(pointer).or_insert(ty);
        }
    }
}
