//! Seeded structural mutations of an OpenAPI document (a `serde_json::Value`): broken keys and
//! types, moved `$ref`s and cycles, 3.1 constructs, hostile names, deep nesting, huge enums.

use fastrand::Rng;
use serde_json::{json, Map, Value};

/// Keys OpenAPI (or our reading of it) requires somewhere; deleting one is a likely break.
const REQUIRED_KEYS: [&str; 16] = [
    "openapi",
    "info",
    "title",
    "version",
    "paths",
    "responses",
    "name",
    "in",
    "schema",
    "content",
    "description",
    "$ref",
    "type",
    "items",
    "properties",
    "required",
];

/// Names that have broken code generators: Rust keywords, reserved and prelude names, empty,
/// blank, non-ASCII, emoji, digits first, punctuation only, and case collisions.
const HOSTILE_NAMES: [&str; 24] = [
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "r#type",
    "_",
    "__",
    "",
    "   ",
    "ünïcödé",
    "日本語",
    "🦀🔥",
    "123abc",
    "9",
    "a-b.c/d",
    "$",
    "Option",
    "Result",
    "String",
    "Box",
    "client",
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Applies one to three mutations; returns what each did (for the report and a replay).
pub fn mutate(doc: &mut Value, rng: &mut Rng) -> Vec<String> {
    let count = 1 + rng.usize(0..3);
    let mut done = Vec::with_capacity(count);
    for _ in 0..count {
        // A mutation that finds nothing to act on is retried as another kind.
        for _ in 0..8 {
            if let Some(what) = one(doc, rng) {
                done.push(what);
                break;
            }
        }
    }
    done
}

fn one(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    match rng.usize(0..10) {
        0 => delete_required_key(doc, rng),
        1 => change_type(doc, rng),
        2 => retarget_ref(doc, rng),
        3 => reference_cycle(doc, rng),
        4 => insert_31(doc, rng),
        5 => duplicate_operation_id(doc, rng),
        6 => hostile_name(doc, rng),
        7 => deep_nesting(doc, rng),
        8 => huge_enum(doc, rng),
        _ => odd_number(doc, rng),
    }
}

/// Every node of the document as a JSON pointer (`""` is the root), in document order.
fn pointers(doc: &Value) -> Vec<String> {
    fn walk(node: &Value, at: &mut String, out: &mut Vec<String>) {
        out.push(at.clone());
        let len = at.len();
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push('/');
                    at.push_str(&escape(key));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut String::new(), &mut out);
    out
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn last_token(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or("")
}

fn parent_token(pointer: &str) -> &str {
    pointer.rsplit('/').nth(1).unwrap_or("")
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        None
    } else {
        items.get(rng.usize(0..items.len()))
    }
}

/// Pointers of nodes that are probably schemas, judged by where they sit.
fn schema_pointers(doc: &Value) -> Vec<String> {
    pointers(doc)
        .into_iter()
        .filter(|p| {
            let parent = parent_token(p);
            let is_object = doc.pointer(p).is_some_and(Value::is_object);
            is_object
                && (matches!(parent, "schemas" | "properties")
                    || matches!(
                        last_token(p),
                        "schema" | "items" | "additionalProperties" | "not"
                    )
                    || matches!(parent, "allOf" | "oneOf" | "anyOf"))
        })
        .collect()
}

fn component_schema_names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn operation_pointers(doc: &Value) -> Vec<String> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some_and(Value::is_object) {
                out.push(format!("/paths/{}/{method}", escape(path)));
            }
        }
    }
    out
}

fn delete_required_key(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let candidates: Vec<String> = pointers(doc)
        .into_iter()
        .filter(|p| {
            doc.pointer(p)
                .and_then(Value::as_object)
                .is_some_and(|m| REQUIRED_KEYS.iter().any(|k| m.contains_key(*k)))
        })
        .collect();
    let at = pick(rng, &candidates)?.clone();
    let map = doc.pointer_mut(&at)?.as_object_mut()?;
    let present: Vec<&str> = REQUIRED_KEYS
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    let key = *pick(rng, &present)?;
    map.shift_remove(key);
    Some(format!("delete {at}/{}", escape(key)))
}

fn odd_value(rng: &mut Rng) -> Value {
    match rng.usize(0..12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(3.5),
        4 => json!(""),
        5 => json!("x"),
        6 => json!([]),
        7 => json!({}),
        8 => json!([1, "a", null]),
        9 => json!({"a": 1}),
        10 => json!({"$ref": "#/nowhere"}),
        _ => json!(u64::MAX),
    }
}

fn change_type(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let all = pointers(doc);
    let at = pick(rng, all.get(1..)?)?.clone();
    let value = odd_value(rng);
    let node = doc.pointer_mut(&at)?;
    let what = format!("set {at} to {value}");
    *node = value;
    Some(what)
}

