//! `ir::TypeRef` -> the Rust type tokens generated code uses (fully qualified paths).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::TypeRef;

/// A path like `models::Client` as `crate::models::Client`.
pub fn named_path(path: &str) -> TokenStream {
    let segments = path.split("::").map(|s| format_ident!("{}", s));
    quote! { crate #(:: #segments)* }
}

pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(path) => named_path(path),
        TypeRef::String => quote! { String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bool => quote! { bool },
        TypeRef::Date => quote! { crate::runtime::datetime::Date },
        TypeRef::DateTime => quote! { crate::runtime::datetime::DateTime },
        TypeRef::Bytes => quote! { crate::runtime::FilePart },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Unit => quote! { () },
        TypeRef::Runtime(name) => {
            let name = format_ident!("{}", name);
            quote! { crate::runtime::#name }
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner);
            quote! { Option<#inner> }
        }
        TypeRef::Box(inner) => {
            let inner = type_tokens(inner);
            quote! { Box<#inner> }
        }
    }
}

/// An identifier that may be a raw identifier (`r#type`).
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}
