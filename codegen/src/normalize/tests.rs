//! Tests of the 3.1 -> 3.0 rules: one tiny YAML input per rule, plus the 3.0 no-op and the Altegio spec.
//! Inputs are YAML so bare `null` and other YAML spellings are exercised as users write them.

use serde_json::{json, Value};

use super::walk::{self, Kind, Visitor};
use super::{normalize, Normalized};
use crate::ir::Severity;

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

fn document(version: &str, schema: Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}}
    })
}

/// Normalizes `schema` as component `S` of a 3.1 document.
fn run(schema: &str) -> (Value, Normalized) {
    let n = normalize(document("3.1.0", yaml(schema)));
    (n.document["components"]["schemas"]["S"].clone(), n)
}

fn rules(n: &Normalized) -> Vec<(&str, &str)> {
    n.rewrites
        .iter()
        .map(|r| (r.pointer.as_str(), r.rule.as_str()))
        .collect()
}

fn warnings(n: &Normalized) -> Vec<&str> {
    n.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.pointer.as_str())
        .collect()
}

const S: &str = "#/components/schemas/S";

#[test]
fn openapi_31_becomes_303() {
    let n = normalize(document("3.1.1", json!({"type": "string"})));
    assert_eq!(n.document["openapi"], "3.0.3");
    assert_eq!(rules(&n), vec![("#/openapi", "openapi-version")]);
}

#[test]
fn valid_30_document_is_unchanged() {
    let input = yaml(
        r##"
openapi: 3.0.3
info: {title: t, version: "1", license: {name: MIT, url: "https://x"}}
paths:
  /auth:
    post:
      parameters:
        - {name: q, in: query, schema: {type: integer, minimum: 0, exclusiveMinimum: true}, examples: {one: {value: 1}}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
            examples:
              a: {value: {type: [string, "null"], const: 1, examples: [1, 2]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                nullable: true
                x-data: {type: [object, array]}
                properties:
                  examples: {type: array, items: {type: string}, example: [a]}
                  const: {type: string, enum: [a, null], nullable: true, default: {type: "null"}}
                  pet: {$ref: "#/components/schemas/Pet", description: ignored by 3.0}
                  any: {oneOf: [{type: string}, {type: number}]}
components:
  schemas:
    Pet: {type: object, additionalProperties: false, required: [id], properties: {id: {type: integer, format: int64}}}
"##,
    );
    let n = normalize(input.clone());
    assert_eq!(n.rewrites, vec![]);
    assert!(n.diagnostics.is_empty(), "{:?}", n.diagnostics);
    assert_eq!(n.document, input);
}

#[test]
fn nullable_type_lists() {
    let (s, n) = run("{type: [string, 'null'], maxLength: 3}");
    assert_eq!(
        s,
        json!({"nullable": true, "type": "string", "maxLength": 3})
    );
    assert_eq!(rules(&n)[1..], [(S, "type-list-null")]);
    // YAML's bare `null` in a flow list is the JSON null, which 3.1 authors mean as 'null'.
    let (s, _) = run("{type: [null, integer]}");
    assert_eq!(s, json!({"nullable": true, "type": "integer"}));
    let (s, _) = run("{type: [boolean]}");
    assert_eq!(s, json!({"type": "boolean"}));
}

#[test]
fn null_only_type_list_and_standalone_null() {
    for input in [
        "{type: ['null'], description: d}",
        "{type: 'null', description: d}",
    ] {
        let (s, n) = run(input);
        // 3.0 spelling of "only null": nothing is approximated, so nothing to warn about.
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "enum": [null]}),
            "{input}"
        );
        assert_eq!(warnings(&n), Vec::<&str>::new(), "{input}");
    }
    let (_, n) = run("{type: 'null'}");
    assert_eq!(rules(&n)[1], (S, "type-null"));
}

#[test]
fn object_or_array_becomes_any_of_with_keywords_in_their_branch() {
    let (s, n) = run(
        "{title: T, type: [object, array], description: d, example: {}, deprecated: true, default: [],
          properties: {a: {type: [string, 'null']}}, required: [a], additionalProperties: false,
          items: {type: integer}, minItems: 1}",
    );
    assert_eq!(
        s,
        json!({
            "title": "T", "description": "d", "example": {}, "deprecated": true, "default": [],
            "anyOf": [
                {"type": "object", "properties": {"a": {"type": "string", "nullable": true}}, "required": ["a"], "additionalProperties": false},
                {"type": "array", "items": {"type": "integer"}, "minItems": 1}
            ]
        })
    );
    // The branch's own property was normalized after the split.
    assert!(rules(&n).contains(&(
        "#/components/schemas/S/anyOf/0/properties/a",
        "type-list-null"
    )));
    assert!(rules(&n).contains(&(S, "type-list-anyof")));
}

