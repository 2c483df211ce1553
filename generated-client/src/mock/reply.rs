//! `MockReply`: what the mock answers. By default an operation's documented success response
//! (its spec example, else a body synthesized from the generated type's `Default`).

use bytes::Bytes;
use http::StatusCode;
use serde_json::{json, Value};

use crate::mock::apis::codec_of;
use crate::mock::table::{MockOperation, MockResponseKind};

/// A canned HTTP response: status, content type and body.
///
/// ```
/// use altegio::mock::{operation, MockReply};
///
/// let reply = operation("get_location").map(MockReply::documented);
/// assert_eq!(reply.map(|r| r.status), Some(200));
/// let error = MockReply::error(404, "Location not found");
/// assert_eq!(error.status, 404);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockReply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Response body (ignored for 204 and 304).
    pub body: Bytes,
}

impl MockReply {
    /// A JSON reply.
    pub fn json(status: u16, body: &Value) -> Self {
        MockReply {
            status,
            content_type: Some("application/json".to_owned()),
            body: Bytes::from(body.to_string()),
        }
    }

    /// An Altegio error envelope: `{"success": false, "data": null, "meta": {"message": ..}}`.
    pub fn error(status: u16, message: &str) -> Self {
        MockReply::json(
            status,
            &json!({ "success": false, "data": null, "meta": { "message": message } }),
        )
    }

    /// The operation's documented success response, as the mock answers it by default:
    /// the status from the spec, and for JSON bodies the spec's example when the generated
    /// response type accepts it (see [`documented_example`]), else the response type's
    /// `Default` (for an envelope with `"success": true` and `"meta": []`).
    pub fn documented(op: &MockOperation) -> Self {
        let response = &op.response;
        let status = response.status;
        let media_type = response.media_type.map(str::to_owned);
        match response.kind {
            MockResponseKind::Envelope | MockResponseKind::Json => {
                let body = example_or_default(op);
                MockReply {
                    status,
                    content_type: media_type.or_else(|| Some("application/json".to_owned())),
                    body: Bytes::from(body.to_string()),
                }
            }
            MockResponseKind::Bytes => MockReply {
                status,
                body: sample_bytes(response.media_type.unwrap_or("")),
                content_type: media_type.or_else(|| Some("application/octet-stream".to_owned())),
            },
            MockResponseKind::Text => {
                let text = response
                    .example
                    .and_then(|e| serde_json::from_str::<Value>(e).ok())
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "mock".to_owned());
                MockReply {
                    status,
                    content_type: media_type
                        .or_else(|| Some("text/plain; charset=utf-8".to_owned())),
                    body: Bytes::from(text),
                }
            }
            MockResponseKind::Empty => MockReply {
                status,
                content_type: None,
                body: Bytes::new(),
            },
        }
    }

    /// The reply as an axum response.
    pub(crate) fn to_response(&self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
            Bytes::new()
        } else {
            self.body.clone()
        };
        let mut response = (status, body).into_response();
        if let Some(value) = self
            .content_type
            .as_deref()
            .and_then(|ct| http::HeaderValue::from_str(ct).ok())
        {
            response
                .headers_mut()
                .insert(http::header::CONTENT_TYPE, value);
        }
        response
    }
}

/// The spec's example of the operation's success response, when the generated response type
/// decodes it (or the spec gives no schema to check it against).
///
/// A few examples in the spec contradict their own schema (the allowlist of the examples test
/// lists them with reasons); the mock answers those operations with a synthesized body instead,
/// so that every operation can be called successfully.
pub fn documented_example(op: &MockOperation) -> Option<Value> {
    let response = &op.response;
    let example: Value = serde_json::from_str(response.example?).ok()?;
    match response.schema.and_then(|pointer| codec_of(op, pointer)) {
        Some(codec) if (codec.roundtrip)(&example).is_err() => None,
        _ => Some(example),
    }
}

/// The spec's example, else the response type's `Default` made to look like a success.
fn example_or_default(op: &MockOperation) -> Value {
    let response = &op.response;
    if let Some(example) = documented_example(op) {
        return example;
    }
    let synthesized = response
        .schema
        .and_then(|pointer| codec_of(op, pointer))
        .map(|codec| (codec.default)())
        .unwrap_or(Value::Null);
    if response.kind != MockResponseKind::Envelope {
        return synthesized;
    }
    let mut envelope = match synthesized {
        Value::Object(map) => map,
        _ => serde_json::Map::from_iter([("data".to_owned(), Value::Null)]),
    };
    envelope.insert("success".to_owned(), Value::Bool(true));
    if matches!(envelope.get("meta"), None | Some(Value::Null)) {
        envelope.insert("meta".to_owned(), json!([]));
    }
    Value::Object(envelope)
}

/// A few bytes that start like a file of this media type.
fn sample_bytes(media_type: &str) -> Bytes {
    let media_type = media_type.to_ascii_lowercase();
    let bytes: &'static [u8] = if media_type.contains("pdf") {
        b"%PDF-1.4\n% altegio mock\n%%EOF\n"
    } else if media_type.contains("png") {
        b"\x89PNG\r\n\x1a\n"
    } else if media_type.contains("jpeg") {
        b"\xFF\xD8\xFF\xE0mock"
    } else {
        b"altegio mock bytes"
    };
    Bytes::from_static(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::table::MockResponse;

    const fn op(
        kind: MockResponseKind,
        status: u16,
        media_type: Option<&'static str>,
    ) -> MockOperation {
        MockOperation {
            id: "test_op",
            method: "GET",
            path: "/test",
            path_params: &[],
            required_query: &[],
            body: None,
            response: MockResponse {
                kind,
                status,
                media_type,
                schema: None,
                example: None,
            },
            list_form_of: None,
        }
    }

    #[test]
    fn envelope_without_example_or_type_is_a_success() {
        let reply = MockReply::documented(&op(MockResponseKind::Envelope, 201, None));
        assert_eq!(reply.status, 201);
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        assert_eq!(body, json!({ "data": null, "success": true, "meta": [] }));
    }

    #[test]
    fn pdf_and_empty_replies() {
        let pdf = MockReply::documented(&op(MockResponseKind::Bytes, 200, Some("application/pdf")));
        assert!(pdf.body.starts_with(b"%PDF-"));
        assert_eq!(pdf.content_type.as_deref(), Some("application/pdf"));
        let empty = MockReply::documented(&op(MockResponseKind::Empty, 204, None));
        assert!(empty.body.is_empty() && empty.content_type.is_none());
    }
}
