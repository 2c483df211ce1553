//! Stage 2b: integer inference. A `type: number` schema whose name says identifier or count
//! (configured patterns) and whose every example is integral becomes `type: integer, format: int64`.
//!
//! Runs on the normalized document, before load, and records one [`Rewrite`] per schema changed.
//! Names are compared in snake_case (`staffId` matches `*_id`). A schema reached through a `$ref`
//! is judged once, where it is defined, by the name of the property or parameter that holds it
//! inline; referenced component schemas are never renamed by their users.

mod examples;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::naming::word_matches;
use crate::normalize::walk::{walk_document, Collect, Kind};
use crate::normalize::{pointer, Rewrite};
use examples::ExampleValues;

/// The rule name of every rewrite this stage makes.
pub const INTEGER_RULE: &str = "integer-inference";

/// Which names make a number an integer (from the generator config).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntegerInference {
    /// Patterns for property and parameter names: `id` (exact), `*_id` (suffix), `page_*` (prefix).
    pub names: Vec<String>,
    /// Patterns for array names whose number items become integers (`*_ids`).
    pub list_names: Vec<String>,
    /// Names that match a pattern but may carry fractions (`working_hours_count`); never rewritten.
    pub except: Vec<String>,
}

impl IntegerInference {
    fn is_integer_name(&self, name: &str) -> bool {
        let name = snake(name);
        !self.except.iter().any(|e| snake(e) == name)
            && self.names.iter().any(|p| word_matches(p, &name))
    }

    fn is_integer_list_name(&self, name: &str) -> bool {
        let name = snake(name);
        !self.except.iter().any(|e| snake(e) == name)
            && self.list_names.iter().any(|p| word_matches(p, &name))
    }
}

/// Rewrites every matching number schema of `doc` in place; returns what it changed.
pub fn infer(doc: &mut Value, rule: &IntegerInference) -> Vec<Rewrite> {
    if rule.names.is_empty() && rule.list_names.is_empty() {
        return Vec::new();
    }
    let mut nodes = Collect::default();
    walk_document(doc, &mut nodes);
    let candidates = candidates(doc, &nodes.nodes, rule);
    let examples = ExampleValues::collect(doc, &nodes.nodes);
    let mut rewrites = Vec::new();
    for at in candidates {
        if !examples.at(&at).iter().all(is_integral) {
            continue;
        }
        if let Some(Value::Object(schema)) = pointer::get_mut(doc, &at) {
            schema.insert("type".into(), Value::from("integer"));
            schema.insert("format".into(), Value::from("int64"));
            rewrites.push(Rewrite {
                pointer: at,
                rule: INTEGER_RULE.to_owned(),
            });
        }
    }
    rewrites
}

