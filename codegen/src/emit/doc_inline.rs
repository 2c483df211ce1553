//! One line of spec prose made safe for rustdoc. Outside code spans:
//! - bare URLs become autolinks;
//! - a bracket pair that is not a markdown link is escaped, and a link whose target is a Rust
//!   path keeps only its text: spec text cannot link to items of this crate, and rustdoc reads
//!   `[1,4]`, ``[`Policy`]`` or ``[`Disk`](omicron::Disk)`` as broken intra-doc links;
//! - `<word>` that is not an HTML element is escaped (rustdoc would report an unclosed tag).

/// HTML elements spec authors use; any other `<name>` is text such as `<id>` or `Vec<T>`.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
];

/// Rewrites one line of prose (not inside a fenced block).
pub fn tame_line(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut literal = code_span_mask(bytes);
    let urls = bare_urls(line, &literal);
    for &(start, end) in &urls {
        literal[start..end].iter_mut().for_each(|b| *b = true);
    }
    let mut escape = vec![false; bytes.len()];
    let mut drop = vec![false; bytes.len()];
    mark_brackets(bytes, &literal, &mut escape, &mut drop);
    mark_unknown_tags(bytes, &literal, &mut escape);

    let mut out = String::with_capacity(line.len() + 8);
    let mut urls = urls.into_iter().peekable();
    let mut index = 0;
    while let Some(ch) = line[index..].chars().next() {
        if let Some((start, end)) = urls.next_if(|&(start, _)| start == index) {
            out.push('<');
            out.push_str(&line[start..end]);
            out.push('>');
            index = end;
            continue;
        }
        if escape[index] {
            out.push('\\');
        }
        if !drop[index] {
            out.push(ch);
        }
        index += ch.len_utf8();
    }
    out
}

/// `true` for bytes inside a code span, backticks included; a backtick without a partner is
/// plain text, as in markdown.
fn code_span_mask(bytes: &[u8]) -> Vec<bool> {
    let mut mask = vec![false; bytes.len()];
    let ticks: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'`').collect();
    for pair in ticks.chunks_exact(2) {
        mask[pair[0]..=pair[1]].iter_mut().for_each(|b| *b = true);
    }
    mask
}

/// Byte ranges of `http(s)://host...` URLs outside code that are not already inside `<...>`, a
/// link target, an HTML attribute or a quote.
fn bare_urls(line: &str, literal: &[bool]) -> Vec<(usize, usize)> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find("http") {
        let start = from + found;
        from = start + "http".len();
        let Some(scheme_len) = ["https://", "http://"]
            .iter()
            .find(|s| line[start..].starts_with(*s))
            .map(|s| s.len())
        else {
            continue;
        };
        let mut preceding = line[..start].chars().rev();
        let before = preceding.next();
        let link_target = before == Some('(') && preceding.next() == Some(']');
        let quoted = link_target
            || matches!(before, Some('<' | '[' | '"' | '\'' | '=' | '/'))
            || before.is_some_and(char::is_alphanumeric);
        let end = start + url_length(&line[start..]);
        let has_host = line[start + scheme_len..end]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !quoted && !literal[start] && has_host {
            urls.push((start, end));
            from = end;
        }
    }
    urls
}

