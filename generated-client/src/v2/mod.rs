//! The Business Management B2B API v2 (`client.v2()`): location-scoped back-office work
//! (services, products, team members, appointments, events, booking users, custom fields, tags)
//! in JSON:API style: `data` holds resource objects `{type, id, attributes, relationships}` whose
//! `id` is a string, and `included` the related resources asked for with `include`.
//!
//! Requests go to the client's base URL with its `/api/v1` swapped for `/api/v2`
//! (`https://api.alteg.io/api/v2` by default). Every operation needs the partner and the user
//! token. Generated from `spec/altegio-b2b-v2.openapi.yaml` into `v2/generated/`.
//!
//! Lists with `page` and `limit` also get a `*_stream` method that walks the pages (each page's
//! `data`) until an empty one, since v2 sends no total. [`jsonapi`] (hand-written) finds
//! `included` resources by `(type, id)`, follows relationships to them and decodes their
//! attributes.

crate::runtime::handle::api_handle!(
    /// The B2B API v2's operations, borrowed from a [`Client`](crate::Client) with
    /// [`Client::v2`](crate::Client::v2). Copying it is free.
    V2,
    v2,
    "The Business Management B2B API v2 (JSON:API): its operations are methods of the handle."
);

pub mod jsonapi;

#[rustfmt::skip] // written by `cargo xtask regenerate` (formatted by prettyplease)
mod generated;
pub use generated::*;
