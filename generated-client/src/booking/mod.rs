//! The Online Booking API (`client.booking()`): what a client-facing booking front end calls.
//! Booking form settings, bookable services, team members, dates and time slots, checking and
//! creating bookings, events, and the client's own cabinet. Most operations need the partner
//! token only; the cabinet needs a user token from `authorize_online_booking_user` or
//! `log_in_with_phone_number_and_code` (see [`Client::with_user_token`](crate::Client::with_user_token)).
//!
//! Generated from `spec/altegio-public.openapi.yaml` into `booking/generated/`; types are in
//! [`models`] and in the module of each tag.

crate::runtime::handle::api_handle!(
    /// The Online Booking API's operations, borrowed from a [`Client`](crate::Client) with
    /// [`Client::booking`](crate::Client::booking). Copying it is free.
    Booking,
    booking,
    "The Online Booking API (the `public` spec): its operations are methods of the handle."
);

#[rustfmt::skip] // written by `cargo xtask regenerate` (formatted by prettyplease)
mod generated;
pub use generated::*;
