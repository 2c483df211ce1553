//! `ir::TypeDef` -> Rust items: structs with tolerant decoders, open enums, untagged unions, aliases.
//! Every type implements `Default`, so a `null` the server sends for a required field decodes.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, sanitize};
use super::typeref::{ident, type_tokens};
use crate::ir::{Field, Lenient, TypeDef, TypeKind, TypeRef};

/// `gate` (a `#[cfg]` or nothing) goes before every item the type needs.
pub fn type_def(def: &TypeDef, gate: &TokenStream) -> TokenStream {
    let deprecated_note = def
        .deprecated
        .then(|| "Deprecated in the spec.".to_string());
    let docs = doc_attrs(&[def.doc.as_deref().map(sanitize), deprecated_note]);
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct {
            fields,
            additional,
            multipart,
        } => struct_def(docs, gate, &name, fields, additional.as_ref(), *multipart),
        TypeKind::StringEnum { variants } => {
            let variants = variants.iter().enumerate().map(|(i, v)| {
                let rust = format_ident!("{}", v.rust_name);
                let value = &v.value;
                let default = (i == 0).then(|| quote! { #[default] });
                quote! { #default #[serde(rename = #value)] #rust, }
            });
            quote! {
                #docs
                #gate
                #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the client does not know, kept as sent.
                    #[serde(untagged)]
                    Unknown(String),
                }
            }
        }
        TypeKind::IntEnum { variants } => {
            let idents: Vec<_> = variants
                .iter()
                .map(|v| format_ident!("{}", v.rust_name))
                .collect();
            let values: Vec<_> = variants
                .iter()
                .map(|v| Literal::i64_unsuffixed(v.value))
                .collect();
            let docs_v = variants.iter().map(|v| format!(" `{}`", v.value));
            let defaults = (0..idents.len()).map(|i| (i == 0).then(|| quote! { #[default] }));
            quote! {
                #docs
                #gate
                #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #[doc = #docs_v] #defaults #idents, )*
                    /// A value this version of the client does not know, kept as sent.
                    Unknown(i64),
                }
                #gate
                impl #name {
                    /// The integer sent on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #( Self::#idents => #values, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                #gate
                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#idents, )*
                            other => Self::Unknown(other),
                        }
                    }
                }
                #gate
                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }
                #gate
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value: i64 = crate::runtime::de::int(deserializer)?;
                        Ok(Self::from(value))
                    }
                }
            }
        }
        TypeKind::Untagged { variants } => {
            let variants = variants.iter().map(|v| {
                let rust = format_ident!("{}", v.rust_name);
                let ty = type_tokens(&v.ty);
                quote! { #rust(#ty), }
            });
            quote! {
                #docs
                #gate
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                    /// A shape none of the variants above accepts, kept as sent.
                    Other(serde_json::Value),
                }
                #gate
                impl Default for #name {
                    fn default() -> Self {
                        Self::Other(serde_json::Value::Null)
                    }
                }
            }
        }
        TypeKind::Alias { target } => {
            let target = type_tokens(target);
            quote! {
                #docs
                #gate
                pub type #name = #target;
            }
        }
    }
}

/// Which tolerant decoder reads a field: the `crate::runtime::de` function's name and the
/// matching decoder kind of `crate::runtime::record`, both without their `opt_`/`Opt` prefix.
/// `None` for a field its type's own `Deserialize` reads.
fn decoder_names(field: &Field) -> Option<(&'static str, &'static str)> {
    let names = match field.lenient {
        Lenient::Int => ("int", "Int"),
        Lenient::Number => ("number", "Number"),
        Lenient::Bool => ("boolean", "Boolean"),
        Lenient::String => ("string", "Text"),
        Lenient::Object => ("object", "Object"),
        Lenient::Map => ("map", "Map"),
        Lenient::Seq => ("seq", "Seq"),
        Lenient::SeqOfObjects => ("seq_of_objects", "SeqOfObjects"),
        Lenient::MismatchAsDefault => ("mismatch_as_default", "MismatchAsDefault"),
        Lenient::Date => ("date", "Date"),
        Lenient::DateTime => ("datetime", "DateTime"),
        Lenient::OrDefault if field.ty.is_option() => return None,
        Lenient::OrDefault => ("or_default", "OrDefault"),
        Lenient::Plain => return None,
    };
    Some(names)
}

