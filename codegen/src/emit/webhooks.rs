//! `ir::Webhook`s -> `webhook_events.rs`: the `WebhookEvent` enum (one variant per webhook, plus
//! `Unknown`) and `parse`, which picks the variant by the discriminator value lowering recorded.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, sanitize};
use super::typeref::type_tokens;
use crate::ir::{Api, Webhook};
use crate::lower::webhooks::UNKNOWN_VARIANT;

/// The generated module (and file stem) holding the webhook events.
pub const MODULE: &str = "webhook_events";

/// The generated file; only emitted when the API has webhooks.
pub fn webhook_events(api: &Api) -> TokenStream {
    let discriminator = api.webhook_discriminator.as_deref();
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let variants = api.webhooks.iter().map(|w| {
        let never = discriminator
            .filter(|_| w.discriminator_values.is_empty())
            .map(|field| {
                format!("Never returned by [`parse`]: the spec lists no `{field}` value for this webhook.")
            });
        let docs = doc_attrs(&[w.doc.as_deref().map(sanitize), never]);
        let name = format_ident!("{}", w.name);
        let payload = type_tokens(&w.payload);
        quote! { #docs #name(Box<#payload>), }
    });
    let unknown_doc = match discriminator {
        Some(field) => format!(
            " An event whose `{field}` no variant above answers to (or that has none), kept as sent."
        ),
        None => " Every event: the generator was given no discriminator property to tell webhooks apart.".to_string(),
    };
    let names = api.webhooks.iter().map(|w| {
        let name = format_ident!("{}", w.name);
        let key = &w.key;
        quote! { Self::#name(_) => Some(#key), }
    });
    let discriminator_fn = discriminator.map(|field| discriminator_accessor(api, field));
    let parse_fn = parse(api, discriminator);
    quote! {
        //! Events the API sends to webhook endpoints (the spec's `webhooks`), and `parse` to read one.
        //! Serving the endpoint is up to the application: answer 2xx quickly, process afterwards.

        /// An event the API posted to a webhook endpoint; read one with [`parse`].
        #[derive(Debug, Clone, PartialEq)]
        pub enum WebhookEvent {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown(serde_json::Value),
        }

        impl WebhookEvent {
            /// The webhook's name in the spec (`webhooks` key), `None` for an unknown event.
            pub fn webhook(&self) -> Option<&'static str> {
                match self {
                    #(#names)*
                    Self::#unknown(_) => None,
                }
            }
            #discriminator_fn
        }

        #parse_fn
    }
}

/// `discriminator()`: the value that selected the variant (when only one value selects it), or
/// the raw event's value for `Unknown`.
fn discriminator_accessor(api: &Api, field: &str) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let doc = format!(
        " The event's `{field}`: the one value that selects its variant (`None` when no single value does), or the raw value of an unknown event."
    );
    let arms = api.webhooks.iter().map(|w| {
        let name = format_ident!("{}", w.name);
        match w.discriminator_values.as_slice() {
            [only] => quote! { Self::#name(_) => Some(#only), },
            _ => quote! { Self::#name(_) => None, },
        }
    });
    quote! {
        #[doc = #doc]
        pub fn discriminator(&self) -> Option<&str> {
            match self {
                #(#arms)*
                Self::#unknown(raw) => raw.get(#field).and_then(serde_json::Value::as_str),
            }
        }
    }
}

/// `parse`: JSON, then the variant whose values contain the discriminator, else `Unknown`.
fn parse(api: &Api, discriminator: Option<&str>) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let selectable: Vec<&Webhook> = api
        .webhooks
        .iter()
        .filter(|w| !w.discriminator_values.is_empty())
        .collect();
    let doc = match discriminator {
        Some(field) => format!(
            " Reads a webhook request body: the event's `{field}` picks the variant and its payload is decoded as that webhook's type. An event with another or no `{field}` is `Unknown`; invalid JSON, or a payload that does not decode as its type, is an error naming the webhook and the field."
        ),
        None => " Reads a webhook request body as JSON. The generator was given no discriminator property, so every event is `Unknown`.".to_string(),
    };
    let body = match discriminator {
        Some(field) if !selectable.is_empty() => {
            let arms = selectable.iter().map(|w| {
                let name = format_ident!("{}", w.name);
                let values = &w.discriminator_values;
                let key = &w.key;
                quote! {
                    Some(#(#values)|*) => WebhookEvent::#name(Box::new(
                        crate::runtime::webhook::decode_payload(#key, &raw)?,
                    )),
                }
            });
            quote! {
                let raw = crate::runtime::webhook::read_body(body)?;
                let event = match raw.get(#field).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => WebhookEvent::#unknown(raw),
                };
                Ok(event)
            }
        }
        _ => quote! {
            Ok(WebhookEvent::#unknown(crate::runtime::webhook::read_body(body)?))
        },
    };
    quote! {
        #[doc = #doc]
        pub fn parse(body: &[u8]) -> Result<WebhookEvent, crate::runtime::WebhookError> {
            #body
        }
    }
}
