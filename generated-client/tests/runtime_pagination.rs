//! Runtime tests: `paginate` over a loopback server, stopping at an empty page or at
//! `meta.total_count`, fetching lazily, and ending after an error.

use crate::runtime_support;

use std::pin::pin;

use altegio::runtime::{paginate, Auth, Method, Operation, Request};
use altegio::Client;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use futures::{StreamExt, TryStreamExt};
use runtime_support::{builder, op, serve, Hits};
use serde::Deserialize;
use serde_json::{json, Value};

const LIST_OP: Operation = op("list_items", Method::Get, "/items", Auth::Partner);

#[derive(Deserialize)]
struct PageQuery {
    page: i64,
    count: usize,
    /// When set, responses carry `meta.total_count` and stop short of an empty page.
    with_total: Option<u8>,
    /// When set, this page fails with 500.
    fail_on: Option<i64>,
}

const TOTAL: i64 = 7;

/// 7 items (ids 1..=7) in pages of `count`; pages past the end are empty.
async fn items(State(hits): State<Hits>, Query(q): Query<PageQuery>) -> axum::response::Response {
    hits.hit();
    if q.fail_on == Some(q.page) {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"success": false, "data": null, "meta": {"message": "boom"}})),
        )
            .into_response();
    }
    let start = (q.page - 1) * q.count as i64 + 1;
    let ids: Vec<i64> = (start..start + q.count as i64)
        .filter(|id| *id <= TOTAL)
        .collect();
    let data: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let meta = if q.with_total.is_some() {
        json!({"page": q.page, "total_count": TOTAL})
    } else {
        json!([])
    };
    Json(json!({"success": true, "data": data, "meta": meta})).into_response()
}

#[derive(Debug, Default, Deserialize, PartialEq)]
struct Item {
    id: i64,
}

async fn setup() -> (Client, Hits) {
    let hits = Hits::default();
    let base = serve(
        Router::new()
            .route("/items", get(items))
            .with_state(hits.clone()),
    )
    .await;
    (builder(&base).build().unwrap(), hits)
}

fn pages<'a>(
    client: &'a Client,
    with_total: bool,
    fail_on: Option<i64>,
) -> impl futures::Stream<Item = altegio::Result<Item>> + 'a {
    paginate(1, move |page| {
        let request = Request::new(&LIST_OP)
            .query_param("page", &page, true)
            .query_param("count", &3, true)
            .query_param("with_total", &with_total.then_some(1), true)
            .query_param("fail_on", &fail_on, true);
        client.send_envelope::<Vec<Item>, Value>(request)
    })
}

#[tokio::test]
async fn stops_at_the_first_empty_page() {
    let (client, hits) = setup().await;
    let ids: Vec<i64> = pages(&client, false, None)
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (1..=TOTAL).collect::<Vec<_>>());
    assert_eq!(hits.get(), 4, "pages 1-3 plus the empty page 4");
}

#[tokio::test]
async fn stops_when_total_count_is_reached() {
    let (client, hits) = setup().await;
    let ids: Vec<i64> = pages(&client, true, None)
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (1..=TOTAL).collect::<Vec<_>>());
    assert_eq!(
        hits.get(),
        3,
        "pages 1-3; total_count makes the empty page 4 unnecessary"
    );
}

#[tokio::test]
async fn fetches_lazily() {
    let (client, hits) = setup().await;
    let mut stream = pin!(pages(&client, false, None));
    assert_eq!(hits.get(), 0);
    assert_eq!(stream.next().await.unwrap().unwrap(), Item { id: 1 });
    assert_eq!(hits.get(), 1);
    for _ in 0..3 {
        stream.next().await.unwrap().unwrap();
    }
    assert_eq!(hits.get(), 2);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let (client, hits) = setup().await;
    let results: Vec<_> = pages(&client, false, Some(2)).collect().await;
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok));
    let err = results[3].as_ref().unwrap_err();
    assert_eq!(err.message(), Some("boom"));
    assert_eq!(hits.get(), 2);
}
