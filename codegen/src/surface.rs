//! The public API of a generated client as sorted text, one line per item (the "surface").
//! Computed from the IR with the emitter's own signatures, and parsed back so two can be diffed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::TokenStream;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::emit::{signature, stream_signature, type_tokens, FEATURE_MODULES, WEBHOOK_EVENTS};
use crate::ir::{reach, Api, Auth, Operation, ResponseKind, TypeDef, TypeKind, TypeRef, Webhook};
use crate::lower::MODELS;

/// Separates an item from its attributes (`fn x(..) -> T  // GET /x, auth partner`).
const ATTRS: &str = "  // ";
const ATTR_SEP: &str = ", ";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A cargo feature of the client and the generated modules it compiles.
    Feature,
    /// A method of `Client`.
    Fn,
    Struct,
    Enum,
    /// A type alias.
    Type,
    /// A pub field of a struct.
    Field,
    /// A variant of an enum.
    Variant,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Feature,
        Kind::Fn,
        Kind::Struct,
        Kind::Enum,
        Kind::Type,
        Kind::Field,
        Kind::Variant,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Kind::Feature => "feature",
            Kind::Fn => "fn",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Type => "type",
            Kind::Field => "field",
            Kind::Variant => "variant",
        }
    }

    /// Items matched with each other when diffing: a struct that became an enum is one type
    /// whose kind changed, not a removal and an addition.
    fn group(self) -> u8 {
        match self {
            Kind::Feature => 0,
            Kind::Fn => 1,
            Kind::Struct | Kind::Enum | Kind::Type => 2,
            Kind::Field => 3,
            Kind::Variant => 4,
        }
    }

    pub fn is_type(self) -> bool {
        self.group() == 2
    }
}

/// One public item: `<kind> <key><sig>  // <attrs>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: Kind,
    /// Unique within its kind group: a method name, a type path (`models::Client`), a field
    /// (`models::Client.name`) or a variant (`models::Status::Active`).
    pub key: String,
    /// The Rust shape: arguments and return type, a field's type, a variant's value.
    pub sig: String,
    /// Facts that are not Rust syntax: `GET /path`, `auth partner`, `used request`, `required`,
    /// `deprecated`, `doc <digest>`.
    pub attrs: Vec<String>,
}

impl Item {
    fn new(kind: Kind, key: impl Into<String>, sig: impl Into<String>) -> Item {
        Item {
            kind,
            key: key.into(),
            sig: sig.into(),
            attrs: Vec::new(),
        }
    }

    fn with(mut self, attr: Option<String>) -> Item {
        self.attrs.extend(attr);
        self
    }

