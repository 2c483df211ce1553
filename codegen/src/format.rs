//! Stage: token stream -> formatted Rust source (prettyplease), headed by the generated marker.
//! A token stream that does not parse is a generator bug and is reported with its file.

use proc_macro2::TokenStream;

use crate::error::CodegenError;
use crate::write::GENERATED_MARKER;

/// Formats one generated file; its first line says it is generated and must not be edited.
pub fn format_file(path: &str, tokens: TokenStream) -> Result<String, CodegenError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| CodegenError::Format {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "{GENERATED_MARKER} from the OpenAPI spec. Do not edit by hand.\n\n{body}"
    ))
}
