//! Per-schema 3.1 -> 3.0 rules except `type` itself (see `types.rs`).
//! Each rule looks at one schema object before its children are walked.

use serde_json::{Map, Value};

use super::{pointer, types, Normalizer};

/// JSON Schema keywords 3.1 allows and 3.0 has no way to say.
const UNSUPPORTED: [&str; 17] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$defs",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
];

pub(super) fn normalize_schema(n: &mut Normalizer, node: &mut Value, at: &str) {
    if let Value::Bool(accepts) = node {
        // 3.1 boolean schemas: `true` accepts anything, `false` nothing.
        *node = if *accepts {
            serde_json::json!({})
        } else {
            serde_json::json!({"not": {}})
        };
        n.rewrite(at, "boolean-schema");
        return;
    }
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    if obj.get("$ref").is_some_and(Value::is_string) {
        ref_siblings(n, obj, at);
        return;
    }
    for key in UNSUPPORTED {
        n.drop_unsupported(obj, key, at, "has no OpenAPI 3.0 equivalent");
    }
    unusable_bounds(n, obj, at);
    pattern_properties(n, obj, at);
    content_keywords(n, obj, at);
    examples(n, obj, at);
    constant(n, obj, at);
    exclusive_bounds(n, obj, at);
    null_branches(n, obj, at);
    types::normalize_type(n, obj, at);
}

/// 3.1 lets a `$ref` carry siblings; 3.0 ignores them. `description` is kept because
/// openapiv3 reads `{$ref, description}` as a plain reference, so it costs nothing.
fn ref_siblings(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    if !n.is_31 {
        return;
    }
    let before = obj.len();
    obj.retain(|k, _| k == "$ref" || k == "description");
    if obj.len() != before {
        n.rewrite(at, "ref-siblings");
    }
}

