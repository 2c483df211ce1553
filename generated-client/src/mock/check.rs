//! What the mock checks in a request before answering: required query parameters, body
//! presence, content type, and the JSON body's shape (decoded through the generated type).

use http::StatusCode;

use crate::mock::apis::codec_of;
use crate::mock::table::{MockBodyKind, MockOperation};

/// Why a request was refused: the status to answer and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl Rejection {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Rejection {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Rejection::new(StatusCode::BAD_REQUEST, message)
    }
}

/// Every query parameter the spec marks required is present (an empty value counts: the
/// server, not the mock, judges values).
pub(crate) fn query(op: &MockOperation, raw_query: Option<&str>) -> Result<(), Rejection> {
    let sent: Vec<String> = url::form_urlencoded::parse(raw_query.unwrap_or("").as_bytes())
        .map(|(name, _)| name.into_owned())
        .collect();
    let missing: Vec<&str> = op
        .required_query
        .iter()
        .copied()
        .filter(|name| !sent.iter().any(|s| s == name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Rejection::bad_request(format!(
            "missing required query parameter(s) `{}`",
            missing.join("`, `")
        )))
    }
}

/// The body is there when required, has a content type fitting its kind, and a JSON body
/// decodes into the generated type of its schema (422 with the serde path when it does not).
pub(crate) fn body(
    op: &MockOperation,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), Rejection> {
    let Some(spec) = op.body else {
        return Ok(());
    };
    if body.is_empty() {
        return if spec.required {
            Err(Rejection::bad_request("request body is required"))
        } else {
            Ok(())
        };
    }
    let content_type = content_type.unwrap_or("").to_ascii_lowercase();
    let expected = match spec.kind {
        MockBodyKind::Json => "a JSON content type",
        MockBodyKind::Form => "application/x-www-form-urlencoded",
        MockBodyKind::Multipart => "multipart/form-data with a boundary",
        MockBodyKind::Bytes | MockBodyKind::Text => return Ok(()),
    };
    let fits = match spec.kind {
        MockBodyKind::Json => content_type.contains("json"),
        MockBodyKind::Form => content_type.starts_with("application/x-www-form-urlencoded"),
        _ => content_type.starts_with("multipart/form-data") && content_type.contains("boundary="),
    };
    if !fits {
        return Err(Rejection::bad_request(format!(
            "expected {expected}, got content type `{content_type}`"
        )));
    }
    if spec.kind != MockBodyKind::Json {
        return Ok(());
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Rejection::bad_request(format!("request body is not JSON: {e}")))?;
    let Some(pointer) = spec.schema else {
        return Ok(());
    };
    match codec_of(op, pointer) {
        Some(codec) => (codec.roundtrip)(&value).map(drop).map_err(|e| {
            Rejection::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "request body does not match `{pointer}` ({}) {e}",
                    codec.rust_type
                ),
            )
        }),
        // No generated type to check against (the spec gave no schema): any JSON will do.
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::table::MockBody;

    const fn op(body: Option<MockBody>, required_query: &'static [&'static str]) -> MockOperation {
        MockOperation {
            required_query,
            body,
            ..MockOperation::bare("test_op", "POST", "/test")
        }
    }

    const fn json_body(schema: Option<&'static str>) -> Option<MockBody> {
        Some(MockBody {
            kind: MockBodyKind::Json,
            required: true,
            schema,
            example: None,
        })
    }

    #[test]
    fn required_query_parameters_are_checked_by_wire_name() {
        let op = op(None, &["date_from", "ids[]"]);
        assert!(query(&op, Some("date_from=&ids%5B%5D=1&x=2")).is_ok());
        let err = query(&op, Some("date_from=2026-01-01")).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert!(err.message.contains("`ids[]`"), "{}", err.message);
        assert!(query(&op, None).is_err());
    }

    #[test]
    fn required_body_and_content_type() {
        let op = op(json_body(None), &[]);
        assert!(body(&op, None, b"")
            .unwrap_err()
            .message
            .contains("required"));
        assert!(body(&op, Some("text/plain"), b"{}")
            .unwrap_err()
            .message
            .contains("JSON content type"));
        assert!(body(&op, Some("application/json"), b"{")
            .unwrap_err()
            .message
            .contains("not JSON"));
        assert!(body(&op, Some("application/json; charset=utf-8"), b"{}").is_ok());
    }

    #[test]
    fn json_body_is_decoded_through_the_registry() {
        let (pointer, codec) = crate::mock::APIS[0]
            .schemas
            .iter()
            .map(|(p, _)| (*p, crate::mock::codec(p).expect("indexed")))
            .find(|(_, c)| c.rust_type == "String")
            .expect("the spec has string schemas");
        let op = op(json_body(Some(pointer)), &[]);
        assert!(body(&op, Some("application/json"), br#""text""#).is_ok());
        let err = body(&op, Some("application/json"), b"[1]").unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(err.message.contains(pointer) && err.message.contains(codec.rust_type));
    }
}
