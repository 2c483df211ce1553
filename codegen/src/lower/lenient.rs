//! Chooses, for every struct field, which tolerant runtime decoder reads it (`ir::Lenient`).
//! Decided from the field's resolved type, so aliases of primitives decode like the primitive.
//! One exception is decided from the field's place: the `meta` of a struct shaped like the
//! configured envelope decodes as its default when it does not match (as the runtime treats it).

use std::collections::HashMap;

use crate::config::EnvelopeConfig;
use crate::ir::{Field, Lenient, Module, TypeDef, TypeKind, TypeRef};

use super::MODELS;

enum Resolved {
    Struct,
    Other,
    Ty(TypeRef),
}

fn lenient_of(
    ty: &TypeRef,
    kinds: &HashMap<String, Resolved>,
    optional: bool,
    depth: usize,
) -> Lenient {
    match ty {
        TypeRef::I32 | TypeRef::I64 => Lenient::Int,
        TypeRef::F32 | TypeRef::F64 => Lenient::Number,
        TypeRef::Bool => Lenient::Bool,
        TypeRef::String => Lenient::String,
        TypeRef::Date => Lenient::Date,
        TypeRef::DateTime => Lenient::DateTime,
        TypeRef::Vec(item) if holds_objects(item, kinds) => Lenient::SeqOfObjects,
        TypeRef::Vec(_) => Lenient::Seq,
        TypeRef::Map(_) => Lenient::Map,
        TypeRef::Box(inner) => match lenient_of(inner, kinds, optional, depth + 1) {
            Lenient::Object => Lenient::Object,
            _ if optional => Lenient::Plain,
            _ => Lenient::OrDefault,
        },
        TypeRef::Json | TypeRef::Bytes => Lenient::Plain,
        // Null-only: whatever else the server puts there is logged and read as absent.
        TypeRef::Unit => Lenient::MismatchAsDefault,
        // Runtime types read tolerantly themselves.
        TypeRef::Runtime(_) if optional => Lenient::Plain,
        TypeRef::Runtime(_) => Lenient::OrDefault,
        TypeRef::Option(inner) => lenient_of(inner, kinds, true, depth + 1),
        TypeRef::Named(path) => match kinds.get(path) {
            Some(Resolved::Struct) => Lenient::Object,
            // An alias of an optional type is decoded as declared: the alias already says `Option`.
            Some(Resolved::Ty(target)) if depth < 16 && !target.is_option() => {
                lenient_of(target, kinds, optional, depth + 1)
            }
            _ if optional => Lenient::Plain,
            _ => Lenient::OrDefault,
        },
    }
}

/// Whether list items are objects or maps, which PHP may send as `[]`.
fn holds_objects(item: &TypeRef, kinds: &HashMap<String, Resolved>) -> bool {
    match item {
        TypeRef::Map(_) => true,
        TypeRef::Named(path) => matches!(
            kinds.get(path),
            Some(Resolved::Struct | Resolved::Ty(TypeRef::Map(_)))
        ),
        _ => false,
    }
}

/// Whether these fields are the configured envelope.
fn is_envelope(fields: &[Field], envelope: &EnvelopeConfig) -> bool {
    super::envelope::is_envelope(envelope, |name| fields.iter().any(|f| f.wire_name == name))
}

fn resolved(def: &TypeDef) -> Resolved {
    match &def.kind {
        TypeKind::Struct { .. } => Resolved::Struct,
        TypeKind::Alias { target } => Resolved::Ty(target.clone()),
        _ => Resolved::Other,
    }
}

pub(super) fn assign(
    models: &mut [TypeDef],
    modules: &mut [Module],
    envelope: Option<&EnvelopeConfig>,
) {
    let mut kinds = HashMap::new();
    for def in models.iter() {
        kinds.insert(format!("{MODELS}::{}", def.name), resolved(def));
    }
    for module in modules.iter() {
        for def in &module.types {
            kinds.insert(format!("{}::{}", module.name, def.name), resolved(def));
        }
    }
    let all = models
        .iter_mut()
        .chain(modules.iter_mut().flat_map(|m| m.types.iter_mut()));
    for def in all {
        if let TypeKind::Struct {
            fields,
            multipart: false,
            ..
        } = &mut def.kind
        {
            let envelope_meta = envelope
                .filter(|e| is_envelope(fields, e))
                .map(|e| e.meta.as_str());
            for field in fields {
                field.lenient = if Some(field.wire_name.as_str()) == envelope_meta {
                    Lenient::MismatchAsDefault
                } else {
                    lenient_of(&field.ty, &kinds, false, 0)
                };
            }
        }
    }
}