    /// The value of attribute `name` (`""` for a flag), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find_map(|a| {
            if a == name {
                Some("")
            } else {
                a.strip_prefix(name).and_then(|rest| rest.strip_prefix(' '))
            }
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }

    /// `METHOD /path` of a method (its first attribute).
    pub fn endpoint(&self) -> Option<&str> {
        (self.kind == Kind::Fn)
            .then(|| self.attrs.first().map(String::as_str))
            .flatten()
    }

    /// The type a field or variant belongs to.
    pub fn owner(&self) -> Option<&str> {
        match self.kind {
            Kind::Field => self.key.rsplit_once('.').map(|(owner, _)| owner),
            Kind::Variant => self.key.rsplit_once("::").map(|(owner, _)| owner),
            _ => None,
        }
    }

    /// What a diff matches items by.
    pub fn identity(&self) -> (u8, &str) {
        (self.kind.group(), &self.key)
    }

    /// File order: features, methods, then each type followed by its fields and variants.
    fn sort_key(&self) -> (u8, &str, u8, &str) {
        match self.kind {
            Kind::Feature => (0, &self.key, 0, ""),
            Kind::Fn => (1, &self.key, 0, ""),
            Kind::Struct | Kind::Enum | Kind::Type => (2, &self.key, 0, ""),
            Kind::Field | Kind::Variant => {
                let owner = self.owner().unwrap_or(&self.key);
                let member = &self.key[owner.len().min(self.key.len())..];
                (2, owner, self.kind.group(), member)
            }
        }
    }

    /// The item as written in the surface file (one line, no newline).
    pub fn render(&self) -> String {
        let mut line = format!("{} {}{}", self.kind.word(), self.key, self.sig);
        if !self.attrs.is_empty() {
            line.push_str(ATTRS);
            line.push_str(&self.attrs.join(ATTR_SEP));
        }
        line
    }

    /// Reads a line [`Item::render`] wrote.
    pub fn parse(line: &str) -> Option<Item> {
        let (word, rest) = line.split_once(' ')?;
        let kind = Kind::ALL.into_iter().find(|k| k.word() == word)?;
        let key_len = key_length(rest);
        if key_len == 0 {
            return None;
        }
        let (key, rest) = rest.split_at(key_len);
        let (sig, attrs) = match find_unquoted(rest, ATTRS) {
            Some(at) => (
                &rest[..at],
                split_unquoted(&rest[at + ATTRS.len()..], ATTR_SEP),
            ),
            None => (rest, Vec::new()),
        };
        Some(Item {
            kind,
            key: key.to_string(),
            sig: sig.to_string(),
            attrs,
        })
    }
}

/// Length of the key at the start of `s`: identifier characters, `r#`, `.` and `::` between
/// identifiers.
fn key_length(s: &str) -> usize {
    let bytes = s.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'#' || b == b'.';
    let mut i = 0;
    while i < bytes.len() {
        if ident(bytes[i]) {
            i += 1;
        } else if bytes[i..].starts_with(b"::") && bytes.get(i + 2).copied().is_some_and(ident) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Byte offset of the first `pat` outside JSON string literals.
fn find_unquoted(s: &str, pat: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, _) if bytes[i..].starts_with(pat.as_bytes()) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn split_unquoted(mut s: &str, sep: &str) -> Vec<String> {
    let mut parts = Vec::new();
    while let Some(at) = find_unquoted(s, sep) {
        parts.push(s[..at].to_string());
        s = &s[at + sep.len()..];
    }
    parts.push(s.to_string());
    parts
}

/// A public API: items sorted in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Surface {
    pub items: Vec<Item>,
}

/// A surface file that does not read back.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: not a surface item: {text:?}")]
pub struct ParseError {
    pub line: usize,
    pub text: String,
}

impl Surface {
    pub fn from_api(api: &Api) -> Surface {
        let usage = Usage::of(api);
        let mut items: Vec<Item> = Vec::new();
        let mut features: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (feature, module, _) in FEATURE_MODULES {
            features.entry(feature).or_default().push(module);
        }
        for (feature, mut modules) in features {
            modules.sort_unstable();
            let sig = format!(" ({})", modules.join(", "));
            items.push(Item::new(Kind::Feature, feature, sig));
        }
        for module in &api.modules {
            for op in &module.operations {
                items.extend(operation_items(op, &api.module_path(&module.name)));
            }
            for def in &module.types {
                items.extend(type_items(
                    &format!("{}::{}", api.module_path(&module.name), def.name),
                    def,
                    &usage,
                ));
            }
        }
        for def in &api.models {
            items.extend(type_items(
                &format!("{}::{}", api.module_path(MODELS), def.name),
                def,
                &usage,
            ));
        }
        items.extend(webhook_items(api));
        Surface::sorted(items)
    }

    fn sorted(mut items: Vec<Item>) -> Surface {
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Surface { items }
    }

    /// The surface file: `header` lines as `#` comments, then one item per line.
    pub fn render(&self, header: &[String]) -> String {
        let mut text = String::new();
        for line in header {
            text.push_str("# ");
            text.push_str(&one_line(line));
            text.push('\n');
        }
        for item in &self.items {
            text.push_str(&item.render());
            text.push('\n');
        }
        text
    }

    /// Reads a surface file; `#` lines and blank lines are skipped.
    pub fn parse(text: &str) -> Result<Surface, ParseError> {
        let mut items = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            items.push(Item::parse(line).ok_or_else(|| ParseError {
                line: n + 1,
                text: line.chars().take(80).collect(),
            })?);
        }
        Ok(Surface::sorted(items))
    }
}

