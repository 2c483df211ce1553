//! A loopback mock of the API built from the spec (feature `mock`): answers every operation
//! with its documented example and checks what the client sent. Placeholder until the server lands.

mod table;

pub use table::*;
