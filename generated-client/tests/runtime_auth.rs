//! Runtime tests: `Authorization`/`Accept`/`User-Agent` per security scheme, login, and
//! missing-credential errors raised before anything is sent.

use crate::runtime_support;

use altegio::runtime::{Auth, Method, Operation, Request};
use altegio::{Client, Error};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use runtime_support::{builder, op, serve, Hits, PARTNER, USER};
use serde_json::{json, Value};

const PARTNER_OP: Operation = op("partner_op", Method::Get, "/echo", Auth::Partner);
const USER_OP: Operation = op("user_op", Method::Get, "/echo", Auth::PartnerUser);
const OPEN_OP: Operation = op("open_op", Method::Get, "/echo", Auth::None);

/// Echoes the transport headers back in an envelope.
async fn echo(headers: HeaderMap) -> Json<Value> {
    let h = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("<binary>").to_owned())
    };
    Json(json!({
        "success": true,
        "data": {
            "authorization": h("authorization"),
            "accept": h("accept"),
            "user_agent": h("user-agent"),
        },
        "meta": []
    }))
}

async fn headers_for(client: &Client, op: &'static Operation) -> Value {
    client
        .send_envelope::<Value, Value>(Request::new(op))
        .await
        .expect("echo call")
        .data
}

#[tokio::test]
async fn authorization_header_matches_each_security_scheme() {
    let base = serve(Router::new().route("/echo", get(echo))).await;
    let client = builder(&base).user_token(USER).build().unwrap();

    let partner = headers_for(&client, &PARTNER_OP).await;
    assert_eq!(partner["authorization"], format!("Bearer {PARTNER}"));

    let user = headers_for(&client, &USER_OP).await;
    assert_eq!(
        user["authorization"],
        format!("Bearer {PARTNER}, User {USER}")
    );

    let open = headers_for(&client, &OPEN_OP).await;
    assert_eq!(open["authorization"], Value::Null);

    for echoed in [&partner, &user, &open] {
        assert_eq!(echoed["accept"], "application/vnd.api.v2+json");
        assert_eq!(
            echoed["user_agent"],
            concat!("altegio-rust/", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[tokio::test]
async fn accept_and_user_agent_are_configurable() {
    let base = serve(Router::new().route("/echo", get(echo))).await;
    let client = builder(&base)
        .accept("application/json")
        .user_agent("my-app/2")
        .build()
        .unwrap();
    let echoed = headers_for(&client, &PARTNER_OP).await;
    assert_eq!(echoed["accept"], "application/json");
    assert_eq!(echoed["user_agent"], "my-app/2");
}

#[tokio::test]
async fn login_posts_credentials_with_partner_token_and_keeps_user_token() {
    async fn auth(headers: HeaderMap, Json(body): Json<Value>) -> Json<Value> {
        let authorization = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if authorization == format!("Bearer {PARTNER}")
            && content_type == "application/json"
            && body == json!({"login": "+13155550175", "password": "hunter2"})
        {
            Json(
                json!({"success": true, "data": {"id": 1, "user_token": "fresh-user-token", "name": "Ann"}, "meta": []}),
            )
        } else {
            Json(json!({"success": false, "data": null, "meta": {"message": "bad login request"}}))
        }
    }
    let base = serve(
        Router::new()
            .route("/auth", post(auth))
            .route("/echo", get(echo)),
    )
    .await;
    let client = builder(&base).build().unwrap();
    assert!(!client.has_user_token());

    let logged_in = client
        .login("+13155550175", "hunter2")
        .await
        .expect("login");
    assert!(logged_in.has_user_token());
    let echoed = headers_for(&logged_in, &USER_OP).await;
    assert_eq!(
        echoed["authorization"],
        format!("Bearer {PARTNER}, User fresh-user-token")
    );

    let err = client.login("+13155550175", "wrong").await.unwrap_err();
    assert_eq!(err.message(), Some("bad login request"));
    assert_eq!(err.operation(), Some("authorize_user"));
}

#[tokio::test]
async fn login_without_user_token_in_response_is_a_decode_error() {
    let base = serve(Router::new().route(
        "/auth",
        post(|| async { Json(json!({"success": true, "data": {}, "meta": []})) }),
    ))
    .await;
    let err = builder(&base)
        .build()
        .unwrap()
        .login("a", "b")
        .await
        .unwrap_err();
    match err {
        Error::Decode { path, .. } => assert_eq!(path, "data.user_token"),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn missing_user_token_fails_before_any_request() {
    let hits = Hits::default();
    let router = Router::new()
        .route(
            "/echo",
            get(|State(hits): State<Hits>| async move {
                hits.hit();
                Json(json!({"success": true}))
            }),
        )
        .with_state(hits.clone());
    let base = serve(router).await;
    let client = builder(&base).build().unwrap();

    let err = client
        .send_envelope::<Value, ()>(Request::new(&USER_OP))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingUserToken {
                operation: "user_op"
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("user_op"));
    assert_eq!(hits.get(), 0);

    let no_partner = Client::builder()
        .base_url(&base)
        .user_token(USER)
        .build()
        .unwrap();
    let err = no_partner
        .send_empty(Request::new(&PARTNER_OP))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingPartnerToken {
                operation: "partner_op"
            }
        ),
        "{err:?}"
    );
    assert_eq!(hits.get(), 0);

    // An operation without security needs no token at all.
    no_partner
        .send_empty(Request::new(&OPEN_OP))
        .await
        .expect("open op");
    assert_eq!(hits.get(), 1);
}

#[tokio::test]
async fn invalid_configuration_is_a_config_error() {
    for url in [
        "not a url",
        "ftp://example.com",
        "mailto:x@example.com",
        "http://h/api?x=1",
    ] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err:?}");
    }
    let err = Client::builder()
        .partner_token("bad\ntoken")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if !m.contains("bad")),
        "{err:?}"
    );
    assert!(Client::builder()
        .rate_limit(altegio::runtime::RateLimit::per_second(0))
        .build()
        .is_err());
}