/// The surface file's name for a spec file: `spec/shop.openapi.yaml` -> `shop.surface.txt`.
pub fn file_name(spec: &Path) -> String {
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api".to_string());
    let mut stem = name.as_str();
    for ext in [".yaml", ".yml", ".json"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    let stem = stem.strip_suffix(".openapi").unwrap_or(stem);
    format!("{stem}.surface.txt")
}

/// The surface of `api` and its file text, headed with the spec file it was generated from.
pub fn file_for(api: &Api, spec: &Path) -> (Surface, String) {
    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| spec.display().to_string());
    let surface = Surface::from_api(api);
    let text = surface.render(&header(api, &spec_name));
    (surface, text)
}

/// The header of a surface file: what it describes and how it is kept.
fn header(api: &Api, spec_name: &str) -> Vec<String> {
    vec![
        format!(
            "Public API of the Rust client generated from {spec_name} ({} {}).",
            api.title, api.version
        ),
        "One line per public item, sorted; `cargo xtask regenerate` rewrites it and prints what changed, `--check` fails when it is stale.".to_string(),
        "fn: a method of `Client` and its `METHOD /path`; struct/enum/type: a generated type and whether requests or responses use it; field/variant: their members; doc: a digest of the item's documentation.".to_string(),
    ]
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rust tokens as compact text: `crate :: models :: X < T >` -> `models::X<T>`.
fn rust(tokens: TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = text
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" , ", ", ")
        .replace(" : ", ": ")
        .replace("& ", "&")
        .replace("std::collections::", "");
    out = out.replace("crate::", "");
    out
}

fn args_sig(generics: &str, receiver: &str, args: Vec<TokenStream>, ret: TokenStream) -> String {
    let mut all = vec![receiver.to_string()];
    all.extend(args.into_iter().map(rust));
    format!("{generics}({}) -> {}", all.join(", "), rust(ret))
}

fn endpoint(op: &Operation) -> String {
    let path = &op.path;
    let plain = !path
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    let path = if plain {
        path.clone()
    } else {
        serde_json::to_string(path).unwrap_or_default()
    };
    format!("{} {path}", op.method.as_str())
}

fn auth_word(auth: Auth) -> &'static str {
    match auth {
        Auth::None => "none",
        Auth::Partner => "partner",
        Auth::PartnerUser => "partner_user",
    }
}

/// First 8 hex digits of the sha256 of the documentation, when there is any.
fn digest<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let hash = Sha256::digest(parts.join("\n").as_bytes());
    Some(format!(
        "doc {}",
        hash.iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ))
}

fn operation_items(op: &Operation, module: &str) -> Vec<Item> {
    let (args, ret) = signature(op, module);
    let endpoint = endpoint(op);
    let auth = format!("auth {}", auth_word(op.auth));
    let deprecated = op.deprecated.then(|| "deprecated".to_string());
    let params = op
        .path_params
        .iter()
        .chain(&op.header_params)
        .chain(&op.query_params);
    let docs = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .chain(params.map(|p| p.doc.as_deref()))
        .chain([op.body.as_ref().and_then(|b| b.doc.as_deref())]);
    let method = Item::new(Kind::Fn, &op.fn_name, args_sig("", "&self", args, ret))
        .with(Some(endpoint.clone()))
        .with(Some(auth.clone()))
        .with(op.pagination.as_ref().map(|_| "pages".to_string()))
        .with(deprecated.clone())
        .with(digest(docs));
    let mut items = vec![method];
    if let Some(pages) = &op.pagination {
        let (args, ret) = stream_signature(op, module, &pages.item);
        let name = format!("{}_stream", op.fn_name.trim_start_matches("r#"));
        items.push(
            Item::new(Kind::Fn, name, args_sig("<'a>", "&'a self", args, ret))
                .with(Some(endpoint))
                .with(Some(auth))
                .with(Some("stream".to_string()))
                .with(deprecated),
        );
    }
    items
}

