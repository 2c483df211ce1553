//! A schema inferred from example values, conservatively: every property optional, money as
//! numbers, data-keyed objects as maps, disagreeing or empty-only places left untyped with why.

use serde_json::{json, Map, Value};

use crate::evidence::is_empty;

/// Name parts that mark money or an amount: such a field is a `number` even when every example
/// shows a whole number (`50` today, `49.5` tomorrow).
const MONEY_WORDS: &[&str] = &[
    "amount", "balance", "cost", "price", "sum", "total", "paid", "spent", "salary", "income",
    "expense", "fee", "discount", "debt", "cash", "tip", "tips", "bonus", "revenue", "profit",
    "tax", "vat", "refund", "charge", "money",
];

/// Name parts that mark a count or key, never money (`total_count`, `deposit_type_id`).
const NOT_MONEY_LAST: &[&str] = &["id", "ids", "count", "number", "type", "code"];

/// What the inference decided, and what a reviewer must look at.
#[derive(Debug, Default)]
pub struct Inference {
    /// `path inside the value: what was left untyped and why`.
    pub notes: Vec<String>,
    /// The envelope's `meta` key when the runtime reads `meta` itself (left an untyped object).
    pub runtime_meta: Option<(String, String, String)>,
}

impl Inference {
    /// The schema the values show; `None` when every value is empty (nothing to infer).
    pub fn schema(&mut self, values: &[&Value]) -> Option<Value> {
        if values.iter().all(|v| is_empty(v)) {
            return None;
        }
        Some(self.infer(values, None, ""))
    }

    fn note(&mut self, path: &str, text: String) {
        let at = if path.is_empty() { "/" } else { path };
        self.notes.push(format!("{at}: {text}"));
    }

    fn infer(&mut self, values: &[&Value], key: Option<&str>, path: &str) -> Value {
        let present: Vec<&Value> = values.iter().copied().filter(|v| !v.is_null()).collect();
        if present.is_empty() {
            return self.untyped(path, "every example is null");
        }
        let kinds: Vec<&str> = {
            let mut kinds: Vec<&str> = present
                .iter()
                .map(|v| kind(v))
                // PHP sends `[]` for an empty object: it agrees with any object.
                .filter(|k| *k != "empty array" || !present.iter().any(|v| v.is_object()))
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            kinds
        };
        match kinds.as_slice() {
            ["boolean"] => json!({"type": "boolean"}),
            ["integer"] if is_money(key) => json!({"type": "number"}),
            ["integer"] => json!({"type": "integer"}),
            ["number"] | ["integer", "number"] => json!({"type": "number"}),
            ["string"] => string_schema(&present),
            ["array" | "empty array", ..] if kinds.iter().all(|k| k.ends_with("array")) => {
                self.array(&present, path)
            }
            ["object"] => self.object(&present, path),
            _ => self.untyped(
                path,
                &format!("the examples disagree ({})", kinds.join(", ")),
            ),
        }
    }

    /// `{description}`: no type, so it stays `serde_json::Value`, and the docs say why.
    fn untyped(&mut self, path: &str, why: &str) -> Value {
        self.note(path, format!("left untyped: {why}"));
        json!({"description": format!("Untyped: {why}.")})
    }

    fn array(&mut self, arrays: &[&Value], path: &str) -> Value {
        let items: Vec<&Value> = arrays
            .iter()
            .filter_map(|v| v.as_array())
            .flatten()
            .collect();
        if items.is_empty() {
            self.note(
                path,
                "items left untyped: every example is an empty list".into(),
            );
            return json!({"type": "array"});
        }
        json!({"type": "array", "items": self.infer(&items, None, &format!("{path}/*"))})
    }

