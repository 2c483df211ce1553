//! One uniform view of a schema, whether openapiv3 read it as a typed schema or as
//! `AnySchema` (mixed keywords). Lowering matches on `Shape`, never on openapiv3's two forms.

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// A schema reached from somewhere: a `$ref` string or an inline schema.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    pub fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }

    pub fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

pub(crate) struct ObjectShape<'a> {
    pub properties: Vec<(&'a str, SchemaRef<'a>)>,
    pub required: Vec<&'a str>,
    /// `Some(None)`: any extra properties; `Some(Some(schema))`: typed extras.
    pub additional: Option<Option<SchemaRef<'a>>>,
}

pub(crate) enum Shape<'a> {
    String {
        format: Option<&'a str>,
        enumeration: Vec<String>,
    },
    Integer {
        format: Option<&'a str>,
        enumeration: Vec<i64>,
    },
    /// Every number is `f64` whatever its format (see `schema.rs`).
    Number,
    Boolean,
    Object(ObjectShape<'a>),
    Array {
        items: Option<SchemaRef<'a>>,
        max_items: Option<usize>,
    },
    OneOf(Vec<SchemaRef<'a>>),
    AnyOf(Vec<SchemaRef<'a>>),
    AllOf(Vec<SchemaRef<'a>>),
    /// `oneOf`/`anyOf` next to `properties`: the properties win, the variants add fields.
    ObjectWithVariants(ObjectShape<'a>, Vec<SchemaRef<'a>>),
    Not,
    /// Only `null` (`nullable` with `enum: [null]`, as normalize writes 3.1's `type: 'null'`).
    Null,
    /// No type information at all.
    Unknown,
}

fn string_format(f: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&'static str> {
    match f {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        _ => None,
    }
}

fn unknown_format<T>(f: &VariantOrUnknownOrEmpty<T>) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        _ => None,
    }
}

fn object_shape<'a>(
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: &'a Option<AdditionalProperties>,
) -> ObjectShape<'a> {
    ObjectShape {
        properties: properties
            .iter()
            .map(|(k, v)| (k.as_str(), SchemaRef::of_boxed(v)))
            .collect(),
        required: required.iter().map(String::as_str).collect(),
        additional: match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(None),
            Some(AdditionalProperties::Schema(s)) => Some(Some(SchemaRef::of(s))),
        },
    }
}

fn refs(list: &[ReferenceOr<Schema>]) -> Vec<SchemaRef<'_>> {
    list.iter().map(SchemaRef::of).collect()
}

/// The uniform view of one schema.
pub(crate) fn shape_of(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            format: string_format(&s.format).or_else(|| unknown_format(&s.format)),
            enumeration: s.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                other => unknown_format(other),
            },
            enumeration: i.enumeration.iter().flatten().copied().collect(),
        },
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => Shape::Object(object_shape(
            &o.properties,
            &o.required,
            &o.additional_properties,
        )),
        SchemaKind::Type(Type::Array(a)) => Shape::Array {
            items: a.items.as_ref().map(SchemaRef::of_boxed),
            max_items: a.max_items,
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(refs(one_of)),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(refs(any_of)),
        SchemaKind::AllOf { all_of } => Shape::AllOf(refs(all_of)),
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => any_shape(any),
    }
}

/// `AnySchema` is what openapiv3 produces for mixed keywords: pick the most specific reading.
fn any_shape(any: &openapiv3::AnySchema) -> Shape<'_> {
    let object = || object_shape(&any.properties, &any.required, &any.additional_properties);
    let variants = if !any.one_of.is_empty() {
        refs(&any.one_of)
    } else {
        refs(&any.any_of)
    };
    if !any.properties.is_empty() && !variants.is_empty() {
        return Shape::ObjectWithVariants(object(), variants);
    }
    if !any.all_of.is_empty() {
        let mut parts = refs(&any.all_of);
        if !variants.is_empty() {
            parts.extend(variants);
        }
        return Shape::AllOf(parts);
    }
    if !any.one_of.is_empty() {
        return Shape::OneOf(variants);
    }
    if !any.any_of.is_empty() {
        return Shape::AnyOf(variants);
    }
    match any.typ.as_deref() {
        Some("string") => Shape::String {
            format: any.format.as_deref(),
            enumeration: any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        },
        Some("integer") => Shape::Integer {
            format: any.format.as_deref(),
            enumeration: any.enumeration.iter().filter_map(|v| v.as_i64()).collect(),
        },
        Some("number") => Shape::Number,
        Some("boolean") => Shape::Boolean,
        Some("array") => Shape::Array {
            items: any.items.as_ref().map(SchemaRef::of_boxed),
            max_items: any.max_items,
        },
        Some("object") => Shape::Object(object()),
        _ if !any.properties.is_empty() || any.additional_properties.is_some() => {
            Shape::Object(object())
        }
        _ if any.items.is_some() => Shape::Array {
            items: any.items.as_ref().map(SchemaRef::of_boxed),
            max_items: any.max_items,
        },
        _ if any.not.is_some() => Shape::Not,
        _ if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_null()) => {
            Shape::Null
        }
        _ if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) => {
            Shape::String {
                format: None,
                enumeration: any
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            }
        }
        _ => Shape::Unknown,
    }
}
