//! Which example values reach which schema: walks every example of a normalized document down
//! its schema (following `$ref`s) and records each scalar it meets under the schema's pointer.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::normalize::pointer;
use crate::normalize::walk::Kind;

/// Example depth beyond which a value is not followed (examples are finite, this bounds odd ones).
const MAX_DEPTH: usize = 64;
/// `$ref` hops followed before giving up (guards against reference cycles).
const MAX_REF_HOPS: usize = 16;

/// Scalar example values by the pointer of the schema they were given for.
#[derive(Debug, Default)]
pub(crate) struct ExampleValues {
    by_schema: BTreeMap<String, Vec<Value>>,
}

impl ExampleValues {
    /// Collects from every media type, parameter and schema in `nodes` (pointer and kind of each
    /// structural node of `doc`, as the normalize walk lists them).
    pub(crate) fn collect(doc: &Value, nodes: &[(String, Kind)]) -> ExampleValues {
        let mut values = ExampleValues::default();
        for (at, kind) in nodes {
            let Some(node) = pointer::get(doc, at) else {
                continue;
            };
            match kind {
                Kind::MediaType | Kind::Parameter | Kind::Header => {
                    let schema = pointer::child(at, "schema");
                    for example in own_examples(doc, node) {
                        values.descend(doc, example, &schema, node.get("schema"), 0);
                    }
                }
                Kind::Schema => {
                    if let Some(example) = node.get("example") {
                        values.descend(doc, example, at, Some(node), 0);
                    }
                }
                _ => {}
            }
        }
        values
    }

    /// Every scalar recorded for the schema at `schema` (empty when no example reaches it).
    pub(crate) fn at(&self, schema: &str) -> &[Value] {
        self.by_schema.get(schema).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Records the scalars of `value` under the schema at `schema_at`, whose node is `node`
    /// (the walk hands each step its child node; only a `$ref` is looked up from the root).
    fn descend(
        &mut self,
        doc: &Value,
        value: &Value,
        schema_at: &str,
        node: Option<&Value>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some((at, schema)) = node.and_then(|node| resolve(doc, schema_at, node)) else {
            return;
        };
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = schema.get(key) {
                for (i, branch) in branches.iter().enumerate() {
                    let at = pointer::index(&pointer::child(&at, key), i);
                    self.descend(doc, value, &at, Some(branch), depth + 1);
                }
            }
        }
        match value {
            Value::Object(fields) => {
                let properties = schema.get("properties");
                let additional = schema.get("additionalProperties").filter(|a| a.is_object());
                for (name, field) in fields {
                    if let Some(declared) = properties.and_then(|p| p.get(name)) {
                        let target = pointer::child(&pointer::child(&at, "properties"), name);
                        self.descend(doc, field, &target, Some(declared), depth + 1);
                    } else if additional.is_some() {
                        let target = pointer::child(&at, "additionalProperties");
                        self.descend(doc, field, &target, additional, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items").filter(|i| i.is_object()) {
                    let target = pointer::child(&at, "items");
                    for item in items {
                        self.descend(doc, item, &target, Some(item_schema), depth + 1);
                    }
                }
            }
            scalar => self.by_schema.entry(at).or_default().push(scalar.clone()),
        }
    }
}

/// The examples a media type or parameter gives itself: `example` and every `examples` entry's
/// `value` (through a `$ref` to `#/components/examples`).
fn own_examples<'a>(doc: &'a Value, node: &'a Value) -> Vec<&'a Value> {
    let mut out: Vec<&Value> = node.get("example").into_iter().collect();
    if let Some(Value::Object(entries)) = node.get("examples") {
        for entry in entries.values() {
            let entry = match entry.get("$ref").and_then(Value::as_str) {
                Some(target) => match pointer::get(doc, target) {
                    Some(found) => found,
                    None => continue,
                },
                None => entry,
            };
            out.extend(entry.get("value"));
        }
    }
    out
}

/// Follows `$ref`s from the schema `node` at `at` to the schema that holds the keywords.
fn resolve<'a>(doc: &'a Value, at: &str, node: &'a Value) -> Option<(String, &'a Value)> {
    let mut at = at.to_owned();
    let mut schema = node;
    for _ in 0..MAX_REF_HOPS {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(target) if target.starts_with('#') => {
                at = target.to_owned();
                schema = pointer::get(doc, &at)?;
            }
            Some(_) => return None,
            None => return schema.is_object().then_some((at, schema)),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::walk::{walk_document, Collect};
    use serde_json::json;

    fn collect(mut doc: Value) -> ExampleValues {
        let mut nodes = Collect::default();
        walk_document(&mut doc, &mut nodes);
        ExampleValues::collect(&doc, &nodes.nodes)
    }

    #[test]
    fn follows_refs_properties_items_and_branches() {
        let values = collect(json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Page"},
                    "example": {"data": [{"id": 1}, {"id": 2.0}], "extra": {"k": 5}},
                    "examples": {"named": {"$ref": "#/components/examples/E"}}
                }
            }}}}}},
            "components": {
                "examples": {"E": {"value": {"data": [{"id": "7"}]}}},
                "schemas": {
                    "Page": {
                        "properties": {"data": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Item"}]}}},
                        "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}}
                    },
                    "Item": {"properties": {"id": {"type": "number", "example": 3}}}
                }
            }
        }));
        let id = values.at("#/components/schemas/Item/properties/id");
        assert_eq!(id, &[json!(1), json!(2.0), json!("7"), json!(3)]);
        assert_eq!(
            values.at("#/components/schemas/Page/additionalProperties/additionalProperties"),
            &[json!(5)]
        );
    }

    #[test]
    fn parameter_examples_reach_their_schema() {
        let values = collect(json!({"paths": {"/a/{id}": {"get": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "number"}, "example": 12,
             "examples": {"x": {"value": 13.5}}}
        ], "responses": {}}}}}));
        assert_eq!(
            values.at("#/paths/~1a~1{id}/get/parameters/0/schema"),
            &[json!(12), json!(13.5)]
        );
    }

    #[test]
    fn a_reference_cycle_ends() {
        let values = collect(json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A", "example": 1}
        }}}));
        assert!(values.at("#/components/schemas/A").is_empty());
    }
}
