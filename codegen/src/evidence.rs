//! What the spec's own examples show at a schema place: every example (media `example`/`examples`,
//! schema `example`) walked along its schema, collecting the values that land on chosen pointers.
//! Tells a fallback a patch could fix (an example shows the shape) from one nothing can inform.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ir::Fallback;

/// Reason of a fallback no example reaches: nothing to infer a schema from.
pub const NO_EXAMPLE: &str = "no schema and no example";
/// Reason of a fallback whose examples only show `null`, `[]` or `{}`.
pub const EMPTY_ONLY: &str = "no schema and every example is empty";

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One value an example shows at a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// `<example pointer>` or `<example pointer> at <pointer inside the example>`.
    pub evidence: String,
    pub value: Value,
}

/// `null`, `[]` and `{}`: a value that shows no shape.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// The pointers a fallback's samples may sit at: the fallback's own and, for a media type or
/// parameter without a schema, its missing `schema`; then, for list items, the list they are in.
pub fn places_of(fallback: &str) -> Vec<String> {
    let mut places = vec![fallback.to_string(), format!("{fallback}/schema")];
    if let Some(list) = fallback.strip_suffix("/items") {
        places.push(list.to_string());
    }
    places
}

/// The values the examples show at a fallback (from `found`, as [`samples`] returns it), or
/// the reason nothing can be inferred there: [`NO_EXAMPLE`] or [`EMPTY_ONLY`] (which includes
/// items of lists every example shows empty).
pub fn shown<'s>(
    found: &'s BTreeMap<String, Vec<Sample>>,
    fallback: &str,
) -> Result<Vec<&'s Sample>, &'static str> {
    let places = places_of(fallback);
    let samples: Vec<&Sample> = places[..2]
        .iter()
        .filter_map(|p| found.get(p))
        .flatten()
        .collect();
    if samples.iter().any(|s| !is_empty(&s.value)) {
        Ok(samples)
    } else if samples.is_empty() && places.get(2).is_none_or(|list| !found.contains_key(list)) {
        Err(NO_EXAMPLE)
    } else {
        Err(EMPTY_ONLY)
    }
}

/// Relabels the fallbacks that no example can inform: [`NO_EXAMPLE`] when no example reaches
/// the place, [`EMPTY_ONLY`] when every value there is empty. The others keep their reason: a
/// patch drafted from the examples could type them (`cargo xtask propose-patches`).
pub fn classify(doc: &Value, fallbacks: &mut [Fallback]) {
    let places: BTreeSet<String> = fallbacks
        .iter()
        .flat_map(|f| places_of(&f.pointer))
        .collect();
    let found = samples(doc, &places);
    for fallback in fallbacks {
        if let Err(reason) = shown(&found, &fallback.pointer) {
            fallback.reason = reason.to_string();
        }
    }
}

/// Every value the examples of `doc` show at each of `places` (JSON pointers with `#`).
pub fn samples(doc: &Value, places: &BTreeSet<String>) -> BTreeMap<String, Vec<Sample>> {
    let mut walker = Walker {
        doc,
        places,
        found: BTreeMap::new(),
    };
    for (example, schema, value) in examples(doc) {
        walker.walk(value, &schema, resolve(doc, &schema), &example, "", 0);
    }
    walker.found
}

/// RFC 6901 token.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The members of the object at `value[key]` (none when it is absent or not an object).
pub fn entries<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = (&'v String, &'v Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    crate::normalize::pointer::get(doc, pointer)
}

/// (example pointer, pointer of the schema it illustrates, value) for every example of `doc`.
fn examples(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in entries(doc, "paths") {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = format!("#/paths/{}/{method}", token(path));
            if let Some(body) = op.get("requestBody") {
                media_examples(doc, &format!("{at}/requestBody"), body, &mut out);
            }
            for (code, response) in entries(op, "responses") {
                let at = format!("{at}/responses/{}", token(code));
                media_examples(doc, &at, response, &mut out);
            }
        }
    }
    if let Some(components) = doc.get("components") {
        for (name, schema) in entries(components, "schemas") {
            let at = format!("#/components/schemas/{}", token(name));
            schema_examples(&at, schema, &mut out);
        }
        for section in ["requestBodies", "responses"] {
            for (name, owner) in entries(components, section) {
                let at = format!("#/components/{section}/{}", token(name));
                media_examples(doc, &at, owner, &mut out);
            }
        }
    }
    out
}

