//! The runtime's HTTP tests, one test binary: each module once was its own, and every test
//! binary links the whole client, so one binary instead of six saves CI five links of it.

mod runtime_support;

mod runtime_auth;
mod runtime_envelope;
mod runtime_mock;
mod runtime_pagination;
mod runtime_request;
mod runtime_retry;
mod runtime_secrets;