/// The runtime decoder a struct that keeps serde's derive names in `deserialize_with`
/// (`crate::runtime::de::opt_int`, ...).
fn decoder(field: &Field) -> Option<String> {
    let (function, _) = decoder_names(field)?;
    let prefix = if field.ty.is_option() { "opt_" } else { "" };
    Some(format!("crate::runtime::de::{prefix}{function}"))
}

/// The decoder kind of `crate::runtime::record` that reads a field (`OptInt`, `Plain`, ...).
fn decoder_kind(field: &Field) -> proc_macro2::Ident {
    match decoder_names(field) {
        None => format_ident!("Plain"),
        Some((_, kind)) if field.ty.is_option() => format_ident!("Opt{}", kind),
        Some((_, kind)) => format_ident!("{}", kind),
    }
}

fn struct_def(
    docs: TokenStream,
    gate: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&TypeRef>,
    multipart: bool,
) -> TokenStream {
    let fields_tokens = fields.iter().map(|field| {
        let default_note = field.default.as_ref().map(|d| format!("Default: `{d}`."));
        let field_docs = doc_attrs(&[field.doc.as_deref().map(sanitize), default_note]);
        let rust = ident(&field.rust_name);
        let ty = type_tokens(&field.ty);
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        if multipart {
            return quote! { #field_docs #deprecated pub #rust: #ty, };
        }
        let mut serde_args = Vec::new();
        if field.rust_name.trim_start_matches("r#") != field.wire_name {
            let wire = &field.wire_name;
            serde_args.push(quote! { rename = #wire });
        }
        if field.ty.is_option() {
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        if let Some(path) = decoder(field).filter(|_| additional.is_some()) {
            serde_args.push(quote! { deserialize_with = #path });
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
        quote! { #field_docs #deprecated #serde_attr pub #rust: #ty, }
    });
    let extra = additional.map(|ty| {
        let ty = type_tokens(ty);
        quote! {
            /// Properties beyond the declared ones (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    if multipart {
        return quote! {
            #docs
            #gate
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct #name {
                #(#fields_tokens)*
            }
        };
    }
    if additional.is_some() {
        // `flatten` needs serde's derive; the few such structs keep it.
        return quote! {
            #docs
            #gate
            #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(default)]
            pub struct #name {
                #(#fields_tokens)*
                #extra
            }
        };
    }
    let record = record_impl(gate, name, fields);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct #name {
            #(#fields_tokens)*
        }
        #record
    }
}

/// `Deserialize` through `crate::runtime::record`: one match arm per field naming its decoder
/// kind, instead of serde's derive with a `deserialize_with` wrapper type per field.
fn record_impl(gate: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let name_text = name.to_string();
    let allow_deprecated = fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    let read_field = if fields.is_empty() {
        quote! {
            fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, _key: &str, _map: &mut A) -> Result<bool, A::Error> {
                Ok(false)
            }
        }
    } else {
        let arms = fields.iter().map(|field| {
            let wire = &field.wire_name;
            let rust = ident(&field.rust_name);
            let kind = decoder_kind(field);
            quote! { #wire => self.#rust = r::read(map, r::#kind)?, }
        });
        quote! {
            #allow_deprecated
            fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                use crate::runtime::record as r;
                match key {
                    #(#arms)*
                    _ => return Ok(false),
                }
                Ok(true)
            }
        }
    };
    quote! {
        #gate
        impl crate::runtime::record::Record for #name {
            const NAME: &'static str = #name_text;
            #read_field
        }
        #gate
        crate::runtime::record::impl_deserialize!(#name);
    }
}