/// The examples of each media type of a request body or response (a `$ref`'d one is walked
/// where it is defined), and those inside its schema.
fn media_examples<'d>(
    doc: &'d Value,
    at: &str,
    owner: &'d Value,
    out: &mut Vec<(String, String, &'d Value)>,
) {
    if owner.get("$ref").is_some() {
        return;
    }
    for (media, object) in entries(owner, "content") {
        let at = format!("{at}/content/{}", token(media));
        let schema = format!("{at}/schema");
        if let Some(s) = object.get("schema") {
            schema_examples(&schema, s, out);
        }
        if let Some(example) = object.get("example") {
            out.push((format!("{at}/example"), schema.clone(), example));
        }
        for (name, example) in entries(object, "examples") {
            let (pointer, example) = match example.get("$ref").and_then(Value::as_str) {
                Some(target) => (target.to_string(), resolve(doc, target)),
                None => (format!("{at}/examples/{}", token(name)), Some(example)),
            };
            if let Some(value) = example.and_then(|e| e.get("value")) {
                out.push((format!("{pointer}/value"), schema.clone(), value));
            }
        }
    }
}

/// `example`s of a schema and of the schemas inside it.
fn schema_examples<'d>(at: &str, schema: &'d Value, out: &mut Vec<(String, String, &'d Value)>) {
    if !schema.is_object() || schema.get("$ref").is_some() {
        return;
    }
    if let Some(example) = schema.get("example") {
        out.push((format!("{at}/example"), at.to_string(), example));
    }
    for (name, property) in entries(schema, "properties") {
        schema_examples(&format!("{at}/properties/{}", token(name)), property, out);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = schema.get(key) {
            schema_examples(&format!("{at}/{key}"), inner, out);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        let list = schema.get(key).and_then(Value::as_array);
        for (i, inner) in list.into_iter().flatten().enumerate() {
            schema_examples(&format!("{at}/{key}/{i}"), inner, out);
        }
    }
}

struct Walker<'a> {
    doc: &'a Value,
    places: &'a BTreeSet<String>,
    found: BTreeMap<String, Vec<Sample>>,
}