#[test]
fn scalar_type_lists_split_keywords_formats_and_enums() {
    let (s, _) = run(
        "{type: [string, number], minLength: 1, minimum: 0, format: double, enum: [a, 1.5, b]}",
    );
    assert_eq!(
        s,
        json!({"anyOf": [
            {"type": "string", "minLength": 1, "enum": ["a", "b"]},
            {"type": "number", "minimum": 0, "format": "double", "enum": [1.5]}
        ]})
    );
    let (s, _) = run("{type: [boolean, number]}");
    assert_eq!(
        s,
        json!({"anyOf": [{"type": "boolean"}, {"type": "number"}]})
    );
    // `integer` is subsumed by `number`.
    let (s, _) = run("{type: [integer, number, 'null']}");
    assert_eq!(s, json!({"nullable": true, "type": "number"}));
}

#[test]
fn object_null_string_list_is_nullable_any_of() {
    let (s, n) = run("{type: [object, null, string], description: d, example: null}");
    assert_eq!(
        s,
        json!({"description": "d", "example": null, "nullable": true, "anyOf": [{"type": "object"}, {"type": "string"}]})
    );
    assert!(warnings(&n).is_empty());
}

#[test]
fn type_list_beside_existing_composition_is_wrapped_in_all_of() {
    let (s, _) = run("{type: [string, integer], oneOf: [{minLength: 1}, {minimum: 1}], allOf: [{description: x}]}");
    assert_eq!(
        s,
        json!({"allOf": [
            {"description": "x"},
            {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            {"oneOf": [{"minLength": 1}, {"minimum": 1}]}
        ]})
    );
}

#[test]
fn keyword_for_an_absent_type_is_dropped_with_a_warning() {
    let (s, n) = run("{type: [string, boolean], minimum: 3}");
    assert_eq!(
        s,
        json!({"anyOf": [{"type": "string"}, {"type": "boolean"}]})
    );
    assert_eq!(warnings(&n), vec!["#/components/schemas/S/minimum"]);
}

#[test]
fn null_branches_become_nullable() {
    let (s, n) = run("{description: d, oneOf: [{type: number, minimum: 0}, {type: 'null'}]}");
    assert_eq!(
        s,
        json!({"description": "d", "oneOf": [{"type": "number", "minimum": 0}], "nullable": true})
    );
    assert_eq!(
        rules(&n)[1..],
        [("#/components/schemas/S/oneOf", "null-branch")]
    );
    let (s, _) = run("{anyOf: [{$ref: '#/components/schemas/S'}, {type: null}, {type: string}]}");
    assert_eq!(
        s,
        json!({"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "string"}], "nullable": true})
    );
    let (s, n) = run("{oneOf: [{type: 'null'}, {const: null}]}");
    assert_eq!(s, json!({"nullable": true, "enum": [null]}));
    assert_eq!(warnings(&n), Vec::<&str>::new());
}

#[test]
fn schema_examples_list_becomes_example() {
    let (s, n) = run("{type: string, examples: [a, b]}");
    assert_eq!(s, json!({"type": "string", "example": "a"}));
    assert_eq!(
        rules(&n)[1..],
        [("#/components/schemas/S/examples", "schema-examples")]
    );
    let (s, _) = run("{type: string, example: z, examples: [a]}");
    assert_eq!(s, json!({"type": "string", "example": "z"}));
}

#[test]
fn media_type_and_parameter_examples_maps_stay() {
    let input = yaml(
        "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters: [{name: p, in: query, schema: {type: string}, examples: {x: {value: a}}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}, examples: {y: {value: b}}}}}",
    );
    let n = normalize(input.clone());
    assert_eq!(rules(&n), vec![("#/openapi", "openapi-version")]);
    assert_eq!(n.document["paths"], input["paths"]);
}

#[test]
fn const_becomes_enum() {
    let (s, n) = run("{type: string, const: fixed}");
    assert_eq!(s, json!({"type": "string", "enum": ["fixed"]}));
    assert_eq!(
        rules(&n)[1..],
        [("#/components/schemas/S/const", "const-enum")]
    );
}

#[test]
fn numeric_exclusive_bounds() {
    let (s, n) = run("{type: number, exclusiveMinimum: 0, exclusiveMaximum: 10}");
    assert_eq!(
        s,
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
    );
    assert_eq!(rules(&n).len(), 3);
    // An inclusive bound that is already stricter wins.
    let (s, _) =
        run("{type: integer, minimum: 5, exclusiveMinimum: 1, maximum: 9, exclusiveMaximum: 20}");
    assert_eq!(s, json!({"type": "integer", "minimum": 5, "maximum": 9}));
}

#[test]
fn unusable_bounds_are_dropped_with_a_warning_and_the_schema_kept() {
    let (s, n) = run(
        "{type: number, minimum: '1e400', maximum: -9.2e18, exclusiveMaximum: '.inf', maxLength: -1, minItems: 2.5, multipleOf: 3}",
    );
    assert_eq!(
        s,
        json!({"type": "number", "maximum": -9.2e18, "multipleOf": 3})
    );
    let mut dropped = warnings(&n);
    dropped.sort_unstable();
    assert_eq!(
        dropped,
        vec![
            "#/components/schemas/S/exclusiveMaximum",
            "#/components/schemas/S/maxLength",
            "#/components/schemas/S/minItems",
            "#/components/schemas/S/minimum",
        ]
    );
    assert!(n.diagnostics[0]
        .message
        .contains("bound \"1e400\" is not a usable number"));
}

#[test]
fn ref_siblings_are_dropped_except_description() {
    let (s, n) =
        run("{$ref: '#/components/schemas/S', description: d, default: 1, readOnly: true}");
    assert_eq!(
        s,
        json!({"$ref": "#/components/schemas/S", "description": "d"})
    );
    assert_eq!(rules(&n)[1..], [(S, "ref-siblings")]);
    let (_, n) = run("{$ref: '#/components/schemas/S', description: d}");
    assert_eq!(rules(&n).len(), 1);
}

#[test]
fn unsupported_keywords_are_dropped_with_warnings() {
    let (s, n) = run(
        "{type: object, $schema: x, $id: y, $defs: {A: {}}, unevaluatedProperties: false, dependentRequired: {a: [b]},
          if: {}, then: {}, else: {}, properties: {t: {type: array, prefixItems: [{type: string}]}}}",
    );
    assert_eq!(
        s,
        json!({"type": "object", "properties": {"t": {"type": "array"}}})
    );
    let expected: Vec<String> = [
        "$schema",
        "$id",
        "$defs",
        "unevaluatedProperties",
        "dependentRequired",
        "if",
        "then",
        "else",
        "properties/t/prefixItems",
    ]
    .iter()
    .map(|k| format!("{S}/{k}"))
    .collect();
    assert_eq!(warnings(&n), expected);
    assert!(n.rewrites[1..]
        .iter()
        .all(|r| r.rule == "unsupported-keyword"));
}

#[test]
fn pattern_properties() {
    let (s, n) = run("{type: object, patternProperties: {'^x': {type: integer}}}");
    assert_eq!(
        s,
        json!({"type": "object", "additionalProperties": {"type": "integer"}})
    );
    assert_eq!(warnings(&n), vec![S]);
    let (s, n) = run("{type: object, additionalProperties: false, patternProperties: {'^x': {}}}");
    assert_eq!(s, json!({"type": "object", "additionalProperties": false}));
    assert_eq!(
        warnings(&n),
        vec!["#/components/schemas/S/patternProperties"]
    );
}

#[test]
fn content_encoding_and_media_type() {
    let (s, _) = run("{type: string, contentEncoding: base64}");
    assert_eq!(s, json!({"type": "string", "format": "byte"}));
    let (s, _) = run("{contentMediaType: application/octet-stream}");
    assert_eq!(s, json!({"type": "string", "format": "binary"}));
    let (s, n) = run("{type: string, contentMediaType: image/png}");
    assert_eq!(s, json!({"type": "string", "format": "binary"}));
    assert!(warnings(&n).is_empty());
    let (s, n) = run("{type: string, contentMediaType: text/csv}");
    assert_eq!(s, json!({"type": "string"}));
    assert_eq!(
        warnings(&n),
        vec!["#/components/schemas/S/contentMediaType"]
    );
    let (s, n) = run("{type: string, contentEncoding: base64, contentMediaType: image/png}");
    assert_eq!(s, json!({"type": "string", "format": "byte"}));
    assert!(warnings(&n).is_empty());
}

#[test]
fn boolean_schemas() {
    let (s, _) = run(
        "{type: object, properties: {a: true, b: false}, items: true, additionalProperties: false}",
    );
    assert_eq!(
        s,
        json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}, "items": {}, "additionalProperties": false})
    );
}