fn type_items(path: &str, def: &TypeDef, usage: &Usage) -> Vec<Item> {
    let attrs = |item: Item| {
        item.with(Some(usage.word(path)))
            .with(def.deprecated.then(|| "deprecated".to_string()))
            .with(digest([def.doc.as_deref()]))
    };
    let mut items = Vec::new();
    match &def.kind {
        TypeKind::Struct {
            fields,
            additional,
            multipart,
        } => {
            items.push(
                attrs(Item::new(Kind::Struct, path, ""))
                    .with(multipart.then(|| "multipart".to_string())),
            );
            for f in fields {
                let wire = (f.rust_name.trim_start_matches("r#") != f.wire_name)
                    .then(|| format!("wire {}", json(&f.wire_name)));
                let default_doc = f.default.as_ref().map(|d| format!("Default: {d}"));
                items.push(
                    Item::new(
                        Kind::Field,
                        format!("{path}.{}", f.rust_name),
                        format!(": {}", rust(type_tokens(&f.ty))),
                    )
                    .with(f.required.then(|| "required".to_string()))
                    .with(wire)
                    .with(f.deprecated.then(|| "deprecated".to_string()))
                    .with(digest([f.doc.as_deref(), default_doc.as_deref()])),
                );
            }
            if let Some(ty) = additional {
                let map = TypeRef::Map(Box::new(ty.clone()));
                items.push(
                    Item::new(
                        Kind::Field,
                        format!("{path}.additional_properties"),
                        format!(": {}", rust(type_tokens(&map))),
                    )
                    .with(Some("flatten".to_string())),
                );
            }
        }
        TypeKind::StringEnum { variants } => {
            let members = variants
                .iter()
                .map(|v| (&v.rust_name, format!(" = {}", json(&v.value))));
            items.extend(enum_items(attrs, path, " { .., Unknown(String) }", members));
        }
        TypeKind::IntEnum { variants } => {
            let members = variants
                .iter()
                .map(|v| (&v.rust_name, format!(" = {}", v.value)));
            items.extend(enum_items(attrs, path, " { .., Unknown(i64) }", members));
        }
        TypeKind::Untagged { variants } => {
            let members = variants
                .iter()
                .map(|v| (&v.rust_name, format!("({})", rust(type_tokens(&v.ty)))));
            let sig = " { .., Other(serde_json::Value) } (untagged)";
            items.extend(enum_items(attrs, path, sig, members));
        }
        TypeKind::Alias { target } => {
            items.push(attrs(Item::new(
                Kind::Type,
                path,
                format!(" = {}", rust(type_tokens(target))),
            )));
        }
    }
    items
}

/// An enum line (`sig` names its catch-all variant) and one line per variant.
fn enum_items<'a>(
    attrs: impl Fn(Item) -> Item,
    path: &str,
    sig: &str,
    variants: impl Iterator<Item = (&'a String, String)>,
) -> Vec<Item> {
    let mut items = vec![attrs(Item::new(Kind::Enum, path, sig))];
    for (name, value) in variants {
        items.push(Item::new(Kind::Variant, format!("{path}::{name}"), value));
    }
    items
}