/// Length in bytes of the URL at the start of `text`: up to whitespace or a delimiter, without
/// trailing sentence punctuation or an unbalanced closing parenthesis.
fn url_length(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
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

/// Marks both brackets of a pair outside code for escaping unless it is a markdown link
/// (`[text](url)`, `[text][ref]`, `[ref]: url`), and marks `[`, `](target)` of a link to a Rust
/// path for dropping. Empty `[]` (as in `integer[]`) and unpaired brackets render as written and
/// are left alone.
fn mark_brackets(bytes: &[u8], literal: &[bool], escape: &mut [bool], drop: &mut [bool]) {
    let mut open: Vec<usize> = Vec::new();
    for (index, &byte) in bytes.iter().enumerate() {
        if literal[index] {
            continue;
        }
        match byte {
            b'[' => open.push(index),
            b']' => {
                let Some(start) = open.pop() else { continue };
                let next = bytes.get(index + 1);
                let after_pair = start > 0 && bytes[start - 1] == b']';
                let is_link = matches!(next, Some(b'(' | b'[' | b':')) || after_pair;
                if let Some(close) = rust_path_target(bytes, index) {
                    drop[start] = true;
                    drop[index..=close].iter_mut().for_each(|b| *b = true);
                } else if !is_link && index > start + 1 {
                    escape[start] = true;
                    escape[index] = true;
                }
            }
            _ => {}
        }
    }
}

/// For `](target)` at `close_bracket`, the index of `)` when `target` is a Rust path
/// (`a::b::C`, `Disk`) rather than a URL, an anchor or a file.
fn rust_path_target(bytes: &[u8], close_bracket: usize) -> Option<usize> {
    if bytes.get(close_bracket + 1) != Some(&b'(') {
        return None;
    }
    let target_start = close_bracket + 2;
    let len = bytes[target_start.min(bytes.len())..]
        .iter()
        .position(|&b| b == b')')?;
    let target = &bytes[target_start..target_start + len];
    let path_like = target.first().is_some_and(|b| b.is_ascii_alphabetic())
        && target
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b':');
    path_like.then_some(target_start + len)
}

/// Marks the `<` of `<name ...>` or `</name>` outside code when `name` is not an HTML element.
fn mark_unknown_tags(bytes: &[u8], literal: &[bool], escape: &mut [bool]) {
    for (index, &byte) in bytes.iter().enumerate() {
        if byte != b'<' || literal[index] {
            continue;
        }
        let name_start = index + 1 + usize::from(bytes.get(index + 1) == Some(&b'/'));
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        let name = &bytes[name_start.min(bytes.len())..][..name_len];
        let ends_tag = matches!(
            bytes.get(name_start + name_len),
            Some(b'>' | b' ' | b'/' | b'\t')
        );
        let starts_with_letter = name.first().is_some_and(u8::is_ascii_alphabetic);
        if starts_with_letter && ends_tag {
            let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
            if !HTML_ELEMENTS.contains(&lower.as_str()) {
                escape[index] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tame_line;

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            tame_line("sent to https://x.io/cb/{token}. See (http://a.b/c), <https://d.e> or [e](https://f.g)"),
            "sent to <https://x.io/cb/{token}>. See (<http://a.b/c>), <https://d.e> or [e](https://f.g)"
        );
        assert_eq!(
            tame_line("<a href=\"https://x.io\">x</a> and `https://in.code`"),
            "<a href=\"https://x.io\">x</a> and `https://in.code`"
        );
        assert_eq!(
            tame_line("filter https://x.io/?a[]=1"),
            "filter <https://x.io/?a[]=1>"
        );
        // No host: nothing to link (kratos writes `http://<ui_url>?flow=<id>`).
        assert_eq!(
            tame_line("param: http://<ui.url>?flow=<id>"),
            "param: http://<ui.url>?flow=\\<id>"
        );
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            tame_line("days = [1,4], ids[] and [a [b]]"),
            "days = \\[1,4\\], ids[] and \\[a \\[b\\]\\]"
        );
        assert_eq!(
            tame_line("[docs](https://x.io), [a][b], `[in code]` and a stray ]"),
            "[docs](https://x.io), [a][b], `[in code]` and a stray ]"
        );
        // Spec text cannot link to this crate's items.
        assert_eq!(
            tame_line("a [`Policy`] or [`crate::views::Vpc`]s"),
            "a \\[`Policy`\\] or \\[`crate::views::Vpc`\\]s"
        );
        assert_eq!(
            tame_line("for a [`Disk`](omicron::api::Disk), see [Vat](#vat) or [x](a.html)"),
            "for a `Disk`, see [Vat](#vat) or [x](a.html)"
        );
    }

    #[test]
    fn words_in_angle_brackets_are_escaped_unless_html() {
        assert_eq!(
            tame_line("use <b>bold</b>, <br/>, Vec<String> and </id>"),
            "use <b>bold</b>, <br/>, Vec\\<String> and \\</id>"
        );
        assert_eq!(tame_line("a < b and `<id>`"), "a < b and `<id>`");
    }
}
