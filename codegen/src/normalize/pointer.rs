//! JSON pointers in URI-fragment form (`#/paths/~1auth/post`), RFC 6901 escaping.
//! Shared by normalize and load so every diagnostic names a node the same way.

use std::borrow::Cow;

use serde_json::Value;

/// The pointer of `token` inside the node at `parent`.
pub(crate) fn child(parent: &str, token: &str) -> String {
    let mut out = String::with_capacity(parent.len() + token.len() + 1);
    out.push_str(parent);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
    out
}

/// The pointer of element `index` inside the array at `parent`.
pub(crate) fn index(parent: &str, index: usize) -> String {
    format!("{parent}/{index}")
}

/// Unescaped reference tokens of a `#/...` pointer (`#` alone has none).
pub(crate) fn tokens(pointer: &str) -> Vec<String> {
    let body = pointer.strip_prefix('#').unwrap_or(pointer);
    if body.is_empty() {
        return Vec::new();
    }
    body.trim_start_matches('/')
        .split('/')
        .map(|t| unescape(t).into_owned())
        .collect()
}

/// Builds a `#/...` pointer back from unescaped tokens.
pub(crate) fn from_tokens<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens
        .iter()
        .fold(String::from("#"), |acc, t| child(&acc, t.as_ref()))
}

/// True when `pointer` is `ancestor` itself or lies below it.
pub(crate) fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// Looks a `#/...` pointer up in `doc`. Same answers as `serde_json::Value::pointer`, without
/// its allocation per token: the stages look up tens of thousands of pointers per spec.
pub(crate) fn get<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let Some(body) = pointer.strip_prefix('#')?.strip_prefix('/') else {
        return (pointer == "#").then_some(doc);
    };
    body.split('/').try_fold(doc, |node, token| match node {
        Value::Object(map) => match unescape(token) {
            Cow::Borrowed(key) => map.get(key),
            Cow::Owned(key) => map.get(&key),
        },
        Value::Array(items) => items.get(array_index(token)?),
        _ => None,
    })
}

/// Mutable variant of [`get`].
pub(crate) fn get_mut<'a>(doc: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let Some(body) = pointer.strip_prefix('#')?.strip_prefix('/') else {
        return (pointer == "#").then_some(doc);
    };
    body.split('/').try_fold(doc, |node, token| match node {
        Value::Object(map) => match unescape(token) {
            Cow::Borrowed(key) => map.get_mut(key),
            Cow::Owned(key) => map.get_mut(&key),
        },
        Value::Array(items) => items.get_mut(array_index(token)?),
        _ => None,
    })
}

/// One reference token with `~1` and `~0` decoded; borrowed when it has neither.
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// An array index token as RFC 6901 spells it: digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Removes the map entry or array element at `pointer`; returns what was there.
pub(crate) fn remove(doc: &mut Value, pointer: &str) -> Option<Value> {
    let mut tokens = tokens(pointer);
    let last = tokens.pop()?;
    match get_mut(doc, &from_tokens(&tokens))? {
        Value::Object(map) => map.shift_remove(&last),
        Value::Array(items) => {
            let i: usize = last.parse().ok()?;
            (i < items.len()).then(|| items.remove(i))
        }
        _ => None,
    }
}

/// Decodes `%XX` escapes that URI fragments may carry (`#/components/schemas/Foo%20Bar`).
/// Small enough that a crate dependency is not worth it; invalid escapes stay as written.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_round_trips() {
        let p = child(&child("#", "paths"), "/a~b");
        assert_eq!(p, "#/paths/~1a~0b");
        assert_eq!(tokens(&p), vec!["paths", "/a~b"]);
        assert_eq!(from_tokens(&tokens(&p)), p);
        assert!(tokens("#").is_empty());
    }

    #[test]
    fn within_respects_token_boundaries() {
        assert!(is_within("#/a/b", "#/a"));
        assert!(is_within("#/a", "#/a"));
        assert!(!is_within("#/ab", "#/a"));
        assert!(is_within("#/a", "#"));
    }

    #[test]
    fn get_answers_as_serde_json_pointer_does() {
        let doc = json!({"a/b": {"m~n": [10, {"": 3}]}, "": 1, "l": [7]});
        for at in [
            "#",
            "#/",
            "#/a~1b",
            "#/a~1b/m~0n/0",
            "#/a~1b/m~0n/1/",
            "#/l/0",
            "#/l/00",
            "#/l/+0",
            "#/l/1",
            "#/l/x",
            "#/missing",
            "#/a~1b/m~0n/0/deeper",
            "#a",
            "/l/0",
        ] {
            let expected = at.strip_prefix('#').and_then(|body| doc.pointer(body));
            assert_eq!(get(&doc, at), expected, "{at}");
            let mut copy = doc.clone();
            assert_eq!(
                get_mut(&mut copy, at).map(|v| v.clone()),
                expected.cloned(),
                "{at}"
            );
        }
    }

    #[test]
    fn get_and_remove() {
        let mut doc = json!({"paths": {"/x": {"get": 1}}, "l": [1, 2]});
        assert_eq!(get(&doc, "#/paths/~1x/get"), Some(&json!(1)));
        assert_eq!(remove(&mut doc, "#/paths/~1x/get"), Some(json!(1)));
        assert_eq!(remove(&mut doc, "#/l/0"), Some(json!(1)));
        assert_eq!(doc, json!({"paths": {"/x": {}}, "l": [2]}));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("Foo%20Bar"), "Foo Bar");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