#[test]
fn top_level_31_fields_are_dropped_and_webhooks_kept() {
    let n = normalize(yaml(
        "openapi: 3.1.0
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
info: {title: t, summary: s, version: '1', license: {name: MIT, identifier: MIT}}
webhooks: {new: {post: {responses: {'200': {description: ok}}}}}",
    ));
    assert_eq!(
        n.document,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT"}},
            "webhooks": {"new": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "paths": {}
        })
    );
    // The webhook stays for lowering; without a body it is reported (see `webhooks`).
    assert_eq!(
        warnings(&n),
        vec![
            "#/jsonSchemaDialect",
            "#/info/summary",
            "#/info/license/identifier",
            "#/webhooks/new/post"
        ]
    );
    assert!(rules(&n).contains(&("#/paths", "paths-missing")));
}

#[test]
fn path_item_refs_into_components_path_items_are_inlined() {
    let n = normalize(yaml(
        "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {/a: {$ref: '#/components/pathItems/A'}}
components: {pathItems: {A: {get: {responses: {'200': {description: ok}}}}}}",
    ));
    assert_eq!(
        n.document["paths"]["/a"]["get"]["responses"]["200"]["description"],
        "ok"
    );
    assert!(n.document["components"].get("pathItems").is_none());
    assert!(rules(&n).contains(&("#/paths/~1a", "path-item-ref-inline")));
}

