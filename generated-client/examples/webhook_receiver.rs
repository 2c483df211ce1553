//! Receiving Altegio webhooks: an axum endpoint on 127.0.0.1 that answers each delivery at once
//! and prints the typed event. With no set-up it posts one sample delivery (an appointment
//! update, sent the way the real server writes it) to itself, prints the event and exits; with
//! `ALTEGIO_WEBHOOK_LISTEN` it keeps serving on that address.
//!
//! ```sh
//! cargo run -p generated-client --example webhook_receiver
//! ALTEGIO_WEBHOOK_LISTEN=127.0.0.1:8080 cargo run -p generated-client --example webhook_receiver
//! ```

use std::process::ExitCode;

use altegio::webhooks::receiver;
use altegio::webhooks::WebhookEvent;
use anyhow::Context;
use tokio::sync::mpsc;

const PATH: &str = "/altegio/webhook";

/// An appointment update as deliveries write it: ids as strings, `0`/`1` booleans, `[]` for an
/// empty object, a `+0300` offset.
const SAMPLE: &str = r#"{
  "company_id": "4564", "resource": "record", "resource_id": 501, "status": "update",
  "data": {"id": 501, "company_id": 4564, "staff_id": "101", "attendance": 1, "online": 1,
           "datetime": "2026-03-20T14:00:00+0300", "client": [], "services": [{"id": 201, "title": "Haircut", "cost": "50"}]}
}"#;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("webhook_receiver failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let listen = std::env::var("ALTEGIO_WEBHOOK_LISTEN").ok();
    let addr = listen.as_deref().unwrap_or("127.0.0.1:0");
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr()?;
    let (events, mut received) = mpsc::unbounded_channel();
    let app = receiver::router(PATH, move |event: WebhookEvent| {
        let events = events.clone();
        async move {
            // The receiver has already answered 200; this runs on its own task.
            let _ = events.send(event);
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("listening on http://{local}{PATH}");

    if listen.is_none() {
        let status = reqwest::Client::new()
            .post(format!("http://{local}{PATH}"))
            .header("content-type", "application/json")
            .body(SAMPLE)
            .send()
            .await
            .context("posting the sample delivery")?
            .status();
        println!("the endpoint answered {status}");
    }
    while let Some(event) = received.recv().await {
        print_event(&event);
        if listen.is_none() {
            break;
        }
    }
    Ok(())
}

fn print_event(event: &WebhookEvent) {
    match event {
        WebhookEvent::Record(record) => println!(
            "appointment {} at location {}: {:?}, starts {:?}, team member {:?}",
            record.resource_id,
            record.company_id,
            record.status,
            record.data.datetime,
            record.data.staff_id
        ),
        WebhookEvent::Unknown(raw) => println!("an event this client does not know: {raw}"),
        other => println!("{:?} event: {other:?}", other.webhook()),
    }
}
