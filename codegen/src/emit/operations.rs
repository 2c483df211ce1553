//! `ir::Operation` -> one async method on `Client` (plus a page stream for list operations).
//! Each method only describes the request; transport, auth, retries and decoding are the runtime's.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, sanitize};
use super::typeref::{ident, named_path, type_tokens};
use crate::ir::{Api, Auth, Body, BodyKind, HttpMethod, Operation, Param, ResponseKind, TypeRef};

fn method_tokens(method: HttpMethod) -> TokenStream {
    let variant = format_ident!(
        "{}",
        match method {
            HttpMethod::Get => "Get",
            HttpMethod::Put => "Put",
            HttpMethod::Post => "Post",
            HttpMethod::Delete => "Delete",
            HttpMethod::Options => "Options",
            HttpMethod::Head => "Head",
            HttpMethod::Patch => "Patch",
            HttpMethod::Trace => "Trace",
        }
    );
    quote! { crate::runtime::Method::#variant }
}

fn auth_tokens(auth: Auth) -> TokenStream {
    match auth {
        Auth::None => quote! { crate::runtime::Auth::None },
        Auth::Partner => quote! { crate::runtime::Auth::Partner },
        Auth::PartnerUser => quote! { crate::runtime::Auth::PartnerUser },
    }
}

/// Argument type for a path or header parameter: strings borrowed, named types by reference.
/// `lifetime` is empty for plain methods and `'a` for page streams.
fn arg_type(ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { &#lifetime str },
        TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_) => {
            let ty = type_tokens(ty);
            quote! { &#lifetime #ty }
        }
        TypeRef::Option(inner) if **inner == TypeRef::String => quote! { Option<&#lifetime str> },
        other => type_tokens(other),
    }
}

/// Path and header arguments, then `query` (the body is added by the caller).
fn param_args(op: &Operation, module: &str, lifetime: &TokenStream) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = op
        .path_params
        .iter()
        .chain(&op.header_params)
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = arg_type(&p.ty, lifetime);
            quote! { #name: #ty }
        })
        .collect();
    if let Some(query_type) = &op.query_type {
        let ty = named_path(&format!("{module}::{query_type}"));
        args.push(quote! { query: &#lifetime #ty });
    }
    args
}

fn return_type(op: &Operation) -> (TokenStream, TokenStream) {
    match &op.response.kind {
        ResponseKind::Envelope { data, meta } => {
            let data = type_tokens(data);
            let meta = meta
                .as_ref()
                .map(type_tokens)
                .unwrap_or_else(|| quote! { serde_json::Value });
            (
                quote! { crate::ApiResponse<#data, #meta> },
                quote! { send_envelope },
            )
        }
        ResponseKind::Json { ty } => {
            let ty = type_tokens(ty);
            let send = if op.response.maybe_enveloped {
                quote! { send_json_maybe_enveloped }
            } else {
                quote! { send_json }
            };
            (quote! { crate::ApiResponse<#ty> }, send)
        }
        ResponseKind::Bytes => (
            quote! { crate::ApiResponse<bytes::Bytes> },
            quote! { send_bytes },
        ),
        ResponseKind::Text => (quote! { crate::ApiResponse<String> }, quote! { send_text }),
        ResponseKind::Empty => (quote! { crate::ApiResponse<()> }, quote! { send_empty }),
    }
}

fn op_docs(op: &Operation) -> TokenStream {
    let signature = format!("`{} {}`", op.method.as_str(), op.path);
    let mut paragraphs = vec![
        op.summary.as_deref().map(sanitize),
        Some(signature),
        op.description.as_deref().map(sanitize),
    ];
    let args: Vec<String> = op
        .path_params
        .iter()
        .chain(&op.header_params)
        .filter_map(|p| {
            p.doc.as_ref().map(|d| {
                format!(
                    "- `{}`: {}",
                    p.rust_name.trim_start_matches("r#"),
                    sanitize(d).replace('\n', " ")
                )
            })
        })
        .collect();
    if !args.is_empty() {
        paragraphs.push(Some(format!("# Arguments\n{}", args.join("\n"))));
    }
    if let Some(TypeRef::Named(path)) = &op.response.error_ty {
        paragraphs.push(Some(format!(
            "# Errors\nFails with [`crate::Error`]; the spec describes the error body as [`crate::{path}`] (see `Error::decode_body`)."
        )));
    }
    let statuses: Vec<String> = op
        .response
        .other_statuses
        .iter()
        .map(|s| format!("- `{}`: {}", s.status, type_doc(&s.ty)))
        .collect();
    if !statuses.is_empty() {
        paragraphs.push(Some(format!(
            "# Other documented statuses\nTheir bodies, for `Error::decode_body`:\n{}",
            statuses.join("\n")
        )));
    }
    if op.pagination.is_some() {
        paragraphs.push(Some(format!(
            "See also [`Self::{}_stream`], which walks every page.",
            op.fn_name.trim_start_matches("r#")
        )));
    }
    doc_attrs(&paragraphs)
}

/// A type for a doc line: a link when it is a generated type, its Rust spelling otherwise.
fn type_doc(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(path) => format!("[`crate::{path}`]"),
        other => format!("`{}`", type_tokens(other).to_string().replace(' ', "")),
    }
}

/// The method's arguments after `&self` and its return type (`crate::Result<..>`), as emitted;
/// the public-API surface prints the same tokens.
pub(crate) fn signature(op: &Operation, module: &str) -> (Vec<TokenStream>, TokenStream) {
    let mut args = param_args(op, module, &TokenStream::new());
    if let Some(body) = &op.body {
        args.push(body_arg(body));
    }
    let (ret, _) = return_type(op);
    (args, quote! { crate::Result<#ret> })
}

/// The body argument: a list body is borrowed as a slice (`&[T]`, not `&Vec<T>`).
fn body_arg(body: &Body) -> TokenStream {
    let ty = type_tokens(&body.ty);
    match (body.kind, &body.ty) {
        (BodyKind::Json | BodyKind::Form, TypeRef::Vec(item)) => {
            let item = type_tokens(item);
            quote! { body: &[#item] }
        }
        (BodyKind::Json | BodyKind::Form | BodyKind::Multipart, _) => quote! { body: &#ty },
        (BodyKind::Bytes, _) => quote! { body: bytes::Bytes },
        (BodyKind::Text, _) => quote! { body: String },
    }
}

/// The request-builder call that sends the body argument.
fn body_call(body: &Body) -> TokenStream {
    let media = &body.media_type;
    // The runtime takes a sized `&impl Serialize`, so a slice is passed by reference once more.
    let arg = match &body.ty {
        TypeRef::Vec(_) => quote! { &body },
        _ => quote! { body },
    };
    match body.kind {
        BodyKind::Json => quote! { .json_body(#arg) },
        BodyKind::Form => quote! { .form_body(#arg) },
        BodyKind::Multipart => {
            let parts = body.parts.iter().map(|part| {
                let field = ident(&part.rust_name);
                let wire = &part.wire_name;
                match (part.is_file, part.required) {
                    (true, true) => quote! { .file(#wire, &body.#field) },
                    (true, false) => quote! { .opt_file(#wire, &body.#field) },
                    (false, _) => quote! { .text(#wire, &body.#field) },
                }
            });
            quote! { .multipart_body(crate::runtime::Multipart::new() #(#parts)*) }
        }
        BodyKind::Bytes => quote! { .bytes_body(body, #media) },
        BodyKind::Text => quote! { .text_body(body) },
    }
}

/// How an operation's method reaches the client: directly (`self`) or through the handle of a
/// tree placed in a module (`self.client()`), and the base path its requests take, if their own.
pub struct Call {
    client: TokenStream,
    base_path: Option<String>,
}

impl Call {
    pub fn of(api: &Api) -> Call {
        match &api.placement {
            Some(p) => Call {
                client: quote! { self.client() },
                base_path: p.base_path.clone(),
            },
            None => Call {
                client: quote! { self },
                base_path: None,
            },
        }
    }
}

pub fn operation(op: &Operation, module: &str, call: &Call) -> TokenStream {
    let docs = op_docs(op);
    let fn_name = ident(&op.fn_name);
    let id = &op.id;
    let path = &op.request_path;
    let method = method_tokens(op.method);
    let auth = auth_tokens(op.auth);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    // Sending a deprecated query parameter is the method's job, not a use to warn about.
    let sends_deprecated = op
        .query_params
        .iter()
        .any(|p| p.deprecated)
        .then(|| quote! { #[allow(deprecated)] });

    let (args, _) = signature(op, module);
    let mut calls = Vec::new();
    for p in &op.path_params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        calls.push(quote! { .path_param(#wire, &#name) });
    }
    for p in &op.header_params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        calls.push(quote! { .header_param(#wire, &#name) });
    }
    calls.extend(op.query_params.iter().map(query_call));
    if let Some(body) = &op.body {
        calls.push(body_call(body));
    }
    if let Some(base) = &call.base_path {
        calls.push(quote! { .base_path(#base) });
    }
    if let Some(server) = &op.server {
        calls.push(quote! { .server(#server) });
    }
    let client = &call.client;
    let (ret, send) = return_type(op);
    let stream = page_stream(op, module);
    quote! {
        #docs
        #deprecated
        #sends_deprecated
        pub async fn #fn_name(&self, #(#args),*) -> crate::Result<#ret> {
            const OP: crate::runtime::Operation = crate::runtime::Operation {
                id: #id,
                method: #method,
                path: #path,
                auth: #auth,
            };
            let request = crate::runtime::Request::new(&OP) #(#calls)*;
            #client.#send(request).await
        }
        #stream
    }
}

fn query_call(p: &Param) -> TokenStream {
    let field = ident(&p.rust_name);
    let wire = &p.wire_name;
    let explode = p.explode;
    quote! { .query_param(#wire, &query.#field, #explode) }
}

/// Arguments and return type of `<op>_stream` (shared with the public-API surface).
pub(crate) fn stream_signature(
    op: &Operation,
    module: &str,
    item: &TypeRef,
) -> (Vec<TokenStream>, TokenStream) {
    let item = type_tokens(item);
    (
        param_args(op, module, &quote! { 'a }),
        quote! { impl futures::Stream<Item = crate::Result<#item>> + 'a },
    )
}

/// `<op>_stream`: every item of every page, fetched lazily through `runtime::paginate`.
fn page_stream(op: &Operation, module: &str) -> TokenStream {
    let Some(pages) = &op.pagination else {
        return TokenStream::new();
    };
    let fn_name = ident(&op.fn_name);
    let stream_name = format_ident!("{}_stream", op.fn_name.trim_start_matches("r#"));
    let page = ident(&pages.page_field);
    let page_ty = op
        .query_params
        .iter()
        .find(|p| p.rust_name == pages.page_field)
        .map(|p| p.ty.clone());
    let (start, set) = match page_ty {
        Some(TypeRef::Option(inner)) if *inner == TypeRef::I32 => (
            quote! { query.#page.map(i64::from).unwrap_or(1) },
            quote! { i32::try_from(page).unwrap_or(i32::MAX) },
        ),
        Some(TypeRef::Option(inner)) if *inner == TypeRef::F64 => (
            quote! { query.#page.map(|page| page as i64).unwrap_or(1) },
            quote! { page as f64 },
        ),
        _ => (quote! { query.#page.unwrap_or(1) }, quote! { page }),
    };
    let call_args = op
        .path_params
        .iter()
        .chain(&op.header_params)
        .map(|p| ident(&p.rust_name));
    let (args, ret) = stream_signature(op, module, &pages.item);
    let deprecated = op
        .deprecated
        .then(|| quote! { #[deprecated] #[allow(deprecated)] });
    let method = op.fn_name.trim_start_matches("r#");
    let (doc, fetch) = match &pages.items_field {
        None => (
            format!(" Every item of [`Self::{method}`], requested page by page as the stream is polled; stops at an empty page or at `meta.total_count`."),
            quote! { self.#fn_name(#(#call_args,)* &query).await },
        ),
        Some(items) => {
            let field = ident(&items.rust_name);
            let list = if items.optional {
                quote! { body.#field.unwrap_or_default() }
            } else {
                quote! { body.#field }
            };
            (
                format!(" Every item of [`Self::{method}`] (each page's `{}`), requested page by page as the stream is polled; stops at an empty page (the body carries no total).", items.rust_name.trim_start_matches("r#")),
                quote! {
                    self.#fn_name(#(#call_args,)* &query)
                        .await
                        .map(|response| response.map(|body| #list))
                },
            )
        }
    };
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #stream_name<'a>(&'a self, #(#args),*) -> #ret {
            let query = query.clone();
            crate::runtime::paginate(#start, move |page| {
                let mut query = query.clone();
                query.#page = Some(#set);
                async move { #fetch }
            })
        }
    }
}
