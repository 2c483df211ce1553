//! Scripted edits to the vendored Altegio spec -> the API changelog: each edit must land in its
//! class with the right semver bump. The spec is parsed once; each edit works on a copy in memory.

use codegen::changelog::{self, Bump, Class};
use codegen::surface::Surface;
use integration_tests::{altegio_config, altegio_spec};
use serde_json::{json, Value};

/// A JSON pointer into the spec that the edit needs; a missing one is a test bug, said plainly.
fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the vendored spec has no {pointer}; update this test"))
}

fn remove_operation(spec: &mut Value) {
    let item = at(spec, "/paths/~1company~1{location_id}");
    item.as_object_mut().and_then(|o| o.remove("delete"));
}

fn add_required_query_param(spec: &mut Value) {
    let params = at(spec, "/paths/~1companies/get/parameters");
    if let Some(list) = params.as_array_mut() {
        list.push(json!({"name": "region", "in": "query", "required": true, "schema": {"type": "string"}}));
    }
}

fn change_field_type(spec: &mut Value) {
    let address = at(
        spec,
        "/components/schemas/company_get_response_data_types/properties/data/properties/address",
    );
    *address = json!({"type": "integer"});
}

fn add_enum_value(spec: &mut Value) {
    let values = at(
        spec,
        "/components/schemas/client_comment_container/properties/type/enum",
    );
    if let Some(list) = values.as_array_mut() {
        list.push(json!("audio"));
    }
}

fn add_operation(spec: &mut Value) {
    let paths = at(spec, "/paths");
    if let Some(paths) = paths.as_object_mut() {
        paths.insert(
            "/widgets/{location_id}".to_string(),
            json!({"get": {
                "operationId": "get_widget_list",
                "tags": ["Locations"],
                "parameters": [{"name": "location_id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}
            }}),
        );
    }
}

fn edit_description(spec: &mut Value) {
    *at(spec, "/paths/~1companies/get/description") =
        json!("Get a list of locations, with their data.");
}

type Edit = fn(&mut Value);

#[test]
fn scripted_spec_edits_land_in_the_right_class_with_the_right_bump() {
    let config = altegio_config();
    let text = std::fs::read_to_string(altegio_spec()).unwrap_or_else(|e| panic!("{e}"));
    let spec = codegen::parse::parse_document(&text, "altegio").unwrap_or_else(|e| panic!("{e}"));
    let surface = |value: Value| {
        let api = codegen::lower_value(value, "altegio", &config).unwrap_or_else(|e| panic!("{e}"));
        Surface::from_api(&api)
    };
    let base = surface(spec.clone());
    // (edit, the change it must produce as (class, item), the bump)
    let cases: [(&str, Edit, (Class, &str), Bump); 6] = [
        (
            "remove an operation",
            remove_operation,
            (Class::Breaking, "fn delete_location"),
            Bump::Major,
        ),
        (
            "add a required query parameter",
            add_required_query_param,
            (
                Class::Breaking,
                "field locations::GetLocationListQuery.region",
            ),
            Bump::Major,
        ),
        (
            "change a field's type",
            change_field_type,
            (Class::Breaking, "field models::CompanyGetData.address"),
            Bump::Major,
        ),
        (
            "add an enum value",
            add_enum_value,
            (
                Class::Additive,
                "variant models::ClientCommentContainerType::Audio",
            ),
            Bump::Minor,
        ),
        (
            "add an operation",
            add_operation,
            (Class::Additive, "fn get_widget_list"),
            Bump::Minor,
        ),
        (
            "edit only a description",
            edit_description,
            (Class::Docs, "fn get_location_list"),
            Bump::Patch,
        ),
    ];
    let mut failures = Vec::new();
    for (what, edit, (class, item), bump) in cases {
        let mut edited = spec.clone();
        edit(&mut edited);
        let log = changelog::diff(&base, &surface(edited), what);
        let found = log
            .changes
            .iter()
            .any(|c| c.class == class && c.item == item);
        let worst = log.changes.iter().map(|c| c.class).min();
        if !found || log.bump != bump || worst != Some(class) {
            failures.push(format!(
                "{what}: expected {class:?} `{item}` and {bump}, got:\n{}",
                log.to_markdown()
            ));
        }
        if what == "add a required query parameter" {
            // The example the README shows: what `cargo xtask regenerate` prints for this edit.
            println!("{}", log.to_markdown());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
