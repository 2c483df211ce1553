//! Webhook lowering through the whole front end (parse, normalize, load, lower), from tiny specs.

use serde_json::json;

use crate::config::{Config, WebhooksConfig};
use crate::ir::{Api, Severity, TypeKind, TypeRef};

fn config(discriminator: Option<&str>) -> Config {
    Config {
        webhooks: WebhooksConfig {
            discriminator: discriminator.map(str::to_string),
        },
        ..Config::default()
    }
}

fn lower(text: &str, config: &Config) -> Api {
    crate::lower_str(text, "test.yaml", config)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn named(path: &str) -> TypeRef {
    TypeRef::Named(path.to_string())
}

/// Pointer and message of every diagnostic of `severity`.
fn diagnostics(api: &Api, severity: Severity) -> Vec<(&str, &str)> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect()
}

/// A webhook `{key}` whose payload's `resource` is `enum: [values]`.
fn hook(key: &str, values: &str) -> String {
    format!(
        "
  {key}:
    post:
      summary: {key} summary
      description: Sent on change.
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                resource: {{type: string, enum: [{values}]}}
                status: {{type: string, enum: [create, delete]}}
                data: {{$ref: '#/components/schemas/record'}}
            example: {{resource: x}}"
    )
}

fn spec(components: &str, hooks: &[String]) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
components:
  schemas:
    record: {{type: object, properties: {{id: {{type: integer}}}}}}
{components}
webhooks:{}
",
        hooks.concat()
    )
}

#[test]
fn each_payload_is_a_model_selected_by_its_enum() {
    let text = spec(
        "",
        &[
            hook("RecordEvent", "record"),
            hook("StaffEvent", "staff, master"),
        ],
    );
    let api = lower(&text, &config(Some("resource")));
    let summary: Vec<(&str, &str, &TypeRef, &[String])> = api
        .webhooks
        .iter()
        .map(|w| {
            (
                w.name.as_str(),
                w.key.as_str(),
                &w.payload,
                w.discriminator_values.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "Record",
                "RecordEvent",
                &named("models::RecordEvent"),
                &["record".to_string()][..]
            ),
            (
                "Staff",
                "StaffEvent",
                &named("models::StaffEvent"),
                &["staff".to_string(), "master".to_string()][..]
            ),
        ]
    );
    let record = &api.webhooks[0];
    assert_eq!(
        record.doc.as_deref(),
        Some("RecordEvent summary\n\nSent on change.")
    );
    assert_eq!(record.example, Some(json!({"resource": "x"})));
    assert_eq!(record.pointer, "#/webhooks/RecordEvent/post");
    assert_eq!(api.webhook_discriminator.as_deref(), Some("resource"));
    // The payload's inline enums are typed enums like any inline enum.
    let model = api.models.iter().find(|d| d.name == "RecordEvent");
    let fields = match model.map(|d| &d.kind) {
        Some(TypeKind::Struct { fields, .. }) => fields,
        other => panic!("RecordEvent is not a struct: {other:?}"),
    };
    let resource = fields.iter().find(|f| f.wire_name == "resource");
    let Some(TypeRef::Option(inner)) = resource.map(|f| &f.ty) else {
        panic!("resource: {resource:?}");
    };
    let enum_name = match inner.as_ref() {
        TypeRef::Named(path) => path.trim_start_matches("models::"),
        other => panic!("resource is {other:?}"),
    };
    assert!(api
        .models
        .iter()
        .any(|d| d.name == enum_name && matches!(d.kind, TypeKind::StringEnum { .. })));
    // The webhook's own schema position is indexed too, for example checks and the mock registry.
    let at = "#/webhooks/RecordEvent/post/requestBody/content/application~1json/schema";
    let indexed = api.schema_index.iter().find(|e| e.pointer == at);
    assert_eq!(indexed.map(|e| &e.ty), Some(&named("models::RecordEvent")));
    assert!(api.schema_index.windows(2).all(|w| w[0] <= w[1]));
    assert!(diagnostics(&api, Severity::Error).is_empty());
}