/// Pointers of the inline `type: number` schemas that a matching name holds, in walk order.
fn candidates(doc: &Value, nodes: &[(String, Kind)], rule: &IntegerInference) -> Vec<String> {
    let mut out = Vec::new();
    for (at, kind) in nodes {
        let Some(Value::Object(node)) = pointer::get(doc, at) else {
            continue;
        };
        match kind {
            Kind::Parameter | Kind::Header => {
                let name = node.get("name").and_then(Value::as_str).unwrap_or_default();
                named(
                    node.get("schema"),
                    &pointer::child(at, "schema"),
                    name,
                    rule,
                    &mut out,
                );
            }
            Kind::Schema => {
                if let Some(Value::Object(properties)) = node.get("properties") {
                    let base = pointer::child(at, "properties");
                    for (name, schema) in properties {
                        named(
                            Some(schema),
                            &pointer::child(&base, name),
                            name,
                            rule,
                            &mut out,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Adds `at` (or its `items`) when the schema there is an inline number the name calls integral.
fn named(
    schema: Option<&Value>,
    at: &str,
    name: &str,
    rule: &IntegerInference,
    out: &mut Vec<String>,
) {
    let Some(Value::Object(schema)) = schema else {
        return;
    };
    if is_number(schema) && rule.is_integer_name(name) {
        out.push(at.to_owned());
    } else if type_is(schema, "array") && rule.is_integer_list_name(name) {
        if let Some(Value::Object(items)) = schema.get("items") {
            if is_number(items) {
                out.push(pointer::child(at, "items"));
            }
        }
    }
}

fn is_number(schema: &Map<String, Value>) -> bool {
    type_is(schema, "number") && !schema.contains_key("$ref")
}

fn type_is(schema: &Map<String, Value>, ty: &str) -> bool {
    schema.get("type").and_then(Value::as_str) == Some(ty)
}

/// An example an integer type can hold: a whole number, or text that is one (`"42"`).
/// `null` and booleans say nothing about the number's kind and do not block the rewrite.
fn is_integral(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(is_whole),
        Value::String(s) => s.trim().parse::<i64>().is_ok(),
        Value::Null | Value::Bool(_) => true,
        Value::Array(_) | Value::Object(_) => false,
    }
}

fn is_whole(f: f64) -> bool {
    f.fract() == 0.0 && f.abs() < 9.0e15
}

fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule() -> IntegerInference {
        IntegerInference {
            names: vec!["id".into(), "*_id".into(), "page".into(), "*_count".into()],
            list_names: vec!["*_ids".into()],
            except: vec!["working_hours_count".into()],
        }
    }

    #[test]
    fn patterns() {
        let r = rule();
        assert!(r.is_integer_name("staffId") && r.is_integer_name("ID"));
        assert!(!r.is_integer_name("working_hours_count") && !r.is_integer_name("price"));
    }

    #[test]
    fn rewrites_named_numbers_with_integral_examples_only() {
        let mut doc = json!({
            "paths": {"/a/{location_id}": {"get": {
                "parameters": [
                    {"name": "location_id", "in": "path", "schema": {"type": "number", "format": "double"}, "example": 4564},
                    {"name": "page", "in": "query", "schema": {"type": "number"}, "examples": {"a": {"value": "2"}}},
                    {"name": "amount", "in": "query", "schema": {"type": "number"}}
                ],
                "responses": {"200": {"description": "", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Visit"},
                    "example": {"id": 7.0, "visit_count": 1.5, "staff_ids": [1, 2]}
                }}}}
            }}},
            "components": {"schemas": {"Visit": {"properties": {
                "id": {"type": "number", "nullable": true},
                "visit_count": {"type": "number"},
                "working_hours_count": {"type": "number"},
                "staff_ids": {"type": "array", "items": {"type": "number"}},
                "client_id": {"$ref": "#/components/schemas/Other"}
            }}, "Other": {"type": "number"}}}
        });
        let rewrites = infer(&mut doc, &rule());
        let pointers: Vec<&str> = rewrites.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            vec![
                "#/paths/~1a~1{location_id}/get/parameters/0/schema",
                "#/paths/~1a~1{location_id}/get/parameters/1/schema",
                "#/components/schemas/Visit/properties/id",
                "#/components/schemas/Visit/properties/staff_ids/items",
            ]
        );
        assert_eq!(
            doc.pointer("/components/schemas/Visit/properties/id"),
            Some(&json!({"type": "integer", "nullable": true, "format": "int64"}))
        );
        // A fractional example keeps the number; so does a name the rule leaves out.
        assert_eq!(
            doc.pointer("/components/schemas/Visit/properties/visit_count/type"),
            Some(&json!("number"))
        );
        assert_eq!(
            doc.pointer("/paths/~1a~1{location_id}/get/parameters/2/schema/type"),
            Some(&json!("number"))
        );
    }

    #[test]
    fn a_text_example_keeps_the_number() {
        let mut doc = json!({"components": {"schemas": {"Key": {"properties": {
            "api_id": {"type": "number", "example": "3f2b-uuid"}
        }}}}});
        assert!(infer(&mut doc, &rule()).is_empty());
    }

    #[test]
    fn no_patterns_no_walk() {
        let mut doc =
            json!({"components": {"schemas": {"A": {"properties": {"id": {"type": "number"}}}}}});
        assert!(infer(&mut doc, &IntegerInference::default()).is_empty());
    }
}
