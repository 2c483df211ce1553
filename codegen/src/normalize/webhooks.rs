//! Webhooks (OpenAPI 3.1 `webhooks`), which openapiv3 does not read: each webhook's inline JSON
//! payload schema moves to `components/schemas` behind a `$ref`, so it gets a model like any component.
//!
//! The component is named after the webhook key (characters outside `[A-Za-z0-9._-]` become `_`);
//! a taken name gets the suffix `2`, `3`, ... A payload that already is a `$ref` stays as it is.
//! The `webhooks` map itself stays in the document for lowering (see `lower::webhooks`).

use serde_json::{Map, Value};

use super::pointer;
use super::walk::METHODS;
use super::Normalizer;

/// Where one webhook's payload sits in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    /// The key in the `webhooks` map.
    pub key: String,
    /// Pointer of the webhook's operation (its path item when it has none).
    pub operation: String,
    /// Pointer of the JSON media type object of its request body, when that has a schema.
    pub media: Option<String>,
}

/// The webhooks of `document` in spec order, each with its payload's place. The operation is
/// `post`, or the first other method present; a request body `$ref` into
/// `components/requestBodies` is followed.
pub(crate) fn sites(document: &Value) -> Vec<Site> {
    let Some(Value::Object(hooks)) = document.get("webhooks") else {
        return Vec::new();
    };
    hooks
        .iter()
        .map(|(key, item)| {
            let item_ptr = pointer::child("#/webhooks", key);
            let method = std::iter::once("post")
                .chain(METHODS)
                .find(|m| item.get(*m).is_some_and(Value::is_object));
            let Some(method) = method else {
                return Site {
                    key: key.clone(),
                    operation: item_ptr,
                    media: None,
                };
            };
            let operation = pointer::child(&item_ptr, method);
            let media = json_media(document, &operation);
            Site {
                key: key.clone(),
                operation,
                media,
            }
        })
        .collect()
}

/// The pointer of the JSON media type (with a schema) of the request body of `operation`.
fn json_media(document: &Value, operation: &str) -> Option<String> {
    let mut body_ptr = pointer::child(operation, "requestBody");
    let body = pointer::get(document, &body_ptr)?;
    if let Some(target) = body.get("$ref").and_then(Value::as_str) {
        body_ptr = pointer::percent_decode(target);
    }
    let content_ptr = pointer::child(&body_ptr, "content");
    let Some(Value::Object(content)) = pointer::get(document, &content_ptr) else {
        return None;
    };
    content
        .iter()
        .find(|(media, value)| is_json(media) && value.get("schema").is_some())
        .map(|(media, _)| pointer::child(&content_ptr, media))
}

/// Media types a JSON payload arrives as.
fn is_json(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m == "application/json"
        || m.starts_with("application/json;")
        || m.ends_with("+json")
        || m == "*/*"
}

/// A component name made of the characters OpenAPI allows in component keys.
fn component_name(key: &str) -> String {
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "Webhook".to_string()
    } else {
        name
    }
}

impl Normalizer {
    /// Moves every webhook's inline JSON payload schema into `components/schemas`.
    pub(super) fn hoist_webhook_payloads(&mut self, document: &mut Value) {
        for site in sites(document) {
            let Some(media) = site.media else {
                self.warn(
                    &site.operation,
                    format!(
                        "webhook `{}` has no JSON request body schema; it gets no payload type and its events parse as `Unknown`",
                        site.key
                    ),
                );
                continue;
            };
            let schema_ptr = pointer::child(&media, "schema");
            let is_ref =
                pointer::get(document, &schema_ptr).is_some_and(|s| s.get("$ref").is_some());
            if is_ref {
                continue;
            }
            let Some(schemas) = schemas_mut(document) else {
                self.warn(
                    &schema_ptr,
                    "`components` is not an object, so the webhook payload cannot become a component; it gets no payload type",
                );
                continue;
            };
            let base = component_name(&site.key);
            let name = (1..)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}{n}")
                    }
                })
                .find(|candidate| !schemas.contains_key(candidate))
                .unwrap_or(base);
            let reference = Value::from(format!("#/components/schemas/{name}"));
            let mut stub = Map::new();
            stub.insert("$ref".into(), reference);
            let Some(node) = pointer::get_mut(document, &schema_ptr) else {
                continue;
            };
            let schema = std::mem::replace(node, Value::Object(stub));
            if let Some(schemas) = schemas_mut(document) {
                schemas.insert(name, schema);
            }
            self.rewrite(&schema_ptr, "webhook-payload-hoist");
        }
    }
}

