//! Readable names for types named inside other types. While lowering, such a type is named by
//! concatenation (`CompanyGetResponseDataTypesDataItemSocial`); this pass renames it to the
//! nearest root's name (component or operation type) plus the shortest tail of its field path
//! that is free in its module (`CompanyGetSocial`), dropping the segments that name no data
//! (`Item` for list items, `Value` for map values, the envelope's `data`).
//!
//! Rules, in order, for a type whose root is `R` and whose meaningful segments are `S1..Sn`:
//! 1. the shortest tail `Sk..Sn` that names something alone: two words or more, one of them
//!    not in [`GENERIC_WORDS`] (`ImageGroup`, `ExpirationTypeId`; not `TypeId`);
//! 2. `R'` + `Sn`, `R'` + `Sn-1 Sn`, ... up to `R'` + `S1..Sn`, where `R'` is `R` without a
//!    trailing `Response`, `Request`, `Body` or `Query` (the children name what is inside);
//! 3. the same with the untrimmed `R`;
//! 4. the first candidate numbered (`2`, `3`, ...).
//!
//! Candidates over [`MAX_LEN`] characters are skipped. Types are named shallowest first, then in
//! module order, so names are deterministic and the outer types get the shorter names.
//!
//! A type that dedupe made stand for several places is named after what they share: the words
//! their roots begin and end with alike, and the segments they end with alike
//! (`ChainLoyaltyCertificateTypesDeleteError` + `Meta` and `ChainLoyaltyMembershipsFreezeError` +
//! `Meta` give `ChainLoyaltyErrorMeta`), so no place's name leaks into another's.

use std::collections::HashMap;

use crate::ir::{Api, TypeDef, TypeKind};
use crate::naming::{self, Namespace};

use super::dedupe::Merged;
use super::{Origin, MODELS};

/// Longest name a rule may hand out (a numbered fallback may exceed it).
pub const MAX_LEN: usize = 50;
/// Trailing words of a root name that the root's children drop.
const ROOT_SUFFIXES: &[&str] = &["Response", "Request", "Body", "Query"];
/// Most fields a struct may have to be named by them (see [`Places::shared`]).
const MAX_NAMING_FIELDS: usize = 3;
/// Words too general to name a type alone (see rule 1).
const GENERIC_WORDS: &[&str] = &["Id", "Ids", "Type", "Item", "Data", "Value", "Meta", "Info"];
/// Segments the lowering adds for places that are not fields.
const PLACE_SEGMENTS: &[&str] = &["Item", "Value"];
/// Bound on the parent chain (a chain is a tree path; this only guards against a bad map).
const MAX_DEPTH: usize = 64;

/// Renames every type that has an origin, and every reference to it.
pub(super) fn rename(
    api: &mut Api,
    origins: &HashMap<String, Origin>,
    merged: &Merged,
    data_segment: Option<&str>,
) {
    let places = Places {
        origins,
        merged,
        data_segment,
    };
    let mut renamed: HashMap<String, String> = HashMap::new();
    renamed.extend(places.module_names(MODELS, &api.models));
    for module in &api.modules {
        renamed.extend(places.module_names(&module.name, &module.types));
    }
    let apply = |module: &str, types: &mut [TypeDef]| {
        for def in types {
            if let Some(new) = renamed.get(&format!("{module}::{}", def.name)) {
                def.name = new.rsplit("::").next().unwrap_or(new).to_string();
            }
        }
    };
    apply(MODELS, &mut api.models);
    for module in &mut api.modules {
        let name = module.name.clone();
        apply(&name, &mut module.types);
    }
    api.rename_type_refs(&mut |path| {
        if let Some(new) = renamed.get(path) {
            *path = new.clone();
        }
    });
}

/// What the names are made of: where each type sits, and the places a merged type stands for.
struct Places<'a> {
    origins: &'a HashMap<String, Origin>,
    merged: &'a Merged,
    data_segment: Option<&'a str>,
}

