//! The intermediate model between lowering and emitting: plain owned data.
//! No openapiv3 types, no token streams; every name here is already resolved and unique.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A whole API, ready to emit.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// First server URL of the spec, if any.
    pub base_url: Option<String>,
    /// Modules in emit order (one per tag, plus `untagged` when needed).
    pub modules: Vec<Module>,
    /// Component schemas and shared types, emitted in the `models` module.
    pub models: Vec<TypeDef>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every place a type fell back to `serde_json::Value`, with why.
    pub fallbacks: Vec<Fallback>,
    /// The Rust type of every schema the lowering visited, by JSON pointer (sorted).
    /// Lets tests decode each example of the spec into the type generated for its schema.
    pub schema_index: Vec<SchemaIndexEntry>,
    /// Where the generated tree sits when the client crate holds several APIs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    /// The spec's webhooks with a JSON payload, in spec order (see `lower::webhooks`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
    /// The payload property whose value selects a webhook (config `webhooks.discriminator`);
    /// set only when there are webhooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_discriminator: Option<String>,
    /// The cargo features this API defines in the client crate (config `features`), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// Type path -> the features any of which compiles it (every type of the API when the
    /// features are per tag; empty otherwise). See `lower::features`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub type_features: BTreeMap<String, Vec<String>>,
}

/// A cargo feature of the client crate that gates part of an API.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Feature {
    /// Feature name (kebab-case), e.g. `loyalty-cards`.
    pub name: String,
    /// What it compiles, for the crate manifest's comment.
    pub doc: String,
    /// The features it turns on (a group's tags); empty for one that gates code itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enables: Vec<String>,
}

/// One API among several in a client crate (see `config::PlacementConfig`). Named type paths
/// already start with `module`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Placement {
    /// Module of the tree under the crate root, e.g. `shop`.
    pub module: String,
    /// Handle type in that module the operations are methods of, e.g. `Shop`.
    pub handle: String,
    /// `Client` method returning the handle, e.g. `shop`.
    pub accessor: String,
    /// Base path replacing the client's default one, e.g. `/v2`.
    pub base_path: Option<String>,
}

impl Api {
    /// Path of a module of the tree relative to the crate root: `pets`, or
    /// `shop::pets` when the tree is placed in a module.
    pub fn module_path(&self, module: &str) -> String {
        match &self.placement {
            Some(p) => format!("{}::{module}", p.module),
            None => module.to_string(),
        }
    }
}

/// A webhook (OpenAPI 3.1 `webhooks`): a request the API sends to the user's endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// Variant name in the generated `WebhookEvent` (UpperCamelCase, unique, never `Unknown`).
    pub name: String,
    /// The webhook's key in the spec's `webhooks` map.
    pub key: String,
    /// Summary and description of the webhook's operation.
    pub doc: Option<String>,
    /// Type of the JSON payload (a model).
    pub payload: TypeRef,
    /// Values of the discriminator property that select this webhook (its payload schema's
    /// `enum` for that property); empty when there is none, and events then parse as `Unknown`.
    pub discriminator_values: Vec<String>,
    /// The spec's example payload, if any.
    pub example: Option<serde_json::Value>,
    /// JSON pointer of the webhook's operation.
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaIndexEntry {
    pub pointer: String,
    pub ty: TypeRef,
}

