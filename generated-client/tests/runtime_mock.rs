//! The mock's generated tables as the crate ships them (the unit tests are built without v1's
//! tree): every API's schemas sorted for binary search, each pointer's codec found, and
//! operations found by id.

use altegio::mock::{codec, operation, MockApi, APIS};

#[test]
fn every_api_has_its_schemas_sorted_and_each_found_by_pointer() {
    assert_eq!(
        APIS.len(),
        4,
        "all four APIs are compiled in with the default features"
    );
    for api in APIS {
        assert!(!api.schemas.is_empty(), "{}: no schemas", api.name);
        assert!(
            api.schemas.windows(2).all(|w| w[0].0 < w[1].0),
            "{}: schemas are not sorted",
            api.name
        );
        for (pointer, expected) in api.schemas {
            let found = api.codec(pointer).map(|c| c.rust_type);
            assert_eq!(found, Some(expected.rust_type), "{}: {pointer}", api.name);
        }
    }
    let (pointer, _) = APIS[0].schemas[APIS[0].schemas.len() / 2];
    assert!(codec(pointer).is_some());
    assert!(codec("#/nowhere").is_none());
}

#[test]
fn operations_are_found_by_id_in_every_api() {
    assert_eq!(
        operation("get_location").map(|op| op.id),
        Some("get_location")
    );
    assert_eq!(
        operation("v2.get_service").map(|op| op.path),
        Some("/api/v2/locations/{location_id}/services/{service_id}")
    );
    assert!(operation("no_such_operation").is_none());
    assert_eq!(
        MockApi::holding("v2.get_service").map(|api| api.name),
        Some("b2b-v2")
    );
}
