//! A walk over an OpenAPI document as JSON that knows which object sits where.
//! Only structural positions are visited: example/default/enum/const values and `x-` extensions are data and never seen.

use serde_json::{Map, Value};

use super::pointer;

/// What an OpenAPI object visited by the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Response,
    Link,
    Example,
    Callback,
    SecurityScheme,
    Schema,
}

pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Component maps and the kind of their entries (3.1 `pathItems` included).
pub(crate) const COMPONENTS: [(&str, Kind); 10] = [
    ("schemas", Kind::Schema),
    ("responses", Kind::Response),
    ("parameters", Kind::Parameter),
    ("examples", Kind::Example),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("securitySchemes", Kind::SecurityScheme),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
    ("pathItems", Kind::PathItem),
];

pub(crate) trait Visitor {
    /// Called on every structural node before its children are walked, so a
    /// visitor may rewrite the node and the walk follows the rewritten shape.
    fn visit(&mut self, kind: Kind, node: &mut Value, pointer: &str);
}

/// Walks paths, webhooks and components of `doc`.
pub(crate) fn walk_document(doc: &mut Value, visitor: &mut impl Visitor) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    for section in ["paths", "webhooks"] {
        let base = pointer::child("#", section);
        if let Some(Value::Object(items)) = root.get_mut(section) {
            for (key, item) in items.iter_mut() {
                // Same filter as openapiv3: other keys of `paths` are extensions.
                if section == "webhooks" || key.starts_with('/') {
                    walk(Kind::PathItem, item, &pointer::child(&base, key), visitor);
                }
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (section, kind) in COMPONENTS {
            map(components, section, kind, "#/components", visitor);
        }
    }
}

/// Walks the node at `pointer` of kind `kind` and everything structural below it.
pub(crate) fn walk(kind: Kind, node: &mut Value, pointer: &str, visitor: &mut impl Visitor) {
    visitor.visit(kind, node, pointer);
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    // A reference's siblings are not part of the model (3.0 ignores them).
    if obj.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    match kind {
        Kind::PathItem => {
            list(obj, "parameters", Kind::Parameter, pointer, visitor);
            for method in METHODS {
                one(obj, method, Kind::Operation, pointer, visitor);
            }
        }
        Kind::Operation => {
            list(obj, "parameters", Kind::Parameter, pointer, visitor);
            one(obj, "requestBody", Kind::RequestBody, pointer, visitor);
            if let Some(Value::Object(responses)) = obj.get_mut("responses") {
                let base = pointer::child(pointer, "responses");
                for (code, response) in responses.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                    walk(
                        Kind::Response,
                        response,
                        &pointer::child(&base, code),
                        visitor,
                    );
                }
            }
            map(obj, "callbacks", Kind::Callback, pointer, visitor);
        }
        Kind::Parameter | Kind::Header => {
            one(obj, "schema", Kind::Schema, pointer, visitor);
            map(obj, "content", Kind::MediaType, pointer, visitor);
            map(obj, "examples", Kind::Example, pointer, visitor);
        }
        Kind::RequestBody => map(obj, "content", Kind::MediaType, pointer, visitor),
        Kind::MediaType => {
            one(obj, "schema", Kind::Schema, pointer, visitor);
            map(obj, "examples", Kind::Example, pointer, visitor);
            map(obj, "encoding", Kind::Encoding, pointer, visitor);
        }
        Kind::Encoding => map(obj, "headers", Kind::Header, pointer, visitor),
        Kind::Response => {
            map(obj, "headers", Kind::Header, pointer, visitor);
            map(obj, "content", Kind::MediaType, pointer, visitor);
            map(obj, "links", Kind::Link, pointer, visitor);
        }
        Kind::Callback => {
            for (expression, item) in obj.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                walk(
                    Kind::PathItem,
                    item,
                    &pointer::child(pointer, expression),
                    visitor,
                );
            }
        }
        Kind::Schema => schema_children(obj, pointer, visitor),
        Kind::Link | Kind::Example | Kind::SecurityScheme => {}
    }
}

