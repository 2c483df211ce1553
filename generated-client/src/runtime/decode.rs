//! Reading a 2xx body: the `{success, data, meta}` envelope, error envelopes hidden in a 2xx,
//! `meta.total_count`, and typed decoding that reports the serde path of a failing field.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::value::UnitDeserializer;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::runtime::error::Error;
use crate::runtime::meta::Meta;
use crate::runtime::one_or_many::other_shape;
use crate::runtime::record::Key;

/// A response as it came off the wire, for the decoders below.
pub(crate) struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// `Error::Api` built from this response, with the server's message if it has one.
    pub(crate) fn into_api_error(self) -> Error {
        let message = Probe::read(&self.body).message;
        Error::Api {
            operation: self.operation,
            status: self.status,
            message,
            body: self.body,
            headers: Box::new(self.headers),
        }
    }

    pub(crate) fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            path,
            message,
            body: self.body.clone(),
            headers: Box::new(self.headers.clone()),
        }
    }

    /// Whether the body is (declared as) JSON, so it may carry an error envelope.
    pub(crate) fn is_json(&self) -> bool {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"))
    }

    /// Fails with `Error::Api` when a 2xx body is an envelope saying `"success": false`.
    pub(crate) fn check_success(self) -> Result<(Self, Probe), Error> {
        let probe = Probe::read(&self.body);
        if probe.failed {
            return Err(self.into_api_error());
        }
        Ok((self, probe))
    }

    /// Decodes the whole body as `T`; an empty body reads as JSON `null`.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let bytes: &[u8] = if is_blank(&self.body) {
            b"null"
        } else {
            &self.body
        };
        decode_slice(bytes).map_err(|(path, message)| self.decode_error(path, message))
    }

    /// [`check_success`](Self::check_success) and [`decode_envelope`](Self::decode_envelope)
    /// with the body read once: a plain `{success, data, meta}` envelope (the usual answer) is
    /// probed and its `data` and `meta` decoded in the same pass. Any other body, or one that does
    /// not decode that way, takes the two steps, so results and errors are theirs.
    pub(crate) fn decode_checked_envelope<D, M>(self) -> Result<(Self, D, M, Probe), Error>
    where
        D: DeserializeOwned + Default,
        M: DeserializeOwned + Default,
    {
        if let Ok(mut body) = serde_json::from_slice::<ProbeBody<NullAsDefault<D>>>(&self.body) {
            let probe = Probe::of(&body);
            if probe.failed {
                return Err(self.into_api_error());
            }
            if probe.shape == Shape::Envelope && !body.repeated_key {
                let data = body.data.take().map(|data| data.0).unwrap_or_default();
                let meta = decode_meta(body.meta.take());
                return Ok((self, data, meta, probe));
            }
        }
        let (raw, probe) = self.check_success()?;
        let (data, meta) = raw.decode_envelope(probe.shape)?;
        Ok((raw, data, meta, probe))
    }

    /// Decodes `{success, data, meta}`: null/absent `data` is `D::default()`; `meta` that is
    /// null, absent, `[]` or `{}` (PHP sends an empty map as `[]`) is `M::default()`.
    /// A `data` that does not decode as declared gets one more try in its other one-vs-many
    /// shape (see `one_or_many.rs`); if that fails too, the first error is reported.
    /// A body that arrives bare (`shape` is a list, a scalar or an object without any envelope
    /// key) is read as `data` itself, with the default `meta`.
    pub(crate) fn decode_envelope<D, M>(&self, shape: Shape) -> Result<(D, M), Error>
    where
        D: DeserializeOwned + Default,
        M: DeserializeOwned + Default,
    {
        if is_blank(&self.body) {
            return Ok((D::default(), M::default()));
        }
        if matches!(shape, Shape::NotObject | Shape::Bare) {
            tracing::debug!(
                operation = self.operation,
                "enveloped body arrived bare; read as `data`"
            );
            return Ok((self.decode_bare_data()?, M::default()));
        }
        let envelope: Envelope<D> = match decode_slice(&self.body) {
            Ok(envelope) => envelope,
            Err((path, message)) => self
                .decode_other_shape()
                .ok_or_else(|| self.decode_error(path, message))?,
        };
        Ok((envelope.data, decode_meta(envelope.meta)))
    }

    /// Decodes a body documented bare: when the server wraps it as `{success, data, meta}`
    /// anyway (`shape` says so), `data` is read instead of the whole body.
    pub(crate) fn decode_maybe_enveloped<T: DeserializeOwned>(
        &self,
        shape: Shape,
    ) -> Result<T, Error> {
        if shape != Shape::Envelope {
            return self.decode();
        }
        tracing::debug!(
            operation = self.operation,
            "bare body arrived enveloped; reading `data`"
        );
        decode_slice::<DataOnly<T>>(&self.body)
            .map(|enveloped| enveloped.data)
            .map_err(|(path, message)| self.decode_error(path, message))
    }

    /// The whole body as an envelope's `data`, tried in its other one-vs-many shape on failure.
    fn decode_bare_data<D: DeserializeOwned>(&self) -> Result<D, Error> {
        decode_slice(&self.body).or_else(|(path, message)| {
            serde_json::from_slice::<Value>(&self.body)
                .ok()
                .as_ref()
                .and_then(other_shape)
                .and_then(|other| D::deserialize(other).ok())
                .ok_or_else(|| self.decode_error(path, message))
        })
    }

    /// The envelope with `data` read in its other one-vs-many shape, when that decodes.
    fn decode_other_shape<D: DeserializeOwned + Default>(&self) -> Option<Envelope<D>> {
        let Envelope { data, meta } = serde_json::from_slice::<Envelope<Value>>(&self.body).ok()?;
        let data = D::deserialize(other_shape(&data)?).ok()?;
        tracing::debug!(
            operation = self.operation,
            "`data` decoded in its other one-vs-many shape"
        );
        Some(Envelope { data, meta })
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Deserializes like `from_slice`; a failure is read again with `serde_path_to_error` to name
/// the failing field (tracking the path on every call would cost most of the decoding time).
pub(crate) fn decode_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(_) => decode_slice_with_path(bytes),
    }
}