fn retarget_ref(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let refs: Vec<String> = pointers(doc)
        .into_iter()
        .filter(|p| last_token(p) == "$ref" && doc.pointer(p).is_some_and(Value::is_string))
        .collect();
    let at = pick(rng, &refs)?.clone();
    let holder = at.strip_suffix("/$ref").unwrap_or(&at);
    let names = component_schema_names(doc);
    let existing = pick(rng, &names).map(|n| format!("#/components/schemas/{}", escape(n)));
    let target = match rng.usize(0..10) {
        0 => "#/components/schemas/DoesNotExist".to_string(),
        1 => "#".to_string(),
        2 => "#/paths".to_string(),
        3 => "#/info/title".to_string(),
        4 => "other.yaml#/components/schemas/Foo".to_string(),
        5 => String::new(),
        6 => format!("#{holder}"),
        7 => "#/components/schemas/a~1b%20c".to_string(),
        8 => "#/components/responses/Nope".to_string(),
        _ => existing.unwrap_or_else(|| "#/components".to_string()),
    };
    let what = format!("point {at} at '{target}'");
    *doc.pointer_mut(&at)? = Value::String(target);
    Some(what)
}

fn reference_cycle(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let mut names = component_schema_names(doc);
    if names.is_empty() {
        names.push("Looped".to_string());
    }
    let a = pick(rng, &names)?.clone();
    let b = pick(rng, &names)?.clone();
    let ra = json!({"$ref": format!("#/components/schemas/{}", escape(&a))});
    let rb = json!({"$ref": format!("#/components/schemas/{}", escape(&b))});
    let (shape_a, shape_b) = match rng.usize(0..6) {
        0 => (rb.clone(), ra.clone()),
        1 => (ra.clone(), rb.clone()),
        2 => (
            json!({"type": "object", "required": ["next"], "properties": {"next": rb}}),
            json!({"type": "object", "required": ["back"], "properties": {"back": ra}}),
        ),
        3 => (
            json!({"allOf": [rb, {"type": "object"}]}),
            json!({"allOf": [ra]}),
        ),
        4 => (
            json!({"oneOf": [rb, {"type": "array", "items": ra}]}),
            json!({"type": "object", "additionalProperties": ra}),
        ),
        _ => (
            json!({"type": "array", "items": ra}),
            json!({"anyOf": [rb]}),
        ),
    };
    let schemas = doc
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    schemas.insert(a.clone(), shape_a);
    if a != b {
        schemas.insert(b.clone(), shape_b);
    }
    Some(format!("reference cycle between schemas {a:?} and {b:?}"))
}

fn insert_31(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    if rng.usize(0..2) == 0 {
        doc.as_object_mut()?
            .insert("openapi".into(), json!("3.1.0"));
    }
    let (key, value) = match rng.usize(0..11) {
        0 => ("const", json!("fixed")),
        1 => ("type", json!(["string", "null"])),
        2 => ("type", json!(["object", "array", "integer", "null"])),
        3 => (
            "prefixItems",
            json!([{"type": "string"}, {"type": "integer"}]),
        ),
        4 => ("$defs", json!({"Inner": {"type": "string"}})),
        5 => ("if", json!({"properties": {"kind": {"const": "a"}}})),
        6 => ("then", json!({"required": ["kind"]})),
        7 => (
            "patternProperties",
            json!({"^x-": {"type": "integer"}, "^y": {}}),
        ),
        8 => ("unevaluatedProperties", json!(false)),
        9 => ("examples", json!([1, "two", null])),
        _ => {
            let webhooks = json!({"newThing": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}, "responses": {"200": {"description": "ok"}}}}});
            doc.as_object_mut()?.insert("webhooks".into(), webhooks);
            return Some("insert webhooks".to_string());
        }
    };
    let schemas = schema_pointers(doc);
    let at = pick(rng, &schemas)?.clone();
    doc.pointer_mut(&at)?
        .as_object_mut()?
        .insert(key.into(), value);
    Some(format!("insert {key} at {at}"))
}

fn duplicate_operation_id(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let ops = operation_pointers(doc);
    let first = pick(rng, &ops)?.clone();
    let id = doc
        .pointer(&format!("{first}/operationId"))
        .and_then(Value::as_str)
        .map_or_else(|| "duplicated".to_string(), str::to_string);
    let all = rng.usize(0..4) == 0;
    let mut changed = 0;
    for op in &ops {
        if all || rng.usize(0..3) == 0 || *op == first {
            if let Some(map) = doc.pointer_mut(op).and_then(Value::as_object_mut) {
                map.insert("operationId".into(), Value::String(id.clone()));
                changed += 1;
            }
        }
    }
    Some(format!("operationId {id:?} on {changed} operations"))
}

