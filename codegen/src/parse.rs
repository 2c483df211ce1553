//! Stage 1: YAML or JSON text -> `serde_json::Value`, with every mapping key a string.
//! Also refuses documents that are not OpenAPI 3 (empty, not a mapping, Swagger 2.0, no `openapi`).

use serde_json::{Map, Value};

use crate::error::CodegenError;

pub fn parse_document(text: &str, origin: &str) -> Result<serde_json::Value, CodegenError> {
    let mut value = if text.trim_start().starts_with('{') {
        // JSON is valid YAML, but serde_json is faster and its errors read better for JSON.
        match serde_json::from_str::<Value>(text) {
            Ok(value) => value,
            Err(json_error) => parse_yaml(text, origin).map_err(|_| CodegenError::Syntax {
                origin: origin.to_owned(),
                message: one_line(&json_error.to_string()),
            })?,
        }
    } else {
        parse_yaml(text, origin)?
    };
    check_openapi(&mut value, origin)?;
    Ok(value)
}

fn parse_yaml(text: &str, origin: &str) -> Result<Value, CodegenError> {
    let syntax = |e: serde_yaml::Error| CodegenError::Syntax {
        origin: origin.to_owned(),
        message: yaml_message(&e),
    };
    let mut yaml = serde_yaml::from_str::<AnyNumber>(text).map_err(syntax)?.0;
    yaml.apply_merge().map_err(syntax)?;
    let mut path = Vec::new();
    to_json(yaml, &mut path).map_err(|(path, message)| CodegenError::Spec {
        origin: origin.to_owned(),
        pointer: crate::normalize::pointer::from_tokens(&path),
        message,
    })
}

/// A YAML value read like `serde_yaml::Value`, except that integers beyond i64/u64 become
/// floats: serde_yaml hands them over as i128/u128, which its own `Value` refuses
/// ("invalid type: integer ... as i128"), failing a document some generator printed a
/// float into (`minimum: -9223372036854776000`).
struct AnyNumber(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for AnyNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(AnyNumberVisitor)
            .map(AnyNumber)
    }
}

struct AnyNumberVisitor;

impl<'de> serde::de::Visitor<'de> for AnyNumberVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(u.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number((i as f64).into()))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number((u as f64).into()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(f.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(AnyNumber(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_yaml::Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut mapping = serde_yaml::Mapping::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((AnyNumber(key), AnyNumber(value))) = map.next_entry()? {
            if mapping.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate entry with key {}",
                    key_string(key).unwrap_or_else(|what| what.to_owned())
                )));
            }
            mapping.insert(key, value);
        }
        Ok(serde_yaml::Value::Mapping(mapping))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents) = data.variant::<String>()?;
        let AnyNumber(value) = contents.newtype_variant()?;
        Ok(serde_yaml::Value::Tagged(Box::new(
            serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag),
                value,
            },
        )))
    }
}

fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = one_line(&error.to_string());
    match error.location() {
        Some(at) if !message.contains("line ") => {
            format!("{message} at line {} column {}", at.line(), at.column())
        }
        _ => message,
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A conversion failure: where (as path tokens) and why.
type ConvertError = (Vec<String>, String);

/// Converts YAML to JSON. YAML allows non-string keys (`200:` is an integer, `yes:`
/// may be a boolean); OpenAPI keys are strings, so scalars are written back as text.
fn to_json(yaml: serde_yaml::Value, path: &mut Vec<String>) -> Result<Value, ConvertError> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(&n),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                path.push(i.to_string());
                out.push(to_json(item, path)?);
                path.pop();
            }
            Value::Array(out)
        }
        Y::Mapping(entries) => {
            let mut out = Map::with_capacity(entries.len());
            for (key, value) in entries {
                let key = key_string(key).map_err(|what| {
                    (
                        path.clone(),
                        format!("a mapping key is {what}; OpenAPI keys must be strings"),
                    )
                })?;
                path.push(key.clone());
                let value = to_json(value, path)?;
                path.pop();
                if out.insert(key.clone(), value).is_some() {
                    return Err((path.clone(), format!("duplicate key `{key}` (written once as a string and once as another scalar)")));
                }
            }
            Value::Object(out)
        }
        // Custom tags carry no meaning for OpenAPI; keep the tagged value.
        Y::Tagged(tagged) => to_json(tagged.value, path)?,
    })
}

