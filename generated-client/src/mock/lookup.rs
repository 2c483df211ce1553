//! Lookups in the generated tables: an operation by id and a schema's codec by JSON pointer.
//! The tables are static, so these borrow from them for `'static`.

use crate::mock::table::{MockOperation, TypeCodec};

/// The operation with this `operationId`, from [`crate::mock_table::OPERATIONS`].
///
/// ```
/// let op = altegio::mock::operation("get_location");
/// assert_eq!(op.map(|op| (op.method, op.path)), Some(("GET", "/company/{location_id}")));
/// ```
pub fn operation(id: &str) -> Option<&'static MockOperation> {
    crate::mock_table::OPERATIONS.iter().find(|op| op.id == id)
}

/// The codec of the generated type for the schema at `pointer` (e.g.
/// `#/components/schemas/client`), from [`crate::registry::SCHEMAS`].
///
/// `None` when the generator made no type for exactly that pointer (a `$ref`, an `allOf` part,
/// a multipart body).
pub fn codec(pointer: &str) -> Option<&'static TypeCodec> {
    let schemas = crate::registry::SCHEMAS;
    let found = schemas.binary_search_by(|(p, _)| (*p).cmp(pointer)).ok()?;
    let index = usize::try_from(schemas[found].1).ok()?;
    crate::registry::CODECS.get(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_sorted_for_binary_search() {
        let schemas = crate::registry::SCHEMAS;
        assert!(schemas.windows(2).all(|w| w[0].0 < w[1].0));
        let (pointer, _) = schemas[schemas.len() / 2];
        assert!(codec(pointer).is_some());
        assert!(codec("#/nowhere").is_none());
        let codecs = crate::registry::CODECS;
        assert!(codecs.windows(2).all(|w| w[0].rust_type < w[1].rust_type));
        assert!(schemas.iter().all(|(_, i)| (*i as usize) < codecs.len()));
    }

    #[test]
    fn operations_are_found_by_id() {
        assert_eq!(
            operation("get_location").map(|op| op.id),
            Some("get_location")
        );
        assert!(operation("no_such_operation").is_none());
    }
}
