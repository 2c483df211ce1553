//! Typed webhooks: every webhook example of the Developer Tools spec parses into its own
//! `WebhookEvent` variant, an unknown `resource` is `Unknown`, deliveries written the way the
//! real server writes them decode, and the axum receiver answers over HTTP on 127.0.0.1.

use std::time::Duration;

use altegio::developers::models::EventStatus;
use altegio::webhooks::{parse, receiver, WebhookError, WebhookEvent};
use serde_json::{json, Value};

/// `(webhook key, example payload)` for every webhook of the developers spec.
fn spec_examples() -> Vec<(String, Value)> {
    let path = integration_tests::workspace_root().join("spec/altegio-developers.openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let webhooks = doc["webhooks"].as_object().expect("the spec has webhooks");
    webhooks
        .iter()
        .map(|(key, item)| {
            let media = &item["post"]["requestBody"]["content"]["application/json"];
            let example = media
                .get("example")
                .cloned()
                .unwrap_or_else(|| panic!("webhook {key} has no example"));
            (key.clone(), example)
        })
        .collect()
}

#[test]
fn every_webhook_example_parses_into_its_own_variant() {
    let examples = spec_examples();
    let mut problems = Vec::new();
    let mut parsed = 0;
    for (key, example) in &examples {
        let body = serde_json::to_vec(example).expect("an example serializes");
        match parse(&body) {
            Ok(event) if event.webhook() == Some(key.as_str()) => parsed += 1,
            Ok(event) => problems.push(format!("{key}: parsed as {:?}", event.webhook())),
            Err(e) => problems.push(format!("{key}: {e}")),
        }
    }
    println!(
        "webhooks: parsed {parsed}/{} examples, each into its own variant",
        examples.len()
    );
    assert_eq!(
        examples.len(),
        11,
        "the developers spec documents 11 webhooks"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_unknown_resource_is_kept_raw_and_bad_bodies_are_errors() {
    let body = json!({"company_id": 1, "resource": "loyalty_transaction", "resource_id": 7,
                      "status": "create", "data": {"amount": 10}});
    let event = parse(body.to_string().as_bytes()).expect("an unknown resource is not an error");
    assert_eq!(event, WebhookEvent::Unknown(body));
    assert_eq!(event.webhook(), None);
    assert_eq!(event.discriminator(), Some("loyalty_transaction"));
    println!("webhooks: unknown resource `loyalty_transaction` parsed as Unknown");

    assert!(matches!(parse(b"not json"), Err(WebhookError::Json { .. })));
    let err = parse(br#"{"resource": "record", "data": {"id": {"x": 1}}}"#).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Payload { webhook: "RecordEvent", path, .. } if path == "data.id"),
        "{err:?}"
    );
}

/// Deliveries carry the same PHP-isms as responses.
#[test]
fn deliveries_written_the_way_the_server_writes_them_decode() {
    let body = json!({
        "company_id": "4564", "resource": "record", "resource_id": "501", "status": "delete",
        "data": {"id": "501", "staff_id": 101.0, "online": 1, "attendance": "1",
                 "datetime": "2026-03-20T14:00:00+0300", "client": [], "comment": null}
    });
    let event = parse(body.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let WebhookEvent::Record(record) = event else {
        panic!("expected an appointment event, got {event:?}");
    };
    assert_eq!((record.company_id, record.resource_id), (4564, 501));
    assert_eq!(record.status, EventStatus::Delete);
    assert_eq!(
        (record.data.id, record.data.staff_id),
        (Some(501), Some(101))
    );
    assert_eq!(record.data.online, Some(true));
    let datetime = record.data.datetime.expect("a datetime");
    assert_eq!(datetime.to_string(), "2026-03-20T14:00:00+03:00");
}

#[tokio::test]
async fn the_receiver_answers_at_once_and_hands_over_the_typed_event() {
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let app = receiver::router("/hook", move |event| {
        let events = events.clone();
        async move {
            let _ = events.send(event);
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let http = reqwest::Client::new();
    let url = format!("http://{addr}/hook");
    let (key, example) = spec_examples()
        .into_iter()
        .find(|(key, _)| key == "GoodsOperationEvent")
        .expect("the spec documents goods operations");
    let response = http.post(&url).json(&example).send().await.expect("post");
    assert_eq!(response.status(), 200);
    let event = tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .expect("the handler runs")
        .expect("an event");
    assert_eq!(event.webhook(), Some(key.as_str()));

    let refused = http.post(&url).body("{oops").send().await.expect("post");
    assert_eq!(refused.status(), 400);
}
