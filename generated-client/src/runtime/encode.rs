//! Turns serde values into the text of path, query, header and form parameters.
//! Booleans become `1`/`0` because PHP validators (Altegio's backend) reject the string `true`.

use serde::Serialize;
use serde_json::Value;

/// Serializes a parameter value to a JSON value; `Err` carries serde's message.
pub(crate) fn to_value(value: &impl Serialize) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// Text of a scalar; `None` for `null`. Arrays are comma-joined, objects become JSON text
/// (OpenAPI's `simple` style), which is what path and header parameters use.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        Value::Number(n) => Some(number_text(n)),
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(_) => Some(value.to_string()),
    }
}

/// A number as text; integral floats print without `.0`, since the spec types many ids as
/// `number` and `/company/42.0` is not `/company/42`.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{f:.0}")
        }
        _ => n.to_string(),
    }
}

/// Query pairs for parameter `name`: arrays repeat the key when `explode` (the name is kept as
/// given, so `ids[]` stays `ids[]`), else are comma-joined; objects use PHP bracket notation.
pub(crate) fn query_pairs(
    name: &str,
    value: &Value,
    explode: bool,
    out: &mut Vec<(String, String)>,
) {
    match value {
        Value::Array(items) if explode => {
            for item in items {
                if let Some(text) = scalar_text(item) {
                    out.push((name.to_owned(), text));
                }
            }
        }
        Value::Object(_) => bracket_pairs(name, value, out),
        _ => {
            if let Some(text) = scalar_text(value) {
                out.push((name.to_owned(), text));
            }
        }
    }
}

/// Flattens a value into PHP-style pairs (`a[b]=1`, `a[]=1`), the shape `parse_str` reads.
pub(crate) fn bracket_pairs(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                bracket_pairs(&format!("{prefix}[]"), item, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}[{key}]")
                };
                bracket_pairs(&name, item, out);
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                out.push((prefix.to_owned(), text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(name: &str, value: Value, explode: bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        query_pairs(name, &value, explode, &mut out);
        out
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn query_shapes() {
        assert_eq!(
            pairs("ids[]", json!([1, 2]), true),
            vec![p("ids[]", "1"), p("ids[]", "2")]
        );
        assert_eq!(pairs("ids", json!([1, 2]), false), vec![p("ids", "1,2")]);
        assert_eq!(pairs("page", json!(3), true), vec![p("page", "3")]);
        assert_eq!(pairs("page", json!(3.0), true), vec![p("page", "3")]);
        assert_eq!(pairs("price", json!(-2.5), true), vec![p("price", "-2.5")]);
        assert_eq!(pairs("big", json!(1e300), true), vec![p("big", "1e+300")]);
        assert_eq!(pairs("deleted", json!(true), true), vec![p("deleted", "1")]);
        assert!(pairs("page", Value::Null, true).is_empty());
        assert_eq!(
            pairs("f", json!({"a": 1, "b": [2]}), true),
            vec![p("f[a]", "1"), p("f[b][]", "2")]
        );
    }

    #[test]
    fn form_shapes() {
        let mut out = Vec::new();
        bracket_pairs(
            "",
            &json!({"name": "x", "skip": null, "tags": ["a"], "pos": {"id": 1}}),
            &mut out,
        );
        assert_eq!(
            out,
            vec![p("name", "x"), p("tags[]", "a"), p("pos[id]", "1")]
        );
    }
}