/// One tag of the spec: its operations and the inline types they own.
#[derive(Debug, Clone, Serialize)]
pub struct Module {
    /// Rust module name (snake_case, unique).
    pub name: String,
    /// The tag as written in the spec.
    pub tag: String,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
    /// Inline types named after their operation and role.
    pub types: Vec<TypeDef>,
    /// The cargo feature its operations compile with (config `features: tags`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// Which credentials an operation sends.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    None,
    Partner,
    PartnerUser,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// operationId as written in the spec (or synthesized from method + path).
    pub id: String,
    /// Rust method name on the client (snake_case, unique across the API).
    pub fn_name: String,
    pub method: HttpMethod,
    /// Path template exactly as in the spec.
    pub path: String,
    /// Path template the request is sent to (after configured prefix stripping).
    pub request_path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub auth: Auth,
    pub path_params: Vec<Param>,
    /// Query parameters, gathered into `query_type` when non-empty.
    pub query_params: Vec<Param>,
    pub query_type: Option<String>,
    /// Header parameters that are not transport headers handled by the runtime.
    pub header_params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    /// Transport headers the spec declares as parameters; the runtime sets them instead.
    pub transport_params: Vec<String>,
    /// Set when the operation pages with page/count parameters and returns a list.
    pub pagination: Option<Pagination>,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// Set on an operation the spec does not list: the list form of the "list or one"
    /// operation with this id (its path without the trailing parameter; see `lower::list_or_one`).
    pub list_form_of: Option<String>,
    /// The operation's own server URL, where the spec gives it one that differs from the
    /// document's (`servers` on the operation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Rust identifier (snake_case, escaped, unique within the operation).
    pub rust_name: String,
    /// Name sent on the wire.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Arrays are sent as repeated keys (`true`) or comma-joined (`false`).
    pub explode: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub kind: BodyKind,
    pub ty: TypeRef,
    pub required: bool,
    /// Media type as written in the spec.
    pub media_type: String,
    pub doc: Option<String>,
    /// For multipart bodies: one part per field of the body struct.
    pub parts: Vec<BodyPart>,
    /// The first example the spec gives for this body, as compact JSON.
    pub example: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyPart {
    pub rust_name: String,
    pub wire_name: String,
    pub is_file: bool,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/json` and anything sent as JSON (`*/*`, `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: a struct whose fields become parts.
    Multipart,
    /// Raw bytes (`application/octet-stream` and other binary types).
    Bytes,
    /// `text/plain`.
    Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub kind: ResponseKind,
    /// Status code of the success response chosen (e.g. "200", "2XX", "default").
    pub status: Option<String>,
    pub media_type: Option<String>,
    pub doc: Option<String>,
    /// The typed error body, when the spec gives one schema for error statuses.
    pub error_ty: Option<TypeRef>,
    /// Every other documented status with a JSON body, in spec order, and its body's type.
    pub other_statuses: Vec<StatusBody>,
    /// The first example the spec gives for the success body, as compact JSON.
    pub example: Option<String>,
    /// A `Json` body documented bare that the server may also wrap in the configured envelope;
    /// the runtime then reads the envelope's `data`.
    pub maybe_enveloped: bool,
}

/// A documented status code and the type of its JSON body.
#[derive(Debug, Clone, Serialize)]
pub struct StatusBody {
    pub status: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ResponseKind {
    /// `{success, data, meta}`: the client returns `data` typed and `meta` typed
    /// (`meta: None` when the spec does not describe it).
    Envelope {
        data: TypeRef,
        meta: Option<TypeRef>,
    },
    /// Any other JSON body, returned whole.
    Json { ty: TypeRef },
    /// A binary body (e.g. `application/pdf`), returned as bytes.
    Bytes,
    /// A text body.
    Text,
    /// No body is documented.
    Empty,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Rust name of the page field in the query struct.
    pub page_field: String,
    /// Rust name of the page-size field, when the operation has one.
    pub count_field: Option<String>,
    /// Type of one item of the listed `data`.
    pub item: TypeRef,
    /// Where a bare JSON response keeps the page's items (config `pagination.items`); absent
    /// when the items are an envelope's `data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_field: Option<ItemsField>,
}

/// The list property of a bare JSON response that holds a page's items.
#[derive(Debug, Clone, Serialize)]
pub struct ItemsField {
    /// Rust name of the property in the response struct.
    pub rust_name: String,
    /// The property is an `Option<Vec<_>>` (a missing list is an empty page).
    pub optional: bool,
}

/// A reference to a Rust type, as the emitter will spell it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum TypeRef {
    /// A generated type, by its full path from the generated root, e.g. `models::Client`
    /// or `clients::GetClientResponseData`.
    Named(String),
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// `format: date` (calendar date).
    Date,
    /// `format: date-time`.
    DateTime,
    /// Binary content (`format: binary`) in a multipart or raw body.
    Bytes,
    /// Any JSON; every use is listed in `Api::fallbacks`.
    Json,
    /// `()`: a schema that only admits `null` (`Option<()>` where it may be absent).
    Unit,
    /// A hand-written type of the client's runtime, by its name under `runtime` (e.g. `Meta`,
    /// chosen by the config's `envelope.meta_type`).
    Runtime(String),
    Vec(Box<TypeRef>),
    /// A string-keyed map (`additionalProperties`).
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// Boxed to break a recursive cycle.
    Box(Box<TypeRef>),
}

impl TypeRef {
    pub fn option(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Rust type name (UpperCamelCase, unique within its module).
    pub name: String,
    pub doc: Option<String>,
    /// JSON pointer of the schema this type comes from.
    pub pointer: String,
    pub deprecated: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// Extra properties kept in a flattened map (`additionalProperties: {schema}`).
        additional: Option<TypeRef>,
        /// Sent as multipart parts rather than JSON: no serde derives.
        multipart: bool,
    },
    /// A closed set of strings; decodes unknown values into `Unknown(String)`.
    StringEnum { variants: Vec<EnumVariant> },
    /// A closed set of integers; decodes unknown values into `Unknown(i64)`.
    IntEnum { variants: Vec<IntVariant> },
    /// `oneOf`/`anyOf`, tried in order (a discriminator, if any, is not needed to decode:
    /// an internally tagged serde enum would write the tag twice when a variant declares it).
    Untagged { variants: Vec<UnionVariant> },
    /// A named alias of another type (e.g. a component that is just an array).
    Alias { target: TypeRef },
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The spec's `default`, as JSON text, for documentation.
    pub default: Option<String>,
    /// Which tolerant decoder of the runtime reads this field (see `Lenient`).
    pub lenient: Lenient,
}

/// How a field is decoded from what the server really sends. Decided by lowering from the
/// field's type; the runtime has one helper per variant (`de::int`, `de::opt_int`, ...).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Lenient {
    /// Integers also from numeric strings and booleans.
    Int,
    /// Numbers also from numeric strings.
    Number,
    /// Booleans also from 0/1 and "0"/"1"/"true"/"false".
    Bool,
    /// Strings also from numbers and booleans.
    String,
    /// Objects also from `[]` (PHP's empty array).
    Object,
    /// Maps also from `[]`.
    Map,
    /// Lists also from `null` and from PHP objects with numeric keys.
    Seq,
    /// As `Seq`, for lists of objects or maps: an item `[]` is an empty object.
    SeqOfObjects,
    /// Whatever does not decode as the declared type reads as its default (an envelope's `meta`).
    MismatchAsDefault,
    /// Dates in several formats; placeholders such as `0000-00-00` mean absent.
    Date,
    /// Date-times in several formats; placeholders mean absent.
    DateTime,
    /// Anything else: `null` becomes the type's default when the field is not optional.
    OrDefault,
    /// Decoded as declared (optional fields of enum and union types).
    Plain,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub rust_name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntVariant {
    pub rust_name: String,
    pub value: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A construct was rewritten or approximated; generation continues.
    Warning,
    /// A construct was dropped and replaced by a safe fallback.
    Error,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    /// JSON pointer into the spec (RFC 6901), e.g. `#/paths/~1auth/post`.
    pub pointer: String,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.pointer, self.message)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fallback {
    /// JSON pointer of the schema that became `serde_json::Value`.
    pub pointer: String,
    pub reason: String,
}

impl TypeRef {
    /// Calls `f` on the path of every named type this reference mentions.
    pub fn names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            TypeRef::Named(path) => f(path),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => inner.names_mut(f),
            _ => {}
        }
    }

    /// The path of the named type inside wrappers (`Option<Vec<models::Client>>` -> `models::Client`).
    pub fn named_path(&self) -> Option<&str> {
        match self {
            TypeRef::Named(path) => Some(path),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => inner.named_path(),
            _ => None,
        }
    }
}

impl TypeDef {
    /// Every type reference the definition holds (fields, extra map, variants, alias target).
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match &mut self.kind {
            TypeKind::Struct {
                fields, additional, ..
            } => fields
                .iter_mut()
                .map(|f| &mut f.ty)
                .chain(additional.as_mut())
                .collect(),
            TypeKind::Untagged { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias { target } => vec![target],
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
        }
    }
}

impl Operation {
    /// Every type reference of the operation: parameters, body, response, pagination.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let params = self
            .path_params
            .iter_mut()
            .chain(self.query_params.iter_mut())
            .chain(self.header_params.iter_mut())
            .map(|p| &mut p.ty);
        let response = &mut self.response;
        let kind: Vec<&mut TypeRef> = match &mut response.kind {
            ResponseKind::Envelope { data, meta } => {
                std::iter::once(data).chain(meta.as_mut()).collect()
            }
            ResponseKind::Json { ty } => vec![ty],
            ResponseKind::Bytes | ResponseKind::Text | ResponseKind::Empty => Vec::new(),
        };
        params
            .chain(self.body.as_mut().map(|b| &mut b.ty))
            .chain(kind)
            .chain(response.error_ty.as_mut())
            .chain(response.other_statuses.iter_mut().map(|s| &mut s.ty))
            .chain(self.pagination.as_mut().map(|p| &mut p.item))
            .collect()
    }
}

impl Api {
    /// Every type definition (models and module types) by its full path from the crate root
    /// of the generated tree (`models::Client`, `v2::clients::GetClientQuery`).
    pub fn definitions(&self) -> BTreeMap<String, &TypeDef> {
        let models = self.module_path(crate::lower::MODELS);
        let mut defs: BTreeMap<String, &TypeDef> = self
            .models
            .iter()
            .map(|def| (format!("{models}::{}", def.name), def))
            .collect();
        for module in &self.modules {
            let path = self.module_path(&module.name);
            for def in &module.types {
                defs.insert(format!("{path}::{}", def.name), def);
            }
        }
        defs
    }

    /// Calls `f` on the path of every named-type reference in the API, the schema index included.
    pub fn rename_type_refs(&mut self, f: &mut impl FnMut(&mut String)) {
        let defs = self
            .models
            .iter_mut()
            .chain(self.modules.iter_mut().flat_map(|m| m.types.iter_mut()));
        for def in defs {
            for ty in def.type_refs_mut() {
                ty.names_mut(f);
            }
        }
        for op in self
            .modules
            .iter_mut()
            .flat_map(|m| m.operations.iter_mut())
        {
            for ty in op.type_refs_mut() {
                ty.names_mut(f);
            }
        }
        for entry in &mut self.schema_index {
            entry.ty.names_mut(f);
        }
        for webhook in &mut self.webhooks {
            webhook.payload.names_mut(f);
        }
    }
}

/// Adds every named type reachable from `ty` to `seen`, through fields, extra maps, variants
/// and alias targets (iteratively: specs nest deeply). `defs` holds the definitions by path.
pub fn reach(
    ty: &TypeRef,
    defs: &BTreeMap<String, &TypeDef>,
    seen: &mut std::collections::BTreeSet<String>,
) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(path) => {
                if !seen.insert(path.clone()) {
                    continue;
                }
                let Some(def) = defs.get(path) else { continue };
                match &def.kind {
                    TypeKind::Struct {
                        fields, additional, ..
                    } => {
                        stack.extend(fields.iter().map(|f| &f.ty));
                        stack.extend(additional.as_ref());
                    }
                    TypeKind::Untagged { variants } => stack.extend(variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias { target } => stack.push(target),
                    TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
                }
            }
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => stack.push(inner),
            _ => {}
        }
    }
}