impl Walker<'_> {
    /// Records `value` if `schema` is a place, then follows the value into the schema: `$ref`,
    /// properties (else `additionalProperties`), items, every `allOf` part and the `oneOf`/`anyOf`
    /// branches whose type admits the value. `node` is the schema found at `schema`: the walk
    /// hands each step its child node, and looks a pointer up from the root only for a `$ref`.
    fn walk(
        &mut self,
        value: &Value,
        schema: &str,
        node: Option<&Value>,
        example: &str,
        inside: &str,
        depth: usize,
    ) {
        if self.places.contains(schema) {
            let evidence = if inside.is_empty() {
                example.to_string()
            } else {
                format!("{example} at {inside}")
            };
            self.found
                .entry(schema.to_string())
                .or_default()
                .push(Sample {
                    evidence,
                    value: value.clone(),
                });
        }
        let Some(node) = node.filter(|_| depth < 64) else {
            return;
        };
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            let found = resolve(self.doc, target);
            self.walk(value, target, found, example, inside, depth + 1);
            return;
        }
        match value {
            Value::Object(map) => {
                let properties = node.get("properties").and_then(Value::as_object);
                let additional = node.get("additionalProperties").filter(|a| a.is_object());
                for (key, inner) in map {
                    let next = format!("{inside}/{}", token(key));
                    if let Some(property) = properties.and_then(|p| p.get(key)) {
                        let at = format!("{schema}/properties/{}", token(key));
                        self.walk(inner, &at, Some(property), example, &next, depth + 1);
                    } else if additional.is_some() {
                        let at = format!("{schema}/additionalProperties");
                        self.walk(inner, &at, additional, example, &next, depth + 1);
                    }
                }
            }
            Value::Array(items) if node.get("items").is_some() => {
                let at = format!("{schema}/items");
                let item_schema = node.get("items");
                for (i, inner) in items.iter().enumerate() {
                    let next = format!("{inside}/{i}");
                    self.walk(inner, &at, item_schema, example, &next, depth + 1);
                }
            }
            _ => {}
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            let list = node.get(key).and_then(Value::as_array);
            for (i, branch) in list.into_iter().flatten().enumerate() {
                if key == "allOf" || self.admits(branch, value, depth) {
                    let at = format!("{schema}/{key}/{i}");
                    self.walk(value, &at, Some(branch), example, inside, depth + 1);
                }
            }
        }
    }

    /// Whether a branch's declared type admits the value (a branch without a type admits all).
    fn admits(&self, branch: &Value, value: &Value, depth: usize) -> bool {
        let mut branch = branch;
        for _ in depth..64 {
            match branch.get("$ref").and_then(Value::as_str) {
                Some(target) => match resolve(self.doc, target) {
                    Some(next) => branch = next,
                    None => return false,
                },
                None => break,
            }
        }
        if value.is_null() {
            return branch.get("nullable") == Some(&Value::Bool(true));
        }
        let declared = match branch.get("type").and_then(Value::as_str) {
            Some(t) => t,
            None if branch.get("properties").is_some() => "object",
            None if branch.get("items").is_some() => "array",
            None => return true,
        };
        match value {
            Value::Bool(_) => declared == "boolean",
            Value::Number(n) => declared == "number" || (declared == "integer" && !n.is_f64()),
            Value::String(_) => declared == "string",
            Value::Array(_) => declared == "array",
            Value::Object(_) => declared == "object",
            Value::Null => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "data": {"$ref": "#/components/schemas/D"},
                        "none": {"type": "object"}
                    }},
                    "example": {"data": {"tags": [{"x": 1}], "list": []}, "none": null}
                }}},
                "201": {"content": {"application/json": {
                    "examples": {"one": {"value": {"id": 2}}}
                }}}
            }}}},
            "components": {"schemas": {"D": {"type": "object", "properties": {
                "tags": {"type": "array", "items": {"type": "object"}},
                "list": {"type": "array"},
                "never": {"type": "object"}
            }}}}
        })
    }

    #[test]
    fn walks_examples_through_refs_properties_and_items() {
        let places: BTreeSet<String> = [
            "#/components/schemas/D/properties/tags/items",
            "#/paths/~1a/get/responses/201/content/application~1json/schema",
        ]
        .map(String::from)
        .into();
        let found = samples(&doc(), &places);
        let tags = &found["#/components/schemas/D/properties/tags/items"];
        assert_eq!(tags[0].value, json!({"x": 1}));
        assert_eq!(
            tags[0].evidence,
            "#/paths/~1a/get/responses/200/content/application~1json/example at /data/tags/0"
        );
        let missing = &found["#/paths/~1a/get/responses/201/content/application~1json/schema"];
        assert_eq!(missing[0].value, json!({"id": 2}));
    }

    #[test]
    fn classify_tells_shown_empty_and_unreached_places_apart() {
        let fallback = |pointer: &str| Fallback {
            pointer: pointer.into(),
            reason: "object without declared properties".into(),
        };
        let mut fallbacks = vec![
            fallback("#/components/schemas/D/properties/tags/items"),
            fallback("#/components/schemas/D/properties/list"),
            fallback("#/components/schemas/D/properties/never"),
            fallback("#/components/schemas/D/properties/list/items"),
            fallback("#/paths/~1a/get/responses/201/content/application~1json"),
        ];
        classify(&doc(), &mut fallbacks);
        let reasons: Vec<&str> = fallbacks.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "object without declared properties",
                EMPTY_ONLY,
                NO_EXAMPLE,
                EMPTY_ONLY,
                "object without declared properties"
            ]
        );
    }
}
