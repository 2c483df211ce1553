//! The lenient field deserializers, used from outside the crate through serde's derive: hand-written
//! structs with a container default and one helper per field. Generated structs reach the same
//! helpers through `runtime::record` (the last tests).

use std::collections::BTreeMap;

use altegio::runtime::datetime::{chrono::FixedOffset, Date, DateTime};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Staff {
    #[serde(deserialize_with = "altegio::runtime::de::int")]
    id: i64,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "altegio::runtime::de::opt_int"
    )]
    api_id: Option<i32>,
    #[serde(deserialize_with = "altegio::runtime::de::string")]
    name: String,
    #[serde(deserialize_with = "altegio::runtime::de::boolean")]
    fired: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Service {
    #[serde(deserialize_with = "altegio::runtime::de::int")]
    id: u64,
    #[serde(deserialize_with = "altegio::runtime::de::number")]
    cost: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Record {
    #[serde(deserialize_with = "altegio::runtime::de::int")]
    id: i64,
    #[serde(deserialize_with = "altegio::runtime::de::boolean")]
    confirmed: bool,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "altegio::runtime::de::opt_boolean"
    )]
    is_working: Option<bool>,
    #[serde(deserialize_with = "altegio::runtime::de::object")]
    staff: Staff,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "altegio::runtime::de::opt_object"
    )]
    client: Option<Staff>,
    #[serde(deserialize_with = "altegio::runtime::de::seq")]
    services: Vec<Service>,
    #[serde(deserialize_with = "altegio::runtime::de::map")]
    custom_fields: BTreeMap<String, Value>,
    #[serde(deserialize_with = "altegio::runtime::de::date")]
    date: Date,
    #[serde(deserialize_with = "altegio::runtime::de::datetime")]
    datetime: DateTime,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "altegio::runtime::de::opt_datetime"
    )]
    last_change: Option<DateTime>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "altegio::runtime::de::opt_date"
    )]
    deleted_at: Option<Date>,
}

fn decode(v: Value) -> Record {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn plus_five() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600).unwrap()
}

#[test]
fn a_record_as_the_php_backend_sends_it() {
    let got = decode(json!({
        "id": "501", "confirmed": "1", "is_working": 0,
        "staff": {"id": 7, "api_id": "0", "name": 12345, "fired": "0", "avatar": "x.png"},
        "client": [],
        "services": {"0": {"id": "3", "cost": "1000.00"}, "4": {"id": 4.0, "cost": 250}},
        "custom_fields": [],
        "date": "2026-04-20 18:30:00",
        "datetime": "2026-04-20T18:30:00+05:00",
        "last_change": "2026-04-20T12:36:27+0500",
        "deleted_at": "0000-00-00",
        "a_field_added_next_year": [1, 2, 3]
    }));
    let want = Record {
        id: 501,
        confirmed: true,
        is_working: Some(false),
        staff: Staff {
            id: 7,
            api_id: Some(0),
            name: "12345".into(),
            fired: false,
        },
        client: None,
        services: vec![
            Service {
                id: 3,
                cost: 1000.0,
            },
            Service { id: 4, cost: 250.0 },
        ],
        custom_fields: BTreeMap::new(),
        date: Date::from_ymd(2026, 4, 20).unwrap(),
        datetime: "2026-04-20 18:30:00"
            .parse::<DateTime>()
            .unwrap()
            .and_offset(plus_five()),
        last_change: Some(
            "2026-04-20 12:36:27"
                .parse::<DateTime>()
                .unwrap()
                .and_offset(plus_five()),
        ),
        deleted_at: None,
    };
    assert_eq!(got, want);
}

#[test]
fn nulls_placeholders_and_empty_arrays_are_absent() {
    let got = decode(json!({
        "id": null, "confirmed": null, "is_working": "", "staff": null, "client": null,
        "services": null, "custom_fields": null, "date": "", "datetime": "0000-00-00 00:00:00",
        "last_change": "1900-01-01 00:00:00", "deleted_at": "1900-01-01"
    }));
    assert_eq!(got, Record::default());
    assert_eq!(
        decode(json!({"staff": [], "client": {}})).client,
        Some(Staff::default())
    );
}

