//! `#[cfg(feature = ...)]` attributes for generated items, from the features lowering assigned
//! (`Api::type_features`, `Module::feature`). Empty where nothing is gated.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Module};

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`, or nothing.
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// The opposite of [`cfg`]: `#[cfg(not(feature = "a"))]`, ..., or nothing.
pub fn cfg_not(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote! { #[cfg(not(feature = #one))] },
        many => quote! { #[cfg(not(any(#(feature = #many),*)))] },
    }
}

/// The features that compile the type at `path` (empty when it is not gated).
pub fn type_features<'a>(api: &'a Api, path: &str) -> &'a [String] {
    api.type_features.get(path).map_or(&[], Vec::as_slice)
}

/// The gate of a type defined in `module` (`None`: in `models`): within a module's file, only
/// a type that other modules' operations reach too needs its own.
pub fn type_def(api: &Api, module: Option<&Module>, name: &str) -> TokenStream {
    let path = match module {
        Some(m) => format!("{}::{name}", api.module_path(&m.name)),
        None => format!("{}::{name}", api.module_path(crate::lower::MODELS)),
    };
    let features = type_features(api, &path);
    match module.and_then(|m| m.feature.as_ref()) {
        Some(own) if features == std::slice::from_ref(own) => TokenStream::new(),
        _ => cfg(features),
    }
}

/// The features any of which compiles a module's file: its own, plus those of other modules
/// whose operations reach one of its types.
pub fn module_features(api: &Api, module: &Module) -> Vec<String> {
    let Some(own) = &module.feature else {
        return Vec::new();
    };
    let path = api.module_path(&module.name);
    let mut features = vec![own.clone()];
    for def in &module.types {
        features.extend(
            type_features(api, &format!("{path}::{}", def.name))
                .iter()
                .cloned(),
        );
    }
    features.sort();
    features.dedup();
    features
}

/// The gate of an operation (its module's feature).
pub fn operation(module: &Module) -> TokenStream {
    cfg(module.feature.as_slice())
}

/// The features that compile a generated item holding `ty` (a registry codec): its named
/// type's, if any.
pub fn type_ref<'a>(api: &'a Api, ty: &crate::ir::TypeRef) -> &'a [String] {
    ty.named_path().map_or(&[], |path| type_features(api, path))
}

/// The group feature that turns on every tag: what compiles the parts no operation uses
/// (webhook events). Nothing when the API is not gated per tag.
pub fn group(api: &Api) -> TokenStream {
    if api.type_features.is_empty() {
        return TokenStream::new();
    }
    let groups: Vec<String> = api
        .features
        .iter()
        .filter(|f| !f.enables.is_empty())
        .map(|f| f.name.clone())
        .collect();
    cfg(&groups)
}
