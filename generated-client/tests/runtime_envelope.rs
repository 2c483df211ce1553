//! Runtime tests: envelope unwrapping (`meta` as `[]` or an object), error envelopes on 2xx and
//! 4xx, decode errors with the serde path, and the non-envelope body kinds.

use crate::runtime_support;

use altegio::runtime::{Auth, Method, Operation, Request};
use altegio::Error;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use runtime_support::{builder, op, serve};
use serde::Deserialize;
use serde_json::{json, Value};

const GET_OP: Operation = op("get_thing", Method::Get, "/thing", Auth::Partner);
const LIST_OP: Operation = op("list_things", Method::Get, "/things", Auth::Partner);
const ERR_OP: Operation = op("create_thing", Method::Get, "/invalid", Auth::Partner);
const HIDDEN_OP: Operation = op("hidden_error", Method::Get, "/hidden", Auth::Partner);
const BROKEN_OP: Operation = op("broken_thing", Method::Get, "/broken", Auth::Partner);
const PDF_OP: Operation = op("get_pdf", Method::Get, "/pdf", Auth::Partner);
const TEXT_OP: Operation = op("get_text", Method::Get, "/text", Auth::Partner);
const RAW_OP: Operation = op("raw_json", Method::Get, "/raw", Auth::Partner);
const EMPTY_OP: Operation = op("no_content", Method::Get, "/empty", Auth::Partner);
const ONE_IN_LIST_OP: Operation = op("one_in_list", Method::Get, "/one-in-list", Auth::Partner);
const DATA_ONLY_OP: Operation = op("data_only", Method::Get, "/data-only", Auth::Partner);
const BARE_THING_OP: Operation = op("bare_thing", Method::Get, "/bare-thing", Auth::Partner);
const BARE_THINGS_OP: Operation = op("bare_things", Method::Get, "/bare-things", Auth::Partner);
const MIXED_OP: Operation = op("mixed", Method::Get, "/mixed", Auth::Partner);

#[derive(Debug, Default, Deserialize, PartialEq)]
struct Thing {
    id: i64,
    title: String,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
struct ListMeta {
    #[serde(default)]
    total_count: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct Page {
    #[allow(dead_code)] // only ever fails to decode
    items: Vec<Thing>,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    success: bool,
    meta: ErrorMeta,
}

#[derive(Debug, Deserialize)]
struct ErrorMeta {
    message: String,
}

async fn server() -> String {
    let router = Router::new()
        .route("/thing", get(|| async { Json(json!({"success": true, "data": {"id": 7, "title": "Cut"}, "meta": []})) }))
        .route(
            "/things",
            get(|| async {
                Json(json!({"success": true, "data": [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}], "meta": {"total_count": "41"}}))
            }),
        )
        .route(
            "/invalid",
            get(|| async {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    [("x-request-id", "req-42")],
                    Json(json!({"success": false, "data": null, "meta": {"message": "Phone is invalid"}})),
                )
            }),
        )
        .route("/hidden", get(|| async { Json(json!({"success": false, "data": null, "meta": {"message": "Location not found"}})) }))
        .route(
            "/broken",
            get(|| async { Json(json!({"success": true, "data": {"items": [{"id": 1, "title": "ok"}, {"id": "x", "title": "bad"}]}, "meta": []})) }),
        )
        .route("/pdf", get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], &b"%PDF-1.4 binary\x00\xff"[..]) }))
        .route("/text", get(|| async { "plain words" }))
        .route("/raw", get(|| async { Json(json!([{"id": 3, "title": "bare"}])) }))
        .route("/empty", get(|| async { StatusCode::NO_CONTENT.into_response() }))
        .route("/one-in-list", get(|| async { Json(json!({"success": true, "data": [{"id": 9, "title": "Only"}], "meta": []})) }))
        .route("/data-only", get(|| async { Json(json!({"data": [{"id": 3, "title": "bare"}]})) }))
        .route("/bare-thing", get(|| async { Json(json!({"id": 7, "title": "Cut"})) }))
        .route("/bare-things", get(|| async { Json(json!([{"id": 1, "title": "a"}, {"id": 2, "title": "b"}])) }))
        .route("/mixed", get(|| async { Json(json!({"data": [{"id": 3, "title": "x"}], "id": 4})) }));
    serve(router).await
}