#[test]
fn refs_into_dropped_defs_become_any_schemas_with_an_error() {
    let (s, n) = run("{type: object, $defs: {Id: {type: string}}, properties: {id: {$ref: '#/components/schemas/S/$defs/Id'}}}");
    assert_eq!(s, json!({"type": "object", "properties": {"id": {}}}));
    let errors: Vec<&str> = n
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(errors, vec!["#/components/schemas/S/properties/id"]);
}

#[test]
fn data_positions_are_never_rewritten() {
    let data = json!({"type": ["string", null], "const": 1, "examples": [1], "exclusiveMinimum": 3, "oneOf": [{"type": "null"}]});
    let schema = json!({
        "type": "object",
        "example": data, "default": data, "enum": [data], "x-meta": data,
        "properties": {"const": {"type": "string"}, "examples": {"type": "string"}, "type": {"type": "string"}}
    });
    let n = normalize(document("3.0.3", schema.clone()));
    assert_eq!(n.document["components"]["schemas"]["S"], schema);
    assert!(n.rewrites.is_empty());
}

#[test]
fn responses_without_description_get_an_empty_one() {
    let n = normalize(yaml(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/auth: {post: {responses: {'204': {}}}}}",
    ));
    assert_eq!(
        n.document["paths"]["/auth"]["post"]["responses"]["204"],
        json!({"description": ""})
    );
    assert_eq!(
        rules(&n),
        vec![("#/paths/~1auth/post/responses/204", "response-description")]
    );
}

fn altegio() -> Normalized {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/altegio-b2b-v1.openapi.yaml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    normalize(crate::parse::parse_document(&text, path).unwrap())
}

#[test]
fn altegio_has_no_type_lists_in_schema_positions() {
    struct TypeLists(Vec<String>, usize);
    impl Visitor for TypeLists {
        fn visit(&mut self, kind: Kind, node: &mut Value, at: &str) {
            if kind == Kind::Schema {
                self.1 += 1;
                match node.get("type") {
                    Some(Value::String(t)) if t != "null" => {}
                    None => {}
                    _ => self.0.push(at.to_owned()),
                }
            }
        }
    }
    let mut n = altegio();
    let mut found = TypeLists(Vec::new(), 0);
    walk::walk_document(&mut n.document, &mut found);
    assert!(found.1 > 1000, "walked only {} schemas", found.1);
    assert_eq!(found.0, Vec::<String>::new());
}

#[test]
fn altegio_rewrite_counts() {
    let n = altegio();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for r in &n.rewrites {
        *counts.entry(r.rule.as_str()).or_default() += 1;
    }
    let expected = [
        ("null-branch", 15),
        ("openapi-version", 1),
        ("type-list-anyof", 7),
        ("type-list-null", 109),
        ("type-null", 97),
    ];
    assert_eq!(counts, expected.into_iter().collect());
    assert!(n
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
}
