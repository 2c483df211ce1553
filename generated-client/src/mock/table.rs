//! The shapes of the generated mock tables (`generated::mock_table`, `generated::registry`).
//! Generated code fills these in from the spec; the mock server and the tests read them.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// One operation as the mock server answers it.
#[derive(Debug, Clone, Copy)]
pub struct MockOperation {
    pub id: &'static str,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// Request path template relative to the base URL, e.g. `/company/{location_id}`.
    pub path: &'static str,
    pub path_params: &'static [&'static str],
    /// Query parameters the spec marks required (wire names).
    pub required_query: &'static [&'static str],
    pub body: Option<MockBody>,
    pub response: MockResponse,
    /// For the list form of a "list or one" operation (not in the spec): the operation's id.
    pub list_form_of: Option<&'static str>,
}

#[cfg(test)]
impl MockOperation {
    /// A test operation with no parameters and no body, answering 204 without content.
    pub(crate) const fn bare(id: &'static str, method: &'static str, path: &'static str) -> Self {
        MockOperation {
            id,
            method,
            path,
            path_params: &[],
            required_query: &[],
            body: None,
            response: MockResponse {
                kind: MockResponseKind::Empty,
                status: 204,
                media_type: None,
                schema: None,
                example: None,
            },
            list_form_of: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockBodyKind {
    Json,
    Form,
    Multipart,
    Bytes,
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct MockBody {
    pub kind: MockBodyKind,
    pub required: bool,
    /// JSON pointer of the body schema: look it up in [`crate::registry::SCHEMAS`] to check shape.
    pub schema: Option<&'static str>,
    /// First example of the body in the spec, as JSON text.
    pub example: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockResponseKind {
    Envelope,
    Json,
    Bytes,
    Text,
    Empty,
}

#[derive(Debug, Clone, Copy)]
pub struct MockResponse {
    pub kind: MockResponseKind,
    /// HTTP status of the documented success response.
    pub status: u16,
    pub media_type: Option<&'static str>,
    /// JSON pointer of the whole-body schema.
    pub schema: Option<&'static str>,
    /// First example of the success body in the spec, as JSON text.
    pub example: Option<&'static str>,
}

/// Decodes and re-encodes JSON through one generated type.
#[derive(Debug, Clone, Copy)]
pub struct TypeCodec {
    /// The Rust type, as written in the generated code.
    pub rust_type: &'static str,
    /// Decode `value` into the type, then encode it again.
    pub roundtrip: fn(&serde_json::Value) -> Result<serde_json::Value, String>,
    /// The type's `Default`, encoded.
    pub default: fn() -> serde_json::Value,
}

impl TypeCodec {
    /// The codec of `T`, which is written `rust_type` in the generated code.
    pub const fn of<T: DeserializeOwned + Serialize + Default>(
        rust_type: &'static str,
    ) -> TypeCodec {
        TypeCodec {
            rust_type,
            roundtrip: roundtrip::<T>,
            default: default_json::<T>,
        }
    }

    /// Stands in for a type that the crate's features leave out (the mock tables keep every
    /// schema pointer): nothing decodes into it, and its default is `null`.
    pub const fn left_out(rust_type: &'static str) -> TypeCodec {
        TypeCodec {
            rust_type,
            roundtrip: left_out_roundtrip,
            default: null,
        }
    }
}

fn left_out_roundtrip(_: &serde_json::Value) -> Result<serde_json::Value, String> {
    Err("its type is not compiled in (a cargo feature of the client is off)".to_string())
}

fn null() -> serde_json::Value {
    serde_json::Value::Null
}

/// Decode into `T` (reporting the serde path of a failure) and encode back.
pub fn roundtrip<T: DeserializeOwned + Serialize>(
    value: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let decoded: T = serde_path_to_error::deserialize(value)
        .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
    serde_json::to_value(&decoded).map_err(|e| e.to_string())
}

/// `T::default()` as JSON.
pub fn default_json<T: Default + Serialize>() -> serde_json::Value {
    serde_json::to_value(T::default()).unwrap_or(serde_json::Value::Null)
}
