//! Breaks recursive types: a field that can reach its own type without passing through a
//! `Vec` or map is boxed, so every generated type has a finite size.

use std::collections::{HashMap, HashSet};

use crate::ir::{Module, TypeDef, TypeKind, TypeRef};

use super::MODELS;

/// Named types a type contains by value (through `Option`, not through `Vec`/map/`Box`).
fn direct_targets(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(path) => out.push(path.clone()),
        TypeRef::Option(inner) => direct_targets(inner, out),
        _ => {}
    }
}

fn edges_of(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct { fields, .. } => {
            fields.iter().for_each(|f| direct_targets(&f.ty, &mut out))
        }
        TypeKind::Untagged { variants } => variants
            .iter()
            .for_each(|v| direct_targets(&v.ty, &mut out)),
        TypeKind::Alias { target } => direct_targets(target, &mut out),
        TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
    }
    out
}

fn reaches(graph: &HashMap<String, Vec<String>>, from: &str, goal: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if seen.insert(node.clone()) {
            if let Some(next) = graph.get(&node) {
                stack.extend(next.iter().cloned());
            }
        }
    }
    false
}

/// Wraps the by-value occurrence of a cyclic target in `Box`, keeping any `Option` outside.
fn boxed(ty: &TypeRef, cyclic: &dyn Fn(&str) -> bool) -> TypeRef {
    match ty {
        TypeRef::Named(path) if cyclic(path) => TypeRef::Box(Box::new(ty.clone())),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(inner, cyclic))),
        other => other.clone(),
    }
}

pub(super) fn box_cycles(models: &mut [TypeDef], modules: &mut [Module]) {
    let mut graph: HashMap<String, Vec<String>> = HashMap::new();
    for def in models.iter() {
        graph.insert(format!("{MODELS}::{}", def.name), edges_of(def));
    }
    for module in modules.iter() {
        for def in &module.types {
            graph.insert(format!("{}::{}", module.name, def.name), edges_of(def));
        }
    }
    let fix = |module: &str, def: &mut TypeDef| {
        let me = format!("{module}::{}", def.name);
        let cyclic = |target: &str| reaches(&graph, target, &me);
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields {
                    field.ty = boxed(&field.ty, &cyclic);
                }
            }
            TypeKind::Untagged { variants } => {
                for variant in variants {
                    variant.ty = boxed(&variant.ty, &cyclic);
                }
            }
            _ => {}
        }
    };
    for def in models.iter_mut() {
        fix(MODELS, def);
    }
    for module in modules.iter_mut() {
        let name = module.name.clone();
        for def in &mut module.types {
            fix(&name, def);
        }
    }
}
