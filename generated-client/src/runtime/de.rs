//! Lenient field deserializers the generated structs read their fields with (through the decoder
//! kinds of [`record`](super::record), or `#[serde(deserialize_with)]` where serde's derive stays).
//! They absorb what Altegio's PHP backend sends beyond the spec; serialization stays strict.
//!
//! Every `NAME` helper equals `opt_NAME(..).unwrap_or_default()`: whatever the optional variant
//! reads as `None` (null, a placeholder) the required variant reads as the type's default.
//!
//! | helper | accepts besides the spec type | absent (`None` / default) |
//! |---|---|---|
//! | [`int`] | integral floats `3.0`, numeric strings `" 12 "`, `"3.0"`, bools (1/0) | `null`, `""` |
//! | [`number`] | numeric strings with a `.` decimal point (`"1000.00"`), bools | `null`, `""` |
//! | [`boolean`] | `0`/`1`, `"0"`/`"1"`/`"true"`/`"false"` (any case) | `null`, `""` |
//! | [`string`] | numbers and bools, rendered as text (`true` -> `"true"`) | `null` |
//! | [`object`] | `[]` (PHP's empty array standing for an empty object), a one-element list `[{..}]` | `null`, `[]` |
//! | [`map`] | `[]` (empty map), a list `["a","b"]` (keys `"0"`, `"1"`, as PHP numbers them) | `null` |
//! | [`seq`] | an object `{"0": x, "3": y}` (PHP array with gaps): its values, in order | `null` |
//! | [`seq_of_objects`] | as [`seq`]; one object `{"id": 1}` (a one-element list); an item `[]` or `null` is an empty object/map | `null` |
//! | [`date`] | a date-time string (date part kept) | `null`, `""`, `0000-00-00…`, `-0001-11-30…`, `1900-01-01` |
//! | [`datetime`] | every layout [`DateTime`] parses, unix timestamps | as `date` at midnight, timestamp `0` |
//! | [`or_default`] | nothing: the type's own `Deserialize` decides (no `opt_` variant) | `null` |
//! | [`mismatch_as_default`] | anything: what does not decode as `T` is logged and read as absent | `null` |
//!
//! One-vs-many (an object for a list, a one-element list for an object) is explained in
//! `runtime/one_or_many.rs`; the envelope decoder applies the same rule to `data`.
//!
//! `1900-01-01` counts as a placeholder (the backend's "no date") in both variants, so a required
//! date holding it decodes to `Date::default()` (1970-01-01), exactly like `0000-00-00`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Unexpected, Visitor,
};

use super::datetime::{Date, DateTime};
use super::one_or_many::ListOrOne;

/// Integer types [`int`] and [`opt_int`] can produce.
pub trait Integer: sealed::Scalar {}

/// Floating-point types [`number`] and [`opt_number`] can produce.
pub trait Float: sealed::Scalar {}

/// An integer; also from integral floats, numeric strings and bools. `null`/`""` -> 0.
pub fn int<'de, D: Deserializer<'de>, T: Integer>(d: D) -> Result<T, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional integer; `null` and `""` -> `None`, otherwise as [`int`].
pub fn opt_int<'de, D: Deserializer<'de>, T: Integer>(d: D) -> Result<Option<T>, D::Error> {
    scalar(d)
}

/// A float; also from numeric strings (`.` decimal point only) and bools. `null`/`""` -> 0.
pub fn number<'de, D: Deserializer<'de>, T: Float>(d: D) -> Result<T, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional float; `null` and `""` -> `None`, otherwise as [`number`].
pub fn opt_number<'de, D: Deserializer<'de>, T: Float>(d: D) -> Result<Option<T>, D::Error> {
    scalar(d)
}

/// A bool; also from `0`/`1` and `"0"`/`"1"`/`"true"`/`"false"`. `null`/`""` -> `false`.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional bool; `null` and `""` -> `None`, otherwise as [`boolean`].
pub fn opt_boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    scalar(d)
}

/// A string; numbers and bools are rendered as text. `null` -> `""`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional string; `null` -> `None` (`""` stays `Some("")`), otherwise as [`string`].
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar(d)
}

/// A date ([`Date`]); `null`, `""` and placeholder dates -> `Date::default()`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional date; `null`, `""`, `0000-00-00`, `-0001-11-30` and `1900-01-01` -> `None`.
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    scalar(d)
}

/// A date-time ([`DateTime`]); `null`, `""`, placeholders and timestamp `0` -> `DateTime::default()`.
pub fn datetime<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
    scalar(d).map(Option::unwrap_or_default)
}

/// An optional date-time; `null`, `""`, placeholder dates (at midnight) and timestamp `0` -> `None`.
pub fn opt_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime>, D::Error> {
    scalar(d)
}

/// A struct (or any object-shaped `T`); `[]` and `null` -> `T::default()`, `[x]` -> `x`.
/// An array of two or more items is an error.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    opt_object(d).map(Option::unwrap_or_default)
}

