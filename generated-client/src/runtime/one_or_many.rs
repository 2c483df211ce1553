//! One-vs-many tolerance: Altegio answers a single object where the spec declares a list, and a
//! one-element list where it declares an object. Lists of objects read through [`ListOrOne`]
//! (`de::seq_of_objects`), struct fields through `de::object`'s visitor, and the envelope's
//! `data` through [`other_shape`], so fields and `data` accept the same shapes:
//!
//! | declared | also accepted |
//! |---|---|
//! | an object | a list holding exactly one object (more than one is an error: no data is dropped) |
//! | a list of objects | one object (a one-element list); an object keyed `"0"`, `"1"`, … is PHP's list with gaps |

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Whether an object is PHP's list with gaps (`{"0": a, "3": b}`) rather than one record.
pub(crate) fn is_php_list(map: &Map<String, Value>) -> bool {
    !map.is_empty()
        && map
            .keys()
            .all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
}

/// The other reading of a `data` value that failed to decode as declared: one object for a
/// one-element list, a one-element list for one object, the values of a PHP list with gaps,
/// `{}` for `[]`. `None` when no other reading exists.
pub(crate) fn other_shape(value: &Value) -> Option<Value> {
    match value {
        Value::Array(items) if items.is_empty() => Some(Value::Object(Map::new())),
        Value::Array(items) if items.len() == 1 => Some(items[0].clone()),
        Value::Object(map) if is_php_list(map) => {
            Some(Value::Array(map.values().cloned().collect()))
        }
        Value::Object(_) => Some(Value::Array(vec![value.clone()])),
        _ => None,
    }
}

/// Reads a list of `I`; an object is one item, or, keyed `"0"`, `"1"`, …, a PHP list with gaps.
pub(crate) struct ListOrOne<I>(PhantomData<I>);

impl<I> ListOrOne<I> {
    pub(crate) fn new() -> Self {
        ListOrOne(PhantomData)
    }
}

impl<'de, I: Deserialize<'de>> Visitor<'de> for ListOrOne<I> {
    type Value = Option<Vec<I>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects (or one object)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<I>::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Which reading applies is known only once every key is seen, so the object is buffered.
        let mut entries = Map::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            entries.insert(key, value);
        }
        let items = if entries.is_empty() {
            Vec::new()
        } else if is_php_list(&entries) {
            entries.into_iter().map(|(_, v)| v).collect()
        } else {
            vec![Value::Object(entries)]
        };
        items
            .into_iter()
            .map(|item| I::deserialize(item).map_err(de::Error::custom))
            .collect::<Result<Vec<I>, A::Error>>()
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn other_shape_swaps_one_and_many() {
        assert_eq!(other_shape(&json!([{"id": 1}])), Some(json!({"id": 1})));
        assert_eq!(other_shape(&json!({"id": 1})), Some(json!([{"id": 1}])));
        assert_eq!(
            other_shape(&json!({"0": {"id": 1}, "4": {"id": 2}})),
            Some(json!([{"id": 1}, {"id": 2}]))
        );
        assert_eq!(other_shape(&json!([])), Some(json!({})));
        assert_eq!(other_shape(&json!([{"id": 1}, {"id": 2}])), None);
        assert_eq!(other_shape(&json!(7)), None);
        assert_eq!(other_shape(&Value::Null), None);
    }

    #[test]
    fn php_list_keys_are_all_digits() {
        let map = |v: Value| v.as_object().cloned().unwrap();
        assert!(is_php_list(&map(json!({"0": 1, "12": 2}))));
        assert!(!is_php_list(&map(json!({"0": 1, "id": 2}))));
        assert!(!is_php_list(&map(json!({"": 1}))));
        assert!(!is_php_list(&Map::new()));
    }
}
