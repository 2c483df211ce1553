//! Stage: IR -> token streams, one per generated file (`mod.rs`, `models.rs`, one per tag).
//! Reads only the IR; every decision it prints was made by `lower`.

mod doc_inline;
mod docs;
mod gate;
pub mod mock;
mod operations;
mod typeref;
mod types;
mod webhooks;

// The public-API surface prints exactly the signatures and types the emitter writes.
pub(crate) use operations::{signature, stream_signature};
pub(crate) use typeref::type_tokens;
pub use webhooks::MODULE as WEBHOOK_EVENTS;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Module};
use crate::lower::MODELS;

/// Generated modules compiled only with a cargo feature of the client: (feature, module, doc).
pub(crate) const FEATURE_MODULES: [(&str, &str, &str); 3] = [
    (
        "mock",
        "mock_table",
        " Every operation as the mock server answers it.",
    ),
    (
        "mock",
        "registry",
        " The generated type of every schema, by JSON pointer.",
    ),
    (
        "mock",
        "exercise",
        " Calls any operation by id with placeholder arguments.",
    ),
];

/// Lints that fire on text or shapes the spec dictates, not on choices of the generator.
fn module_allows() -> TokenStream {
    quote! {
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments,
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::enum_variant_names
        )]
    }
}

/// One generated file, emitted on its own so files can be emitted and formatted in parallel.
#[derive(Debug, Clone, Copy)]
pub enum File<'a> {
    /// `mod.rs`: the module tree.
    Root,
    MockTable,
    Registry,
    Exercise,
    Models,
    /// One file per tag.
    Module(&'a Module),
    /// `webhook_events.rs`, when the API has webhooks.
    WebhookEvents,
}

/// Every file of the client, the largest first (the registry, the models, the mock table):
/// a parallel caller that takes them in this order finishes with small files, not a big one.
pub fn files(api: &Api) -> Vec<File<'_>> {
    let mut files = vec![
        File::Registry,
        File::Models,
        File::MockTable,
        File::Exercise,
    ];
    let mut modules: Vec<&Module> = api.modules.iter().collect();
    modules.sort_by_key(|m| std::cmp::Reverse(m.operations.len() + m.types.len()));
    files.extend(modules.into_iter().map(File::Module));
    if !api.webhooks.is_empty() {
        files.push(File::WebhookEvents);
    }
    files.push(File::Root);
    files
}

impl File<'_> {
    /// Path relative to the output directory.
    pub fn path(&self) -> String {
        match self {
            File::Root => "mod.rs".to_string(),
            File::MockTable => "mock_table.rs".to_string(),
            File::Registry => "registry.rs".to_string(),
            File::Exercise => "exercise.rs".to_string(),
            File::Models => format!("{MODELS}.rs"),
            File::Module(module) => format!("{}.rs", module.name),
            File::WebhookEvents => format!("{WEBHOOK_EVENTS}.rs"),
        }
    }

    pub fn emit(&self, api: &Api) -> TokenStream {
        match self {
            File::Root => root_file(api),
            File::MockTable => mock::mock_table(api),
            File::Registry => mock::registry(api),
            File::Exercise => mock::exercise(api),
            File::Models => {
                let models = api
                    .models
                    .iter()
                    .map(|def| types::type_def(def, &gate::type_def(api, None, &def.name)));
                quote! {
                    //! Types for the spec's component schemas (`#/components/schemas`).
                    #(#models)*
                }
            }
            File::Module(module) => module_file(api, module),
            File::WebhookEvents => webhooks::webhook_events(api),
        }
    }
}

/// Every file's tokens by path, emitted one after the other.
pub fn emit(api: &Api) -> BTreeMap<String, TokenStream> {
    files(api)
        .into_iter()
        .map(|file| (file.path(), file.emit(api)))
        .collect()
}

fn root_file(api: &Api) -> TokenStream {
    let models_ident = format_ident!("{}", MODELS);
    let module_idents: Vec<_> = api
        .modules
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let module_docs = api.modules.iter().map(|m| {
        let doc = match &m.feature {
            Some(feature) => format!(" Operations tagged `{}` (feature `{feature}`).", m.tag),
            None => format!(" Operations tagged `{}`.", m.tag),
        };
        let gate = gate::cfg(&gate::module_features(api, m));
        quote! { #[doc = #doc] #gate }
    });
    let root_doc = format!(
        " Generated from the OpenAPI description `{}` version `{}`.",
        api.title, api.version
    );
    let allows = module_allows();
    let gated = FEATURE_MODULES.iter().map(|(feature, module, doc)| {
        let module = format_ident!("{}", module);
        quote! { #[doc = #doc] #[cfg(feature = #feature)] pub mod #module; }
    });
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        let module = format_ident!("{}", WEBHOOK_EVENTS);
        let gate = gate::group(api);
        quote! {
            /// Events the API sends to webhook endpoints, and `parse` to read them.
            #gate
            pub mod #module;
        }
    });
    quote! {
        #![doc = #root_doc]
        #allows
        /// Component schemas of the spec and the types they contain.
        pub mod #models_ident;
        #( #module_docs pub mod #module_idents; )*
        #webhooks
        #( #gated )*
    }
}

fn module_file(api: &Api, module: &Module) -> TokenStream {
    let inner_doc = module_doc_inner(module);
    let module_path = api.module_path(&module.name);
    let call = operations::Call::of(api);
    let operations = module
        .operations
        .iter()
        .map(|op| operations::operation(op, &module_path, &call));
    let types = module
        .types
        .iter()
        .map(|def| types::type_def(def, &gate::type_def(api, Some(module), &def.name)));
    let receiver = match &api.placement {
        Some(p) => {
            let handle = typeref::named_path(&format!("{}::{}", p.module, p.handle));
            quote! { #handle<'_> }
        }
        None => quote! { crate::Client },
    };
    // The module compiles with more features than its own when other tags reach its types;
    // its operations still need their own.
    let impl_gate = if gate::module_features(api, module) == module.feature.as_slice() {
        TokenStream::new()
    } else {
        gate::operation(module)
    };
    quote! {
        #inner_doc
        #impl_gate
        impl #receiver {
            #(#operations)*
        }
        #(#types)*
    }
}

/// The module's doc as inner (`//!`) attributes.
fn module_doc_inner(module: &Module) -> TokenStream {
    let mut text = format!(
        "Operations tagged `{}`, and the inline types they use.",
        module.tag
    );
    if let Some(doc) = &module.doc {
        let doc = docs::sanitize(doc);
        if !doc.is_empty() {
            text.push_str("\n\n");
            text.push_str(&doc);
        }
    }
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}