#[test]
fn a_key_that_names_a_component_already_gets_a_suffixed_model() {
    let text = spec(
        "    RecordEvent: {type: object, properties: {old: {type: string}}}",
        &[hook("RecordEvent", "record")],
    );
    let api = lower(&text, &config(Some("resource")));
    assert_eq!(api.webhooks.len(), 1);
    assert_eq!(api.webhooks[0].payload, named("models::RecordEvent2"));
    assert_eq!(api.webhooks[0].name, "Record");
    // The existing component keeps its name and its shape.
    let existing = api.models.iter().find(|d| d.name == "RecordEvent");
    match existing.map(|d| &d.kind) {
        Some(TypeKind::Struct { fields, .. }) => assert_eq!(fields[0].wire_name, "old"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_webhook_without_a_body_has_no_payload_and_a_diagnostic() {
    let mut hooks = vec![hook("RecordEvent", "record")];
    hooks.push("\n  Ping:\n    post:\n      responses: {'200': {description: ok}}".to_string());
    let api = lower(&spec("", &hooks), &config(Some("resource")));
    assert_eq!(
        api.webhooks
            .iter()
            .map(|w| w.key.as_str())
            .collect::<Vec<_>>(),
        vec!["RecordEvent"]
    );
    let warnings = diagnostics(&api, Severity::Warning);
    assert!(
        warnings
            .iter()
            .any(|(at, m)| *at == "#/webhooks/Ping/post" && m.contains("no JSON request body")),
        "{warnings:?}"
    );
}

#[test]
fn without_a_discriminator_every_event_is_unknown_and_lowering_warns() {
    let api = lower(
        &spec("", &[hook("RecordEvent", "record")]),
        &Config::default(),
    );
    assert_eq!(api.webhooks.len(), 1);
    assert!(api.webhooks[0].discriminator_values.is_empty());
    assert_eq!(api.webhook_discriminator, None);
    assert!(diagnostics(&api, Severity::Warning)
        .iter()
        .any(|(at, m)| *at == "#/webhooks" && m.contains("webhooks.discriminator")));
}

#[test]
fn a_value_two_webhooks_list_selects_the_first_and_names_collide_safely() {
    let hooks = [
        hook("RecordEvent", "record"),
        hook("record", "record, other"),
        hook("Unknown", "u"),
        hook("Event", "e"),
    ];
    let api = lower(&spec("", &hooks), &config(Some("resource")));
    let names: Vec<(&str, Vec<&str>)> = api
        .webhooks
        .iter()
        .map(|w| {
            (
                w.name.as_str(),
                w.discriminator_values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("Record", vec!["record"]),
            ("Record2", vec!["other"]),
            ("Unknown2", vec!["u"]),
            ("Event", vec!["e"]),
        ]
    );
    assert!(diagnostics(&api, Severity::Warning)
        .iter()
        .any(|(_, m)| m.contains("already selects webhook `RecordEvent`")));
}

#[test]
fn a_payload_without_the_enum_is_kept_with_no_values_and_a_warning() {
    let text = spec(
        "",
        &["\n  Ping:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {resource: {type: string}}}}}}".to_string()],
    );
    let api = lower(&text, &config(Some("resource")));
    assert_eq!(api.webhooks.len(), 1);
    assert!(api.webhooks[0].discriminator_values.is_empty());
    assert!(diagnostics(&api, Severity::Warning)
        .iter()
        .any(|(_, m)| m.contains("no string `enum`")));
}

#[test]
fn the_discriminator_is_found_through_refs_and_all_of() {
    let text = spec(
        "    Base: {type: object, properties: {resource: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [client]}",
        &["\n  ClientEvent:\n    post:\n      requestBody: {content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {x: {type: integer}}}]}}}}".to_string()],
    );
    let api = lower(&text, &config(Some("resource")));
    assert_eq!(api.webhooks[0].discriminator_values, vec!["client"]);
}

#[test]
fn renames_reach_webhook_payloads() {
    let mut api = lower(
        &spec("", &[hook("RecordEvent", "record")]),
        &config(Some("resource")),
    );
    api.rename_type_refs(&mut |path| *path = format!("api::{path}"));
    assert_eq!(api.webhooks[0].payload, named("api::models::RecordEvent"));
}

#[test]
fn a_spec_without_webhooks_gets_none() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let api = lower(text, &config(Some("resource")));
    assert!(api.webhooks.is_empty());
    assert_eq!(api.webhook_discriminator, None);
    assert!(api.diagnostics.is_empty(), "{:?}", api.diagnostics);
    let ir = serde_json::to_value(&api).unwrap_or_default();
    assert!(ir.get("webhooks").is_none() && ir.get("webhook_discriminator").is_none());
}

/// The vendored spec with webhooks: every webhook gets a model, and its own example's `resource`
/// selects it (what the generated `parse` does with that example).
#[test]
fn each_example_of_the_developers_spec_selects_its_own_webhook() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/altegio-developers.openapi.yaml"
    );
    let (api, _) = crate::lower_file(spec.as_ref(), &config(Some("resource")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.webhooks.len(), 11);
    for webhook in &api.webhooks {
        let TypeRef::Named(path) = &webhook.payload else {
            panic!("{}: payload {:?}", webhook.key, webhook.payload);
        };
        let model = path.trim_start_matches("models::");
        assert!(
            api.models.iter().any(|d| d.name == model),
            "{}: no model {model}",
            webhook.key
        );
        let resource = webhook
            .example
            .as_ref()
            .and_then(|e| e.get("resource"))
            .and_then(|r| r.as_str())
            .unwrap_or_else(|| panic!("{}: example without resource", webhook.key));
        let selected = api
            .webhooks
            .iter()
            .find(|w| w.discriminator_values.iter().any(|v| v == resource));
        assert_eq!(selected.map(|w| &w.key), Some(&webhook.key), "{resource}");
    }
    let errors = diagnostics(&api, Severity::Error);
    assert!(errors.is_empty(), "{errors:?}");
}