/// An optional struct; `[]` and `null` -> `None`, `{}` -> `Some(T::default())` (given `#[serde(default)]`),
/// `[x]` -> `Some(x)`.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    d.deserialize_any(ObjectVisitor(PhantomData))
}

/// A map (`HashMap`/`BTreeMap`/`serde_json::Map`, …); `[]` and `null` -> empty, `["a","b"]` -> `{"0":"a","1":"b"}`.
pub fn map<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    opt_map(d).map(Option::unwrap_or_default)
}

/// An optional map; `null` -> `None`, `[]` -> `Some(empty)`, otherwise as [`map`].
pub fn opt_map<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    d.deserialize_any(MapVisitor(PhantomData))
}

/// A list; `null` -> empty, an object -> its values in document order. A lone scalar is an error.
pub fn seq<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    opt_seq(d).map(Option::unwrap_or_default)
}

/// An optional list; `null` -> `None`, `{}` -> `Some(vec![])`, otherwise as [`seq`].
pub fn opt_seq<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(SeqVisitor(PhantomData))
}

/// A list of objects or maps; as [`seq`], an item that is `[]` or `null` is `T::default()`, and
/// one object not keyed `"0"`, `"1"`, … is a one-element list.
pub fn seq_of_objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    opt_seq_of_objects(d).map(Option::unwrap_or_default)
}

/// An optional list of objects or maps; `null` -> `None`, otherwise as [`seq_of_objects`].
pub fn opt_seq_of_objects<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    let items = d.deserialize_any(ListOrOne::<EmptyAsDefault<T>>::new())?;
    Ok(items.map(|items| items.into_iter().map(|item| item.0).collect()))
}

/// One list item read by [`object`].
struct EmptyAsDefault<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for EmptyAsDefault<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(EmptyAsDefault)
    }
}

/// A value whose shape the server does not keep (an envelope's `meta`: `[]` on one call,
/// `{"message": ..}` on the next although the spec says an array): what does not decode as
/// `T` is logged at `warn` and read as `T::default()`.
pub fn mismatch_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    opt_mismatch_as_default(d).map(Option::unwrap_or_default)
}

/// As [`mismatch_as_default`], reading `null` and a mismatch as `None`.
pub fn opt_mismatch_as_default<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    if value.is_null() {
        return Ok(None);
    }
    match T::deserialize(value) {
        Ok(decoded) => Ok(Some(decoded)),
        Err(error) => {
            tracing::warn!(%error, "value does not match its documented type; reading it as absent");
            Ok(None)
        }
    }
}

/// Any other required type (enums, unions): `null` -> `T::default()`, everything else as `T` decodes it.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// The one place scalar tolerance lives; each `Scalar` impl says what a JSON value means to it.
fn scalar<'de, D: Deserializer<'de>, T: sealed::Scalar>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(ScalarVisitor(PhantomData))
}

mod sealed {
    /// How one JSON scalar reads as `Self`; `None` from a `from_*` number/bool method means
    /// "not acceptable", which the visitor reports with the offending value. By default only
    /// strings are acceptable, and a `u64` is as acceptable as the same `i64`.
    pub trait Scalar: Sized + Default {
        const EXPECTING: &'static str;
        fn from_str(v: &str) -> Parsed<Self>;
        fn from_bool(_v: bool) -> Option<Self> {
            None
        }
        fn from_i64(_v: i64) -> Option<Self> {
            None
        }
        fn from_u64(v: u64) -> Option<Self> {
            i64::try_from(v).ok().and_then(Self::from_i64)
        }
        fn from_f64(_v: f64) -> Option<Self> {
            None
        }
        /// For values that only mean "nothing here" when they are numbers (timestamp 0).
        fn number_is_absent(_v: i64) -> bool {
            false
        }
    }

    pub enum Parsed<T> {
        Value(T),
        Absent,
        Invalid,
    }
}

use sealed::{Parsed, Scalar};

