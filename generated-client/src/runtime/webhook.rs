//! Reading webhook request bodies: the error `parse` returns, and the two steps generated
//! `webhook_events::parse` functions take (read the JSON, decode the selected payload).
//! Applications call the generated `parse`, not these helpers.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::decode::decode_value;

/// Why a webhook request body could not be read as an event.
///
/// An event the client does not know is not an error: `parse` returns it as `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is not JSON.
    #[error("webhook body is not valid JSON: {message}")]
    Json {
        /// What the JSON parser reported.
        message: String,
    },
    /// The event names a known webhook, but its payload does not decode as that webhook's type.
    #[error("webhook `{webhook}`: payload does not decode at `{path}`: {message}")]
    Payload {
        /// The webhook's name in the spec (`webhooks` key).
        webhook: &'static str,
        /// Serde path of the field that failed (`data.datetime`), `.` for the whole payload.
        path: String,
        /// What serde reported.
        message: String,
    },
}

/// The body as JSON (the raw event `Unknown` keeps).
pub fn read_body(body: &[u8]) -> Result<Value, WebhookError> {
    serde_json::from_slice(body).map_err(|e| WebhookError::Json {
        message: e.to_string(),
    })
}

/// The body, as [`read_body`] read it, decoded as the payload type of `webhook` with the
/// runtime's tolerant decoders (the bytes are parsed once); a failure names the field's path.
pub fn decode_payload<T: DeserializeOwned>(
    webhook: &'static str,
    raw: &Value,
) -> Result<T, WebhookError> {
    decode_value(raw).map_err(|(path, message)| WebhookError::Payload {
        webhook,
        path,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default)]
    struct Payload {
        resource: String,
        data: Data,
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default)]
    struct Data {
        #[serde(deserialize_with = "crate::runtime::de::int")]
        id: i64,
    }

    #[test]
    fn a_payload_decodes_tolerantly() {
        let body = br#"{"resource":"record","data":{"id":"42"}}"#;
        let raw = read_body(body).unwrap();
        let payload: Payload = decode_payload("RecordEvent", &raw).unwrap();
        assert_eq!(payload.data.id, 42);
        assert_eq!(raw["resource"], "record");
    }

    #[test]
    fn errors_name_the_webhook_and_the_field() {
        let raw = read_body(br#"{"data":{"id":"x"}}"#).unwrap();
        let err = decode_payload::<Payload>("RecordEvent", &raw).unwrap_err();
        match &err {
            WebhookError::Payload { webhook, path, .. } => {
                assert_eq!((*webhook, path.as_str()), ("RecordEvent", "data.id"));
            }
            other => panic!("expected a payload error, got {other:?}"),
        }
        assert!(err.to_string().contains("`RecordEvent`"), "{err}");
        assert!(matches!(
            read_body(b"{not json"),
            Err(WebhookError::Json { .. })
        ));
    }
}