/// Like [`decode_slice`] for JSON already parsed: the plain decode first, then, only on failure,
/// again with `serde_path_to_error` for the failing field's path.
pub(crate) fn decode_value<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    match T::deserialize(value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => serde_path_to_error::deserialize(value)
            .map_err(|e| (e.path().to_string(), e.inner().to_string())),
    }
}

/// Deserializes with `serde_path_to_error`, rejecting trailing garbage like `from_slice` does.
fn decode_slice_with_path<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))?;
    de.end().map_err(|e| (".".to_owned(), e.to_string()))?;
    Ok(value)
}

#[derive(Deserialize)]
#[serde(bound = "D: DeserializeOwned + Default")]
struct Envelope<D> {
    #[serde(default, deserialize_with = "null_as_default")]
    data: D,
    #[serde(default)]
    meta: Option<Value>,
}

/// Only the `data` of an envelope (`success` and `meta` are ignored).
#[derive(Deserialize)]
struct DataOnly<T> {
    data: T,
}

/// An envelope's `data` read as [`Envelope`] reads it: `null` is `T::default()`.
struct NullAsDefault<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for NullAsDefault<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        null_as_default(deserializer).map(NullAsDefault)
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `meta` is secondary to `data` and is where Altegio's shapes vary most (an array on one
/// call, `{total_count}` on the next): a meta that does not fit its type decodes as
/// `M::default()` with a warning instead of failing the call. `total_count()` still works,
/// because it is read from the raw body.
fn decode_meta<M: DeserializeOwned + Default>(meta: Option<Value>) -> M {
    let value = match meta {
        None | Some(Value::Null) => return M::default(),
        Some(Value::Array(items)) if items.is_empty() => return M::default(),
        Some(Value::Object(map)) if map.is_empty() => return M::default(),
        Some(value) => value,
    };
    match serde_path_to_error::deserialize::<_, M>(value) {
        Ok(meta) => meta,
        // An operation typed without meta (`M = ()`) ignores whatever meta the server adds.
        Err(_) if M::deserialize(UnitDeserializer::<serde_json::Error>::new()).is_ok() => {
            M::default()
        }
        Err(e) => {
            tracing::warn!(path = %format!("meta.{}", e.path()), error = %e.inner(), "meta does not match its documented type; using its default");
            M::default()
        }
    }
}