fn schema_children(obj: &mut Map<String, Value>, pointer: &str, visitor: &mut impl Visitor) {
    for key in [
        "properties",
        "patternProperties",
        "$defs",
        "dependentSchemas",
    ] {
        map(obj, key, Kind::Schema, pointer, visitor);
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        list(obj, key, Kind::Schema, pointer, visitor);
    }
    for key in [
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "additionalItems",
    ] {
        one(obj, key, Kind::Schema, pointer, visitor);
    }
    // `items` may be a draft-4 tuple list; `additionalProperties: bool` is valid 3.0 and not a schema.
    match obj.get("items") {
        Some(Value::Array(_)) => list(obj, "items", Kind::Schema, pointer, visitor),
        Some(_) => one(obj, "items", Kind::Schema, pointer, visitor),
        None => {}
    }
    for key in ["additionalProperties", "unevaluatedProperties"] {
        if obj.get(key).is_some_and(Value::is_object) {
            one(obj, key, Kind::Schema, pointer, visitor);
        }
    }
}

fn one(
    obj: &mut Map<String, Value>,
    key: &str,
    kind: Kind,
    parent: &str,
    visitor: &mut impl Visitor,
) {
    if let Some(node) = obj.get_mut(key) {
        walk(kind, node, &pointer::child(parent, key), visitor);
    }
}

fn list(
    obj: &mut Map<String, Value>,
    key: &str,
    kind: Kind,
    parent: &str,
    visitor: &mut impl Visitor,
) {
    if let Some(Value::Array(items)) = obj.get_mut(key) {
        let base = pointer::child(parent, key);
        for (i, node) in items.iter_mut().enumerate() {
            walk(kind, node, &pointer::index(&base, i), visitor);
        }
    }
}

fn map(
    obj: &mut Map<String, Value>,
    key: &str,
    kind: Kind,
    parent: &str,
    visitor: &mut impl Visitor,
) {
    if let Some(Value::Object(entries)) = obj.get_mut(key) {
        let base = pointer::child(parent, key);
        for (name, node) in entries.iter_mut() {
            walk(kind, node, &pointer::child(&base, name), visitor);
        }
    }
}

/// Collects every visited node's pointer and kind, in walk order.
#[derive(Default)]
pub(crate) struct Collect {
    pub nodes: Vec<(String, Kind)>,
}

impl Visitor for Collect {
    fn visit(&mut self, kind: Kind, _node: &mut Value, pointer: &str) {
        self.nodes.push((pointer.to_owned(), kind));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn visited(mut doc: Value) -> Vec<(String, Kind)> {
        let mut c = Collect::default();
        walk_document(&mut doc, &mut c);
        c.nodes
    }

    #[test]
    fn visits_structure_and_skips_data() {
        let doc = json!({
            "paths": {
                "x-ext": {"get": {}},
                "/a/{id}": {
                    "get": {
                        "parameters": [{"name": "id", "in": "path", "schema": {"type": "string", "example": {"type": ["a"]}}}],
                        "responses": {"200": {"description": "", "content": {"application/json": {
                            "schema": {"properties": {"examples": {"type": "array"}}},
                            "example": {"properties": {}}
                        }}}}
                    }
                }
            },
            "components": {"schemas": {"A": {"$ref": "#/components/schemas/B", "properties": {"p": {}}}}}
        });
        let got: Vec<String> = visited(doc).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            got,
            vec![
                "#/paths/~1a~1{id}",
                "#/paths/~1a~1{id}/get",
                "#/paths/~1a~1{id}/get/parameters/0",
                "#/paths/~1a~1{id}/get/parameters/0/schema",
                "#/paths/~1a~1{id}/get/responses/200",
                "#/paths/~1a~1{id}/get/responses/200/content/application~1json",
                "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema",
                "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/properties/examples",
                "#/components/schemas/A",
            ]
        );
    }
}
