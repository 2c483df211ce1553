//! The `mock` feature's generated tables: every operation as the mock server answers it,
//! a codec per schema pointer (to decode the spec's examples), and a call-every-operation helper.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::gate;
use super::typeref::{ident, type_tokens};
use crate::ir::{Api, BodyKind, Operation, ResponseKind, TypeKind, TypeRef};

/// Module names these files take in the generated tree.
pub const MOCK_MODULES: &[&str] = &["mock_table", "registry", "exercise"];

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// JSON pointer of a media type's schema under an operation.
fn schema_pointer(op: &Operation, section: &str, media_type: &str) -> String {
    let media = media_type.replace('~', "~0").replace('/', "~1");
    format!("{}/{section}/content/{media}/schema", op.pointer)
}

/// The operation's id in the mock: `get_pet`, or `shop.get_pet` for a tree placed in a
/// module (ids of two APIs may be equal).
fn mock_id(api: &Api, op: &Operation) -> String {
    match &api.placement {
        Some(p) => format!("{}.{}", p.accessor, op.id),
        None => op.id.clone(),
    }
}

fn operation_row(api: &Api, op: &Operation) -> TokenStream {
    let id = mock_id(api, op);
    let method = op.method.as_str();
    // The path the request reaches on a server whose base URL is the client's.
    let base = api.placement.as_ref().and_then(|p| p.base_path.as_deref());
    let path = format!("{}{}", base.unwrap_or(""), op.request_path);
    let path_params = op.path_params.iter().map(|p| p.wire_name.as_str());
    let required_query = op
        .query_params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.wire_name.as_str());
    let body = match &op.body {
        None => quote! { None },
        Some(body) => {
            let kind = match body.kind {
                BodyKind::Json => quote! { Json },
                BodyKind::Form => quote! { Form },
                BodyKind::Multipart => quote! { Multipart },
                BodyKind::Bytes => quote! { Bytes },
                BodyKind::Text => quote! { Text },
            };
            let required = body.required;
            let schema = opt_str(Some(
                schema_pointer(op, "requestBody", &body.media_type).as_str(),
            ));
            let example = opt_str(body.example.as_deref());
            quote! { Some(crate::mock::MockBody { kind: crate::mock::MockBodyKind::#kind, required: #required, schema: #schema, example: #example }) }
        }
    };
    let response = &op.response;
    let kind = match response.kind {
        ResponseKind::Envelope { .. } => quote! { Envelope },
        ResponseKind::Json { .. } => quote! { Json },
        ResponseKind::Bytes => quote! { Bytes },
        ResponseKind::Text => quote! { Text },
        ResponseKind::Empty => quote! { Empty },
    };
    let status: u16 = response
        .status
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    // A list form's body is a list of what the spec's schema describes: no schema to check it by.
    let response_schema = match (&response.media_type, &response.kind) {
        _ if op.list_form_of.is_some() => None,
        (Some(media), ResponseKind::Envelope { .. } | ResponseKind::Json { .. }) => {
            let code = response.status.clone().unwrap_or_else(|| "default".into());
            Some(schema_pointer(op, &format!("responses/{code}"), media))
        }
        _ => None,
    };
    let response_schema = opt_str(response_schema.as_deref());
    let media_type = opt_str(response.media_type.as_deref());
    let example = opt_str(response.example.as_deref());
    let list_form_of = opt_str(op.list_form_of.as_deref());
    quote! {
        crate::mock::MockOperation {
            id: #id,
            method: #method,
            path: #path,
            path_params: &[#(#path_params),*],
            required_query: &[#(#required_query),*],
            body: #body,
            response: crate::mock::MockResponse {
                kind: crate::mock::MockResponseKind::#kind,
                status: #status,
                media_type: #media_type,
                schema: #response_schema,
                example: #example,
            },
            list_form_of: #list_form_of,
        },
    }
}

pub fn mock_table(api: &Api) -> TokenStream {
    let rows = api.modules.iter().flat_map(|m| {
        let gate = gate::operation(m);
        m.operations.iter().map(move |op| {
            let row = operation_row(api, op);
            quote! { #gate #row }
        })
    });
    quote! {
        //! Every operation of the spec as the mock server answers it (feature `mock`).
        /// Operations in spec order.
        pub static OPERATIONS: &[crate::mock::MockOperation] = &[ #(#rows)* ];
    }
}

/// Types that cannot go through serde (multipart bodies and files).
fn serde_free_types(api: &Api) -> BTreeSet<String> {
    api.definitions()
        .into_iter()
        .filter(|(_, def)| {
            matches!(
                def.kind,
                TypeKind::Struct {
                    multipart: true,
                    ..
                }
            )
        })
        .map(|(path, _)| path)
        .collect()
}

fn uses_serde_free(ty: &TypeRef, free: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Bytes => true,
        TypeRef::Named(path) => free.contains(path),
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Box(i) => {
            uses_serde_free(i, free)
        }
        _ => false,
    }
}

/// The type as a reader would write it (`Vec<crate::models::Client>`).
fn display(ty: &TypeRef) -> String {
    type_tokens(ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace(" , ", ", ")
}

/// One codec per distinct type (sorted by its Rust spelling) and, per pointer, a reference to
/// its codec: thousands of pointers share a few hundred types.
pub fn registry(api: &Api) -> TokenStream {
    let free = serde_free_types(api);
    let entries: Vec<(&str, String, &TypeRef)> = api
        .schema_index
        .iter()
        .filter(|entry| !uses_serde_free(&entry.ty, &free))
        .map(|entry| (entry.pointer.as_str(), display(&entry.ty), &entry.ty))
        .collect();
    let mut types: BTreeMap<&str, &TypeRef> = BTreeMap::new();
    for (_, name, ty) in &entries {
        types.entry(name.as_str()).or_insert(ty);
    }
    // Each codec is its own static: where the crate's features leave its type out, a stand-in
    // of the same name takes its place, so the pointer table needs no gates of its own.
    let statics: BTreeMap<&str, proc_macro2::Ident> = types
        .keys()
        .enumerate()
        .map(|(i, name)| (*name, format_ident!("CODEC_{i}")))
        .collect();
    let codecs = types.iter().map(|(name, ty)| {
        let ident = &statics[name];
        let features = gate::type_ref(api, ty);
        let gate = gate::cfg(features);
        let ty = type_tokens(ty);
        let codec = quote! {
            #gate
            static #ident: TypeCodec = TypeCodec::of::<#ty>(#name);
        };
        if features.is_empty() {
            return codec;
        }
        let not = gate::cfg_not(features);
        quote! {
            #codec
            #not
            static #ident: TypeCodec = TypeCodec::left_out(#name);
        }
    });
    let rows = entries.iter().map(|(pointer, name, _)| {
        let ident = &statics[name.as_str()];
        quote! { (#pointer, &#ident), }
    });
    quote! {
        //! The generated type of every schema in the spec, by JSON pointer (feature `mock`).
        use crate::mock::TypeCodec;
        /// JSON pointer -> codec of its generated type; sorted by pointer. A type the crate's
        /// features leave out has a stand-in codec (`TypeCodec::left_out`).
        pub static SCHEMAS: &[(&str, &TypeCodec)] = &[ #(#rows)* ];
        #(#codecs)*
    }
}

/// A placeholder argument of the parameter's type.
fn placeholder(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::I32 | TypeRef::I64 => quote! { 1 },
        TypeRef::F32 | TypeRef::F64 => quote! { 1.0 },
        TypeRef::String => quote! { "1" },
        TypeRef::Bool => quote! { true },
        TypeRef::Option(_) => quote! { None },
        TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_) => quote! { &Default::default() },
        _ => quote! { Default::default() },
    }
}

pub fn exercise(api: &Api) -> TokenStream {
    // A tree placed in a module hangs its operations on a handle the client hands out.
    let receiver = match &api.placement {
        Some(p) => {
            let accessor = ident(&p.accessor);
            quote! { client.#accessor() }
        }
        None => quote! { client },
    };
    let arms = api
        .modules
        .iter()
        .flat_map(|m| m.operations.iter().map(move |op| (gate::operation(m), op)));
    let arms = arms.map(|(gate, op)| {
        let id = mock_id(api, op);
        let fn_name = ident(&op.fn_name);
        let mut args: Vec<TokenStream> = op
            .path_params
            .iter()
            .chain(&op.header_params)
            .map(|p| placeholder(&p.ty))
            .collect();
        if op.query_type.is_some() {
            args.push(quote! { &Default::default() });
        }
        if let Some(body) = &op.body {
            args.push(match body.kind {
                BodyKind::Bytes => quote! { bytes::Bytes::new() },
                BodyKind::Text => quote! { String::new() },
                // A list body is a slice argument: one default item.
                _ if matches!(body.ty, TypeRef::Vec(_)) => quote! { &[Default::default()] },
                _ => quote! { &Default::default() },
            });
        }
        quote! { #gate #id => Some(#receiver.#fn_name(#(#args),*).await.map(|_| ())), }
    });
    // With no feature on, no arm is left to use the client.
    let unused = (!api.type_features.is_empty()).then(|| quote! { #[allow(unused_variables)] });
    quote! {
        //! Calls any operation by id with placeholder arguments (feature `mock`): path
        //! parameters `1`, default query and body (one default item for a list body). Used to
        //! drive every operation against the mock.
        /// `None` when no operation has this id.
        #[allow(deprecated)]
        #unused
        pub async fn exercise(client: &crate::Client, id: &str) -> Option<crate::Result<()>> {
            match id {
                #(#arms)*
                _ => None,
            }
        }
    }
}