/// What a cheap first look at a JSON body tells: an error envelope, its message, the total.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    pub(crate) failed: bool,
    pub(crate) message: Option<String>,
    pub(crate) total_count: Option<u64>,
    pub(crate) shape: Shape,
}

/// How a JSON body relates to the `{success, data, meta}` envelope.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Not a JSON object (a list, a scalar, or not JSON at all).
    #[default]
    NotObject,
    /// An object with `data` and no keys besides `success` and `meta`.
    Envelope,
    /// An object with none of `success`, `data` and `meta`: a bare body.
    Bare,
    /// Any other object.
    Mixed,
}

/// The top-level keys of a JSON object body: envelope fields read, everything else skipped.
/// `data` is decoded as `D`: [`IgnoredAny`] to only note it is there, or the operation's type.
struct ProbeBody<D> {
    success: Option<Value>,
    meta: Option<Value>,
    message: Option<Value>,
    error: Option<Value>,
    errors: Option<Value>,
    data: Option<D>,
    /// A key other than `success`, `data` and `meta`.
    other_keys: bool,
    /// `data` or `meta` more than once (the later one is kept).
    repeated_key: bool,
}

impl<D> Default for ProbeBody<D> {
    fn default() -> Self {
        ProbeBody {
            success: None,
            meta: None,
            message: None,
            error: None,
            errors: None,
            data: None,
            other_keys: false,
            repeated_key: false,
        }
    }
}

impl<'de, D: Deserialize<'de>> Deserialize<'de> for ProbeBody<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct Keys<D>(std::marker::PhantomData<D>);
        impl<'de, D: Deserialize<'de>> Visitor<'de> for Keys<D> {
            type Value = ProbeBody<D>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProbeBody<D>, A::Error> {
                let mut body = ProbeBody::default();
                while let Some(Key(key)) = map.next_key()? {
                    let slot = match key.as_ref() {
                        "success" => &mut body.success,
                        "meta" => {
                            body.repeated_key |= body.meta.is_some();
                            &mut body.meta
                        }
                        "data" => {
                            body.repeated_key |= body.data.is_some();
                            body.data = Some(map.next_value()?);
                            continue;
                        }
                        other => {
                            body.other_keys = true;
                            match other {
                                "message" => &mut body.message,
                                "error" => &mut body.error,
                                "errors" => &mut body.errors,
                                _ => {
                                    map.next_value::<IgnoredAny>()?;
                                    continue;
                                }
                            }
                        }
                    };
                    *slot = Some(map.next_value()?);
                }
                Ok(body)
            }
        }
        deserializer.deserialize_map(Keys(std::marker::PhantomData))
    }
}

impl Probe {
    /// Reads the envelope fields of `body`; anything that is not a JSON object probes empty.
    pub(crate) fn read(body: &[u8]) -> Probe {
        match serde_json::from_slice::<ProbeBody<IgnoredAny>>(body) {
            Ok(raw) => Probe::of(&raw),
            Err(_) => Probe::default(),
        }
    }

    /// What the envelope keys of an object body tell.
    fn of<D>(raw: &ProbeBody<D>) -> Probe {
        let failed = matches!(&raw.success, Some(Value::Bool(false)))
            || raw.success.as_ref().and_then(Value::as_u64) == Some(0);
        let meta = raw.meta.as_ref();
        let message = meta
            .and_then(|m| m.get("message"))
            .and_then(message_text)
            .or_else(|| raw.message.as_ref().and_then(message_text))
            .or_else(|| raw.error.as_ref().and_then(message_text))
            .or_else(|| raw.errors.as_ref().and_then(message_text))
            .or_else(|| meta.and_then(|m| m.get("errors")).and_then(message_text));
        // The same reading users get from a typed `Meta`, whatever type the operation gives meta.
        let total_count = meta
            .and_then(|m| Meta::deserialize(m).ok())
            .and_then(|m| m.total());
        let shape = match (
            raw.data.is_some(),
            raw.success.is_some() || raw.meta.is_some(),
        ) {
            (true, _) if !raw.other_keys => Shape::Envelope,
            (false, false) => Shape::Bare,
            _ => Shape::Mixed,
        };
        Probe {
            failed,
            message,
            total_count,
            shape,
        }
    }
}