fn hostile_name(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let name = (*pick(rng, &HOSTILE_NAMES)?).to_string();
    match rng.usize(0..5) {
        0 => rename_component(doc, rng, &name),
        1 => rename_key_under(doc, rng, "properties", &name),
        2 => {
            let ops = operation_pointers(doc);
            let op = pick(rng, &ops)?.clone();
            let map = doc.pointer_mut(&op)?.as_object_mut()?;
            let field = if rng.bool() { "operationId" } else { "tags" };
            let value = if field == "tags" {
                json!([name])
            } else {
                json!(name)
            };
            map.insert(field.into(), value);
            Some(format!("{field} of {op} = {name:?}"))
        }
        3 => {
            let params: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| {
                    parent_token(p) == "parameters"
                        && doc
                            .pointer(&format!("{p}/name"))
                            .is_some_and(Value::is_string)
                })
                .collect();
            let at = pick(rng, &params)?.clone();
            *doc.pointer_mut(&format!("{at}/name"))? = json!(name);
            Some(format!("parameter {at} named {name:?}"))
        }
        _ => {
            let enums: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| last_token(p) == "enum" && doc.pointer(p).is_some_and(Value::is_array))
                .collect();
            let at = pick(rng, &enums)?.clone();
            let list = doc.pointer_mut(&at)?.as_array_mut()?;
            list.push(json!(name));
            list.push(json!(name.to_uppercase()));
            Some(format!("enum {at} gains {name:?}"))
        }
    }
}

/// Renames a component schema and every `$ref` to it, so the name itself is what is tested.
fn rename_component(doc: &mut Value, rng: &mut Rng, name: &str) -> Option<String> {
    let names = component_schema_names(doc);
    let old = pick(rng, &names)?.clone();
    let schemas = doc.pointer_mut("/components/schemas")?.as_object_mut()?;
    let schema = schemas.shift_remove(&old)?;
    schemas.insert(name.to_string(), schema);
    let from = format!("#/components/schemas/{}", escape(&old));
    let to = format!("#/components/schemas/{}", escape(name));
    retarget_all(doc, &from, &to);
    Some(format!("component schema {old:?} renamed {name:?}"))
}

fn retarget_all(node: &mut Value, from: &str, to: &str) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" && child.as_str() == Some(from) {
                    *child = Value::String(to.to_string());
                } else {
                    retarget_all(child, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| retarget_all(c, from, to)),
        _ => {}
    }
}

fn rename_key_under(doc: &mut Value, rng: &mut Rng, parent: &str, name: &str) -> Option<String> {
    let maps: Vec<String> = pointers(doc)
        .into_iter()
        .filter(|p| {
            last_token(p) == parent
                && doc
                    .pointer(p)
                    .and_then(Value::as_object)
                    .is_some_and(|m| !m.is_empty())
        })
        .collect();
    let at = pick(rng, &maps)?.clone();
    let map = doc.pointer_mut(&at)?.as_object_mut()?;
    let keys: Vec<String> = map.keys().cloned().collect();
    let old = pick(rng, &keys)?.clone();
    let value = map.shift_remove(&old)?;
    map.insert(name.to_string(), value);
    Some(format!("key {at}/{} renamed {name:?}", escape(&old)))
}

fn deep_nesting(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let schemas = schema_pointers(doc);
    let at = pick(rng, &schemas)?.clone();
    let depth = 5 + rng.usize(0..110);
    let node = doc.pointer_mut(&at)?;
    let mut inner = std::mem::take(node);
    for level in 0..depth {
        inner = match level % 4 {
            0 => json!({"type": "object", "properties": {"nested": inner}}),
            1 => json!({"type": "array", "items": inner}),
            2 => json!({"allOf": [inner]}),
            _ => json!({"oneOf": [inner, {"type": "string"}]}),
        };
    }
    *node = inner;
    Some(format!("nest {at} {depth} levels deep"))
}

fn huge_enum(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let schemas = schema_pointers(doc);
    let at = pick(rng, &schemas)?.clone();
    let n = 500 + rng.usize(0..4500);
    let values: Vec<Value> = if rng.bool() {
        (0..n)
            .map(|i| match i % 7 {
                0 => json!(format!("value_{i}")),
                1 => json!(format!("Value-{i}")),
                2 => json!(HOSTILE_NAMES[i % HOSTILE_NAMES.len()]),
                3 => json!(format!("{i}")),
                4 => json!(format!("VALUE {}", i / 7)),
                5 => json!(format!("válue{i}")),
                _ => json!(format!("v{}", i / 2)),
            })
            .collect()
    } else {
        (0..n).map(|i| json!(i as i64 - (n as i64) / 2)).collect()
    };
    let kind = if values[0].is_string() {
        "string"
    } else {
        "integer"
    };
    *doc.pointer_mut(&at)? = json!({"type": kind, "enum": values});
    Some(format!("{kind} enum of {n} values at {at}"))
}

fn odd_number(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let schemas = schema_pointers(doc);
    let at = pick(rng, &schemas)?.clone();
    let key = *pick(
        rng,
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "multipleOf",
            "maxLength",
            "minItems",
            "default",
            "example",
        ],
    )?;
    let value = match rng.usize(0..6) {
        0 => json!(-9.223372036854776e18),
        1 => json!(1e308),
        2 => json!("1e400"),
        3 => json!(-0.0),
        4 => json!(".nan"),
        _ => json!(u64::MAX),
    };
    let what = format!("{key} = {value} at {at}");
    let map: &mut Map<String, Value> = doc.pointer_mut(&at)?.as_object_mut()?;
    map.insert(key.into(), value);
    Some(what)
}
