//! Decoding the generated structs without serde's derive: one map visitor shared by every
//! struct, and each tolerant field read by a decoder kind named in a match arm.
//!
//! serde's derive wraps every `deserialize_with` field in a type of its own, twice (map and
//! sequence form), and gives every struct a field-name enum and a sequence visitor; with
//! thousands of tolerant fields that was most of the crate's build time and memory. Here a
//! generated struct only implements [`Record::read_field`], one arm per field:
//!
//! ```ignore
//! "id" => self.id = r::read(map, r::OptInt)?,
//! ```
//!
//! and gets its `Deserialize` impl from the `impl_deserialize!` macro, one line.
//!
//! Decoding is what the derive with `#[serde(default)]` did: absent fields keep the struct's
//! `Default`, unknown keys are skipped, `[]` (PHP's empty object) is the default struct, and each
//! kind calls the [`de`] function its doc names. One difference: a key sent twice
//! keeps its last value instead of failing.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde::Deserialize;

use super::datetime;
use super::de::{self, Float, Integer};

/// A generated struct that decodes field by field.
pub trait Record: Default {
    /// The struct's Rust name, for error messages.
    const NAME: &'static str;

    /// Reads the next value of `map` into the field named `key` on the wire; `Ok(false)`, with
    /// the value left unread, when no field has that name.
    ///
    /// # Errors
    ///
    /// The map's error when the value does not decode as the field.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
}

/// `Deserialize::deserialize` of a [`Record`].
///
/// # Errors
///
/// The deserializer's error when the input is not an object (or `[]`) or a field fails.
pub fn record<'de, D: Deserializer<'de>, T: Record>(deserializer: D) -> Result<T, D::Error> {
    // No field list: JSON deserializers do not use it (only serde's `flatten` into a parent
    // would, and generated structs are never flattened).
    deserializer.deserialize_struct(T::NAME, &[], RecordVisitor(PhantomData))
}

/// `impl Deserialize for $name` through [`record`]: one line per generated struct.
// Unused only when no feature compiles a generated struct (`default-features = false` alone).
#[allow(unused_macros)]
macro_rules! impl_deserialize {
    ($name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::record::record(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use impl_deserialize;

/// Reads the next value of `map` with the decoder `kind` (one of the unit structs below).
///
/// # Errors
///
/// The map's error when the value does not decode.
pub fn read<'de, A, K, T>(map: &mut A, kind: K) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    K: Decoder<T>,
{
    map.next_value_seed(Seed(kind, PhantomData))
}

/// How one field's value is decoded: a [`de`] function as a type.
pub trait Decoder<T> {
    /// Decodes `T` from `deserializer`.
    ///
    /// # Errors
    ///
    /// The deserializer's error.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

struct Seed<K, T>(K, PhantomData<T>);

impl<'de, K: Decoder<T>, T> DeserializeSeed<'de> for Seed<K, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        K::decode(deserializer)
    }
}

struct RecordVisitor<T>(PhantomData<T>);

impl<'de, T: Record> Visitor<'de> for RecordVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut record = T::default();
        while let Some(Key(key)) = map.next_key()? {
            if !record.read_field(&key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(record)
    }

    /// `[]` is PHP's empty object; a list with items is not a struct.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(T::default()),
            Some(_) => Err(serde::de::Error::invalid_type(Unexpected::Seq, &self)),
        }
    }
}

/// A key as the deserializer hands it over: borrowed when it can be, so most keys cost nothing.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Declares decoder kinds: `Kind<generics> for FieldType => de_function;`.
macro_rules! kinds {
    ($( $(#[$doc:meta])* $kind:ident $(<$t:ident: $($bound:path),+>)? for $ty:ty => $with:expr; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $kind;

        impl$(<$t: $($bound +)+>)? Decoder<$ty> for $kind {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                $with(deserializer)
            }
        }
    )*};
}

kinds! {
    /// The type's own `Deserialize`, nothing more.
    Plain<T: DeserializeOwned> for T => T::deserialize;
    /// [`de::int`].
    Int<T: Integer> for T => de::int;
    /// [`de::opt_int`].
    OptInt<T: Integer> for Option<T> => de::opt_int;
    /// [`de::number`].
    Number<T: Float> for T => de::number;
    /// [`de::opt_number`].
    OptNumber<T: Float> for Option<T> => de::opt_number;
    /// [`de::boolean`].
    Boolean for bool => de::boolean;
    /// [`de::opt_boolean`].
    OptBoolean for Option<bool> => de::opt_boolean;
    /// [`de::string`].
    Text for String => de::string;
    /// [`de::opt_string`].
    OptText for Option<String> => de::opt_string;
    /// [`de::date`].
    Date for datetime::Date => de::date;
    /// [`de::opt_date`].
    OptDate for Option<datetime::Date> => de::opt_date;
    /// [`de::datetime`].
    DateTime for datetime::DateTime => de::datetime;
    /// [`de::opt_datetime`].
    OptDateTime for Option<datetime::DateTime> => de::opt_datetime;
    /// [`de::object`].
    Object<T: DeserializeOwned, Default> for T => de::object;
    /// [`de::opt_object`].
    OptObject<T: DeserializeOwned, Default> for Option<T> => de::opt_object;
    /// [`de::map`].
    Map<T: DeserializeOwned, Default> for T => de::map;
    /// [`de::opt_map`].
    OptMap<T: DeserializeOwned, Default> for Option<T> => de::opt_map;
    /// [`de::seq`].
    Seq<T: DeserializeOwned> for Vec<T> => de::seq;
    /// [`de::opt_seq`].
    OptSeq<T: DeserializeOwned> for Option<Vec<T>> => de::opt_seq;
    /// [`de::seq_of_objects`].
    SeqOfObjects<T: DeserializeOwned, Default> for Vec<T> => de::seq_of_objects;
    /// [`de::opt_seq_of_objects`].
    OptSeqOfObjects<T: DeserializeOwned, Default> for Option<Vec<T>> => de::opt_seq_of_objects;
    /// [`de::mismatch_as_default`].
    MismatchAsDefault<T: DeserializeOwned, Default> for T => de::mismatch_as_default;
    /// [`de::opt_mismatch_as_default`].
    OptMismatchAsDefault<T: DeserializeOwned, Default> for Option<T> => de::opt_mismatch_as_default;
    /// [`de::or_default`].
    OrDefault<T: DeserializeOwned, Default> for T => de::or_default;
}
