//! Schema -> Rust type: primitives map directly, objects/enums/unions become named types.
//! Also owns the union collapsing rules (`[object, empty array]` is the object) and allOf merging.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema};

use super::shape::{shape_of, ObjectShape, SchemaRef, Shape};
use super::{pointer, Lowered, Lowerer, Place, MODELS};
use crate::ir::{
    Diagnostic, EnumVariant, Field, IntVariant, Lenient, TypeDef, TypeKind, TypeRef, UnionVariant,
};
use crate::naming::{self, Namespace};

/// What a schema needs: a plain type, a named type, or the same decision on another schema.
enum Plan<'a> {
    Ty(TypeRef, bool),
    Struct(Props<'a>),
    StringEnum(Vec<String>),
    IntEnum(Vec<i64>),
    /// Variants, and whether a `null` branch was dropped.
    Union(Vec<(SchemaRef<'a>, String)>, bool),
    /// Lower this other schema instead; `true` adds `null` to it.
    Delegate(SchemaRef<'a>, String, bool),
}

/// Properties of an object after allOf merging, each with the pointer it was written at.
struct Props<'a> {
    props: Vec<Prop<'a>>,
    additional: Option<(SchemaRef<'a>, String)>,
}

struct Prop<'a> {
    wire: String,
    schema: SchemaRef<'a>,
    pointer: String,
    required: bool,
}

impl<'a> Props<'a> {
    fn from_shape(shape: &ObjectShape<'a>, ptr: &str) -> Self {
        let props = shape
            .properties
            .iter()
            .map(|(name, schema)| Prop {
                wire: name.to_string(),
                schema: *schema,
                pointer: pointer(&pointer(ptr, "properties"), name),
                required: shape.required.contains(name),
            })
            .collect();
        let additional = match shape.additional {
            Some(Some(schema)) => Some((schema, format!("{ptr}/additionalProperties"))),
            _ => None,
        };
        Props { props, additional }
    }

    /// Adds `other`'s properties; a later property of the same name replaces the earlier one.
    fn merge(&mut self, other: Props<'a>, optional: bool) {
        for mut prop in other.props {
            prop.required &= !optional;
            if let Some(existing) = self.props.iter_mut().find(|p| p.wire == prop.wire) {
                let required = existing.required || prop.required;
                *existing = prop;
                existing.required = required;
            } else {
                self.props.push(prop);
            }
        }
        if self.additional.is_none() {
            self.additional = other.additional;
        }
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description
        .clone()
        .or_else(|| data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

impl<'a> Lowerer<'a> {
    /// Lowers the schema found at `ptr`, creating named types at `place` as needed.
    pub fn lower_ref(&mut self, schema: SchemaRef<'a>, place: &Place, ptr: &str) -> Lowered {
        let lowered = self.lower_ref_uncached(schema, place, ptr);
        let ty = if lowered.nullable {
            lowered.ty.clone().option()
        } else {
            lowered.ty.clone()
        };
        self.index.entry(ptr.to_string()).or_insert(ty);
        lowered
    }

    fn lower_ref_uncached(&mut self, schema: SchemaRef<'a>, place: &Place, ptr: &str) -> Lowered {
        match schema {
            SchemaRef::Ref(reference) => match self.components.get(reference) {
                Some(lowered) => lowered.clone(),
                None => {
                    self.diagnostics.push(Diagnostic::error(
                        ptr,
                        format!("unsupported $ref target '{reference}'"),
                    ));
                    Lowered {
                        ty: self.fallback(ptr, "$ref to something other than a component schema"),
                        nullable: false,
                    }
                }
            },
            SchemaRef::Inline(schema) => {
                if let Some(hit) = self.cache.get(ptr) {
                    return hit.clone();
                }
                if !self.in_progress.insert(ptr.to_string()) {
                    self.diagnostics.push(Diagnostic::error(
                        ptr,
                        "schema contains itself (through allOf merging); serde_json::Value used",
                    ));
                    return Lowered {
                        ty: self.fallback(ptr, "schema that contains itself"),
                        nullable: false,
                    };
                }
                let lowered = self.lower_named(None, schema, place, ptr);
                self.in_progress.remove(ptr);
                self.cache.insert(ptr.to_string(), lowered.clone());
                lowered
            }
        }
    }

    /// Lowers a component schema under its pre-assigned name.
    pub fn lower_component(&mut self, key: &str, name: String, schema: &'a ReferenceOr<Schema>) {
        let place = Place::root(MODELS, name.clone());
        match schema {
            ReferenceOr::Reference { reference } => {
                // Components that only `$ref` each other in a ring have no schema at all; their
                // aliases would name each other, which Rust rejects (found by fuzz).
                let ring = self.resolve_schema(schema).is_none()
                    && self.components.contains_key(reference.as_str());
                let target = if ring {
                    self.diagnostics.push(Diagnostic::error(
                        key,
                        format!("reference cycle through '{reference}' reaches no schema; serde_json::Value used"),
                    ));
                    self.fallback(key, "reference cycle without a schema")
                } else {
                    self.lower_ref(SchemaRef::of(schema), &place, key).ty
                };
                self.push_type(MODELS, name, None, key, false, TypeKind::Alias { target });
            }
            ReferenceOr::Item(schema) => {
                self.lower_named(Some(name), schema, &place, key);
            }
        }
        if let Some(lowered) = self.components.get(key) {
            let ty = lowered.ty.clone();
            self.index.insert(key.to_string(), ty);
        }
    }

    /// Follows delegations (single-variant unions, one-part allOf) and defines the named
    /// type the schema needs, under `fixed_name` or a name claimed from `place`.
    fn lower_named(
        &mut self,
        fixed_name: Option<String>,
        schema: &'a Schema,
        place: &Place,
        ptr: &str,
    ) -> Lowered {
        let mut schema = schema;
        let mut ptr = ptr.to_string();
        let mut nullable = schema.schema_data.nullable;
        let doc = doc_of(schema);
        let deprecated = schema.schema_data.deprecated;
        loop {
            let plan = self.plan(schema, place, &ptr);
            let (ty, extra_nullable) = match plan {
                Plan::Delegate(SchemaRef::Inline(inner), inner_ptr, null) => {
                    schema = inner;
                    ptr = inner_ptr;
                    nullable |= null || inner.schema_data.nullable;
                    continue;
                }
                Plan::Delegate(reference, inner_ptr, null) => {
                    let lowered = self.lower_ref(reference, place, &inner_ptr);
                    (lowered.ty, lowered.nullable || null)
                }
                Plan::Ty(ty, extra) => (ty, extra),
                named => {
                    if let Plan::Union(_, true) = named {
                        nullable = true;
                    }
                    let name = match &fixed_name {
                        Some(name) => name.clone(),
                        None => {
                            let name = self
                                .module_mut(&place.module)
                                .names
                                .claim_camel(place.hint.clone());
                            if place.origin.parent.is_some() {
                                let path = format!("{}::{name}", place.module);
                                self.origins.insert(path, place.origin.clone());
                            }
                            name
                        }
                    };
                    let kind = self.build_kind(named, &name, place, &ptr);
                    let doc = doc.clone().or_else(|| doc_of(schema));
                    let ty = self.push_type(&place.module, name, doc, &ptr, deprecated, kind);
                    return Lowered { ty, nullable };
                }
            };
            let nullable = nullable || extra_nullable;
            if let Some(name) = fixed_name {
                let target = if nullable { ty.option() } else { ty };
                let named = self.push_type(
                    &place.module,
                    name,
                    doc,
                    &ptr,
                    deprecated,
                    TypeKind::Alias { target },
                );
                return Lowered {
                    ty: named,
                    nullable: false,
                };
            }
            return Lowered { ty, nullable };
        }
    }

    fn push_type(
        &mut self,
        module: &str,
        name: String,
        doc: Option<String>,
        ptr: &str,
        deprecated: bool,
        kind: TypeKind,
    ) -> TypeRef {
        let path = format!("{module}::{name}");
        self.module_mut(module).types.push(TypeDef {
            name,
            doc,
            pointer: ptr.to_string(),
            deprecated,
            kind,
        });
        TypeRef::Named(path)
    }

    fn plan(&mut self, schema: &'a Schema, place: &Place, ptr: &str) -> Plan<'a> {
        match shape_of(schema) {
            Shape::String { enumeration, .. } if !enumeration.is_empty() => {
                Plan::StringEnum(enumeration)
            }
            Shape::String { format, .. } => Plan::Ty(
                match format {
                    Some("date") => TypeRef::Date,
                    Some("date-time") => TypeRef::DateTime,
                    Some("binary") if place.multipart => TypeRef::Bytes,
                    _ => TypeRef::String,
                },
                false,
            ),
            Shape::Integer { enumeration, .. } if !enumeration.is_empty() => {
                Plan::IntEnum(enumeration)
            }
            Shape::Integer { format, .. } => Plan::Ty(
                if format == Some("int32") {
                    TypeRef::I32
                } else {
                    TypeRef::I64
                },
                false,
            ),
            // `float` is f64 too: Altegio writes prices as float, and f32 rounds 8-digit amounts.
            Shape::Number => Plan::Ty(TypeRef::F64, false),
            Shape::Boolean => Plan::Ty(TypeRef::Bool, false),
            Shape::Object(object) if object.properties.is_empty() => match object.additional {
                Some(Some(values)) => {
                    let lowered = self.lower_ref(
                        values,
                        &place.child("Value"),
                        &format!("{ptr}/additionalProperties"),
                    );
                    let value = if lowered.nullable {
                        lowered.ty.option()
                    } else {
                        lowered.ty
                    };
                    Plan::Ty(TypeRef::Map(Box::new(value)), false)
                }
                _ => Plan::Ty(
                    TypeRef::Map(Box::new(
                        self.fallback(ptr, "object without declared properties"),
                    )),
                    false,
                ),
            },
            Shape::Object(object) => Plan::Struct(Props::from_shape(&object, ptr)),
            Shape::ObjectWithVariants(object, variants) => {
                self.diagnostics.push(Diagnostic::warning(
                    ptr,
                    "oneOf/anyOf beside properties: variant properties merged as optional fields",
                ));
                let mut props = Props::from_shape(&object, ptr);
                for (i, variant) in variants.into_iter().enumerate() {
                    let vptr = format!("{ptr}/oneOf/{i}");
                    if let Some(extra) = self.object_props(variant, &vptr, 0) {
                        props.merge(extra, true);
                    }
                }
                Plan::Struct(props)
            }
            Shape::Array {
                items: Some(items), ..
            } => {
                let lowered = self.lower_ref(items, &place.child("Item"), &format!("{ptr}/items"));
                let item = if lowered.nullable {
                    lowered.ty.option()
                } else {
                    lowered.ty
                };
                Plan::Ty(TypeRef::Vec(Box::new(item)), false)
            }
            Shape::Array { items: None, .. } => Plan::Ty(
                TypeRef::Vec(Box::new(self.fallback(ptr, "array without items schema"))),
                false,
            ),
            Shape::OneOf(variants) => self.plan_union(variants, ptr, "oneOf"),
            Shape::AnyOf(variants) => self.plan_union(variants, ptr, "anyOf"),
            Shape::AllOf(parts) => self.plan_all_of(parts, ptr),
            Shape::Not => {
                self.diagnostics
                    .push(Diagnostic::warning(ptr, "`not` schemas are not supported"));
                Plan::Ty(self.fallback(ptr, "`not` schema"), false)
            }
            Shape::Null => Plan::Ty(TypeRef::Unit, true),
            Shape::Unknown => Plan::Ty(self.fallback(ptr, "schema gives no type"), false),
        }
    }

    /// Union rules: an empty-array variant next to an object variant is PHP's empty object
    /// (the object type decodes `[]`); a single remaining variant is that variant.
    fn plan_union(&mut self, variants: Vec<SchemaRef<'a>>, ptr: &str, keyword: &str) -> Plan<'a> {
        let indexed: Vec<(SchemaRef<'a>, String)> = variants
            .into_iter()
            .enumerate()
            .map(|(i, v)| (v, format!("{ptr}/{keyword}/{i}")))
            .collect();
        let has_object = indexed.iter().any(|(v, _)| self.is_object_like(*v));
        let mut nullable = false;
        let kept: Vec<(SchemaRef<'a>, String)> = indexed
            .into_iter()
            .filter(|(v, _)| match v {
                SchemaRef::Inline(s) => match shape_of(s) {
                    Shape::Array {
                        max_items: Some(0), ..
                    } => !has_object,
                    Shape::Null => {
                        nullable = true;
                        false
                    }
                    Shape::Unknown if s.schema_data.nullable => {
                        nullable = true;
                        false
                    }
                    _ => true,
                },
                SchemaRef::Ref(_) => true,
            })
            .collect();
        let mut kept = kept;
        match kept.len() {
            0 => Plan::Ty(
                self.fallback(ptr, "union without usable variants"),
                nullable,
            ),
            1 => {
                let (variant, vptr) = kept.remove(0);
                Plan::Delegate(variant, vptr, nullable)
            }
            _ => Plan::Union(kept, nullable),
        }
    }

    fn is_object_like(&self, schema: SchemaRef<'a>) -> bool {
        let schema = match schema {
            SchemaRef::Inline(s) => s,
            SchemaRef::Ref(r) => {
                let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
                match self
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name))
                    .and_then(|s| self.resolve_schema(s))
                {
                    Some((s, _)) => s,
                    None => return false,
                }
            }
        };
        matches!(
            shape_of(schema),
            Shape::Object(_) | Shape::ObjectWithVariants(..) | Shape::AllOf(_)
        )
    }

    /// The properties of an object-like schema (following refs and nested allOf), if it is one.
    fn object_props(&self, schema: SchemaRef<'a>, ptr: &str, depth: usize) -> Option<Props<'a>> {
        if depth > 16 {
            return None;
        }
        let (schema, ptr) = match schema {
            SchemaRef::Inline(s) => (s, ptr.to_string()),
            SchemaRef::Ref(r) => {
                let name = r.strip_prefix("#/components/schemas/")?;
                let found = self.spec.components.as_ref()?.schemas.get(name)?;
                let (s, last) = self.resolve_schema(found)?;
                (s, last.unwrap_or_else(|| r.to_string()))
            }
        };
        match shape_of(schema) {
            Shape::Object(object) | Shape::ObjectWithVariants(object, _) => {
                Some(Props::from_shape(&object, &ptr))
            }
            Shape::AllOf(parts) => {
                let mut merged = Props {
                    props: Vec::new(),
                    additional: None,
                };
                for (i, part) in parts.into_iter().enumerate() {
                    merged.merge(
                        self.object_props(part, &format!("{ptr}/allOf/{i}"), depth + 1)?,
                        false,
                    );
                }
                Some(merged)
            }
            _ => None,
        }
    }

    /// allOf of objects is one struct with every part's properties; anything else keeps its
    /// first part and says so.
    fn plan_all_of(&mut self, parts: Vec<SchemaRef<'a>>, ptr: &str) -> Plan<'a> {
        if parts.len() == 1 {
            return Plan::Delegate(parts[0], format!("{ptr}/allOf/0"), false);
        }
        let mut merged = Props {
            props: Vec::new(),
            additional: None,
        };
        for (i, part) in parts.iter().enumerate() {
            let part_ptr = format!("{ptr}/allOf/{i}");
            match self.object_props(*part, &part_ptr, 0) {
                Some(props) => merged.merge(props, false),
                None => {
                    self.diagnostics.push(Diagnostic::warning(
                        part_ptr,
                        "allOf part is not an object; the first part's type is used",
                    ));
                    return Plan::Delegate(parts[0], format!("{ptr}/allOf/0"), false);
                }
            }
        }
        Plan::Struct(merged)
    }

    fn build_kind(&mut self, plan: Plan<'a>, name: &str, place: &Place, ptr: &str) -> TypeKind {
        match plan {
            Plan::Struct(props) => self.build_struct(props, name, place),
            Plan::StringEnum(values) => {
                let mut names = Namespace::new();
                names.reserve("Unknown");
                let mut variants: Vec<EnumVariant> = Vec::new();
                let mut seen = BTreeSet::new();
                for value in values {
                    if !seen.insert(value.clone()) {
                        continue;
                    }
                    let candidate = if value.trim().is_empty() {
                        "Empty".to_string()
                    } else {
                        naming::camel(&value)
                    };
                    variants.push(EnumVariant {
                        rust_name: names.claim_camel(candidate),
                        value,
                    });
                }
                TypeKind::StringEnum { variants }
            }
            Plan::IntEnum(values) => {
                let mut variants: Vec<IntVariant> = Vec::new();
                let mut seen = BTreeSet::new();
                for value in values {
                    if !seen.insert(value) {
                        continue;
                    }
                    let rust_name = if value < 0 {
                        format!("Minus{}", value.unsigned_abs())
                    } else {
                        format!("V{value}")
                    };
                    variants.push(IntVariant { rust_name, value });
                }
                TypeKind::IntEnum { variants }
            }
            Plan::Union(variants, _) => {
                let mut names = Namespace::new();
                names.reserve("Other");
                let mut out = Vec::new();
                for (variant, vptr) in variants {
                    let vname = names.claim_camel(self.variant_name(variant));
                    let child = Place::inside(&place.module, name, vname.clone());
                    let lowered = self.lower_ref(variant, &child, &vptr);
                    let ty = if lowered.nullable {
                        lowered.ty.option()
                    } else {
                        lowered.ty
                    };
                    out.push(UnionVariant {
                        rust_name: vname,
                        ty,
                    });
                }
                TypeKind::Untagged { variants: out }
            }
            Plan::Ty(target, _) => TypeKind::Alias { target },
            Plan::Delegate(..) => TypeKind::Alias {
                target: self.fallback(ptr, "unresolved delegation"),
            },
        }
    }

    fn variant_name(&self, variant: SchemaRef<'a>) -> String {
        match variant {
            SchemaRef::Ref(r) => match self.components.get(r).map(|l| &l.ty) {
                Some(TypeRef::Named(path)) => {
                    path.rsplit("::").next().unwrap_or("Variant").to_string()
                }
                _ => "Variant".to_string(),
            },
            SchemaRef::Inline(s) => {
                if let Some(title) = s
                    .schema_data
                    .title
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                {
                    return naming::camel(title);
                }
                match shape_of(s) {
                    Shape::String {
                        format: Some("date"),
                        ..
                    } => "Date",
                    Shape::String {
                        format: Some("date-time"),
                        ..
                    } => "DateTime",
                    Shape::String { .. } => "String",
                    Shape::Integer { .. } => "Integer",
                    Shape::Number => "Number",
                    Shape::Boolean => "Boolean",
                    Shape::Object(_) | Shape::ObjectWithVariants(..) | Shape::AllOf(_) => "Object",
                    Shape::Array { .. } => "Array",
                    _ => "Variant",
                }
                .to_string()
            }
        }
    }

    fn is_file_field(&self, wire: &str, schema: SchemaRef<'a>) -> bool {
        let binary = match schema {
            SchemaRef::Inline(s) => matches!(
                shape_of(s),
                Shape::String {
                    format: Some("binary" | "byte"),
                    ..
                }
            ),
            SchemaRef::Ref(_) => false,
        };
        binary || self.config.multipart_file_fields.iter().any(|f| f == wire)
    }

    fn build_struct(&mut self, props: Props<'a>, name: &str, place: &Place) -> TypeKind {
        let mut names = Namespace::new();
        let mut fields = Vec::new();
        let wires: Vec<String> = props.props.iter().map(|p| p.wire.clone()).collect();
        let wires: Vec<&str> = wires.iter().map(String::as_str).collect();
        for prop in props.props {
            let child = Place::inside(&place.module, name, naming::camel(&prop.wire));
            let lowered = if place.multipart && self.is_file_field(&prop.wire, prop.schema) {
                Lowered {
                    ty: TypeRef::Bytes,
                    nullable: false,
                }
            } else if let Some(meta) =
                self.envelope_meta(&wires, &prop.wire, prop.schema, &prop.pointer)
            {
                meta
            } else {
                self.lower_ref(prop.schema, &child, &prop.pointer)
            };
            let (doc, deprecated, default) = match prop.schema {
                SchemaRef::Inline(s) => (
                    doc_of(s),
                    s.schema_data.deprecated,
                    s.schema_data.default.as_ref().map(|d| d.to_string()),
                ),
                SchemaRef::Ref(_) => (None, false, None),
            };
            let optional = !prop.required || lowered.nullable;
            fields.push(Field {
                rust_name: names.claim_snake(naming::snake(&prop.wire)),
                wire_name: prop.wire,
                ty: if optional {
                    lowered.ty.option()
                } else {
                    lowered.ty
                },
                required: prop.required,
                nullable: lowered.nullable,
                doc,
                deprecated,
                default,
                lenient: Lenient::Plain,
            });
        }
        let additional = props.additional.map(|(schema, ptr)| {
            names.reserve("additional_properties");
            let extra = Place::inside(&place.module, name, "Extra".to_string());
            let lowered = self.lower_ref(schema, &extra, &ptr);
            if lowered.nullable {
                lowered.ty.option()
            } else {
                lowered.ty
            }
        });
        TypeKind::Struct {
            fields,
            additional,
            multipart: place.multipart,
        }
    }
}
