//! Webhooks -> `ir::Webhook`: read from the normalized JSON (openapiv3 does not read `webhooks`),
//! after the rest of the API is lowered, so each payload's type is the final one of its component.
//!
//! Decisions: the discriminator property comes from the config (`webhooks.discriminator`); a
//! webhook answers to the string `enum` values its payload schema gives that property (through
//! `$ref`s and `allOf`). A value two webhooks list selects the first. Variant names are the
//! webhook key in UpperCamelCase minus a trailing `Event`, made unique in spec order.

use serde_json::Value;

use crate::config::Config;
use crate::ir::{Api, Diagnostic, SchemaIndexEntry, Webhook};
use crate::naming::{self, Namespace};
use crate::normalize::{pointer, webhooks};

/// How deep `$ref` chains and `allOf` nesting are followed looking for the discriminator.
const MAX_DEPTH: usize = 16;

/// The catch-all variant of the generated enum.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Fills `api.webhooks` from the normalized `document`; a spec without webhooks is left as is.
pub fn attach(api: &mut Api, document: &Value, config: &Config) {
    let sites = webhooks::sites(document);
    if sites.is_empty() {
        return;
    }
    let discriminator = config.webhooks.discriminator.clone();
    if discriminator.is_none() {
        api.diagnostics.push(Diagnostic::warning(
            "#/webhooks",
            "the config names no `webhooks.discriminator`, so `parse` reads every webhook event as `Unknown`",
        ));
    }
    let mut names = Namespace::new();
    names.reserve(UNKNOWN_VARIANT);
    let mut claimed: Vec<(String, String)> = Vec::new();
    for site in sites {
        // A webhook without a JSON payload was reported by normalize.
        let Some(media_ptr) = site.media else {
            continue;
        };
        let schema_ptr = pointer::child(&media_ptr, "schema");
        let Some(media) = pointer::get(document, &media_ptr) else {
            continue;
        };
        let reference = media
            .get("schema")
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            .map(pointer::percent_decode);
        let payload = reference.as_deref().and_then(|r| indexed_type(api, r));
        let Some(payload) = payload else {
            api.diagnostics.push(Diagnostic::error(
                &schema_ptr,
                format!(
                    "the payload of webhook `{}` has no generated type; its events parse as `Unknown`",
                    site.key
                ),
            ));
            continue;
        };
        let mut values = Vec::new();
        if let Some(field) = &discriminator {
            let schema = media.get("schema").unwrap_or(&Value::Null);
            for value in enum_values(document, schema, field, 0) {
                match claimed.iter().find(|(v, _)| *v == value) {
                    Some((_, owner)) if *owner == site.key => {}
                    Some((_, owner)) => api.diagnostics.push(Diagnostic::warning(
                        &schema_ptr,
                        format!(
                            "`{field}` value `{value}` already selects webhook `{owner}`; not `{}`",
                            site.key
                        ),
                    )),
                    None => {
                        claimed.push((value.clone(), site.key.clone()));
                        values.push(value);
                    }
                }
            }
            if values.is_empty() {
                api.diagnostics.push(Diagnostic::warning(
                    &schema_ptr,
                    format!(
                        "no `{field}` value selects webhook `{}` (its payload gives `{field}` no string `enum`, or each value selects an earlier webhook); its events parse as `Unknown`",
                        site.key
                    ),
                ));
            }
        }
        let operation = pointer::get(document, &site.operation).unwrap_or(&Value::Null);
        api.schema_index.push(SchemaIndexEntry {
            pointer: schema_ptr,
            ty: payload.clone(),
        });
        api.webhooks.push(Webhook {
            name: names.claim_camel(variant_name(&site.key)),
            key: site.key,
            doc: doc(operation),
            payload,
            discriminator_values: values,
            example: example(media),
            pointer: site.operation,
        });
    }
    if !api.webhooks.is_empty() {
        api.webhook_discriminator = discriminator;
    }
    api.schema_index.sort();
    api.schema_index.dedup();
    api.diagnostics.sort();
    api.diagnostics.dedup();
}

/// The generated type of the schema at `pointer`, from the schema index.
fn indexed_type(api: &Api, pointer: &str) -> Option<crate::ir::TypeRef> {
    api.schema_index
        .iter()
        .find(|entry| entry.pointer == pointer)
        .map(|entry| entry.ty.clone())
}

/// `RecordEvent` -> `Record`; a key that is only `Event` keeps it.
fn variant_name(key: &str) -> String {
    let camel = naming::camel(key);
    match camel.strip_suffix("Event") {
        Some(stem) if !stem.is_empty() && stem != "Self" => stem.to_string(),
        _ => camel,
    }
}

/// Summary and description, as one doc.
fn doc(operation: &Value) -> Option<String> {
    let parts: Vec<&str> = ["summary", "description"]
        .into_iter()
        .filter_map(|k| operation.get(k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The media type's `example`, else the value of its first `examples` entry.
fn example(media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    match media.get("examples") {
        Some(Value::Object(examples)) => examples.values().find_map(|e| e.get("value")).cloned(),
        _ => None,
    }
}

/// Follows a local `$ref` chain to the schema it ends at.
fn resolve<'a>(document: &'a Value, mut schema: &'a Value) -> Option<&'a Value> {
    for _ in 0..MAX_DEPTH {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(target) => schema = pointer::get(document, &pointer::percent_decode(target))?,
            None => return Some(schema),
        }
    }
    None
}

/// The string `enum` values `schema` gives property `field`, looking through `allOf` branches.
fn enum_values(document: &Value, schema: &Value, field: &str, depth: usize) -> Vec<String> {
    let Some(schema) = resolve(document, schema).filter(|_| depth < MAX_DEPTH) else {
        return Vec::new();
    };
    let property = schema
        .get("properties")
        .and_then(|p| p.get(field))
        .and_then(|p| resolve(document, p));
    if let Some(Value::Array(values)) = property.and_then(|p| p.get("enum")) {
        return values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
    }
    match schema.get("allOf") {
        Some(Value::Array(branches)) => branches
            .iter()
            .map(|b| enum_values(document, b, field, depth + 1))
            .find(|v| !v.is_empty())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
