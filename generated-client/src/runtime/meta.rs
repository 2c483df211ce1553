//! `Meta`: the envelope's `meta` where the spec leaves it untyped or documents an empty array.
//! Holds what the server is seen to send there (totals, page, message) and keeps the rest.

use std::collections::BTreeMap;

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::runtime::de;

/// The envelope's `meta` as the server sends it: `[]` or `{}` when there is nothing to say,
/// `{"total_count": n}`, `{"count": n}` or `{"page": n, "total_count": n}` on lists,
/// `{"message": ".."}` on errors and acknowledgements.
///
/// Every field is optional and read tolerantly (numbers also from numeric strings, a message
/// also from a number); a value that does not fit its field stays, as sent, in [`other`](Self::other),
/// with every key this type does not name. It decodes from `null`, `[]` and `{}` (all empty)
/// and from any object.
///
/// ```
/// use altegio::runtime::Meta;
///
/// let meta: Meta = serde_json::from_str(r#"{"total_count": "42", "page": 2}"#).unwrap();
/// assert_eq!((meta.total_count, meta.page), (Some(42), Some(2)));
/// assert_eq!(serde_json::from_str::<Meta>("[]").unwrap(), Meta::default());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// Number of items in the whole list (all pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// Number of items: of the whole list on most list calls, of this page on some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// The page this response holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// The server's message (errors, "Accepted", ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Every other key, and a named key whose value did not fit its field, as sent.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Meta {
    /// The size of the whole list: `total_count`, else `count` (list calls send one or the other).
    pub fn total(&self) -> Option<u64> {
        self.total_count.or(self.count)
    }

    /// Reads an object's keys; never fails (what does not fit stays in `other`).
    fn from_map(map: Map<String, Value>) -> Meta {
        let mut meta = Meta::default();
        for (key, value) in map {
            let kept = match key.as_str() {
                "total_count" => take(&mut meta.total_count, value, de::opt_int),
                "count" => take(&mut meta.count, value, de::opt_int),
                "page" => take(&mut meta.page, value, de::opt_int),
                "message" => take(&mut meta.message, value, de::opt_string),
                _ => Some(value),
            };
            if let Some(value) = kept {
                meta.other.insert(key, value);
            }
        }
        meta
    }
}

/// Sets `slot` from `value` through a tolerant reader; gives the value back when it does not fit
/// (so it is kept), and swallows `null` (absent).
fn take<T>(
    slot: &mut Option<T>,
    value: Value,
    read: fn(Value) -> Result<Option<T>, serde_json::Error>,
) -> Option<Value> {
    match read(value.clone()) {
        Ok(read) => {
            *slot = read;
            None
        }
        Err(_) => Some(value),
    }
}

impl<'de> Deserialize<'de> for Meta {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Meta::default()),
            Value::Object(map) => Ok(Meta::from_map(map)),
            // PHP's empty array for an empty map; a one-element list is the object it holds.
            Value::Array(items) if items.is_empty() => Ok(Meta::default()),
            Value::Array(mut items) if items.len() == 1 && items[0].is_object() => {
                match items.pop() {
                    Some(Value::Object(map)) => Ok(Meta::from_map(map)),
                    _ => Ok(Meta::default()),
                }
            }
            other => Err(D::Error::custom(format!(
                "expected meta to be an object, `[]` or null, got {other}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn meta(value: Value) -> Meta {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn empty_shapes_are_the_default() {
        for empty in [json!([]), json!({}), Value::Null] {
            assert_eq!(meta(empty), Meta::default());
        }
    }

    #[test]
    fn reads_totals_pages_and_messages_tolerantly() {
        let m = meta(json!({"total_count": 3}));
        assert_eq!((m.total_count, m.total()), (Some(3), Some(3)));
        let m = meta(json!({"count": "7", "page": 2.0}));
        assert_eq!((m.count, m.page, m.total()), (Some(7), Some(2), Some(7)));
        let m = meta(json!({"message": "x"}));
        assert_eq!(m.message.as_deref(), Some("x"));
        assert!(m.other.is_empty());
        assert_eq!(meta(json!([{"page": 1}])).page, Some(1));
    }

    #[test]
    fn keeps_unknown_keys_and_values_that_do_not_fit() {
        let m = meta(json!({"total_count": "many", "errors": {"phone": ["bad"]}, "page": null}));
        assert_eq!(m.total_count, None);
        assert_eq!(m.page, None);
        assert_eq!(m.other.get("total_count"), Some(&json!("many")));
        assert_eq!(m.other.get("errors"), Some(&json!({"phone": ["bad"]})));
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"total_count": "many", "errors": {"phone": ["bad"]}})
        );
    }

    #[test]
    fn round_trips_and_rejects_what_is_no_meta() {
        let original = json!({"total_count": 3, "page": 1, "message": "ok", "x": [1]});
        assert_eq!(
            serde_json::to_value(meta(original.clone())).unwrap(),
            original
        );
        assert!(serde_json::from_value::<Meta>(json!("text")).is_err());
        assert!(serde_json::from_value::<Meta>(json!([1, 2])).is_err());
    }
}
