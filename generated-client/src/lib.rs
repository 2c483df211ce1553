//! Typed async client for the Altegio Business Management B2B API v1.
//! `runtime` is hand-written (transport, auth, errors, retries); `generated` comes from the spec.
//!
//! Every operation of the spec is an `async` method on [`Client`], named after its
//! `operationId` and documented with its `` `METHOD /path` ``; list operations with `page`
//! parameters also get a `*_stream` method that walks every page. Request and response types
//! live in [`models`] and in one module per tag of the spec ([`clients`], [`appointments`],
//! [`locations`], ...). Authentication, the `{success, data, meta}` envelope, errors, retries,
//! timeouts and the optional rate limit are handled once, in [`runtime`].
//!
//! # Create a client
//!
//! Only the partner token is required. Operations on behalf of a user also need a user token,
//! given here or obtained with [`Client::login`]. The base URL defaults to production
//! ([`runtime::DEFAULT_BASE_URL`]); point it at a mock server in tests.
//!
//! ```
//! let client = altegio::Client::builder()
//!     .partner_token("partner-token")
//!     .user_token("user-token") // optional: see `Client::login`
//!     .base_url("https://api.alteg.io/api/v1") // the default
//!     .build()?;
//! assert!(client.has_user_token());
//! # Ok::<(), altegio::Error>(())
//! ```
//!
//! Tokens are held as [`Secret`]s: `Debug` prints `Secret(***)`, and they never appear in URLs,
//! error messages or tracing output.
//!
//! # Log in
//!
//! [`Client::login`] calls `POST /auth` with the partner token and returns a clone of the
//! client that carries the user's token:
//!
//! ```no_run
//! # async fn demo() -> altegio::Result<()> {
//! let client = altegio::Client::builder().partner_token("partner-token").build()?;
//! let client = client.login("+13155550175", "password").await?;
//! assert!(client.has_user_token());
//! # Ok(())
//! # }
//! ```
//!
//! # List clients, page by page
//!
//! Every call returns an [`ApiResponse`]: the typed `data`, the envelope's `meta`, the HTTP
//! status and headers. For list operations with `page`/`count` query parameters the generated
//! `*_stream` method fetches pages lazily, stopping at an empty page or at `meta.total_count`;
//! each page goes through the retry policy. Streams are not `Unpin`: pin them first.
//!
//! ```no_run
//! use futures::StreamExt;
//! use altegio::appointments::GetAppointmentListQuery;
//!
//! # async fn demo(client: altegio::Client) -> altegio::Result<()> {
//! let location_id = 4564;
//! let query = GetAppointmentListQuery { count: Some(100), ..Default::default() };
//! let mut appointments = std::pin::pin!(client.get_appointment_list_stream(location_id, &query));
//! while let Some(appointment) = appointments.next().await {
//!     let appointment = appointment?;
//!     println!("appointment {:?} at {:?}", appointment.id, appointment.datetime);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Operations that page through their request body, such as the client search
//! (`POST /company/{location_id}/clients/search`), use [`runtime::paginate`] directly:
//!
//! ```no_run
//! use futures::StreamExt;
//! use altegio::models::CompanyClientsSearchRequest;
//!
//! # async fn demo(client: altegio::Client) -> altegio::Result<()> {
//! let location_id = 4564;
//! let pages = altegio::runtime::paginate(1, |page| {
//!     let body = CompanyClientsSearchRequest { page: Some(page), page_size: Some(200), ..Default::default() };
//!     let client = &client;
//!     async move { client.get_client_list(location_id, &body).await }
//! });
//! let mut clients = std::pin::pin!(pages);
//! while let Some(found) = clients.next().await {
//!     let found = found?;
//!     println!("client {:?}: {}", found.id, found.name.as_deref().unwrap_or("(no name)"));
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Create an appointment
//!
//! Request bodies are plain structs whose optional fields default to `None` (left out of the
//! JSON), so a struct literal with `..Default::default()` sets only what you need:
//!
//! ```no_run
//! use altegio::models::{PhoneNameEmailClient, RecordsRequest, RecordsRequestServices};
//! use altegio::DateTime;
//!
//! # async fn demo(client: altegio::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let location_id = 4564;
//! let body = RecordsRequest {
//!     staff_id: Some(8_886_545),
//!     services: Some(vec![RecordsRequestServices { id: Some(331), ..Default::default() }]),
//!     client: Some(PhoneNameEmailClient {
//!         phone: Some("+13155550175".into()),
//!         name: Some("James Smith".into()),
//!         ..Default::default()
//!     }),
//!     datetime: Some("2026-09-21T10:00:00+01:00".parse::<DateTime>()?),
//!     seance_length: Some(3600.0),
//!     comment: Some("booked from the API".into()),
//!     ..Default::default()
//! };
//! let created = client.create_appointment(location_id, &body).await?;
//! for appointment in &created.data {
//!     println!("created appointment {:?} (HTTP {})", appointment.id, created.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Handle an error
//!
//! Every call fails with the one [`Error`] enum. API errors keep the HTTP status, the server's
//! `meta.message`, the raw body and the headers, including `"success": false` sent with HTTP
//! 200; bodies that do not match their type keep the raw bytes and the path of the failing
//! field. [`Error::status`], [`Error::message`] and [`Error::is_retryable`] cover most needs:
//!
//! ```no_run
//! use altegio::{Error, StatusCode};
//!
//! # async fn demo(client: altegio::Client) -> altegio::Result<()> {
//! match client.get_location(4564, &Default::default()).await {
//!     Ok(location) => println!("location: {:?}", location.data.title),
//!     Err(err) if err.status() == Some(StatusCode::NOT_FOUND) => {
//!         println!("no such location: {}", err.message().unwrap_or("(no message)"));
//!     }
//!     Err(Error::Api { status, message, .. }) => {
//!         println!("the API said no (HTTP {status}): {message:?}");
//!     }
//!     Err(Error::Decode { path, body, .. }) => {
//!         println!("unexpected response shape at `{path}` ({} bytes kept)", body.len());
//!     }
//!     Err(err) if err.is_retryable() => println!("still failing after retries: {err}"),
//!     Err(err) => return Err(err),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Configure retries, timeouts and the rate limit
//!
//! By default a call makes up to 3 attempts on 429, 502, 503, 504, timeouts and connection
//! failures, waiting with exponential backoff and full jitter (200 ms doubling, at most 10 s)
//! or for the server's `Retry-After` (at most 60 s). Only GET, PUT, DELETE and HEAD are
//! retried unless you opt in, because a POST that timed out may have been carried out. Each
//! attempt times out after 30 s. No client-side rate limit is applied unless you set one.
//!
//! ```no_run
//! use std::time::Duration;
//! use altegio::{Client, RateLimit, RetryPolicy};
//!
//! # async fn demo(body: altegio::models::RecordsRequest) -> altegio::Result<()> {
//! let client = Client::builder()
//!     .partner_token("partner-token")
//!     .user_token("user-token")
//!     .timeout(Duration::from_secs(10))
//!     .retry_policy(RetryPolicy {
//!         max_attempts: 5,
//!         initial_backoff: Duration::from_millis(250),
//!         ..RetryPolicy::default()
//!     })
//!     .rate_limit(RateLimit::per_second(5))
//!     .build()?;
//!
//! // Per request: a longer timeout, no retries, or retries for a POST you know is safe to repeat.
//! let report = client.with_timeout(Duration::from_secs(120)).get_location(4564, &Default::default()).await?;
//! let once = client.with_max_attempts(1).get_team_member_list(4564).await?;
//! let booked = client.with_retry_non_idempotent(true).create_appointment(4564, &body).await?;
//! # let _ = (report, once, booked);
//! # Ok(())
//! # }
//! ```
//!
//! [`RequestOptions`] sets the same overrides in one value, through [`Client::with_options`].
//!
//! # Test your own code against the mock server
//!
//! With the `mock` feature, `altegio::mock::MockServer` serves every operation of the spec on
//! 127.0.0.1, answering with the spec's documented examples and checking what the client sends.
//! Replies can be replaced per operation, e.g. with an Altegio error envelope:
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use altegio::mock::{MockReply, MockServer};
//!
//! let server = MockServer::start().await?;
//! let client = altegio::Client::builder()
//!     .base_url(server.base_url())
//!     .partner_token("test-partner-token")
//!     .build()?
//!     .login("+13155550175", "password") // answered from the spec's example
//!     .await?;
//! let location = client.get_location(4564, &Default::default()).await?;
//! assert_eq!(location.status, altegio::StatusCode::OK);
//!
//! assert!(server.set_reply("get_location", MockReply::error(404, "Location not found")));
//! let err = client.get_location(4564, &Default::default()).await.unwrap_err();
//! assert_eq!(err.message(), Some("Location not found"));
//! assert_eq!(server.hits("get_location"), 2);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "mock"))]
//! # fn main() {}
//! ```
//!
//! # Features
//!
//! - `full` (default): every API and every tag below.
//! - One feature per B2B v1 tag (`appointments`, `clients`, `loyalty-cards`, ...: the tag's
//!   module name in kebab-case), and `v1` for all of them: with `default-features = false`, only
//!   the named tags' operations compile, with the types they reach.
//! - `booking`, `developers`, `v2`: the other three APIs (`developers` also brings `webhooks`).
//! - `mock`: `altegio::mock`, a loopback server built from the spec's examples that answers every
//!   operation compiled in, for testing code that uses this client without the network.
//! - `webhook-receiver`: `altegio::webhooks::receiver`, an axum endpoint for webhook deliveries.

pub mod runtime;

// B2B v1's tree is about 80k generated lines, and the unit tests below it test only hand-written
// code: leaving it out of `cargo test`'s unit-test build of this crate saves compiling it twice
// (the integration tests, doctests and examples use the whole crate as users do).
#[cfg(not(test))]
#[rustfmt::skip] // written by `cargo xtask regenerate` (formatted by prettyplease)
mod generated;
#[cfg(not(test))]
pub use generated::*;

#[cfg(feature = "booking")]
pub mod booking;
#[cfg(feature = "developers")]
pub mod developers;
#[cfg(feature = "v2")]
pub mod v2;
#[cfg(feature = "developers")]
pub mod webhooks;

pub use runtime::datetime::{Date, DateTime};
pub use runtime::{
    ApiResponse, Client, ClientBuilder, Error, FilePart, RateLimit, RequestOptions, Result,
    RetryPolicy, Secret,
};

/// HTTP status codes, as found in [`ApiResponse::status`] and [`Error::status`].
pub use http::StatusCode;

#[cfg(feature = "mock")]
pub mod mock;

/// The README's Rust examples (the section on the four APIs), compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