impl Places<'_> {
    /// Old path -> new path for the types of one module that have an origin.
    fn module_names(&self, module: &str, types: &[TypeDef]) -> Vec<(String, String)> {
        let path = |def: &TypeDef| format!("{module}::{}", def.name);
        let mut names = Namespace::new();
        let mut inner: Vec<(usize, usize, String, Vec<String>)> = Vec::new();
        for (index, def) in types.iter().enumerate() {
            match chain(&path(def), self.origins) {
                Some((root, segments)) => {
                    let (root, segments) = self.shared(def, &path(def), root, segments);
                    inner.push((segments.len(), index, root, segments));
                }
                None => names.reserve(&def.name),
            }
        }
        inner.sort_by_key(|(depth, index, ..)| (*depth, *index));
        inner
            .into_iter()
            .map(|(_, index, root, segments)| {
                let name = claim(&mut names, &root, &segments);
                (path(&types[index]), format!("{module}::{name}"))
            })
            .collect()
    }

    /// The root name and meaningful segments a type is named from: its own, or for a type
    /// standing for several places, the words and segments all of them share.
    fn shared(
        &self,
        def: &TypeDef,
        path: &str,
        root: String,
        segments: Vec<String>,
    ) -> (String, Vec<String>) {
        let root = last_name(&root).to_string();
        let segments = meaningful(&segments, self.data_segment);
        let Some(others) = self.merged.get(path) else {
            return (root, segments);
        };
        let mut roots = vec![camel_words(&root)];
        let mut tails = vec![segments.clone()];
        for (other_root, other_segments) in others {
            roots.push(camel_words(last_name(other_root)));
            tails.push(meaningful(other_segments, self.data_segment));
        }
        let head = common_len(roots.iter().map(|r| r.iter()));
        let tail = common_len(roots.iter().map(|r| r.iter().rev()));
        let shortest = roots.iter().map(Vec::len).min().unwrap_or(0);
        let shared_root = if head + tail >= shortest {
            root.clone()
        } else {
            let first = &roots[0];
            let mut words: Vec<&str> = first[..head].to_vec();
            words.extend(&first[first.len() - tail..]);
            words.concat()
        };
        let common_tail = common_len(tails.iter().map(|t| t.iter().rev()));
        let shared_segments = segments[segments.len() - common_tail..].to_vec();
        if !trimmed_root(&shared_root).is_empty() && !ROOT_SUFFIXES.contains(&shared_root.as_str())
        {
            let segments = if shared_segments.is_empty() {
                segments
            } else {
                shared_segments
            };
            return (shared_root, segments);
        }
        // The places share no root words: a small struct is named by its fields (`TotalCount`
        // + `Meta`), anything else keeps its first place's name.
        match field_words(def) {
            Some(fields) => (fields, shared_segments),
            None => (root, segments),
        }
    }
}

/// The fields of a struct of at most [`MAX_NAMING_FIELDS`] fields, as one UpperCamelCase name.
fn field_words(def: &TypeDef) -> Option<String> {
    match &def.kind {
        TypeKind::Struct { fields, .. }
            if !fields.is_empty() && fields.len() <= MAX_NAMING_FIELDS =>
        {
            Some(fields.iter().map(|f| naming::camel(&f.wire_name)).collect())
        }
        _ => None,
    }
}

/// The last `::` part of a path.
fn last_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// The segments that name data: without `Item`, `Value` and the envelope's `data`; the last
/// segment alone when none is left.
fn meaningful(segments: &[String], data: Option<&str>) -> Vec<String> {
    let kept: Vec<String> = segments
        .iter()
        .filter(|s| !PLACE_SEGMENTS.contains(&s.as_str()) && Some(s.as_str()) != data)
        .cloned()
        .collect();
    if kept.is_empty() {
        segments.last().cloned().into_iter().collect()
    } else {
        kept
    }
}

/// How many leading items all the sequences share.
fn common_len<'w, I: Iterator<Item = &'w T>, T: PartialEq + 'w>(
    sequences: impl Iterator<Item = I>,
) -> usize {
    let mut sequences: Vec<I> = sequences.collect();
    let mut n = 0;
    loop {
        let mut heads = sequences.iter_mut().map(Iterator::next);
        let Some(Some(first)) = heads.next() else {
            return n;
        };
        if !heads.all(|h| h == Some(first)) {
            return n;
        }
        n += 1;
    }
}

