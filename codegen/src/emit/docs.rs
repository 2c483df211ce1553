//! Spec text -> `#[doc]` attributes that are safe for rustdoc and doctests.
//! Fenced blocks become ```text (spec examples are not Rust), indentation that markdown
//! would read as a code block is dropped, and each other line goes through
//! [`super::doc_inline`] so `cargo doc` stays warning-free. Text the emitter writes itself
//! (intra-doc links to generated items) is not sanitized.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_inline::tame_line;

/// Rewrites spec markdown so that no line of it compiles as a doctest or trips a rustdoc lint.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_string());
        } else {
            out.push(tame_line(trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// `#[doc = "..."]` lines for a block of markdown paragraphs (spec text already passed through
/// [`sanitize`]); empty paragraphs are skipped.
pub fn doc_attrs(paragraphs: &[Option<String>]) -> TokenStream {
    let text = paragraphs
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indent_is_dropped() {
        let input = "Intro\r\n```json\r\n{\"a\": 1}\r\n```\r\n    indented code\r\n```\nunclosed";
        assert_eq!(
            sanitize(input),
            "Intro\n```text\n{\"a\": 1}\n```\nindented code\n```text\nunclosed\n```"
        );
    }
}