/// One pattern and no `additionalProperties`: the pattern's schema becomes the map's value type.
fn pattern_properties(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    let Some(Value::Object(patterns)) = obj.get("patternProperties") else {
        if obj.contains_key("patternProperties") {
            n.drop_unsupported(obj, "patternProperties", at, "is not a map");
        }
        return;
    };
    let open = matches!(
        obj.get("additionalProperties"),
        None | Some(Value::Bool(true))
    );
    match patterns.iter().next() {
        Some((pattern, schema)) if patterns.len() == 1 && open => {
            let (pattern, schema) = (pattern.clone(), schema.clone());
            obj.shift_remove("patternProperties");
            obj.insert("additionalProperties".into(), schema);
            n.rewrite(
                &pointer::child(at, "patternProperties"),
                "pattern-properties",
            );
            n.warn(at, format!("patternProperties `{pattern}` became additionalProperties; the key pattern is not enforced"));
        }
        _ => {
            n.drop_unsupported(
                obj,
                "patternProperties",
                at,
                "has no OpenAPI 3.0 equivalent here",
            );
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; raw binary `contentMediaType` is `format: binary`.
fn content_keywords(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    let stringish = matches!(
        obj.get("type").and_then(Value::as_str),
        None | Some("string")
    );
    let free = stringish && !obj.contains_key("format");
    let encoding = obj
        .get("contentEncoding")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    if let Some(encoding) = &encoding {
        if free && (encoding == "base64" || encoding == "base64url") {
            obj.shift_remove("contentEncoding");
            set_string_format(obj, "byte");
            n.rewrite(&pointer::child(at, "contentEncoding"), "content-encoding");
        }
    }
    if obj.contains_key("contentEncoding") {
        n.drop_unsupported(
            obj,
            "contentEncoding",
            at,
            "has no OpenAPI 3.0 equivalent here",
        );
    }
    let Some(media) = obj
        .get("contentMediaType")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        if obj.contains_key("contentMediaType") {
            n.drop_unsupported(obj, "contentMediaType", at, "is not a string");
        }
        return;
    };
    let binary = encoding.is_none() && !is_textual(&media);
    let free = free && !obj.contains_key("format");
    obj.shift_remove("contentMediaType");
    n.rewrite(
        &pointer::child(at, "contentMediaType"),
        "content-media-type",
    );
    if binary && free {
        set_string_format(obj, "binary");
    } else if encoding.is_none() {
        // With an encoding, the media type only describes the decoded bytes: nothing is lost.
        n.warn(
            &pointer::child(at, "contentMediaType"),
            format!("contentMediaType `{media}` has no OpenAPI 3.0 equivalent here; dropped"),
        );
    }
}

fn set_string_format(obj: &mut Map<String, Value>, format: &str) {
    obj.entry("type").or_insert_with(|| Value::from("string"));
    obj.insert("format".into(), Value::from(format));
}

fn is_textual(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/")
        || ["json", "xml", "yaml", "x-www-form-urlencoded", "javascript"]
            .iter()
            .any(|t| media.contains(t))
}

/// A schema's `examples` list (3.1) becomes its first entry as `example` (3.0).
/// A map-valued `examples` here is not a schema keyword in either version and is left alone.
fn examples(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    let Some(Value::Array(list)) = obj.get("examples") else {
        return;
    };
    let first = list.first().cloned();
    obj.shift_remove("examples");
    if let Some(first) = first {
        obj.entry("example").or_insert(first);
    }
    n.rewrite(&pointer::child(at, "examples"), "schema-examples");
}

/// `const: v` is `enum: [v]`; it wins over an `enum` beside it because it is at least as strict.
fn constant(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    let Some(value) = obj.shift_remove("const") else {
        return;
    };
    if value.is_null() {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    obj.insert("enum".into(), Value::Array(vec![value]));
    n.rewrite(&pointer::child(at, "const"), "const-enum");
}

/// 3.1 `exclusiveMinimum: n` (a number) is 3.0 `minimum: n, exclusiveMinimum: true`; same for max.
/// When an inclusive bound is also present, the stricter of the two is kept.
fn exclusive_bounds(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    for (exclusive, inclusive, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(bound)) = obj.get(exclusive).cloned() else {
            continue;
        };
        let existing = obj.get(inclusive).and_then(Value::as_f64);
        let bound_f = bound.as_f64().unwrap_or(0.0);
        let inclusive_is_stricter =
            existing.is_some_and(|e| if lower { e > bound_f } else { e < bound_f });
        if inclusive_is_stricter {
            obj.shift_remove(exclusive);
        } else {
            obj.insert(inclusive.into(), Value::Number(bound));
            obj.insert(exclusive.into(), Value::Bool(true));
        }
        n.rewrite(&pointer::child(at, exclusive), "exclusive-bound");
    }
}

/// Bounds and counts that parse as a number with no usable value (`1e400` and `.inf` reach
/// here as text, `maxLength: -1` or `2.5` fit no count): dropped with a warning, so one bound
/// does not cost the whole schema its type. Validation bounds never shape the Rust type.
fn unusable_bounds(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    const NUMBERS: [&str; 5] = [
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ];
    const COUNTS: [&str; 6] = [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ];
    let unusable = |key: &str, value: &Value| {
        if NUMBERS.contains(&key) {
            !(value.is_number() || (key.starts_with("exclusive") && value.is_boolean()))
        } else {
            COUNTS.contains(&key) && value.as_u64().is_none()
        }
    };
    let bad: Vec<(String, String)> = obj
        .iter()
        .filter(|(key, value)| unusable(key, value))
        .map(|(key, value)| (key.clone(), value.to_string()))
        .collect();
    for (key, value) in bad {
        let why = format!("bound {value} is not a usable number");
        n.drop_unsupported(obj, &key, at, &why);
    }
}

/// `oneOf`/`anyOf` with a `{type: 'null'}` branch: drop the branch, set `nullable: true`.
fn null_branches(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = obj.get_mut(key) else {
            continue;
        };
        let before = branches.len();
        branches.retain(|b| !is_null_schema(b));
        if branches.len() == before {
            continue;
        }
        let emptied = branches.is_empty();
        obj.insert("nullable".into(), Value::Bool(true));
        if emptied {
            obj.shift_remove(key);
            types::null_only(obj);
        }
        n.rewrite(&pointer::child(at, key), "null-branch");
    }
}

/// A schema that only admits `null`, as 3.1 spells it (YAML's bare `null` counts as `'null'`).
pub(super) fn is_null_schema(schema: &Value) -> bool {
    let Some(obj) = schema.as_object() else {
        return false;
    };
    if obj.contains_key("$ref") {
        return false;
    }
    let null_type = match obj.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Null) => true,
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t.is_null() || t == "null"),
        _ => false,
    };
    let null_value = matches!(obj.get("const"), Some(Value::Null))
        || matches!(obj.get("enum"), Some(Value::Array(vs)) if vs.len() == 1 && vs[0].is_null());
    null_type || (null_value && !obj.contains_key("type"))
}