/// A message as text: strings as they are, other JSON compactly, empty ones dropped.
fn message_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) if items.is_empty() => None,
        Value::Object(map) if map.is_empty() => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: &str) -> RawResponse {
        RawResponse {
            operation: "test_op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
        }
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Item {
        id: u32,
    }

    /// What `send_envelope` does with a body.
    fn envelope<D: DeserializeOwned + Default, M: DeserializeOwned + Default>(
        body: &str,
    ) -> Result<(D, M), Error> {
        raw(body)
            .decode_checked_envelope()
            .map(|(_, data, meta, _)| (data, meta))
    }

    /// The two steps the one-pass decode stands for: probe and check, then decode the envelope.
    fn envelope_in_two_steps<D: DeserializeOwned + Default, M: DeserializeOwned + Default>(
        body: &str,
    ) -> Result<(D, M, Option<u64>), Error> {
        let (response, probe) = raw(body).check_success()?;
        let (data, meta) = response.decode_envelope(probe.shape)?;
        Ok((data, meta, probe.total_count))
    }

    #[test]
    fn the_one_pass_envelope_decode_answers_as_the_two_steps_do() {
        type Meta = std::collections::BTreeMap<String, u32>;
        let bodies = [
            r#"{"success":true,"data":{"id":1},"meta":{"total_count":3}}"#,
            r#"{"success":true,"data":null,"meta":[]}"#,
            r#"{"data":{"id":2}}"#,
            r#"{"success":true,"data":[{"id":3}],"meta":{"total_count":"12"}}"#,
            r#"{"success":true,"data":{"id":"x"},"meta":[]}"#,
            r#"{"success":true,"data":[{"id":1},{"id":2}],"meta":[]}"#,
            r#"{"success":false,"data":null,"meta":{"message":"Not found"}}"#,
            r#"{"success":false,"data":{"id":"x"},"meta":{"message":"Bad"}}"#,
            r#"{"success":0,"data":{"id":1}}"#,
            r#"{"success":true,"data":{"id":1},"data":{"id":2}}"#,
            r#"{"success":true,"data":{"id":1},"meta":{"a":1},"meta":[]}"#,
            r#"{"success":true,"data":{"id":1},"extra":1}"#,
            r#"{"id":4}"#,
            r#"[{"id":5}]"#,
            r#"{"success":true,"data":{"id":1}} trailing"#,
            "",
            "  ",
            "%PDF",
        ];
        for body in bodies {
            let one_pass = raw(body)
                .decode_checked_envelope::<Item, Meta>()
                .map(|(_, data, meta, probe)| (data, meta, probe.total_count));
            let two_steps = envelope_in_two_steps::<Item, Meta>(body);
            assert_eq!(
                format!("{one_pass:?}"),
                format!("{two_steps:?}"),
                "body: {body}"
            );
        }
    }

    /// What `send_json_maybe_enveloped` does with a body.
    fn maybe_enveloped<T: DeserializeOwned>(body: &str) -> Result<T, Error> {
        let response = raw(body);
        response.decode_maybe_enveloped(Probe::read(&response.body).shape)
    }

    #[test]
    fn an_enveloped_body_arriving_bare_is_its_data() {
        let (list, ()) = envelope::<Vec<Item>, ()>(r#"[{"id":1},{"id":2}]"#).unwrap();
        assert_eq!(list, vec![Item { id: 1 }, Item { id: 2 }]);
        let (one, meta) = envelope::<Item, Vec<u8>>(r#"{"id":3}"#).unwrap();
        assert_eq!((one, meta), (Item { id: 3 }, vec![]));
        // A bare single object where a list is documented is a one-element list.
        let (wrapped, ()) = envelope::<Vec<Item>, ()>(r#"{"id":4}"#).unwrap();
        assert_eq!(wrapped, vec![Item { id: 4 }]);
        assert!(envelope::<Item, ()>("[1, 2]").is_err());
    }

    #[test]
    fn a_bare_body_arriving_enveloped_is_unwrapped() {
        let list: Vec<Item> =
            maybe_enveloped(r#"{"success":true,"data":[{"id":1},{"id":2}],"meta":[]}"#).unwrap();
        assert_eq!(list, vec![Item { id: 1 }, Item { id: 2 }]);
        let only_data: Vec<Item> = maybe_enveloped(r#"{"data":[{"id":5}]}"#).unwrap();
        assert_eq!(only_data, vec![Item { id: 5 }]);
        let bare: Vec<Item> = maybe_enveloped(r#"[{"id":6}]"#).unwrap();
        assert_eq!(bare, vec![Item { id: 6 }]);
        // An object with other keys beside `data` is the documented type itself.
        let own: serde_json::Value = maybe_enveloped(r#"{"data":1,"title":"x"}"#).unwrap();
        assert_eq!(own, serde_json::json!({"data": 1, "title": "x"}));
        match maybe_enveloped::<Vec<Item>>(r#"{"success":true,"data":{"id":"x"}}"#) {
            Err(Error::Decode { path, .. }) => assert!(path.starts_with("data"), "{path}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn probe_tells_the_envelope_shape() {
        let shape = |body: &str| Probe::read(body.as_bytes()).shape;
        assert_eq!(
            shape(r#"{"success":true,"data":[],"meta":[]}"#),
            Shape::Envelope
        );
        assert_eq!(shape(r#"{"data":null}"#), Shape::Envelope);
        assert_eq!(shape(r#"{"id":1,"title":"x"}"#), Shape::Bare);
        assert_eq!(shape(r#"{"success":false,"message":"no"}"#), Shape::Mixed);
        assert_eq!(shape("[1]"), Shape::NotObject);
        assert_eq!(shape("%PDF"), Shape::NotObject);
    }

    #[test]
    fn envelope_data_reads_one_for_many_and_many_for_one() {
        let (one, ()) =
            envelope::<Item, ()>(r#"{"success":true,"data":[{"id":3}],"meta":[]}"#).unwrap();
        assert_eq!(one, Item { id: 3 });
        let (many, ()) =
            envelope::<Vec<Item>, ()>(r#"{"success":true,"data":{"id":4},"meta":[]}"#).unwrap();
        assert_eq!(many, vec![Item { id: 4 }]);
        let (gaps, ()) =
            envelope::<Vec<Item>, ()>(r#"{"data":{"0":{"id":1},"5":{"id":2}}}"#).unwrap();
        assert_eq!(gaps, vec![Item { id: 1 }, Item { id: 2 }]);
    }

    #[test]
    fn envelope_data_that_fits_neither_shape_reports_the_first_error() {
        let error = envelope::<Item, ()>(r#"{"data":[{"id":1},{"id":2}]}"#).unwrap_err();
        match error {
            Error::Decode { path, .. } => assert!(path.starts_with("data"), "{path}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(envelope::<Vec<Item>, ()>(r#"{"data":{"id":"x"}}"#).is_err());
    }

    #[test]
    fn probe_reads_error_envelopes() {
        let p = Probe::read(br#"{"success":false,"data":null,"meta":{"message":"Not found"}}"#);
        assert!(p.failed);
        assert_eq!(p.message.as_deref(), Some("Not found"));
        let p = Probe::read(br#"{"success":true,"data":[1],"meta":{"total_count":"12"}}"#);
        assert!(!p.failed);
        assert_eq!(p.total_count, Some(12));
        let p = Probe::read(br#"{"errors":{"phone":["invalid"]}}"#);
        assert_eq!(p.message.as_deref(), Some(r#"{"phone":["invalid"]}"#));
        assert!(!Probe::read(b"[1,2]").failed);
        assert!(!Probe::read(b"%PDF-1.4").failed);
    }

    #[test]
    fn meta_tolerates_php_empty_maps_unit_and_mismatches() {
        decode_meta::<()>(Some(serde_json::json!({"total_count": 3})));
        let m: std::collections::BTreeMap<String, u32> = decode_meta(Some(serde_json::json!([])));
        assert!(m.is_empty());
        let typed: std::collections::BTreeMap<String, u32> =
            decode_meta(Some(serde_json::json!({"a": 7})));
        assert_eq!(typed.get("a"), Some(&7));
        // A list-typed meta that arrives as `{total_count}` (Altegio does both) is the default.
        let mismatched: Vec<std::collections::BTreeMap<String, u32>> =
            decode_meta(Some(serde_json::json!({"total_count": 3})));
        assert!(mismatched.is_empty());
    }
}