struct ScalarVisitor<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::from_bool(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Bool(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        if T::number_is_absent(v) {
            return Ok(None);
        }
        T::from_i64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        if i64::try_from(v).is_ok_and(T::number_is_absent) {
            return Ok(None);
        }
        T::from_u64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::from_f64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        match T::from_str(v) {
            Parsed::Value(t) => Ok(Some(t)),
            Parsed::Absent => Ok(None),
            Parsed::Invalid => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// `Some(v)` when the float is a whole number that fits `i64`/`u64` and then `T`.
fn integral<T: TryFrom<i64> + TryFrom<u64>>(v: f64) -> Option<T> {
    // 2^63 and 2^64 are exact in f64; `as` is lossless inside these half-open ranges.
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    if v.fract() != 0.0 || !v.is_finite() {
        None
    } else if (-I64_END..I64_END).contains(&v) {
        T::try_from(v as i64).ok()
    } else if (0.0..U64_END).contains(&v) {
        T::try_from(v as u64).ok()
    } else {
        None
    }
}

/// Generic so one body serves every width (and `i64 -> i64` is not flagged as a no-op).
fn narrow<T: TryFrom<N>, N>(v: N) -> Option<T> {
    T::try_from(v).ok()
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Integer for $t {}
        impl Scalar for $t {
            const EXPECTING: &'static str = concat!("an integer fitting ", stringify!($t), " (number, numeric string or bool)");
            fn from_bool(v: bool) -> Option<Self> {
                Some(<$t>::from(v))
            }
            fn from_i64(v: i64) -> Option<Self> {
                narrow(v)
            }
            fn from_u64(v: u64) -> Option<Self> {
                narrow(v)
            }
            fn from_f64(v: f64) -> Option<Self> {
                integral(v)
            }
            fn from_str(v: &str) -> Parsed<Self> {
                let v = v.trim();
                if v.is_empty() {
                    return Parsed::Absent;
                }
                let parsed = v.parse::<$t>().ok().or_else(|| v.parse::<f64>().ok().and_then(integral));
                parsed.map_or(Parsed::Invalid, Parsed::Value)
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! floats {
    ($($t:ty => $from_f64:expr),*) => {$(
        impl Float for $t {}
        impl Scalar for $t {
            const EXPECTING: &'static str = concat!("a number fitting ", stringify!($t), " (number, numeric string or bool)");
            fn from_bool(v: bool) -> Option<Self> {
                Some(u8::from(v).into())
            }
            fn from_i64(v: i64) -> Option<Self> {
                Some(v as $t)
            }
            fn from_u64(v: u64) -> Option<Self> {
                Some(v as $t)
            }
            fn from_f64(v: f64) -> Option<Self> {
                Some($from_f64(v)).filter(|f: &$t| f.is_finite())
            }
            fn from_str(v: &str) -> Parsed<Self> {
                let v = v.trim();
                if v.is_empty() {
                    return Parsed::Absent;
                }
                // Rust's parser also takes "inf"/"NaN", which no JSON number can be.
                match v.parse::<$t>() {
                    Ok(f) if f.is_finite() => Parsed::Value(f),
                    _ => Parsed::Invalid,
                }
            }
        }
    )*};
}

// f32 narrowing may overflow to infinity, which `from_f64` then rejects.
floats!(f32 => |v: f64| v as f32, f64 => std::convert::identity);

impl Scalar for bool {
    const EXPECTING: &'static str = "a bool (true/false, 0/1, \"0\"/\"1\", \"true\"/\"false\")";

    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }

    fn from_i64(v: i64) -> Option<Self> {
        match v {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn from_f64(v: f64) -> Option<Self> {
        integral::<i64>(v).and_then(Self::from_i64)
    }

    fn from_str(v: &str) -> Parsed<Self> {
        let v = v.trim();
        if v.is_empty() {
            Parsed::Absent
        } else if v == "1" || v.eq_ignore_ascii_case("true") {
            Parsed::Value(true)
        } else if v == "0" || v.eq_ignore_ascii_case("false") {
            Parsed::Value(false)
        } else {
            Parsed::Invalid
        }
    }
}

impl Scalar for String {
    const EXPECTING: &'static str = "a string (numbers and bools are taken as text)";

    fn from_bool(v: bool) -> Option<Self> {
        Some(v.to_string())
    }

    fn from_i64(v: i64) -> Option<Self> {
        Some(v.to_string())
    }

    fn from_u64(v: u64) -> Option<Self> {
        Some(v.to_string())
    }

    fn from_f64(v: f64) -> Option<Self> {
        Some(v.to_string())
    }

    fn from_str(v: &str) -> Parsed<Self> {
        Parsed::Value(v.to_owned())
    }
}

/// Zero dates (MySQL's `0000-00-00`, PHP's rendering of it as `-0001-11-30`) never parse,
/// so they are caught by prefix; `1900-01-01` parses and is caught by value.
fn is_unparseable_placeholder(v: &str) -> bool {
    v.is_empty() || v.starts_with("0000-00-00") || v.starts_with("-0001-11-30")
}

fn placeholder_date() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1900, 1, 1)
}

impl Scalar for Date {
    const EXPECTING: &'static str = "a date as YYYY-MM-DD";

    fn from_str(v: &str) -> Parsed<Self> {
        let v = v.trim();
        if is_unparseable_placeholder(v) {
            return Parsed::Absent;
        }
        match v.parse::<Date>() {
            Ok(d) if Some(d.naive()) == placeholder_date() => Parsed::Absent,
            Ok(d) => Parsed::Value(d),
            Err(_) => Parsed::Invalid,
        }
    }
}

impl Scalar for DateTime {
    const EXPECTING: &'static str =
        "a date-time (RFC 3339, YYYY-MM-DD HH:MM:SS, YYYY-MM-DD) or a unix timestamp";

    fn from_i64(v: i64) -> Option<Self> {
        DateTime::from_timestamp(v)
    }

    fn from_str(v: &str) -> Parsed<Self> {
        let v = v.trim();
        if is_unparseable_placeholder(v) {
            return Parsed::Absent;
        }
        match v.parse::<DateTime>() {
            Ok(dt)
                if dt.naive_local().time() == chrono::NaiveTime::MIN
                    && Some(dt.naive_local().date()) == placeholder_date() =>
            {
                Parsed::Absent
            }
            Ok(dt) => Parsed::Value(dt),
            Err(_) => Parsed::Invalid,
        }
    }

    fn number_is_absent(v: i64) -> bool {
        v == 0
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (or an empty array, PHP's empty object, or a one-element array)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        let Some(only) = seq.next_element::<T>()? else {
            return Ok(None);
        };
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(Some(only)),
            Some(_) => Err(de::Error::invalid_type(
                Unexpected::Other("array of two or more items"),
                &self,
            )),
        }
    }
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for MapVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (or an array, PHP's list-shaped map)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        // A PHP list is an array keyed 0..n; rebuilding those keys needs the values buffered,
        // since serde cannot hand a sequence's elements to a map without knowing what follows.
        let mut entries = serde_json::Map::new();
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            entries.insert(entries.len().to_string(), value);
        }
        if entries.is_empty() {
            return Ok(Some(T::default()));
        }
        T::deserialize(serde_json::Value::Object(entries))
            .map(Some)
            .map_err(|e| {
                de::Error::custom(format_args!(
                    "array read as a map with keys \"0\", \"1\", …: {e}"
                ))
            })
    }
}

struct SeqVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array (or an object, PHP's array with non-sequential keys)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Vec<T>>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Vec<T>>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Vec<T>>, A::Error> {
        let mut items = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((IgnoredAny, value)) = map.next_entry::<IgnoredAny, T>()? {
            items.push(value);
        }
        Ok(Some(items))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::{Deserialize, Serialize};
    use serde_json::{json, Value};

    use super::*;

    // Shaped exactly as the generator emits structs: container default, helpers per field.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Position {
        #[serde(deserialize_with = "crate::runtime::de::int")]
        id: i64,
        #[serde(deserialize_with = "crate::runtime::de::string")]
        title: String,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct User {
        #[serde(deserialize_with = "crate::runtime::de::int")]
        id: u64,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_string"
        )]
        phone: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Image {
        #[serde(deserialize_with = "crate::runtime::de::int")]
        width: u32,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_int"
        )]
        height: Option<u32>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Service {
        #[serde(deserialize_with = "crate::runtime::de::number")]
        price_min: f64,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_number"
        )]
        price_max: Option<f32>,
        #[serde(deserialize_with = "crate::runtime::de::object")]
        image: Image,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct TeamMember {
        #[serde(deserialize_with = "crate::runtime::de::int")]
        id: i64,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_int"
        )]
        api_id: Option<i32>,
        #[serde(deserialize_with = "crate::runtime::de::string")]
        name: String,
        #[serde(deserialize_with = "crate::runtime::de::boolean")]
        fired: bool,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_boolean"
        )]
        hidden: Option<bool>,
        #[serde(deserialize_with = "crate::runtime::de::object")]
        position: Position,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_object"
        )]
        user: Option<User>,
        #[serde(deserialize_with = "crate::runtime::de::map")]
        custom_fields: BTreeMap<String, Value>,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_map"
        )]
        meta: Option<HashMap<String, String>>,
        #[serde(deserialize_with = "crate::runtime::de::seq")]
        services: Vec<Service>,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_seq"
        )]
        tags: Option<Vec<String>>,
        #[serde(deserialize_with = "crate::runtime::de::date")]
        schedule_till: Date,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_date"
        )]
        birth_date: Option<Date>,
        #[serde(deserialize_with = "crate::runtime::de::datetime")]
        created: DateTime,
        #[serde(
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::opt_datetime"
        )]
        last_change: Option<DateTime>,
    }

    fn member(v: Value) -> TeamMember {
        serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
    }

    fn member_err(v: Value) -> String {
        // From text, not a Value, so the error carries serde_json's position like a real response.
        match serde_json::from_str::<TeamMember>(&v.to_string()) {
            Ok(m) => panic!("{v} decoded as {m:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    #[test]
    fn a_php_shaped_team_member_decodes() {
        let got = member(json!({
            "id": "42", "api_id": "0", "name": 7, "fired": 0, "hidden": "1",
            "position": [], "user": {"id": 9.0, "phone": 79_001_234_567_u64, "extra": [1, 2]},
            "custom_fields": [], "meta": [],
            "services": {"0": {"price_min": "1000.00", "price_max": "1500.5", "image": {"width": "640", "height": "480"}},
                         "3": {"price_min": 0, "image": []}},
            "tags": null,
            "schedule_till": "0000-00-00", "birth_date": "1900-01-01",
            "created": "2026-04-20T12:36:27+0500", "last_change": "0000-00-00 00:00:00",
            "unknown_new_field": {"ignored": true}
        }));
        let five = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
        let want = TeamMember {
            id: 42,
            api_id: Some(0),
            name: "7".into(),
            fired: false,
            hidden: Some(true),
            position: Position::default(),
            user: Some(User {
                id: 9,
                phone: Some("79001234567".into()),
            }),
            custom_fields: BTreeMap::new(),
            meta: Some(HashMap::new()),
            services: vec![
                Service {
                    price_min: 1000.0,
                    price_max: Some(1500.5),
                    image: Image {
                        width: 640,
                        height: Some(480),
                    },
                },
                Service::default(),
            ],
            tags: None,
            schedule_till: Date::default(),
            birth_date: None,
            created: dt("2026-04-20 12:36:27").and_offset(five),
            last_change: None,
        };
        assert_eq!(got, want);
    }

    #[test]
    fn missing_fields_take_the_container_default() {
        assert_eq!(member(json!({})), TeamMember::default());
        assert_eq!(member(json!({"whatever": 1, "id": 3})).id, 3);
    }

    #[test]
    fn optional_integers() {
        let cases = [
            (json!("0"), Some(0)),
            (json!(0), Some(0)),
            (json!(null), None),
            (json!(""), None),
            (json!("  "), None),
            (json!(" 12 "), Some(12)),
            (json!("-7"), Some(-7)),
            (json!("3.0"), Some(3)),
            (json!(3.0), Some(3)),
            (json!(true), Some(1)),
            (json!(false), Some(0)),
        ];
        for (input, want) in cases {
            assert_eq!(member(json!({ "api_id": input })).api_id, want, "{input}");
        }
    }

    #[test]
    fn required_integers_read_absent_as_zero() {
        assert_eq!(member(json!({"id": null})).id, 0);
        assert_eq!(member(json!({"id": ""})).id, 0);
        assert_eq!(
            member(json!({"id": "9007199254740993"})).id,
            9_007_199_254_740_993
        );
        let user: User = serde_json::from_value(json!({"id": u64::MAX})).unwrap();
        assert_eq!(user.id, u64::MAX);
        let image: Image =
            serde_json::from_value(json!({"width": "640", "height": 480.0})).unwrap();
        assert_eq!(
            image,
            Image {
                width: 640,
                height: Some(480)
            }
        );
    }

    #[test]
    fn bad_integers_name_the_value() {
        let cases = [
            (
                json!({"api_id": "abc"}),
                "string \"abc\", expected an integer fitting i32",
            ),
            (json!({"api_id": 3.5}), "floating point `3.5`"),
            (json!({"api_id": "3.5"}), "string \"3.5\""),
            (
                json!({"api_id": 4_294_967_296_u64}),
                "integer `4294967296`, expected an integer fitting i32",
            ),
            (json!({"api_id": [1]}), "invalid type: sequence"),
            (json!({"id": {}}), "invalid type: map"),
        ];
        for (input, want) in cases {
            let err = member_err(input.clone());
            assert!(err.contains(want), "{input}: {err}");
        }
        let err = serde_json::from_value::<Image>(json!({"width": -1}))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("integer `-1`, expected an integer fitting u32"),
            "{err}"
        );
    }

    #[test]
    fn numbers() {
        let cases = [
            (json!("1000.00"), 1000.0, Some(1000.0_f32)),
            (json!(" 12.5 "), 12.5, Some(12.5)),
            (json!(12), 12.0, Some(12.0)),
            (json!(true), 1.0, Some(1.0)),
            (json!(null), 0.0, None),
            (json!(""), 0.0, None),
        ];
        for (input, min, max) in cases {
            let got: Service =
                serde_json::from_value(json!({"price_min": input, "price_max": input})).unwrap();
            assert_eq!((got.price_min, got.price_max), (min, max), "{input}");
        }
        for (bad, want) in [
            (
                json!("1,5"),
                "string \"1,5\", expected a number fitting f64",
            ),
            (json!("inf"), "string \"inf\""),
            (json!("NaN"), "string \"NaN\""),
        ] {
            let err = serde_json::from_value::<Service>(json!({"price_min": bad}))
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{bad}: {err}");
        }
        let err = serde_json::from_value::<Service>(json!({"price_max": 1e300}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected a number fitting f32"), "{err}");
    }

    #[test]
    fn booleans() {
        let cases = [
            (json!(true), true, Some(true)),
            (json!(false), false, Some(false)),
            (json!(1), true, Some(true)),
            (json!(0), false, Some(false)),
            (json!(1.0), true, Some(true)),
            (json!("1"), true, Some(true)),
            (json!("0"), false, Some(false)),
            (json!("TRUE"), true, Some(true)),
            (json!(" false "), false, Some(false)),
            (json!(null), false, None),
            (json!(""), false, None),
        ];
        for (input, fired, hidden) in cases {
            let got = member(json!({"fired": input, "hidden": input}));
            assert_eq!((got.fired, got.hidden), (fired, hidden), "{input}");
        }
        for (bad, want) in [
            (json!(2), "integer `2`"),
            (json!("yes"), "string \"yes\""),
            (json!(-1), "integer `-1`"),
        ] {
            let err = member_err(json!({ "fired": bad }));
            assert!(
                err.contains(want) && err.contains("expected a bool"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn strings() {
        let cases = [
            (json!("Anna"), "Anna", Some("Anna")),
            (json!(""), "", Some("")),
            (json!(123), "123", Some("123")),
            (json!(-5), "-5", Some("-5")),
            (json!(1.5), "1.5", Some("1.5")),
            (json!(true), "true", Some("true")),
            (json!(null), "", None),
        ];
        for (input, name, phone) in cases {
            assert_eq!(member(json!({ "name": input })).name, name, "{input}");
            let user: User = serde_json::from_value(json!({ "phone": input })).unwrap();
            assert_eq!(user.phone.as_deref(), phone, "{input}");
        }
        let err = member_err(json!({"name": {"first": "A"}}));
        assert!(
            err.contains("invalid type: map, expected a string"),
            "{err}"
        );
    }

    #[test]
    fn objects_accept_php_empty_arrays() {
        let full = json!({"id": "5", "title": "Barber"});
        let barber = Position {
            id: 5,
            title: "Barber".into(),
        };
        assert_eq!(member(json!({ "position": full })).position, barber);
        assert_eq!(
            member(json!({"position": []})).position,
            Position::default()
        );
        assert_eq!(
            member(json!({"position": {}})).position,
            Position::default()
        );
        assert_eq!(
            member(json!({"position": null})).position,
            Position::default()
        );

        assert_eq!(member(json!({"user": []})).user, None);
        assert_eq!(member(json!({"user": null})).user, None);
        assert_eq!(member(json!({"user": {}})).user, Some(User::default()));
        assert_eq!(
            member(json!({"user": {"id": 1}})).user,
            Some(User { id: 1, phone: None })
        );

        // One-vs-many: a one-element list is the object; two or more items are an error.
        assert_eq!(
            member(json!({"user": [{"id": 2}]})).user,
            Some(User { id: 2, phone: None })
        );
        assert_eq!(
            member(json!({"position": [{}]})).position,
            Position::default()
        );
        let err = member_err(json!({"position": [{"id": 1}, {"id": 2}]}));
        assert!(
            err.contains("invalid type: array of two or more items, expected an object"),
            "{err}"
        );
        let err = member_err(json!({"user": "nobody"}));
        assert!(
            err.contains("invalid type: string \"nobody\", expected an object"),
            "{err}"
        );
        let err = member_err(json!({"position": {"id": "x"}}));
        assert!(
            err.contains("string \"x\""),
            "errors inside the object surface: {err}"
        );
    }

    #[test]
    fn maps_accept_php_arrays() {
        let fields = |v: Value| member(json!({ "custom_fields": v })).custom_fields;
        assert!(fields(json!([])).is_empty());
        assert!(fields(json!({})).is_empty());
        assert!(fields(json!(null)).is_empty());
        assert_eq!(
            fields(json!({"color": "red"})),
            BTreeMap::from([("color".into(), json!("red"))])
        );
        assert_eq!(
            fields(json!(["a", {"b": 1}])),
            BTreeMap::from([("0".into(), json!("a")), ("1".into(), json!({"b": 1}))]),
        );

        let meta = |v: Value| member(json!({ "meta": v })).meta;
        assert_eq!(meta(json!([])), Some(HashMap::new()));
        assert_eq!(meta(json!({})), Some(HashMap::new()));
        assert_eq!(meta(json!(null)), None);
        assert_eq!(
            meta(json!({"k": "v"})),
            Some(HashMap::from([("k".into(), "v".into())]))
        );
        // Leniency stops at the container: the values' own Deserialize impls decide about them.
        let err = member_err(json!({"meta": {"k": 1}}));
        assert!(
            err.contains("invalid type: integer `1`, expected a string"),
            "{err}"
        );
        let err = member_err(json!({"custom_fields": "x"}));
        assert!(
            err.contains("invalid type: string \"x\", expected an object"),
            "{err}"
        );
        let err = member_err(json!({"meta": [[1]]}));
        assert!(err.contains("array read as a map with keys"), "{err}");
    }

    #[test]
    fn maps_of_other_shapes() {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct Holder {
            #[serde(deserialize_with = "crate::runtime::de::map")]
            json: serde_json::Map<String, Value>,
            #[serde(deserialize_with = "crate::runtime::de::map")]
            counts: HashMap<String, i64>,
            #[serde(deserialize_with = "crate::runtime::de::map")]
            nested: BTreeMap<String, Position>,
        }
        let h: Holder = serde_json::from_value(json!({
            "json": [], "counts": [4, 5], "nested": [{"id": "1", "title": 2}]
        }))
        .unwrap();
        assert!(h.json.is_empty());
        assert_eq!(h.counts, HashMap::from([("0".into(), 4), ("1".into(), 5)]));
        assert_eq!(
            h.nested,
            BTreeMap::from([(
                "0".into(),
                Position {
                    id: 1,
                    title: "2".into()
                }
            )])
        );
        let h: Holder = serde_json::from_value(json!({"json": {"a": null}})).unwrap();
        assert_eq!(h.json.get("a"), Some(&Value::Null));
    }

    #[test]
    fn sequences_accept_php_keyed_arrays() {
        let tags = |v: Value| member(json!({ "tags": v })).tags;
        assert_eq!(
            tags(json!(["a", "b"])),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            tags(json!({"0": "a", "3": "b"})),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            tags(json!({"7": "z", "2": "y"})),
            Some(vec!["z".to_owned(), "y".to_owned()]),
            "document order"
        );
        assert_eq!(tags(json!({})), Some(vec![]));
        assert_eq!(tags(json!([])), Some(vec![]));
        assert_eq!(tags(json!(null)), None);

        assert!(member(json!({"services": null})).services.is_empty());
        assert_eq!(
            member(json!({"services": [{}]})).services,
            vec![Service::default()]
        );

        for (bad, want) in [
            (json!("a"), "string \"a\""),
            (json!(1), "integer `1`"),
            (json!(true), "boolean `true`"),
        ] {
            let err = member_err(json!({ "tags": bad }));
            assert!(
                err.contains(&format!("invalid type: {want}, expected an array")),
                "{bad}: {err}"
            );
        }
        let err = member_err(json!({"services": [{"price_min": "x"}]}));
        assert!(err.contains("string \"x\""), "{err}");
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Receipt {
        #[serde(default, deserialize_with = "super::seq_of_objects")]
        lines: Vec<BTreeMap<String, Value>>,
        #[serde(default, deserialize_with = "super::opt_seq_of_objects")]
        items: Option<Vec<Service>>,
    }

    #[test]
    fn lists_of_objects_accept_php_empty_items() {
        let receipt: Receipt = serde_json::from_value(json!({
            "lines": [[], {"a": 1}, null],
            "items": [[], {"price_min": "5"}]
        }))
        .unwrap();
        assert_eq!(receipt.lines.len(), 3);
        assert!(receipt.lines[0].is_empty() && receipt.lines[2].is_empty());
        assert_eq!(receipt.lines[1]["a"], json!(1));
        let items = receipt.items.unwrap();
        assert_eq!(items[0], Service::default());
        assert_eq!(items[1].price_min, 5.0);
        let err = serde_json::from_value::<Receipt>(json!({"lines": [[1]]})).unwrap_err();
        assert!(err.to_string().contains("expected"), "{err}");
    }

    #[test]
    fn lists_of_objects_accept_one_object_as_a_one_element_list() {
        let receipt: Receipt = serde_json::from_value(json!({
            "lines": {"a": 1},
            "items": {"price_min": "5"}
        }))
        .unwrap();
        assert_eq!(receipt.lines.len(), 1);
        assert_eq!(receipt.lines[0]["a"], json!(1));
        assert_eq!(receipt.items.unwrap()[0].price_min, 5.0);
        // Keyed "0", "1", …: PHP's list with gaps, read as its values.
        let receipt: Receipt = serde_json::from_value(json!({
            "items": {"0": {"price_min": 1}, "7": []}
        }))
        .unwrap();
        assert_eq!(
            receipt.items.unwrap(),
            vec![
                Service {
                    price_min: 1.0,
                    ..Service::default()
                },
                Service::default()
            ]
        );
        let receipt: Receipt = serde_json::from_value(json!({"items": {}})).unwrap();
        assert_eq!(receipt.items, Some(vec![]));
        let err =
            serde_json::from_value::<Receipt>(json!({"items": {"price_min": "x"}})).unwrap_err();
        assert!(err.to_string().contains("\"x\""), "{err}");
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Envelope {
        #[serde(default, deserialize_with = "super::mismatch_as_default")]
        meta: Vec<BTreeMap<String, Value>>,
        #[serde(default, deserialize_with = "super::opt_mismatch_as_default")]
        extra: Option<Service>,
    }

    #[test]
    fn mismatched_values_read_as_absent() {
        let env = |v: Value| serde_json::from_value::<Envelope>(v).unwrap();
        assert!(env(json!({"meta": {"message": "Saved"}})).meta.is_empty());
        assert_eq!(env(json!({"meta": [{"a": 1}]})).meta[0]["a"], json!(1));
        assert_eq!(env(json!({"extra": "oops"})).extra, None);
        assert_eq!(env(json!({"extra": null})).extra, None);
        assert_eq!(env(json!({"extra": {}})).extra, Some(Service::default()));
    }

    #[test]
    fn dates_and_placeholders() {
        let dates = |v: Value| {
            let m = member(json!({ "schedule_till": v, "birth_date": v }));
            (m.schedule_till, m.birth_date)
        };
        assert_eq!(
            dates(json!("2026-04-20")),
            (day(2026, 4, 20), Some(day(2026, 4, 20)))
        );
        assert_eq!(
            dates(json!("2026-04-20 00:00:00")),
            (day(2026, 4, 20), Some(day(2026, 4, 20)))
        );
        for absent in [
            json!(null),
            json!(""),
            json!("0000-00-00"),
            json!("0000-00-00 00:00:00"),
            json!("1900-01-01"),
            json!("-0001-11-30"),
        ] {
            assert_eq!(dates(absent.clone()), (Date::default(), None), "{absent}");
        }
        let err = member_err(json!({"birth_date": "2026-02-30"}));
        assert!(
            err.contains("string \"2026-02-30\", expected a date"),
            "{err}"
        );
        let err = member_err(json!({"schedule_till": 20_260_420}));
        assert!(err.contains("integer `20260420`"), "{err}");
    }

    #[test]
    fn datetimes_and_placeholders() {
        let times = |v: Value| {
            let m = member(json!({ "created": v, "last_change": v }));
            (m.created, m.last_change)
        };
        let five = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
        let local = dt("2026-04-20 18:30:00");
        for (input, want) in [
            ("2026-04-20 18:30:00", local),
            ("2026-04-20T18:30:00+05:00", local.and_offset(five)),
            ("2026-04-20T18:30:00+0500", local.and_offset(five)),
            ("1900-01-01 12:00:00", dt("1900-01-01 12:00:00")),
        ] {
            assert_eq!(times(json!(input)), (want, Some(want)), "{input}");
        }
        let stamp = DateTime::from_timestamp(1_776_709_800).unwrap();
        assert_eq!(times(json!(1_776_709_800)), (stamp, Some(stamp)));
        for absent in [
            json!(null),
            json!(""),
            json!(0),
            json!("0000-00-00 00:00:00"),
            json!("1900-01-01 00:00:00"),
            json!("0000-00-00"),
        ] {
            assert_eq!(
                times(absent.clone()),
                (DateTime::default(), None),
                "{absent}"
            );
        }
        let err = member_err(json!({"last_change": "20.04.2026 18:30"}));
        assert!(
            err.contains("string \"20.04.2026 18:30\", expected a date-time"),
            "{err}"
        );
        let err = member_err(json!({"created": false}));
        assert!(err.contains("boolean `false`"), "{err}");
    }

    #[test]
    fn or_default_only_forgives_null() {
        #[derive(Debug, Default, PartialEq, Deserialize)]
        enum Kind {
            #[default]
            #[serde(rename = "percent")]
            Percent,
            #[serde(rename = "fixed")]
            Fixed,
        }
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct Holder {
            #[serde(deserialize_with = "crate::runtime::de::or_default")]
            kind: Kind,
            #[serde(deserialize_with = "crate::runtime::de::or_default")]
            boxed: Box<Option<u8>>,
        }
        let kind = |v: Value| serde_json::from_value::<Holder>(json!({ "kind": v }));
        assert_eq!(kind(json!("fixed")).unwrap().kind, Kind::Fixed);
        assert_eq!(kind(json!(null)).unwrap().kind, Kind::Percent);
        let err = kind(json!("other")).unwrap_err().to_string();
        assert!(err.contains("unknown variant `other`"), "{err}");
        let boxed: Holder = serde_json::from_value(json!({"boxed": 4})).unwrap();
        assert_eq!(*boxed.boxed, Some(4));
    }

    /// `NAME(x) == opt_NAME(x).unwrap_or_default()` for every helper and a spread of inputs.
    #[test]
    fn required_is_optional_or_default() {
        let inputs = [
            json!(null),
            json!(""),
            json!("0"),
            json!("12"),
            json!(" 1 "),
            json!("abc"),
            json!(0),
            json!(1),
            json!(-3),
            json!(2.5),
            json!(true),
            json!(false),
            json!([]),
            json!([1]),
            json!({}),
            json!({"0": 1}),
            json!("2026-04-20"),
            json!("0000-00-00"),
            json!("1900-01-01"),
            json!("2026-04-20T18:30:00+05:00"),
        ];
        macro_rules! same {
            ($req:ident, $opt:ident, $t:ty) => {
                for v in &inputs {
                    let req: Result<$t, _> = $req(v);
                    let opt: Result<Option<$t>, _> = $opt(v);
                    assert_eq!(
                        req.ok(),
                        opt.map(Option::unwrap_or_default).ok(),
                        "{} on {v}",
                        stringify!($req)
                    );
                }
            };
        }
        same!(int, opt_int, i64);
        same!(int, opt_int, u8);
        same!(number, opt_number, f64);
        same!(boolean, opt_boolean, bool);
        same!(string, opt_string, String);
        same!(object, opt_object, Position);
        same!(map, opt_map, BTreeMap<String, Value>);
        same!(seq, opt_seq, Vec<Value>);
        same!(date, opt_date, Date);
        same!(datetime, opt_datetime, DateTime);
    }

    #[test]
    fn serialization_stays_strict() {
        let m = member(json!({
            "id": "1", "api_id": null, "name": 5, "fired": "1", "hidden": null, "position": [],
            "custom_fields": [], "meta": null, "services": {"2": {"price_min": "10.50", "image": {"width": "64"}}},
            "schedule_till": "2026-04-20 00:00:00", "birth_date": "0000-00-00",
            "created": "2026-04-20T12:36:27+0500", "last_change": "2026-04-20 18:30"
        }));
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({
                "id": 1, "name": "5", "fired": true, "position": {"id": 0, "title": ""},
                "custom_fields": {}, "services": [{"price_min": 10.5, "image": {"width": 64}}],
                "schedule_till": "2026-04-20", "created": "2026-04-20T12:36:27+05:00",
                "last_change": "2026-04-20 18:30:00"
            })
        );
        // What we print, we read back unchanged.
        assert_eq!(member(serde_json::to_value(&m).unwrap()), m);
    }
}