    fn object(&mut self, objects: &[&Value], path: &str) -> Value {
        let maps: Vec<&Map<String, Value>> = objects.iter().filter_map(|v| v.as_object()).collect();
        if maps.iter().all(|m| m.is_empty()) {
            self.note(
                path,
                "properties left out: every example is an empty object".into(),
            );
            return json!({"type": "object"});
        }
        if maps.iter().flat_map(|m| m.keys()).any(|k| is_data_key(k)) {
            let values: Vec<&Value> = maps.iter().flat_map(|m| m.values()).collect();
            let inner = self.infer(&values, None, &format!("{path}/*"));
            return json!({"type": "object", "additionalProperties": inner});
        }
        let mut keys: Vec<&String> = Vec::new();
        for key in maps.iter().flat_map(|m| m.keys()) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let has = |name: &str| keys.iter().any(|k| *k == name);
        let envelope_meta = self
            .runtime_meta
            .clone()
            .filter(|(data, success, meta)| has(data) && (has(success) || has(meta)));
        let mut properties = Map::new();
        for key in keys {
            let inner_path = format!("{path}/{key}");
            let schema = match &envelope_meta {
                Some((_, _, meta)) if key == meta => json!({"type": "object"}),
                _ => {
                    let values: Vec<&Value> = maps.iter().filter_map(|m| m.get(key)).collect();
                    self.infer(&values, Some(key), &inner_path)
                }
            };
            properties.insert(key.clone(), schema);
        }
        json!({"type": "object", "properties": properties})
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(items) if items.is_empty() => "empty array",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_money(key: Option<&str>) -> bool {
    let Some(key) = key else {
        return false;
    };
    let lower = key.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['_', '-']).filter(|w| !w.is_empty()).collect();
    let last_is_key = words.last().is_some_and(|w| NOT_MONEY_LAST.contains(w));
    !last_is_key && words.iter().any(|w| MONEY_WORDS.contains(w))
}

/// A key that is data rather than a field name: an id (`"123"`) or anything that is no
/// identifier (`"key-1"`, `"Some title"`), so the object is a map.
fn is_data_key(key: &str) -> bool {
    let mut chars = key.chars();
    let starts = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    !(starts && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// `string`, with `format: date`/`date-time` only when every non-empty example is one.
fn string_schema(values: &[&Value]) -> Value {
    let texts: Vec<&str> = values
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    if !texts.is_empty() && texts.iter().all(|t| is_date(t)) {
        return json!({"type": "string", "format": "date"});
    }
    if !texts.is_empty() && texts.iter().all(|t| is_datetime(t)) {
        return json!({"type": "string", "format": "date-time"});
    }
    json!({"type": "string"})
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    is_date_bytes(text.as_bytes())
}

/// Bytes, not `str` slices: a slice of text at a fixed offset may split a character.
fn is_date_bytes(b: &[u8]) -> bool {
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// `YYYY-MM-DD`, `T` or a space, `HH:MM`, anything after.
fn is_datetime(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 16
        && is_date_bytes(&b[..10])
        && matches!(b[10], b'T' | b' ')
        && b[11..16].iter().enumerate().all(|(i, c)| match i {
            2 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(values: &[Value]) -> (Option<Value>, Vec<String>) {
        let mut inference = Inference::default();
        let refs: Vec<&Value> = values.iter().collect();
        let schema = inference.schema(&refs);
        (schema, inference.notes)
    }

    #[test]
    fn one_sample_gives_optional_properties() {
        let (schema, notes) =
            infer(&[json!({"id": 1, "title": "a", "on": true, "at": "2026-06-01"})]);
        assert_eq!(
            schema.unwrap(),
            json!({"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"},
                "on": {"type": "boolean"}, "at": {"type": "string", "format": "date"}
            }})
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn money_is_a_number_even_when_whole() {
        let (schema, _) = infer(&[
            json!({"price_min": 50, "balance": -1200, "deposit_type_id": 1, "total_count": 3}),
        ]);
        let props = &schema.unwrap()["properties"];
        assert_eq!(props["price_min"], json!({"type": "number"}));
        assert_eq!(props["balance"], json!({"type": "number"}));
        assert_eq!(props["deposit_type_id"], json!({"type": "integer"}));
        assert_eq!(props["total_count"], json!({"type": "integer"}));
    }

    #[test]
    fn conflicting_scalars_stay_untyped_with_the_reason() {
        let (schema, notes) = infer(&[json!({"card": 555}), json!({"card": ""})]);
        let card = &schema.unwrap()["properties"]["card"];
        assert!(card.get("type").is_none(), "{card}");
        assert_eq!(
            notes,
            ["/card: left untyped: the examples disagree (integer, string)"]
        );
        let (schema, _) = infer(&[json!({"n": 1}), json!({"n": 1.5}), json!({"n": null})]);
        assert_eq!(
            schema.unwrap()["properties"]["n"],
            json!({"type": "number"})
        );
    }

    #[test]
    fn data_keys_make_maps_and_php_empty_arrays_agree_with_objects() {
        let (schema, _) = infer(&[
            json!({"custom_fields": {"key-1": "value-1"}}),
            json!({"custom_fields": []}),
        ]);
        assert_eq!(
            schema.unwrap()["properties"]["custom_fields"],
            json!({"type": "object", "additionalProperties": {"type": "string"}})
        );
        let (schema, _) = infer(&[json!({"12": {"id": 12}, "14": {"id": 14}})]);
        assert_eq!(
            schema.unwrap()["additionalProperties"],
            json!({"type": "object", "properties": {"id": {"type": "integer"}}})
        );
    }

    #[test]
    fn empty_only_values_say_so() {
        assert_eq!(infer(&[json!([]), json!(null), json!({})]).0, None);
        let (schema, notes) = infer(&[json!({"tags": [], "extra": {}, "gone": null})]);
        let props = &schema.unwrap()["properties"];
        assert_eq!(props["tags"], json!({"type": "array"}));
        assert_eq!(props["extra"], json!({"type": "object"}));
        assert!(props["gone"].get("type").is_none());
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn list_items_merge_across_samples_and_date_times_are_recognised() {
        let (schema, _) = infer(&[
            json!(["2026-09-21T23:00:00.000-05:00"]),
            json!(["2026-09-22 10:00:00"]),
        ]);
        assert_eq!(
            schema.unwrap(),
            json!({"type": "array", "items": {"type": "string", "format": "date-time"}})
        );
        // Multi-byte text at the date's offsets is just text.
        let (schema, _) = infer(&[json!("€€€€€€€€"), json!("2026-06-0€ 10:00")]);
        assert_eq!(schema.unwrap(), json!({"type": "string"}));
    }

    #[test]
    fn the_runtime_read_meta_is_left_an_object() {
        let mut inference = Inference {
            runtime_meta: Some(("data".into(), "success".into(), "meta".into())),
            ..Inference::default()
        };
        let value = json!({"success": true, "data": {"id": 1}, "meta": {"count": 1}});
        let schema = inference.schema(&[&value]).unwrap();
        assert_eq!(schema["properties"]["meta"], json!({"type": "object"}));
    }
}