/// `components/schemas` of `document`, created when missing; `None` when either is not an object.
fn schemas_mut(document: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = document.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::normalize::{normalize, Normalized};

    fn run(text: &str) -> Normalized {
        normalize(serde_yaml::from_str::<Value>(text).unwrap())
    }

    fn rules(n: &Normalized, rule: &str) -> Vec<String> {
        n.rewrites
            .iter()
            .filter(|r| r.rule == rule)
            .map(|r| r.pointer.clone())
            .collect()
    }

    const RECORD: &str = "
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  RecordEvent:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                resource: {type: string, const: record}
                note: {type: [string, 'null']}
";

    #[test]
    fn an_inline_payload_becomes_a_component_named_after_the_webhook() {
        let n = run(RECORD);
        let at = "#/webhooks/RecordEvent/post/requestBody/content/application~1json/schema";
        assert_eq!(rules(&n, "webhook-payload-hoist"), vec![at]);
        let media = &n.document["webhooks"]["RecordEvent"]["post"]["requestBody"]["content"]
            ["application/json"];
        assert_eq!(
            media["schema"],
            json!({"$ref": "#/components/schemas/RecordEvent"})
        );
        // Hoisted after the walk: 3.1 spellings inside are already normalized, and the
        // rewrites name where they were in the input.
        let hoisted = &n.document["components"]["schemas"]["RecordEvent"];
        assert_eq!(hoisted["properties"]["resource"]["enum"], json!(["record"]));
        assert_eq!(hoisted["properties"]["note"]["nullable"], json!(true));
        assert!(rules(&n, "const-enum")
            .iter()
            .all(|p| p.starts_with("#/webhooks/RecordEvent/")));
        assert!(n.diagnostics.is_empty(), "{:?}", n.diagnostics);
    }

    #[test]
    fn a_taken_component_name_gets_a_suffix() {
        let text = format!(
            "{RECORD}components:\n  schemas:\n    RecordEvent: {{type: string}}\n    RecordEvent2: {{type: integer}}\n"
        );
        let n = run(&text);
        let schemas = &n.document["components"]["schemas"];
        assert_eq!(schemas["RecordEvent"], json!({"type": "string"}));
        assert_eq!(schemas["RecordEvent2"], json!({"type": "integer"}));
        assert_eq!(schemas["RecordEvent3"]["type"], "object");
        assert_eq!(
            n.document.pointer(
                "/webhooks/RecordEvent/post/requestBody/content/application~1json/schema/$ref"
            ),
            Some(&json!("#/components/schemas/RecordEvent3"))
        );
    }

    #[test]
    fn a_webhook_without_a_json_body_is_reported_and_left_alone() {
        let n = run("
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  Bare: {post: {responses: {'200': {description: ok}}}}
  Text: {post: {requestBody: {content: {text/plain: {schema: {type: string}}}}}}
  Empty: {}
");
        let warned: Vec<&str> = n.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            warned,
            vec![
                "#/webhooks/Bare/post",
                "#/webhooks/Text/post",
                "#/webhooks/Empty"
            ]
        );
        assert!(n.document.get("components").is_none());
        assert!(rules(&n, "webhook-payload-hoist").is_empty());
    }

    #[test]
    fn referenced_payloads_stay_and_shared_request_bodies_are_followed() {
        let n = run("
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  A: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/P'}}}}}}
  B: {post: {requestBody: {$ref: '#/components/requestBodies/Shared'}}}
  C: {post: {requestBody: {$ref: '#/components/requestBodies/Shared'}}}
components:
  schemas: {P: {type: object}}
  requestBodies:
    Shared: {content: {application/vnd.x+json: {schema: {type: object}}}}
");
        assert_eq!(
            rules(&n, "webhook-payload-hoist"),
            vec!["#/components/requestBodies/Shared/content/application~1vnd.x+json/schema"]
        );
        let schemas = n.document["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), vec!["P", "B"]);
        assert!(n.diagnostics.is_empty(), "{:?}", n.diagnostics);
    }

    #[test]
    fn webhook_path_item_refs_are_inlined_first() {
        let n = run("
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks: {Hook: {$ref: '#/components/pathItems/Hook'}}
components:
  pathItems:
    Hook: {post: {requestBody: {content: {application/json: {schema: {type: object}}}}}}
");
        assert!(n.document["components"]["schemas"]["Hook"].is_object());
        assert!(rules(&n, "path-item-ref-inline").contains(&"#/webhooks/Hook".to_string()));
    }

    #[test]
    fn names_keep_only_component_key_characters() {
        assert_eq!(
            super::component_name("record.created/v2"),
            "record.created_v2"
        );
        assert_eq!(super::component_name(""), "Webhook");
    }
}
