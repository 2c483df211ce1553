//! Runtime tests: what goes on the wire: URL joining and path encoding, query arrays, header
//! parameters, JSON/form/text bodies, multipart uploads, and the client-side rate limit.

use crate::runtime_support;

use std::time::{Duration, Instant};

use altegio::runtime::{Auth, FilePart, Method, Multipart, Operation, RateLimit, Request};
use altegio::Error;
use axum::body::Bytes;
use axum::extract::Multipart as AxumMultipart;
use axum::http::{HeaderMap, Method as HttpMethod, Uri};
use axum::routing::post;
use axum::{Json, Router};
use runtime_support::{builder, op, serve};
use serde::Serialize;
use serde_json::{json, Value};

/// Echoes method, raw path, raw query, content type, a custom header and the body.
async fn echo(method: HttpMethod, uri: Uri, headers: HeaderMap, body: Bytes) -> Json<Value> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    Json(json!({
        "success": true,
        "data": {
            "method": method.as_str(),
            "path": uri.path(),
            "query": uri.query(),
            "content_type": header("content-type"),
            "x_trace": header("x-trace"),
            "body": String::from_utf8_lossy(&body),
        },
        "meta": []
    }))
}

async fn echo_base() -> String {
    serve(Router::new().fallback(echo)).await
}

async fn sent(base: &str, request: Request) -> Value {
    builder(base)
        .build()
        .unwrap()
        .send_envelope::<Value, ()>(request)
        .await
        .expect("echo")
        .data
}

