//! Quickstart: a few calls through the client against the built-in mock server (no set-up), or
//! read-only calls against production when `ALTEGIO_PARTNER_TOKEN` is set.
//!
//! ```sh
//! cargo run -p generated-client --example quickstart          # mock server on 127.0.0.1
//! ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... ALTEGIO_LOCATION_ID=... \
//!     cargo run -p generated-client --example quickstart      # production, read-only
//! ```
//!
//! In production mode a user token comes from `ALTEGIO_USER_TOKEN`, or from logging in with
//! `ALTEGIO_LOGIN` and `ALTEGIO_PASSWORD`; without either only partner-level calls are made.

use std::env;
use std::pin::pin;
use std::process::ExitCode;

use altegio::clients::CreateClientBody;
use altegio::locations::GetLocationListQuery;
use altegio::mock::{MockReply, MockServer};
use altegio::{Client, Error};
use anyhow::Context;
use futures::StreamExt;

/// A placeholder location id: the mock answers any id, and the missing-user-token demo sends nothing.
const EXAMPLE_LOCATION_ID: i64 = 4564;
/// How many locations to take from the (lazily paged) location list.
const LOCATIONS_TO_SHOW: usize = 3;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("quickstart failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    match non_empty_var("ALTEGIO_PARTNER_TOKEN") {
        Some(partner_token) => production(partner_token).await,
        None => mock().await,
    }
}

/// Starts the mock server and runs reads and writes against it.
async fn mock() -> anyhow::Result<()> {
    let server = MockServer::start()
        .await
        .context("cannot start the mock server on 127.0.0.1")?;
    let base_url = server.base_url().to_string();
    println!("using the built-in mock server at {base_url}");
    println!("(set ALTEGIO_PARTNER_TOKEN to run read-only calls against production instead)\n");

    let client = Client::builder()
        .base_url(base_url.as_str())
        .partner_token(MockServer::PARTNER_TOKEN)
        .build()?;
    show_missing_user_token(&client).await;

    let client = client
        .login("+13155550175", "mock-password")
        .await
        .context("log in")?;
    println!("logged in: the client now carries a user token");

    show_location(&client, EXAMPLE_LOCATION_ID).await?;
    show_locations(&client).await?;
    println!("(the mock answers every page with the spec's example, so items repeat)");
    show_team(&client, EXAMPLE_LOCATION_ID).await?;

    // Make the mock fail the way Altegio does, to show an API error being handled.
    if server.set_reply("get_location", MockReply::error(404, "Location not found")) {
        show_location(&client, 1).await?;
        server.clear_replies();
    }

    let new_client = CreateClientBody {
        name: "James Smith".into(),
        phone: "+13155550175".into(),
        email: Some("j.smith@example.com".into()),
        comment: Some("created by the quickstart".into()),
        ..Default::default()
    };
    let created = client
        .create_client(EXAMPLE_LOCATION_ID, &new_client)
        .await
        .context("create a client")?;
    println!(
        "created client {:?} ({}) (HTTP {})",
        created.data.id,
        created.data.name.as_deref().unwrap_or("(no name)"),
        created.status,
    );
    Ok(())
}

/// Talks to production; only read calls.
async fn production(partner_token: String) -> anyhow::Result<()> {
    let client = Client::builder().partner_token(partner_token).build()?;
    println!("using production {}", client.base_url());
    show_missing_user_token(&client).await;

    let client = match (
        non_empty_var("ALTEGIO_USER_TOKEN"),
        non_empty_var("ALTEGIO_LOGIN"),
        non_empty_var("ALTEGIO_PASSWORD"),
    ) {
        (Some(user_token), _, _) => {
            println!("using the user token from ALTEGIO_USER_TOKEN");
            client.with_user_token(user_token)
        }
        (None, Some(login), Some(password)) => {
            let client = client.login(&login, &password).await.context("log in")?;
            println!("logged in as the user from ALTEGIO_LOGIN");
            client
        }
        _ => {
            println!(
                "no ALTEGIO_USER_TOKEN or ALTEGIO_LOGIN/ALTEGIO_PASSWORD: partner-level calls only"
            );
            client
        }
    };

    show_locations(&client).await?;
    let location_id = match non_empty_var("ALTEGIO_LOCATION_ID") {
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .with_context(|| format!("ALTEGIO_LOCATION_ID `{text}` is not a number"))?,
        ),
        None => {
            println!("set ALTEGIO_LOCATION_ID to also read one location and its team");
            None
        }
    };
    if let Some(location_id) = location_id {
        show_location(&client, location_id).await?;
        if client.has_user_token() {
            show_team(&client, location_id).await?;
        }
    }
    Ok(())
}

/// An error, handled: an operation that needs a user token fails before anything is sent.
async fn show_missing_user_token(partner_only: &Client) {
    match partner_only.get_team_member_list(EXAMPLE_LOCATION_ID).await {
        Err(Error::MissingUserToken { operation }) => {
            println!("handled an error: `{operation}` needs a user token (nothing was sent)");
        }
        Err(other) => println!("unexpected error: {other}"),
        Ok(_) => println!("unexpected success without a user token"),
    }
}

/// `GET /company/{location_id}`, with the error accessors on failure.
async fn show_location(client: &Client, location_id: i64) -> anyhow::Result<()> {
    match client.get_location(location_id, &Default::default()).await {
        Ok(location) => {
            let data = location.data;
            println!(
                "location {}: {} ({}, {})",
                location_id,
                data.title.as_deref().unwrap_or("(no title)"),
                data.city.as_deref().unwrap_or("?"),
                data.country.as_deref().unwrap_or("?"),
            );
            Ok(())
        }
        Err(error) if error.status().is_some() => {
            println!(
                "location {location_id}: HTTP {} {} (retryable: {})",
                error.status().map(|s| s.as_u16()).unwrap_or_default(),
                error.message().unwrap_or("(no message)"),
                error.is_retryable()
            );
            Ok(())
        }
        Err(error) => Err(error).context("get a location"),
    }
}

/// `GET /companies`, walked lazily with the generated stream; stops after a few items.
async fn show_locations(client: &Client) -> anyhow::Result<()> {
    let query = GetLocationListQuery {
        count: Some(LOCATIONS_TO_SHOW as i64),
        ..Default::default()
    };
    let mut locations = pin!(client
        .get_location_list_stream(&query)
        .take(LOCATIONS_TO_SHOW));
    let mut shown = 0;
    while let Some(location) = locations.next().await {
        let location = location.context("list locations")?;
        shown += 1;
        println!(
            "  location {:?}: {}",
            location.id,
            location.title.as_deref().unwrap_or("(no title)")
        );
    }
    println!("listed {shown} location(s) from the paged location list");
    Ok(())
}

/// `GET /staff/{location_id}`.
async fn show_team(client: &Client, location_id: i64) -> anyhow::Result<()> {
    let team = client
        .get_team_member_list(location_id)
        .await
        .context("list team members")?;
    println!(
        "location {location_id} has {} team member(s)",
        team.data.len()
    );
    for member in team.data.iter().take(5) {
        println!(
            "  {} ({})",
            member.name.as_deref().unwrap_or("(no name)"),
            member.specialization.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

fn non_empty_var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|value| !value.trim().is_empty())
}
