//! The Developer Tools API (`client.developers()`): for partners who build integrations.
//! Marketplace application management (connected locations, tariffs, discounts, payment links,
//! install/uninstall/payment callbacks), webhook settings, VoIP telephony and dictionaries
//! (countries, cities, business types).
//!
//! Generated from `spec/altegio-developers.openapi.yaml` into `developers/generated/`; types are
//! in [`models`] and in the module of each tag.

crate::runtime::handle::api_handle!(
    /// The Developer Tools API's operations, borrowed from a [`Client`](crate::Client) with
    /// [`Client::developers`](crate::Client::developers). Copying it is free.
    Developers,
    developers,
    "The Developer Tools API (the `developers` spec): its operations are methods of the handle."
);

#[rustfmt::skip] // written by `cargo xtask regenerate` (formatted by prettyplease)
mod generated;
pub use generated::*;
