//! Typed async client for the Altegio Business Management B2B API v1.
//! `runtime` is hand-written (transport, auth, errors, retries); `generated` comes from the spec.

pub mod runtime;

mod generated;
pub use generated::*;

pub use runtime::{ApiResponse, Client, ClientBuilder, Error, Result};

#[cfg(feature = "mock")]
pub mod mock;