/// JSON has no infinity or NaN: `.inf`, `-.inf` and `.nan` are kept as their YAML text (as
/// serde_yaml already keeps `1e400`), so a later stage can say which bound is unusable.
fn number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::from(i)
    } else if let Some(u) = n.as_u64() {
        Value::from(u)
    } else {
        n.as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(n.to_string()), Value::Number)
    }
}

fn key_string(key: serde_yaml::Value) -> Result<String, &'static str> {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_owned()),
        Y::Tagged(tagged) => key_string(tagged.value),
        Y::Sequence(_) => Err("a sequence"),
        Y::Mapping(_) => Err("a mapping"),
    }
}

/// Only OpenAPI 3.x documents go further; the version check happens here so the
/// error names the document before any rule runs.
fn check_openapi(value: &mut Value, origin: &str) -> Result<(), CodegenError> {
    let spec = |pointer: &str, message: String| CodegenError::Spec {
        origin: origin.to_owned(),
        pointer: pointer.to_owned(),
        message,
    };
    let root = match value {
        Value::Object(root) => root,
        Value::Null => return Err(spec("#", "the document is empty".into())),
        other => {
            return Err(spec(
                "#",
                format!("the document is {}, not a mapping", kind(other)),
            ))
        }
    };
    let swagger = || {
        spec("#/swagger", "Swagger 2.0 is not supported; convert the document to OpenAPI 3 first (for example with swagger2openapi)".into())
    };
    let version = match root.get("openapi") {
        None if root.contains_key("swagger") => return Err(swagger()),
        None => {
            return Err(spec(
                "#",
                "missing `openapi` field: not an OpenAPI 3 document".into(),
            ))
        }
        Some(Value::String(v)) => v.clone(),
        // `openapi: 3.1` in YAML is a float.
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(spec(
                "#/openapi",
                format!(
                    "`openapi` is {}, expected a version string like \"3.0.3\"",
                    kind(other)
                ),
            ))
        }
    };
    if version.starts_with("2.") {
        return Err(swagger());
    }
    if !version.starts_with("3.") {
        return Err(spec(
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`; expected 3.0.x or 3.1.x"),
        ));
    }
    root.insert("openapi".into(), Value::String(version));
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec_error(text: &str) -> (String, String) {
        match parse_document(text, "t.yaml") {
            Err(CodegenError::Spec {
                pointer, message, ..
            }) => (pointer, message),
            other => panic!("expected a Spec error, got {other:?}"),
        }
    }

    #[test]
    fn yaml_with_non_string_keys() {
        let doc = parse_document("openapi: 3.0.3\nresponses:\n  200: {description: ok}\n  true: x\n  1.5: y\n  null: z\n", "t.yaml").unwrap();
        assert_eq!(doc["responses"]["200"], json!({"description": "ok"}));
        assert_eq!(doc["responses"]["true"], json!("x"));
        assert_eq!(doc["responses"]["1.5"], json!("y"));
        assert_eq!(doc["responses"]["null"], json!("z"));
    }

    #[test]
    fn complex_key_is_a_spec_error_with_pointer() {
        let (pointer, message) = spec_error("openapi: 3.0.3\npaths:\n  ? [a, b]\n  : {}\n");
        assert_eq!(pointer, "#/paths");
        assert!(message.contains("sequence"), "{message}");
    }

    #[test]
    fn duplicate_key_after_stringification() {
        let (pointer, message) = spec_error("openapi: 3.0.3\nr:\n  200: a\n  '200': b\n");
        assert_eq!(pointer, "#/r");
        assert!(message.contains("duplicate key `200`"), "{message}");
    }

    #[test]
    fn json_documents_and_merge_keys() {
        let doc = parse_document(
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}"#,
            "t.json",
        )
        .unwrap();
        assert_eq!(doc["info"]["title"], "t");
        let doc = parse_document(
            "openapi: 3.0.0\nbase: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n",
            "t.yaml",
        )
        .unwrap();
        assert_eq!(doc["x"], json!({"a": 1, "c": 2}));
    }

    #[test]
    fn truncated_yaml_is_a_one_line_syntax_error_with_location() {
        let err = parse_document("openapi: 3.0.3\ninfo:\n  title: \"unterminated\n", "t.yaml")
            .unwrap_err();
        let CodegenError::Syntax { origin, message } = err else {
            panic!("expected Syntax, got {err:?}")
        };
        assert_eq!(origin, "t.yaml");
        assert!(message.contains("line "), "{message}");
        assert!(!message.contains('\n'));
    }

    #[test]
    fn truncated_json_is_a_syntax_error() {
        let err = parse_document("{\"openapi\": \"3.0.3\", \"info\": {", "t.json").unwrap_err();
        let CodegenError::Syntax { message, .. } = err else {
            panic!("expected Syntax, got {err:?}")
        };
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn not_openapi_3() {
        assert_eq!(spec_error("").0, "#");
        assert_eq!(spec_error("# only a comment\n").0, "#");
        assert_eq!(
            spec_error("- a\n- b\n"),
            ("#".into(), "the document is a list, not a mapping".into())
        );
        let (pointer, message) = spec_error("swagger: '2.0'\ninfo: {title: t, version: '1'}\n");
        assert_eq!(pointer, "#/swagger");
        assert!(
            message.contains("Swagger 2.0 is not supported"),
            "{message}"
        );
        assert!(spec_error("openapi: '2.0'\n").1.contains("Swagger 2.0"));
        assert!(spec_error("info: {title: t}\n")
            .1
            .contains("missing `openapi`"));
        assert_eq!(spec_error("openapi: 4.0.0\n").0, "#/openapi");
    }

    fn minimum(text: &str) -> Value {
        let doc = parse_document(&format!("openapi: 3.0.3\nminimum: {text}\n"), "t.yaml")
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        doc["minimum"].clone()
    }

    #[test]
    fn integers_beyond_i64_and_u64_become_floats() {
        assert_eq!(
            minimum("-9223372036854776000"),
            json!(-9.223372036854776e18)
        );
        assert_eq!(
            minimum("18446744073709551616"),
            json!(1.8446744073709552e19)
        );
        assert_eq!(
            minimum("-170141183460469231731687303715884105729"),
            json!(-1.7014118346046923e38)
        );
        assert_eq!(
            minimum("1000000000000000000000000000000000000000000"),
            json!(1e42)
        );
        assert_eq!(minimum("9223372036854775807"), json!(i64::MAX));
        assert_eq!(minimum("18446744073709551615"), json!(u64::MAX));
    }

    #[test]
    fn numbers_json_cannot_hold_stay_text() {
        assert_eq!(minimum("1e400"), json!("1e400"));
        assert_eq!(minimum("-1e400"), json!("-1e400"));
        assert_eq!(minimum(".inf"), json!(".inf"));
        assert_eq!(minimum("-.inf"), json!("-.inf"));
        assert_eq!(minimum(".nan"), json!(".nan"));
    }

    #[test]
    fn negative_zero_parses() {
        assert_eq!(minimum("-0"), json!(0));
        assert_eq!(minimum("-0.0").as_f64(), Some(-0.0));
    }

    #[test]
    fn json_numbers_of_any_size_parse() {
        let doc = parse_document(
            r#"{"openapi": "3.0.3", "a": -9223372036854776000, "b": 1e400, "c": -0}"#,
            "t.json",
        )
        .unwrap();
        assert_eq!(doc["a"], json!(-9.223372036854776e18));
        assert_eq!(doc["b"], json!("1e400"));
        assert_eq!(doc["c"], json!(0));
    }

    #[test]
    fn tags_and_duplicate_keys() {
        let doc = parse_document("openapi: 3.0.3\nx: !custom {a: 1}\n", "t.yaml").unwrap();
        assert_eq!(doc["x"], json!({"a": 1}));
        let err = parse_document("openapi: 3.0.3\nx: 1\nx: 2\n", "t.yaml").unwrap_err();
        assert!(
            err.to_string().contains("duplicate entry with key x"),
            "{err}"
        );
    }

    #[test]
    fn numeric_version_becomes_a_string() {
        let doc = parse_document("openapi: 3.1\n", "t.yaml").unwrap();
        assert_eq!(doc["openapi"], "3.1");
    }
}