fn query_pairs(echoed: &Value) -> Vec<(String, String)> {
    let query = echoed["query"].as_str().unwrap_or("");
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

const RECORD: Operation = op(
    "get_record",
    Method::Get,
    "/record/{location_id}/{record_id}",
    Auth::Partner,
);
const FILE: Operation = op(
    "get_file",
    Method::Get,
    "/files/report_{id}.pdf",
    Auth::Partner,
);
const LIST: Operation = op(
    "list_records",
    Method::Get,
    "/records/{location_id}",
    Auth::Partner,
);
const CREATE: Operation = op(
    "create_record",
    Method::Post,
    "/records/{location_id}",
    Auth::Partner,
);
const UPLOAD: Operation = op(
    "upload_image",
    Method::Post,
    "/images/{entity}",
    Auth::Partner,
);

#[tokio::test]
async fn path_params_are_filled_and_percent_encoded_and_base_path_is_kept() {
    let base = echo_base().await;
    let request = Request::new(&RECORD)
        .path_param("location_id", &42)
        .path_param("record_id", &"a b/c?d#e%f");
    let echoed = sent(&format!("{base}/api/v1"), request).await;
    assert_eq!(echoed["path"], "/api/v1/record/42/a%20b%2Fc%3Fd%23e%25f");
    assert_eq!(echoed["method"], "GET");

    // The spec types many ids as `number`: an integral float must not print as `7.0`.
    let echoed = sent(
        &format!("{base}/api/v1/"),
        Request::new(&FILE).path_param("id", &7.0_f64),
    )
    .await;
    assert_eq!(echoed["path"], "/api/v1/files/report_7.pdf");

    let echoed = sent(
        &base,
        Request::new(&RECORD)
            .path_param("location_id", &1)
            .path_param("record_id", &"ünï"),
    )
    .await;
    assert_eq!(echoed["path"], "/record/1/%C3%BCn%C3%AF");
}

#[tokio::test]
async fn unfilled_or_dot_path_params_are_invalid_requests() {
    let client = builder("http://127.0.0.1:9").build().unwrap();
    let err = client
        .send_empty(Request::new(&RECORD).path_param("location_id", &1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { operation: "get_record", message } if message.contains("record_id")),
        "{err:?}"
    );
    let err = client
        .send_empty(
            Request::new(&RECORD)
                .path_param("location_id", &1)
                .path_param("record_id", &".."),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
}

#[tokio::test]
async fn query_arrays_scalars_and_nones() {
    let base = echo_base().await;
    let request = Request::new(&LIST)
        .path_param("location_id", &1)
        .query_param("ids[]", &vec![1, 2], true)
        .query_param("staff_ids", &Some(vec![3, 4]), false)
        .query_param("include", &vec!["staff", "positions"], true)
        .query_param("page", &Some(2), true)
        .query_param("count", &None::<i64>, true)
        .query_param("with_deleted", &true, true)
        .query_param("search", &"Ann & Bob", true);
    let echoed = sent(&base, request).await;
    assert_eq!(
        query_pairs(&echoed),
        vec![
            pair("ids[]", "1"),
            pair("ids[]", "2"),
            pair("staff_ids", "3,4"),
            pair("include", "staff"),
            pair("include", "positions"),
            pair("page", "2"),
            pair("with_deleted", "1"),
            pair("search", "Ann & Bob"),
        ]
    );
    // The raw query keeps `ids[]` as one repeated key and joins non-exploded arrays with a comma.
    let raw = echoed["query"].as_str().unwrap();
    assert!(
        raw.starts_with("ids%5B%5D=1&ids%5B%5D=2&staff_ids=3%2C4&"),
        "{raw}"
    );
}

#[tokio::test]
async fn header_params_and_json_body() {
    #[derive(Serialize)]
    struct NewRecord<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        comment: Option<&'a str>,
    }
    let base = echo_base().await;
    let request = Request::new(&CREATE)
        .path_param("location_id", &5)
        .header_param("X-Trace", &"abc-1")
        .header_param("X-Skipped", &None::<String>)
        .json_body(&NewRecord {
            title: "Cut",
            comment: None,
        });
    let echoed = sent(&base, request).await;
    assert_eq!(echoed["method"], "POST");
    assert_eq!(echoed["x_trace"], "abc-1");
    assert_eq!(echoed["content_type"], "application/json");
    assert_eq!(echoed["body"], r#"{"title":"Cut"}"#);
}

#[tokio::test]
async fn form_and_text_bodies() {
    let base = echo_base().await;
    let form = json!({"name": "Ann", "tags": ["a", "b"], "skip": null, "vip": true});
    let echoed = sent(
        &base,
        Request::new(&CREATE)
            .path_param("location_id", &5)
            .form_body(&form),
    )
    .await;
    assert_eq!(echoed["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(echoed["body"], "name=Ann&tags%5B%5D=a&tags%5B%5D=b&vip=1");

    let echoed = sent(
        &base,
        Request::new(&CREATE)
            .path_param("location_id", &5)
            .text_body("hello".into()),
    )
    .await;
    assert_eq!(echoed["content_type"], "text/plain; charset=utf-8");
    assert_eq!(echoed["body"], "hello");
}

#[tokio::test]
async fn multipart_upload_is_well_formed() {
    async fn upload(mut form: AxumMultipart) -> Json<Value> {
        let mut fields = Vec::new();
        while let Some(field) = form.next_field().await.expect("multipart field") {
            let name = field.name().map(str::to_owned);
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.expect("field bytes");
            fields.push(json!({"name": name, "file_name": file_name, "content_type": content_type, "bytes": bytes.to_vec()}));
        }
        Json(json!({"success": true, "data": fields, "meta": []}))
    }
    let base = serve(Router::new().route("/images/{entity}", post(upload))).await;
    let client = builder(&base).build().unwrap();
    let image = FilePart::new(
        vec![0x89, b'P', b'N', b'G', 0, 255],
        "photo.png",
        "image/png",
    );
    let form = Multipart::new()
        .text("entity_id", &17)
        .text("comment", &None::<String>)
        .file("image", &image)
        .opt_file("thumbnail", &None);
    let request = Request::new(&UPLOAD)
        .path_param("entity", &"master")
        .multipart_body(form);
    let fields = client
        .send_envelope::<Value, ()>(request)
        .await
        .unwrap()
        .data;
    assert_eq!(
        fields,
        json!([
            {"name": "entity_id", "file_name": null, "content_type": null, "bytes": b"17".to_vec()},
            {"name": "image", "file_name": "photo.png", "content_type": "image/png", "bytes": [0x89, 80, 78, 71, 0, 255]},
        ])
    );
}

#[tokio::test]
async fn multipart_with_bad_content_type_is_an_invalid_request() {
    let client = builder("http://127.0.0.1:9").build().unwrap();
    let form = Multipart::new().file("image", &FilePart::new(vec![1], "a", "not a mime"));
    let err = client
        .send_empty(
            Request::new(&UPLOAD)
                .path_param("entity", &"x")
                .multipart_body(form),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { message, .. } if message.contains("image")),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limit_spaces_requests_out() {
    let base = echo_base().await;
    let client = builder(&base)
        .rate_limit(RateLimit::per_second(20))
        .build()
        .unwrap();
    let started = Instant::now();
    // A burst of 20 goes at once; the 5 after it wait 50 ms each.
    for _ in 0..25 {
        client
            .send_empty(Request::new(&LIST).path_param("location_id", &1))
            .await
            .unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn client_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let client = builder("http://127.0.0.1:9").build().unwrap();
    send_sync(&client);
    send(&client.send_envelope::<Value, Value>(Request::new(&LIST)));
    send(&Request::new(&LIST));
    let stream = altegio::runtime::paginate(1, |_| {
        client.send_envelope::<Vec<Value>, ()>(Request::new(&LIST))
    });
    send(&stream);
}
