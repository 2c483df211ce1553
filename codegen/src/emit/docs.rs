//! Spec text -> `#[doc]` attributes that are safe for rustdoc and doctests.
//! Fenced blocks become ```text (spec examples are not Rust), indentation that markdown
//! would read as a code block is dropped. Outside code, bare URLs become autolinks and a
//! bracketed text that is not a markdown link is escaped, so `cargo doc` stays warning-free.

use proc_macro2::TokenStream;
use quote::quote;

/// Rewrites spec markdown so that no line of it compiles as a doctest.
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
            out.push(tame_inline(trimmed.trim_end()));
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

/// One line of prose: code spans (between backticks) are kept as written, the rest is tamed.
fn tame_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (index, segment) in line.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            out.push_str(segment);
        } else {
            out.push_str(&tame_prose(segment));
        }
    }
    out
}

/// Wraps bare `http(s)://` URLs in `<...>` and escapes bracket pairs that are not links.
fn tame_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_bare_url(rest) {
        let url_len = url_length(&rest[start..]);
        out.push_str(&escape_plain_brackets(&rest[..start]));
        out.push('<');
        out.push_str(&rest[start..start + url_len]);
        out.push('>');
        rest = &rest[start + url_len..];
    }
    out.push_str(&escape_plain_brackets(rest));
    out
}

/// Byte offset of the first URL that is not already inside `<...>`, a link target, an HTML
/// attribute or a quote.
fn find_bare_url(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        let tail = &text[start..];
        let is_url = tail.starts_with("http://") || tail.starts_with("https://");
        let mut preceding = text[..start].chars().rev();
        let before = preceding.next();
        let link_target = before == Some('(') && preceding.next() == Some(']');
        let quoted = link_target
            || matches!(before, Some('<' | '[' | '"' | '\'' | '=' | '/'))
            || before.is_some_and(char::is_alphanumeric);
        if is_url && !quoted {
            return Some(start);
        }
        from = start + "http".len();
    }
    None
}

/// Length in bytes of the URL at the start of `text`: up to whitespace or a delimiter, without
/// trailing sentence punctuation or an unbalanced closing parenthesis.
fn url_length(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(inner) if !inner.contains('(') => inner,
            _ => trimmed,
        };
        if trimmed.len() == url.len() {
            return url.len();
        }
        url = trimmed;
    }
}

/// Escapes `[` and `]` of a bracket pair unless it is a markdown link (`[text](url)`,
/// `[text][ref]`, `[ref]: url`); rustdoc would read `[1,4]` as a broken intra-doc link.
/// Empty `[]` (as in `integer[]`) and unpaired brackets are left alone: rustdoc reads them as
/// written.
fn escape_plain_brackets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut escape = vec![false; bytes.len()];
    let mut open: Vec<usize> = Vec::new();
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b'[' => open.push(index),
            b']' => {
                if let Some(start) = open.pop() {
                    let next = bytes.get(index + 1);
                    let after_pair = start > 0 && bytes[start - 1] == b']';
                    let is_link = matches!(next, Some(b'(' | b'[' | b':')) || after_pair;
                    let is_empty = index == start + 1;
                    if !is_link && !is_empty {
                        escape[start] = true;
                        escape[index] = true;
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len() + 4);
    for (index, ch) in text.char_indices() {
        if escape.get(index).copied().unwrap_or(false) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `#[doc = "..."]` lines for a block of paragraphs; empty paragraphs are skipped.
pub fn doc_attrs(paragraphs: &[Option<String>]) -> TokenStream {
    let text = paragraphs
        .iter()
        .flatten()
        .map(|p| sanitize(p))
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

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            sanitize("sent to https://x.io/cb/{token}. See (http://a.b/c), <https://d.e> or [e](https://f.g)"),
            "sent to <https://x.io/cb/{token}>. See (<http://a.b/c>), <https://d.e> or [e](https://f.g)"
        );
        assert_eq!(
            sanitize("<a href=\"https://x.io\">x</a> and `https://in.code`"),
            "<a href=\"https://x.io\">x</a> and `https://in.code`"
        );
        assert_eq!(
            sanitize("```\nhttps://in.fence\n```"),
            "```text\nhttps://in.fence\n```"
        );
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            sanitize("days = [1,4], ids[] and [a [b]]"),
            "days = \\[1,4\\], ids[] and \\[a \\[b\\]\\]"
        );
        assert_eq!(
            sanitize("[docs](https://x.io), [a][b], [`crate::Error`] and a stray ]"),
            "[docs](https://x.io), [a][b], [`crate::Error`] and a stray ]"
        );
        assert_eq!(
            sanitize("filter https://x.io/?a[]=1"),
            "filter <https://x.io/?a[]=1>"
        );
    }
}
