//! The `type` keyword: 3.1 lists and `'null'` become 3.0 `type` + `nullable`, or an `anyOf` of single types.
//! Type-specific keywords move into the branch of the type they constrain.

use serde_json::{Map, Value};

use super::{pointer, Normalizer};

const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];
const STRING_KEYWORDS: [&str; 3] = ["minLength", "maxLength", "pattern"];
const NUMERIC_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const COMPOSITION: [&str; 4] = ["allOf", "oneOf", "anyOf", "not"];

pub(super) fn normalize_type(n: &mut Normalizer, obj: &mut Map<String, Value>, at: &str) {
    let names = match obj.get("type") {
        Some(Value::String(t)) if t == "null" => vec![],
        // YAML `type: null` parses as null, not as the string.
        Some(Value::Null) => vec![],
        Some(Value::Array(list)) => type_names(n, list, at),
        _ => return,
    };
    let list_input = obj.get("type").is_some_and(Value::is_array);
    let has_null = !list_input
        || obj
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|t| t.is_null() || t == "null"));
    let mut rest: Vec<String> = Vec::new();
    for name in names.into_iter().filter(|t| t != "null") {
        if !rest.contains(&name) {
            rest.push(name);
        }
    }
    // `number` already admits every integer.
    if rest.iter().any(|t| t == "number") {
        rest.retain(|t| t != "integer");
    }
    obj.shift_remove("type");
    if has_null {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    match rest.as_slice() {
        [] if !has_null => {
            n.rewrite(at, "type-list-empty");
            n.warn(at, "empty `type` list; the schema admits any type");
        }
        [] => {
            null_only(obj);
            n.rewrite(
                at,
                if list_input {
                    "type-list-null"
                } else {
                    "type-null"
                },
            );
        }
        [single] => {
            obj.insert("type".into(), Value::from(single.as_str()));
            n.rewrite(
                at,
                if has_null {
                    "type-list-null"
                } else {
                    "type-list-single"
                },
            );
        }
        _ => {
            split(n, obj, &rest, at);
            n.rewrite(at, "type-list-anyof");
        }
    }
}

/// 3.0 has no `null` type: a schema that only admits null is `nullable` with `enum: [null]`,
/// which says the same thing (lowering reads it as `()`, not as any JSON).
pub(super) fn null_only(obj: &mut Map<String, Value>) {
    obj.insert("nullable".into(), Value::Bool(true));
    obj.insert("enum".into(), Value::Array(vec![Value::Null]));
}

fn type_names(n: &mut Normalizer, list: &[Value], at: &str) -> Vec<String> {
    let mut names = Vec::new();
    for item in list {
        match item {
            Value::String(t) => names.push(t.clone()),
            Value::Null => names.push("null".into()),
            other => n.diagnostics.push(crate::ir::Diagnostic::error(
                pointer::child(at, "type"),
                format!("type list entry {other} is not a type name; ignored"),
            )),
        }
    }
    names
}

/// Turns a multi-type schema into `anyOf` single-type branches. Annotations
/// (description, title, default, example, ...) stay on the outer schema.
fn split(n: &mut Normalizer, obj: &mut Map<String, Value>, types: &[String], at: &str) {
    let mut branches: Vec<Map<String, Value>> = types
        .iter()
        .map(|t| Map::from_iter([("type".to_owned(), Value::from(t.as_str()))]))
        .collect();
    let index_of = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| types.iter().position(|t| t == name))
    };

    let keys: Vec<String> = obj.keys().cloned().collect();
    for key in keys {
        let owners: &[&str] = match key.as_str() {
            k if OBJECT_KEYWORDS.contains(&k) => &["object"],
            k if ARRAY_KEYWORDS.contains(&k) => &["array"],
            k if STRING_KEYWORDS.contains(&k) => &["string"],
            k if NUMERIC_KEYWORDS.contains(&k) => &["number", "integer"],
            "format" => match obj.get("format").and_then(Value::as_str) {
                Some("int32" | "int64") => &["integer", "number"],
                Some("float" | "double") => &["number", "integer"],
                _ => &["string"],
            },
            _ => continue,
        };
        let Some(value) = obj.shift_remove(&key) else {
            continue;
        };
        let targets: Vec<usize> = if NUMERIC_KEYWORDS.contains(&key.as_str()) {
            types
                .iter()
                .enumerate()
                .filter(|(_, t)| owners.contains(&t.as_str()))
                .map(|(i, _)| i)
                .collect()
        } else {
            index_of(owners).into_iter().collect()
        };
        if targets.is_empty() {
            n.warn(
                &pointer::child(at, &key),
                format!("`{key}` applies to none of the types {types:?}; dropped"),
            );
        }
        for i in targets {
            branches[i].insert(key.clone(), value.clone());
        }
    }
    if let Some(Value::Array(values)) = obj.shift_remove("enum") {
        distribute_enum(n, &mut branches, values, at);
    }

    let mut branches: Vec<Value> = branches.into_iter().map(Value::Object).collect();
    let type_union = |branches: Vec<Value>| {
        Value::Object(Map::from_iter([(
            "anyOf".to_owned(),
            Value::Array(branches),
        )]))
    };
    if COMPOSITION.iter().any(|k| obj.contains_key(*k)) {
        let mut all_of = match obj.shift_remove("allOf") {
            Some(Value::Array(items)) => items,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        all_of.push(type_union(std::mem::take(&mut branches)));
        for key in ["oneOf", "anyOf", "not"] {
            if let Some(value) = obj.shift_remove(key) {
                all_of.push(Value::Object(Map::from_iter([(key.to_owned(), value)])));
            }
        }
        obj.insert("allOf".into(), Value::Array(all_of));
    } else {
        obj.insert("anyOf".into(), Value::Array(branches));
    }
}

/// Each `enum` value goes to the branch of its JSON type; a branch no value fits is
/// removed, since the enum rules out every value of that type.
fn distribute_enum(
    n: &mut Normalizer,
    branches: &mut Vec<Map<String, Value>>,
    values: Vec<Value>,
    at: &str,
) {
    let mut per_branch: Vec<Vec<Value>> = vec![Vec::new(); branches.len()];
    let type_at = |branches: &Vec<Map<String, Value>>, name: &str| {
        branches
            .iter()
            .position(|b| b.get("type").and_then(Value::as_str) == Some(name))
    };
    for value in values {
        let candidates: &[&str] = match &value {
            Value::String(_) => &["string"],
            Value::Bool(_) => &["boolean"],
            Value::Number(num) if num.is_f64() => &["number"],
            Value::Number(_) => &["integer", "number"],
            Value::Object(_) => &["object"],
            Value::Array(_) => &["array"],
            // `null` is carried by `nullable`.
            Value::Null => continue,
        };
        match candidates.iter().find_map(|c| type_at(branches, c)) {
            Some(i) => per_branch[i].push(value),
            None => n.warn(
                &pointer::child(at, "enum"),
                format!("enum value {value} matches none of the listed types; dropped"),
            ),
        }
    }
    if per_branch.iter().all(Vec::is_empty) {
        n.warn(
            &pointer::child(at, "enum"),
            "no enum value matches a listed type; enum dropped",
        );
        return;
    }
    let mut keep = per_branch.into_iter();
    branches.retain_mut(|branch| match keep.next() {
        Some(values) if !values.is_empty() => {
            branch.insert("enum".into(), Value::Array(values));
            true
        }
        _ => false,
    });
}