#[test]
fn mismatches_beyond_tolerance_are_errors_naming_the_value() {
    let cases = [
        (json!({"id": "abc"}), "string \"abc\""),
        (json!({"confirmed": 2}), "integer `2`"),
        (
            json!({"staff": [{"id": 1}, {"id": 2}]}),
            "array of two or more items",
        ),
        (json!({"services": "none"}), "string \"none\""),
        (json!({"datetime": "yesterday"}), "string \"yesterday\""),
    ];
    for (input, want) in cases {
        let err = serde_json::from_str::<Record>(&input.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{input}: {err}");
    }
}

#[test]
fn serialization_is_spec_shaped() {
    let record = decode(json!({
        "id": "1", "confirmed": 1, "staff": {"id": "2", "fired": "1"}, "custom_fields": [],
        "date": "2026-04-20", "datetime": "2026-04-20 18:30:00", "last_change": "2026-04-20T12:36:27+0500"
    }));
    let printed = serde_json::to_value(&record).unwrap();
    assert_eq!(
        printed,
        json!({
            "id": 1, "confirmed": true, "staff": {"id": 2, "name": "", "fired": true},
            "services": [], "custom_fields": {}, "date": "2026-04-20",
            "datetime": "2026-04-20 18:30:00", "last_change": "2026-04-20T12:36:27+05:00"
        })
    );
    assert_eq!(decode(printed), record);
}

/// One-vs-many on generated types: the services-by-id body (a list, by spec patch) holding one
/// object, and a product body (one object) holding a one-element list, both as the spec's own
/// examples and the server send them.
#[test]
fn generated_types_read_one_object_for_a_list_and_a_one_element_list_for_an_object() {
    use altegio::models::{CompanyServices as ServiceBody, GoodsCompanyGoodsId as ProductBody};

    let service: ServiceBody = serde_json::from_value(json!({
        "success": true, "data": {"id": "12", "title": "Haircut"}, "meta": []
    }))
    .unwrap();
    let services = service.data.expect("data");
    assert_eq!(services.len(), 1);
    assert_eq!(
        (services[0].id, services[0].title.as_deref()),
        (Some(12), Some("Haircut"))
    );

    let product: ProductBody = serde_json::from_value(json!({
        "success": true, "data": [{"good_id": 5, "title": "Shampoo"}], "meta": []
    }))
    .unwrap();
    let product = product.data.expect("data");
    assert_eq!(
        (product.good_id, product.title.as_deref()),
        (Some(5), Some("Shampoo"))
    );

    let two =
        serde_json::from_value::<ProductBody>(json!({"data": [{"good_id": 5}, {"good_id": 6}]}));
    assert!(two
        .unwrap_err()
        .to_string()
        .contains("array of two or more items"));
}

/// A list envelope whose `meta` the spec documents as an empty array reads it as the runtime's
/// `Meta`: `[]`, `{}` and `null` are empty, and the totals and message the server sends are
/// fields, numbers also from text.
#[test]
fn untyped_envelope_meta_is_the_runtime_meta() {
    use altegio::models::Companies as LocationList;
    use altegio::runtime::Meta;

    let meta_of = |meta: Value| -> Option<Meta> {
        serde_json::from_value::<LocationList>(json!({"success": true, "data": [], "meta": meta}))
            .unwrap()
            .meta
    };
    for empty in [json!([]), json!({})] {
        assert_eq!(meta_of(empty), Some(Meta::default()));
    }
    assert_eq!(meta_of(Value::Null), None);
    let listed = meta_of(json!({"total_count": "3", "page": 1})).unwrap();
    assert_eq!(
        (listed.total_count, listed.page, listed.total()),
        (Some(3), Some(1), Some(3))
    );
    let message = meta_of(json!({"message": "x"})).unwrap();
    assert_eq!(message.message.as_deref(), Some("x"));
}

/// The client search filters (typed by spec patch): a quick-search text, an id list and a
/// nested range serialize exactly as the API documents them, and read back the same.
#[test]
fn client_search_filters_serialize_as_documented() {
    use altegio::models::{
        ClientsSearchFilterBound as Bound, ClientsSearchFilterState as State,
        ClientsSearchFilterStateValue as FilterValue, CompanyClientsSearchFilters as Filter,
    };

    let filter = |kind: &str, state: State| Filter {
        r#type: Some(kind.to_owned()),
        state: Some(state),
    };
    let filters = vec![
        filter(
            "quick_search",
            State {
                value: Some(FilterValue::Text("James Smith".into())),
                ..State::default()
            },
        ),
        filter(
            "id",
            State {
                value: Some(FilterValue::Numbers(vec![1.0, 2.0])),
                ..State::default()
            },
        ),
        filter(
            "record",
            State {
                additional_properties: [(
                    "created".to_owned(),
                    State {
                        from: Some(Bound::Text("2026-01-01 00:00:00".into())),
                        to: Some(Bound::Number(5.0)),
                        ..State::default()
                    },
                )]
                .into(),
                ..State::default()
            },
        ),
    ];
    let printed = serde_json::to_value(&filters).unwrap();
    assert_eq!(
        printed,
        json!([
            {"type": "quick_search", "state": {"value": "James Smith"}},
            {"type": "id", "state": {"value": [1.0, 2.0]}},
            {"type": "record", "state": {"created": {"from": "2026-01-01 00:00:00", "to": 5.0}}}
        ])
    );
    let read: Vec<Filter> = serde_json::from_value(printed).unwrap();
    assert_eq!(read, filters);
}

/// Generated structs decode field by field through `runtime::record` (no serde derive): the
/// same tolerance per field, from a byte stream and from a parsed `Value`, unknown keys skipped,
/// escaped keys matched, `[]` as the empty object, and failures naming the field's path.
#[test]
fn generated_structs_decode_field_by_field() {
    use altegio::models::CompanyGetData as Location;

    let body = r#"{
        "id": "4564", "title": 7, "extra": {"deep": [1, 2]}, "ci\u0074y": "Paris",
        "coordinate_lat": "48.85", "phone_confirmation": "1", "social": [],
        "bookforms": {"0": {"id": 3}}, "groups": [], "next_slot": "",
        "main_group_id": null, "id": 4565
    }"#;
    let from_bytes: Location = serde_json::from_str(body).unwrap();
    let from_value: Location =
        serde_json::from_value(serde_json::from_str::<Value>(body).unwrap()).unwrap();
    assert_eq!(from_bytes, from_value);
    // A key sent twice keeps its last value.
    assert_eq!(from_bytes.id, Some(4565));
    assert_eq!(from_bytes.title.as_deref(), Some("7"));
    assert_eq!(from_bytes.city.as_deref(), Some("Paris"));
    assert_eq!(from_bytes.coordinate_lat, Some(48.85));
    assert_eq!(from_bytes.phone_confirmation, Some(true));
    assert_eq!(from_bytes.social, None);
    assert_eq!(from_bytes.bookforms.map(|forms| forms.len()), Some(1));
    assert_eq!(from_bytes.groups, Some(BTreeMap::new()));
    assert_eq!(
        (from_bytes.next_slot, from_bytes.main_group_id),
        (None, None)
    );

    for empty in ["[]", "{}"] {
        assert_eq!(
            serde_json::from_str::<Location>(empty).unwrap(),
            Location::default()
        );
    }
    let not_an_object = serde_json::from_str::<Location>("[1]").unwrap_err();
    assert!(
        not_an_object
            .to_string()
            .contains("expected struct CompanyGetData"),
        "{not_an_object}"
    );
    let mut stream =
        serde_json::Deserializer::from_str(r#"{"title": "x", "social": {"telegram": []}}"#);
    let failure = serde_path_to_error::deserialize::<_, Location>(&mut stream).unwrap_err();
    assert_eq!(failure.path().to_string(), "social.telegram");
}
