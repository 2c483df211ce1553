//! Lookups in the generated tables: an operation by id and a schema's codec by JSON pointer.
//! The tables are static, so these borrow from them for `'static`.

use crate::mock::apis::{MockApi, APIS};
use crate::mock::table::{MockOperation, TypeCodec};

/// The operation with this id, in any API's table ([`crate::mock_table::OPERATIONS`] for v1;
/// the other APIs' ids are prefixed with their handle, e.g. `v2.get_service`).
///
/// ```
/// let op = altegio::mock::operation("get_location");
/// assert_eq!(op.map(|op| (op.method, op.path)), Some(("GET", "/company/{location_id}")));
/// let op = altegio::mock::operation("v2.list_services");
/// assert_eq!(op.map(|op| op.path), Some("/api/v2/locations/{location_id}/services"));
/// ```
pub fn operation(id: &str) -> Option<&'static MockOperation> {
    MockApi::all_operations().find(|op| op.id == id)
}

/// The codec of the generated type for the schema at `pointer` (e.g.
/// `#/components/schemas/client`) of the B2B v1 spec, from [`crate::registry::SCHEMAS`]
/// (see [`MockApi::codec`] for the other APIs).
///
/// `None` when the generator made no type for exactly that pointer (a `$ref`, an `allOf` part,
/// a multipart body).
pub fn codec(pointer: &str) -> Option<&'static TypeCodec> {
    APIS[0].codec(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The real tables are checked by the integration tests (`tests/runtime_mock.rs`): unit tests
    // are built without v1's tree, whose place holds a table of one schema.
    #[test]
    fn codecs_are_found_by_pointer() {
        let (pointer, _) = APIS[0].schemas[0];
        assert_eq!(codec(pointer).map(|c| c.rust_type), Some("String"));
        assert!(codec("#/nowhere").is_none());
        assert!(operation("no_such_operation").is_none());
    }
}
