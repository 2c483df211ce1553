//! A loopback mock of the API built from the spec (feature `mock`): answers every operation
//! with its documented example and checks what the client sent. Start with [`MockServer`].

mod apis;
mod check;
mod lookup;
mod reply;
mod route;
mod server;
mod table;

pub use apis::{MockApi, APIS};
pub use lookup::{codec, operation};
pub use reply::{documented_example, MockReply};
pub use server::{MockServer, ReceivedRequest};
pub use table::*;
