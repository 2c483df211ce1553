//! Rust names for spec names: case conversion (heck), keyword escaping, collision resolution.
//! Collision rule: within one namespace, names are handed out in spec order; the first
//! holder keeps the plain name, later ones get the suffix `2`, `3`, ... (`_2` for snake_case).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers (strict and reserved keywords, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape.
const UNRAWABLE: &[&str] = &["crate", "self", "Self", "super"];

/// Type names that would shadow what generated code uses unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "Vec", "String", "Box", "Default", "Client", "Error", "Value",
];

/// Keeps ASCII letters and digits, turning everything else into word breaks.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `snake_case` identifier, keyword-escaped, never empty, never starting with a digit.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    escape_keyword(name)
}

/// `UpperCamelCase` type or variant name, never empty, never starting with a digit.
pub fn camel(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_string();
    }
    name
}

/// A type name that is also safe from shadowing std/runtime names.
pub fn type_name(raw: &str) -> String {
    let name = camel(raw);
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// `raw` (a spec name) without the words `drop` names, unless the word is in `keep`. A pattern
/// matches one snake_case word (`types`, `*id` suffix, `response2*` prefix) or, with `_` in it,
/// a run of words (`data_types`). Returns `raw` unchanged when nothing would be left.
pub fn without_words(raw: &str, drop: &[String], keep: &[String]) -> String {
    let words: Vec<String> = snake(raw)
        .trim_start_matches("r#")
        .split('_')
        .map(str::to_string)
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let run = drop.iter().find_map(|pattern| {
            let parts: Vec<&str> = pattern.split('_').collect();
            let end = at + parts.len();
            let hit = end <= words.len()
                && parts
                    .iter()
                    .zip(&words[at..end])
                    .all(|(p, w)| !keep.iter().any(|k| k == w) && word_matches(p, w));
            hit.then_some(parts.len())
        });
        match run {
            Some(len) => at += len,
            None => {
                kept.push(&words[at]);
                at += 1;
            }
        }
    }
    if kept.is_empty() {
        raw.to_string()
    } else {
        kept.join("_")
    }
}

/// `id` exact, `*id` suffix, `page*` prefix, `*count*` contains.
pub fn word_matches(pattern: &str, word: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => word.contains(rest.trim_end_matches('*')),
        (Some(suffix), _) => word.ends_with(suffix),
        (None, Some(prefix)) => word.starts_with(prefix),
        (None, None) => word == pattern,
    }
}

fn escape_keyword(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// One namespace of unique names (a module's types, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Per base name, a suffix below which every `{base}{n}` is taken: thousands of values
    /// naming alike (emoji, non-ASCII) would otherwise re-try every suffix, quadratically.
    next_suffix: BTreeMap<String, usize>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a name as used without handing it out (e.g. a name the emitter adds itself).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.trim_start_matches("r#").to_string());
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name.trim_start_matches("r#"))
    }

    /// Returns `candidate`, or the first free `candidate{n}` (n = 2, 3, ...).
    pub fn claim_camel(&mut self, candidate: String) -> String {
        self.claim(candidate, "")
    }

    /// Same as [`Namespace::claim_camel`] with an `_n` suffix, for snake_case names.
    pub fn claim_snake(&mut self, candidate: String) -> String {
        self.claim(candidate, "_")
    }

    fn claim(&mut self, candidate: String, separator: &str) -> String {
        let bare = candidate.trim_start_matches("r#").to_string();
        if self.taken.insert(bare.clone()) {
            return candidate;
        }
        let stem = format!("{bare}{separator}");
        let mut n = self.next_suffix.get(&stem).copied().unwrap_or(2);
        loop {
            let next = format!("{stem}{n}");
            n += 1;
            if self.taken.insert(next.clone()) {
                self.next_suffix.insert(stem, n);
                return next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_escapes_keywords_and_digits() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("locationId"), "location_id");
        assert_eq!(snake("image_group "), "image_group");
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(snake("+"), "value");
        assert_eq!(snake("staff_ids[]"), "staff_ids");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel("auth_response"), "AuthResponse");
        assert_eq!(
            camel("401_unauthorized_response"),
            "V401UnauthorizedResponse"
        );
        assert_eq!(camel("Schedule & Resources"), "ScheduleResources");
        assert_eq!(type_name("client"), "ClientType");
        assert_eq!(camel(""), "Value");
    }

    #[test]
    fn drops_noise_words_and_phrases() {
        let drop: Vec<String> = ["data_types", "data_type", "*id", "response2*"]
            .map(String::from)
            .to_vec();
        let keep = vec!["paid".to_string(), "id".to_string()];
        let clean = |raw| without_words(raw, &drop, &keep);
        assert_eq!(
            clean("company_companyid_staff_staffid_response_data_types_deprecated"),
            "company_staff_response_deprecated"
        );
        assert_eq!(
            clean("goods_categories_response200_data_types"),
            "goods_categories"
        );
        assert_eq!(
            clean("salary_item_paid_container"),
            "salary_item_paid_container"
        );
        assert_eq!(clean("client_id"), "client_id");
        assert_eq!(clean("data_types"), "data_types");
        assert_eq!(clean("notification_data_type_data"), "notification_data");
        assert!(word_matches("id", "id") && !word_matches("id", "ids"));
        assert!(word_matches("*_id", "staff_id") && !word_matches("*_id", "staff_idx"));
        assert!(word_matches("page_*", "page_size") && word_matches("*cnt*", "a_cnt_b"));
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim_snake(snake("fooBar")), "foo_bar");
        assert_eq!(ns.claim_snake(snake("foo_bar")), "foo_bar_2");
        assert_eq!(ns.claim_snake(snake("foo-bar")), "foo_bar_3");
        let mut types = Namespace::new();
        assert_eq!(types.claim_camel("Item".into()), "Item");
        assert_eq!(types.claim_camel("Item".into()), "Item2");
        let mut kw = Namespace::new();
        assert_eq!(kw.claim_snake(snake("type")), "r#type");
        assert_eq!(kw.claim_snake(snake("type")), "type_2");
    }

    /// Regression (fuzz: thousands of enum values naming alike): the suffix memo hands out
    /// the same names as trying every suffix, including around names claimed directly.
    #[test]
    fn many_collisions_keep_the_first_free_suffix() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim_camel("Value3".into()), "Value3");
        let names: Vec<String> = (0..5).map(|_| ns.claim_camel("Value".into())).collect();
        assert_eq!(names, ["Value", "Value2", "Value4", "Value5", "Value6"]);
        assert_eq!(ns.claim_snake("value".into()), "value");
        assert_eq!(ns.claim_snake("value".into()), "value_2");
        for _ in 0..20_000 {
            ns.claim_camel("Value".into());
        }
        assert_eq!(ns.claim_camel("Value".into()), "Value20007");
    }
}