/// The words of an UpperCamelCase name (`ChainLoyalty2Error` -> `Chain`, `Loyalty2`, `Error`).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// The root a type is named inside and every segment from it, outermost first; `None` for a
/// root itself.
pub(super) fn chain(
    path: &str,
    origins: &HashMap<String, Origin>,
) -> Option<(String, Vec<String>)> {
    let mut origin = origins.get(path)?;
    let mut segments: Vec<String> = origin.segments.iter().rev().cloned().collect();
    for _ in 0..MAX_DEPTH {
        let parent = origin.parent.as_ref()?;
        match origins.get(parent) {
            Some(next) => {
                segments.extend(next.segments.iter().rev().cloned());
                origin = next;
            }
            None => {
                segments.reverse();
                return Some((parent.clone(), segments));
            }
        }
    }
    None
}

/// Claims the first free candidate name (see the module doc) from a root name and the
/// meaningful segments below it.
fn claim(names: &mut Namespace, root: &str, meaningful: &[String]) -> String {
    let tails: Vec<String> = (1..=meaningful.len())
        .map(|n| meaningful[meaningful.len() - n..].concat())
        .collect();
    let full_root = root;
    let root = trimmed_root(root);
    let prefixed = tails.iter().map(|tail| format!("{root}{tail}"));
    // Before numbering: the untrimmed root (`RecordsRequest` + `Services` when `RecordsServices`
    // is taken by a response type).
    let full = tails
        .iter()
        .filter(|_| full_root != root)
        .map(|tail| format!("{full_root}{tail}"));
    let alone = tails.iter().find(|t| names_alone(t)).cloned();
    let candidates: Vec<String> = alone
        .into_iter()
        .chain(prefixed)
        .chain(full)
        .filter(|c| c.len() <= MAX_LEN && naming::type_name(c) == *c)
        .collect();
    match candidates.iter().find(|c| names.is_free(c)) {
        Some(free) => names.claim_camel(free.clone()),
        None => {
            let first = candidates
                .into_iter()
                .next()
                .unwrap_or_else(|| naming::type_name(&format!("{root}{}", meaningful.concat())));
            names.claim_camel(first)
        }
    }
}

/// `root` without one trailing [`ROOT_SUFFIXES`] word, when something is left.
fn trimmed_root(root: &str) -> &str {
    ROOT_SUFFIXES
        .iter()
        .find_map(|suffix| root.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
        .unwrap_or(root)
}

/// Two words or more, one of them not generic (rule 1).
fn names_alone(tail: &str) -> bool {
    let words = camel_words(tail);
    words.len() >= 2 && words.iter().any(|w| !GENERIC_WORDS.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_and_shared_runs() {
        assert_eq!(
            camel_words("ChainLoyalty2Error"),
            ["Chain", "Loyalty2", "Error"]
        );
        assert_eq!(camel_words(""), Vec::<&str>::new());
        let a = camel_words("ChainLoyaltyCertificateTypesDeleteError");
        let b = camel_words("ChainLoyaltyMembershipsFreezeError");
        assert_eq!(common_len([a.iter(), b.iter()].into_iter()), 2);
        assert_eq!(common_len([a.iter().rev(), b.iter().rev()].into_iter()), 1);
    }

    #[test]
    fn segments_that_name_no_data_are_dropped() {
        let segments = strings(&["Data", "Item", "ImageGroup", "Images", "Item"]);
        assert_eq!(
            meaningful(&segments, Some("Data")),
            strings(&["ImageGroup", "Images"])
        );
        assert_eq!(
            meaningful(&strings(&["Data", "Item"]), Some("Data")),
            strings(&["Item"])
        );
        assert_eq!(trimmed_root("GetServiceResponse"), "GetService");
        assert_eq!(trimmed_root("Response"), "Response");
    }

    #[test]
    fn candidates_in_rule_order() {
        let mut names = Namespace::new();
        let tail = strings(&["Expiration", "TypeId"]);
        // Rule 1: the shortest tail that names something alone (`TypeId` does not).
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "ExpirationTypeId"
        );
        // Rule 2: then the root without `Body` plus the tail.
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "CreateCardTypeId"
        );
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "CreateCardExpirationTypeId"
        );
        // Rule 3: the untrimmed root; rule 4: numbered.
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "CreateCardBodyTypeId"
        );
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "CreateCardBodyExpirationTypeId"
        );
        assert_eq!(
            claim(&mut names, "CreateCardBody", &tail),
            "ExpirationTypeId2"
        );
        // When every candidate is over MAX_LEN, the fallback still names the type.
        let long = "Ab".repeat(MAX_LEN / 2);
        assert_eq!(
            claim(&mut names, &long, &strings(&["Meta"])),
            format!("{long}Meta")
        );
    }
}
