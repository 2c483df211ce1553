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
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(syntax)?;
    yaml.apply_merge().map_err(syntax)?;
    let mut path = Vec::new();
    to_json(yaml, &mut path).map_err(|(path, message)| CodegenError::Spec {
        origin: origin.to_owned(),
        pointer: crate::normalize::pointer::from_tokens(&path),
        message,
    })
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
        Y::Number(n) => number(&n).ok_or_else(|| {
            (
                path.clone(),
                format!("number {n} is not finite; JSON cannot hold it"),
            )
        })?,
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

fn number(n: &serde_yaml::Number) -> Option<Value> {
    if let Some(i) = n.as_i64() {
        Some(Value::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(Value::from(u))
    } else {
        n.as_f64()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
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

    #[test]
    fn numeric_version_becomes_a_string() {
        let doc = parse_document("openapi: 3.1\n", "t.yaml").unwrap();
        assert_eq!(doc["openapi"], "3.1");
    }
}