/// `WebhookEvent`, one variant per webhook (its payload and the discriminator values that select
/// it, so a change of either reads as a changed variant) and `parse`.
fn webhook_items(api: &Api) -> Vec<Item> {
    if api.webhooks.is_empty() {
        return Vec::new();
    }
    let module = api.module_path(WEBHOOK_EVENTS);
    let path = format!("{module}::WebhookEvent");
    let variants: Vec<(&String, String)> = api
        .webhooks
        .iter()
        .map(|w| (&w.name, webhook_variant_sig(w, api)))
        .collect();
    let mut items = enum_items(
        |item| item,
        &path,
        " { .., Unknown(serde_json::Value) }",
        variants.into_iter(),
    );
    for (item, webhook) in items.iter_mut().skip(1).zip(&api.webhooks) {
        item.attrs.extend(digest([webhook.doc.as_deref()]));
    }
    items.push(Item::new(
        Kind::Fn,
        format!("{module}::parse"),
        format!("(body: &[u8]) -> Result<{path}, runtime::WebhookError>"),
    ));
    items
}

/// `(Box<models::RecordEvent>) selected by resource "record"`.
fn webhook_variant_sig(webhook: &Webhook, api: &Api) -> String {
    let payload = rust(type_tokens(&TypeRef::Box(Box::new(
        webhook.payload.clone(),
    ))));
    let values: Vec<String> = webhook
        .discriminator_values
        .iter()
        .map(|v| json(v))
        .collect();
    match (&api.webhook_discriminator, values.is_empty()) {
        (Some(field), false) => format!("({payload}) selected by {field} {}", values.join(" | ")),
        _ => format!("({payload}) never selected"),
    }
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Which types requests and responses reach, through fields, variants and aliases.
#[derive(Default)]
struct Usage {
    request: BTreeSet<String>,
    response: BTreeSet<String>,
    query: BTreeSet<String>,
    /// Reached from webhook payloads (decoded like responses).
    webhook: BTreeSet<String>,
}

impl Usage {
    fn of(api: &Api) -> Usage {
        let defs = api.definitions();
        let mut usage = Usage::default();
        for module in &api.modules {
            for op in &module.operations {
                let mut request: Vec<&TypeRef> = op
                    .path_params
                    .iter()
                    .chain(&op.header_params)
                    .chain(&op.query_params)
                    .map(|p| &p.ty)
                    .collect();
                request.extend(op.body.as_ref().map(|b| &b.ty));
                let mut response: Vec<&TypeRef> = match &op.response.kind {
                    ResponseKind::Envelope { data, meta } => {
                        std::iter::once(data).chain(meta).collect()
                    }
                    ResponseKind::Json { ty } => vec![ty],
                    _ => Vec::new(),
                };
                response.extend(&op.response.error_ty);
                response.extend(op.response.other_statuses.iter().map(|s| &s.ty));
                response.extend(op.pagination.as_ref().map(|p| &p.item));
                if let Some(query) = &op.query_type {
                    let path = format!("{}::{query}", api.module_path(&module.name));
                    usage.query.insert(path.clone());
                    reach(&TypeRef::Named(path), &defs, &mut usage.request);
                }
                for ty in request {
                    reach(ty, &defs, &mut usage.request);
                }
                for ty in response {
                    reach(ty, &defs, &mut usage.response);
                }
            }
        }
        for webhook in &api.webhooks {
            reach(&webhook.payload, &defs, &mut usage.webhook);
        }
        usage
    }

    fn word(&self, path: &str) -> String {
        let words: Vec<&str> = [
            (self.query.contains(path), "query"),
            (
                self.request.contains(path) && !self.query.contains(path),
                "request",
            ),
            (self.response.contains(path), "response"),
            (self.webhook.contains(path), "webhook"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect();
        if words.is_empty() {
            "unused".to_string()
        } else {
            format!("used {}", words.join("+"))
        }
    }
}

/// True when requests (bodies, query structs, arguments) can contain this type.
pub fn in_request(item: &Item) -> bool {
    item.attr("used")
        .is_some_and(|u| u.split('+').any(|w| w == "request" || w == "query"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_back_even_with_quotes_and_separators_in_spec_text() {
        let items = vec![
            Item::new(
                Kind::Variant,
                "models::S::A",
                format!(" = {}", json("a  // b, \"c\"")),
            )
            .with(Some("doc 01020304".into())),
            Item::new(
                Kind::Fn,
                "get_x",
                "(&self, id: i64) -> Result<ApiResponse<()>>",
            )
            .with(Some("GET \"/x y/{id}\"".into()))
            .with(Some("auth partner".into())),
            Item::new(
                Kind::Field,
                "models::S.r#type",
                ": Option<BTreeMap<String, i64>>",
            )
            .with(Some(format!("wire {}", json("type, \"x\"")))),
            Item::new(Kind::Struct, "models::S", ""),
        ];
        for item in items {
            let line = item.render();
            assert_eq!(Item::parse(&line).as_ref(), Some(&item), "{line}");
        }
    }

    #[test]
    fn webhooks_list_their_variants_and_parse_and_read_back() {
        let webhook = |name: &str, values: &[&str]| Webhook {
            name: name.to_string(),
            key: format!("{name}Event"),
            doc: Some(format!("{name} happened")),
            payload: TypeRef::Named(format!("models::{name}Event")),
            discriminator_values: values.iter().map(|v| v.to_string()).collect(),
            example: None,
            pointer: format!("#/webhooks/{name}Event/post"),
        };
        let api = Api {
            webhooks: vec![
                webhook("Record", &["record"]),
                webhook("Goods", &["a", "b"]),
                webhook("Ping", &[]),
            ],
            webhook_discriminator: Some("resource".to_string()),
            ..Api::default()
        };
        let surface = Surface::from_api(&api);
        let text = surface.render(&[]);
        // Items without their attributes; every variant carries its doc digest.
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("webhook_events"))
            .map(|l| l.split(ATTRS).next().unwrap_or(l))
            .collect();
        let docs = surface
            .items
            .iter()
            .filter(|i| i.kind == Kind::Variant && i.has("doc"));
        assert_eq!(docs.count(), 3);
        assert_eq!(
            lines,
            vec![
                "fn webhook_events::parse(body: &[u8]) -> Result<webhook_events::WebhookEvent, runtime::WebhookError>",
                "enum webhook_events::WebhookEvent { .., Unknown(serde_json::Value) }",
                "variant webhook_events::WebhookEvent::Goods(Box<models::GoodsEvent>) selected by resource \"a\" | \"b\"",
                "variant webhook_events::WebhookEvent::Ping(Box<models::PingEvent>) never selected",
                "variant webhook_events::WebhookEvent::Record(Box<models::RecordEvent>) selected by resource \"record\"",
            ]
        );
        assert_eq!(Surface::parse(&text).ok(), Some(surface));
        assert!(Surface::from_api(&Api::default())
            .items
            .iter()
            .all(|i| !i.key.contains("webhook")));
    }

    #[test]
    fn parse_names_the_bad_line() {
        let err = Surface::parse("# header\nstruct models::A\nnonsense here\n");
        assert_eq!(err.map_err(|e| e.line).err(), Some(3));
    }

    #[test]
    fn file_name_drops_openapi_and_extension() {
        assert_eq!(
            file_name(Path::new("spec/a-b.openapi.yaml")),
            "a-b.surface.txt"
        );
        assert_eq!(file_name(Path::new("x.json")), "x.surface.txt");
    }

    #[test]
    fn tokens_print_compactly() {
        let tokens: TokenStream =
            "&'a crate::models::X<Vec<i64>, std::collections::BTreeMap<String, u8>>"
                .parse()
                .unwrap_or_default();
        assert_eq!(
            rust(tokens),
            "&'a models::X<Vec<i64>, BTreeMap<String, u8>>"
        );
    }
}