#[tokio::test]
async fn envelope_unwraps_data_and_tolerates_meta_as_empty_array() {
    let client = builder(&server().await).build().unwrap();
    let response = client
        .send_envelope::<Thing, ListMeta>(Request::new(&GET_OP))
        .await
        .unwrap();
    assert_eq!(
        response.data,
        Thing {
            id: 7,
            title: "Cut".into()
        }
    );
    assert_eq!(response.meta, ListMeta::default());
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.total_count(), None);
    assert_eq!(
        response.headers.get("content-type").unwrap(),
        "application/json"
    );
}

#[tokio::test]
async fn envelope_meta_object_and_total_count_as_numeric_string() {
    let client = builder(&server().await).build().unwrap();
    let response = client
        .send_envelope::<Vec<Thing>, Value>(Request::new(&LIST_OP))
        .await
        .unwrap();
    assert_eq!(response.data.len(), 2);
    assert_eq!(response.meta, json!({"total_count": "41"}));
    assert_eq!(response.total_count(), Some(41));
    // An operation typed without meta ignores it but still reports the total.
    let unit = client
        .send_envelope::<Vec<Thing>, ()>(Request::new(&LIST_OP))
        .await
        .unwrap();
    assert_eq!(unit.total_count(), Some(41));
}

#[tokio::test]
async fn envelope_data_reads_one_object_as_a_list_and_a_one_element_list_as_the_object() {
    let client = builder(&server().await).build().unwrap();
    let list = client
        .send_envelope::<Vec<Thing>, ()>(Request::new(&GET_OP))
        .await
        .unwrap();
    assert_eq!(
        list.data,
        vec![Thing {
            id: 7,
            title: "Cut".into()
        }]
    );
    let one = client
        .send_envelope::<Thing, ()>(Request::new(&ONE_IN_LIST_OP))
        .await
        .unwrap();
    assert_eq!(
        one.data,
        Thing {
            id: 9,
            title: "Only".into()
        }
    );
    // Two items never squeeze into one object: that stays a decode error.
    let err = client
        .send_envelope::<Thing, ()>(Request::new(&LIST_OP))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn success_false_with_http_200_is_an_api_error() {
    let client = builder(&server().await).build().unwrap();
    let err = client
        .send_envelope::<Thing, ()>(Request::new(&HIDDEN_OP))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.message(), Some("Location not found"));
    assert!(!err.is_retryable());
    assert!(
        err.to_string().contains("hidden_error") && err.to_string().contains("Location not found")
    );
    // The same check applies to every body kind.
    assert!(client
        .send_json::<Value>(Request::new(&HIDDEN_OP))
        .await
        .is_err());
    assert!(client.send_empty(Request::new(&HIDDEN_OP)).await.is_err());
    assert!(client.send_bytes(Request::new(&HIDDEN_OP)).await.is_err());
}

#[tokio::test]
async fn http_422_carries_status_message_raw_body_headers_and_typed_body() {
    let client = builder(&server().await).build().unwrap();
    let err = client
        .send_envelope::<Thing, ()>(Request::new(&ERR_OP))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(err.message(), Some("Phone is invalid"));
    assert_eq!(err.operation(), Some("create_thing"));
    let raw: Value = serde_json::from_slice(err.raw_body().unwrap()).unwrap();
    assert_eq!(
        raw,
        json!({"success": false, "data": null, "meta": {"message": "Phone is invalid"}})
    );
    assert_eq!(
        err.headers().unwrap().get("x-request-id").unwrap(),
        "req-42"
    );
    let typed: ErrorBody = err.decode_body().unwrap().unwrap();
    assert!(!typed.success);
    assert_eq!(typed.meta.message, "Phone is invalid");
    assert_eq!(
        err.to_string(),
        "operation `create_thing` failed with HTTP 422 Unprocessable Entity: Phone is invalid"
    );
}

