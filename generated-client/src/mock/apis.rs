//! The APIs the mock serves, each with its generated tables: the operations
//! (`<api>::mock_table`) and the generated type of every schema (`<api>::registry`). Schema
//! pointers repeat across specs (`#/components/schemas/record`), so a pointer is looked up in
//! the registry of the API whose operation holds it.

use crate::mock::table::{MockOperation, TypeCodec};

/// One API's generated tables.
#[derive(Debug, Clone, Copy)]
pub struct MockApi {
    /// The API's name in `spec/apis.yaml` (`b2b-v1`, `public`, `developers`, `b2b-v2`).
    pub name: &'static str,
    /// Its operations; ids other than v1's are prefixed with the handle (`v2.get_service`).
    pub operations: &'static [MockOperation],
    /// JSON pointer -> codec of its generated type, sorted by pointer.
    pub schemas: &'static [(&'static str, &'static TypeCodec)],
}

/// Every API of the client compiled in (see the crate's features), v1 first.
pub static APIS: &[MockApi] = &[
    #[cfg(not(test))]
    MockApi {
        name: "b2b-v1",
        operations: crate::mock_table::OPERATIONS,
        schemas: crate::registry::SCHEMAS,
    },
    // The unit tests are built without v1's tree (see lib.rs): v1's place holds a table of one
    // schema instead.
    #[cfg(test)]
    MockApi {
        name: "b2b-v1",
        operations: &[],
        schemas: unit_test_tables::SCHEMAS,
    },
    #[cfg(feature = "booking")]
    MockApi {
        name: "public",
        operations: crate::booking::mock_table::OPERATIONS,
        schemas: crate::booking::registry::SCHEMAS,
    },
    #[cfg(feature = "developers")]
    MockApi {
        name: "developers",
        operations: crate::developers::mock_table::OPERATIONS,
        schemas: crate::developers::registry::SCHEMAS,
    },
    #[cfg(feature = "v2")]
    MockApi {
        name: "b2b-v2",
        operations: crate::v2::mock_table::OPERATIONS,
        schemas: crate::v2::registry::SCHEMAS,
    },
];

impl MockApi {
    /// The API by name.
    pub fn named(name: &str) -> Option<&'static MockApi> {
        APIS.iter().find(|api| api.name == name)
    }

    /// The API holding the operation with this (mock) id.
    pub fn holding(id: &str) -> Option<&'static MockApi> {
        APIS.iter()
            .find(|api| api.operations.iter().any(|op| op.id == id))
    }

    /// The codec of the generated type for the schema at `pointer` in this API's spec.
    pub fn codec(&self, pointer: &str) -> Option<&'static TypeCodec> {
        let found = self
            .schemas
            .binary_search_by(|(p, _)| (*p).cmp(pointer))
            .ok()?;
        Some(self.schemas[found].1)
    }

    /// Every operation of every API, v1 first.
    pub fn all_operations() -> impl Iterator<Item = &'static MockOperation> {
        APIS.iter().flat_map(|api| api.operations.iter())
    }
}

/// The codec for a schema pointer of the operation `op`'s spec (v1's for an operation that is
/// in no table, like a test's own). The router hands out references into the tables, so the
/// table holding `op` is found by address, without scanning the operations.
pub(crate) fn codec_of(op: &MockOperation, pointer: &str) -> Option<&'static TypeCodec> {
    let address = std::ptr::from_ref(op);
    APIS.iter()
        .find(|api| api.operations.as_ptr_range().contains(&address))
        .or(APIS.first())?
        .codec(pointer)
}

#[cfg(test)]
mod unit_test_tables {
    use crate::mock::table::TypeCodec;

    static STRING: TypeCodec = TypeCodec::of::<String>("String");

    pub static SCHEMAS: &[(&str, &TypeCodec)] = &[("#/components/schemas/title", &STRING)];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_reads_the_registry_of_the_api_holding_it() {
        let mut checked = 0;
        for api in APIS {
            for op in api.operations {
                let Some(pointer) = op.response.schema else {
                    continue;
                };
                let expected = api.codec(pointer).map(|c| c.rust_type);
                assert_eq!(
                    codec_of(op, pointer).map(|c| c.rust_type),
                    expected,
                    "{}",
                    op.id
                );
                checked += 1;
            }
        }
        assert!(
            checked > 0 || APIS.len() == 1,
            "no operation had a response schema"
        );
        // A copy of an operation is in no table: v1's registry answers.
        let copy = MockOperation::bare("copy", "GET", "/copy");
        let (pointer, codec) = APIS[0].schemas[0];
        assert_eq!(
            codec_of(&copy, pointer).map(|c| c.rust_type),
            Some(codec.rust_type)
        );
    }
}
