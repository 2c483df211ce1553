//! Structural dedupe of inline types: a type named inside another (a field's object, a list's
//! items, an enum of a field) that equals, field for field, a type already in its module is
//! dropped and every reference points to the one kept. Docs do not count, so the first
//! occurrence's docs stay. Repeats until nothing merges: merged children make parents equal.
//! Enums also need the same field name: `[1, 2]` means different things in different fields.

use std::collections::HashMap;

use crate::ir::{Api, TypeDef, TypeKind};

use super::{readable, Origin};

/// Places a kept type stands for besides its own: (root, segments) of each type merged into it.
pub(super) type Merged = HashMap<String, Vec<(String, Vec<String>)>>;

/// Merges equal types module by module; returns where each kept type also stands.
pub(super) fn merge_equal(api: &mut Api, origins: &mut HashMap<String, Origin>) -> Merged {
    let mut groups = Merged::new();
    loop {
        let mut merged: HashMap<String, String> = HashMap::new();
        merged.extend(duplicates(super::MODELS, &api.models, origins));
        for module in &api.modules {
            merged.extend(duplicates(&module.name, &module.types, origins));
        }
        if merged.is_empty() {
            return groups;
        }
        for (dropped, kept) in &merged {
            let mut places: Vec<(String, Vec<String>)> = groups.remove(dropped).unwrap_or_default();
            places.extend(readable::chain(dropped, origins));
            groups.entry(kept.clone()).or_default().extend(places);
        }
        let keep =
            |module: &str, def: &TypeDef| !merged.contains_key(&format!("{module}::{}", def.name));
        api.models.retain(|def| keep(super::MODELS, def));
        for module in &mut api.modules {
            let name = module.name.clone();
            module.types.retain(|def| keep(&name, def));
        }
        api.rename_type_refs(&mut |path| {
            if let Some(kept) = merged.get(path) {
                *path = kept.clone();
            }
        });
        origins.retain(|path, _| !merged.contains_key(path));
        for origin in origins.values_mut() {
            if let Some(kept) = origin.parent.as_ref().and_then(|p| merged.get(p)) {
                origin.parent = Some(kept.clone());
            }
        }
    }
}

/// Path of each inline type of one module -> path of the equal type it merges into: a root
/// (component, operation type) when one is equal, else the first inline one in module order.
fn duplicates(
    module: &str,
    types: &[TypeDef],
    origins: &HashMap<String, Origin>,
) -> Vec<(String, String)> {
    let path = |def: &TypeDef| format!("{module}::{}", def.name);
    let mut kept: HashMap<String, String> = HashMap::new();
    for def in types.iter().filter(|d| !origins.contains_key(&path(d))) {
        if let Some(key) = shape_key(def, None) {
            kept.entry(key).or_insert_with(|| path(def));
        }
    }
    let mut out = Vec::new();
    for def in types.iter().filter(|d| origins.contains_key(&path(d))) {
        let Some(key) = shape_key(def, origins.get(&path(def))) else {
            continue;
        };
        match kept.get(&key) {
            Some(first) => out.push((path(def), first.clone())),
            None => {
                kept.insert(key, path(def));
            }
        }
    }
    out
}

/// The type's kind as JSON, without the docs and deprecation notes of its fields; for an enum,
/// with the segments that lead to it from its parent.
fn shape_key(def: &TypeDef, origin: Option<&Origin>) -> Option<String> {
    let mut kind = def.kind.clone();
    let place = match (&kind, origin) {
        (TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. }, Some(origin)) => {
            origin.segments.concat()
        }
        _ => String::new(),
    };
    if let TypeKind::Struct { fields, .. } = &mut kind {
        for field in fields {
            field.doc = None;
            field.deprecated = false;
        }
    }
    serde_json::to_string(&kind)
        .ok()
        .map(|kind| format!("{place}{kind}"))
}