#[tokio::test]
async fn decode_error_names_the_failing_field_and_keeps_the_body() {
    let client = builder(&server().await).build().unwrap();
    let err = client
        .send_envelope::<Page, ()>(Request::new(&BROKEN_OP))
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            operation,
            status,
            path,
            message,
            body,
            ..
        } => {
            assert_eq!(*operation, "broken_thing");
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(path, "data.items[1].id");
            assert!(message.contains("invalid type"), "{message}");
            assert!(std::str::from_utf8(body).unwrap().contains(r#""id":"x""#));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("data.items[1].id"));
}

#[tokio::test]
async fn bytes_text_json_and_empty_bodies() {
    let client = builder(&server().await).build().unwrap();
    let pdf = client.send_bytes(Request::new(&PDF_OP)).await.unwrap();
    assert_eq!(&pdf.data[..], b"%PDF-1.4 binary\x00\xff");
    assert_eq!(
        client.send_text(Request::new(&TEXT_OP)).await.unwrap().data,
        "plain words"
    );
    let raw = client
        .send_json::<Vec<Thing>>(Request::new(&RAW_OP))
        .await
        .unwrap();
    assert_eq!(
        raw.into_data(),
        vec![Thing {
            id: 3,
            title: "bare".into()
        }]
    );
    let empty = client.send_empty(Request::new(&EMPTY_OP)).await.unwrap();
    assert_eq!(empty.status, StatusCode::NO_CONTENT);
    // An empty body decodes to the defaults for envelope operations.
    let defaulted = client
        .send_envelope::<Vec<Thing>, ListMeta>(Request::new(&EMPTY_OP))
        .await
        .unwrap();
    assert!(defaulted.data.is_empty());
}

/// A body documented bare (`[...]`) that the server wraps, in a full envelope or in `{"data"}`
/// alone, decodes as documented; so does the bare body itself.
#[tokio::test]
async fn a_body_documented_bare_decodes_bare_or_enveloped() {
    let client = builder(&server().await).build().unwrap();
    let bare = |id: i64, title: &str| Thing {
        id,
        title: title.into(),
    };
    for (op, expected) in [
        (&RAW_OP, vec![bare(3, "bare")]),
        (&DATA_ONLY_OP, vec![bare(3, "bare")]),
        (&LIST_OP, vec![bare(1, "a"), bare(2, "b")]),
    ] {
        let response = client
            .send_json_maybe_enveloped::<Vec<Thing>>(Request::new(op))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", op.id));
        assert_eq!(response.data, expected, "{}", op.id);
    }
    // The envelope's total is read from `meta` even though the documented body has none.
    let listed = client
        .send_json_maybe_enveloped::<Vec<Thing>>(Request::new(&LIST_OP))
        .await
        .unwrap();
    assert_eq!(listed.total_count(), Some(41));
    // An object with `data` and other keys is not an envelope: decoded whole, it fails as `T`.
    let mixed = client
        .send_json_maybe_enveloped::<Vec<Thing>>(Request::new(&MIXED_OP))
        .await;
    assert!(mixed.is_err(), "{mixed:?}");
}

/// A body documented in the envelope that the server sends bare (an object or a list without
/// `success`, `data`, `meta`) decodes into the documented `data` type, with default meta.
#[tokio::test]
async fn a_body_documented_enveloped_decodes_when_sent_bare() {
    let client = builder(&server().await).build().unwrap();
    let one = client
        .send_envelope::<Thing, ListMeta>(Request::new(&BARE_THING_OP))
        .await
        .unwrap();
    assert_eq!(
        one.data,
        Thing {
            id: 7,
            title: "Cut".into()
        }
    );
    assert_eq!(one.meta, ListMeta::default());
    let many = client
        .send_envelope::<Vec<Thing>, ListMeta>(Request::new(&BARE_THINGS_OP))
        .await
        .unwrap();
    assert_eq!(many.data.len(), 2);
    assert_eq!(many.data[1].title, "b");
}
