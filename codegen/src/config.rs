//! Generator options: everything API-specific the codegen must not hard-code.
//! Read from a YAML file (for Altegio: `spec/codegen.yaml`) or built in code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CodegenError;
use crate::integers::IntegerInference;
use crate::ir::Auth;
use crate::patch::SpecPatch;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Header parameters the runtime sets itself (compared case-insensitively); they
    /// never become method arguments, whatever `in:` the spec declares them with.
    pub transport_headers: Vec<String>,
    /// Path prefixes removed from request paths because the server URL already has them.
    pub strip_path_prefixes: Vec<String>,
    /// Property names of a `{success, data, meta}` response envelope, if the API uses one.
    pub envelope: Option<EnvelopeConfig>,
    /// Query parameter names that make an operation pageable.
    pub pagination: Option<PaginationConfig>,
    /// Security scheme name -> credentials the runtime sends. Unlisted schemes map to `partner_user`
    /// when the scheme is http/apiKey; operations with `security: []` send none.
    pub security: BTreeMap<String, Auth>,
    /// Credentials for operations that declare no `security` and have no global one.
    pub default_auth: Option<Auth>,
    /// Appended to the wire name of exploded array query parameters (PHP style `ids[]`).
    pub array_query_suffix: Option<String>,
    /// operationId -> credentials, where the spec's `security` is wrong.
    pub auth_overrides: BTreeMap<String, Auth>,
    /// String properties of multipart bodies that carry a file although the spec types
    /// them as plain strings (fields with `format: binary` are files anyway).
    pub multipart_file_fields: Vec<String>,
    /// Reviewed corrections applied to the document before normalize (see [`crate::patch`]).
    pub spec_patches: Vec<SpecPatch>,
    /// Fail on any Error diagnostic instead of generating with fallbacks (as `--strict` does).
    pub strict: bool,
    /// Names that make a `number` an integer (see [`crate::integers`]).
    pub integer_inference: IntegerInference,
    /// How component schema names become type names.
    pub naming: NamingConfig,
    /// GET operations that return one item or, without their trailing path parameter, the list.
    pub list_or_one: ListOrOneConfig,
    /// Where the generated tree sits in the client crate, for a crate that holds several APIs.
    /// Absent: at the crate root, with operations on `Client` (a one-API client).
    pub placement: Option<PlacementConfig>,
    /// How the generated `webhook_events::parse` tells the spec's webhooks apart.
    pub webhooks: WebhooksConfig,
    /// Cargo features of the client crate that gate the generated code, so an application
    /// compiles only the operations it calls. Absent: nothing is gated.
    #[serde(with = "serde_yaml::with::singleton_map")]
    pub features: Option<FeaturesConfig>,
}

/// How the generated code maps onto cargo features.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FeaturesConfig {
    /// `tags: GROUP`: one feature per tag, named after its module in kebab-case
    /// (`loyalty-cards`), and `GROUP` turning on every one. Each operation compiles with its
    /// tag's feature; each type with any feature whose operations reach it.
    Tags(String),
    /// `api: NAME`: one feature for the whole API. The generated tree is not gated inside:
    /// the crate gates the module holding it (`#[cfg(feature = "NAME")] pub mod ...`).
    Api(String),
}

/// One API among several in a client crate: its module, the handle its operations hang on,
/// and the base path its requests take instead of the client's own.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementConfig {
    /// Module of the generated tree under the crate root (`shop` -> `crate::shop::models`).
    pub module: String,
    /// Type in that module whose methods the operations are (`Shop` -> `impl crate::shop::Shop<'_>`).
    /// The hand-written type holds a `&Client` and has a `client()` accessor.
    pub handle: String,
    /// The `Client` method returning the handle (`shop` -> `client.shop()`).
    pub accessor: String,
    /// Base path that replaces the client's default one for this API's requests (`/v2`);
    /// absent when the API shares the client's base URL.
    #[serde(default)]
    pub base_path: Option<String>,
}

/// Webhooks (the `webhooks` map of an OpenAPI 3.1 document): each becomes a variant of the
/// generated `WebhookEvent` enum, its JSON payload a model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhooksConfig {
    /// The payload property whose string value tells which webhook an event is (`resource`).
    /// A webhook answers to the values of that property's `enum` in its payload schema; a value
    /// no webhook lists, or a payload without the property, parses as `WebhookEvent::Unknown`.
    /// Left out, every payload still gets its type but `parse` reads every event as `Unknown`
    /// (trying each payload type in turn would pick whichever decodes first, not the right one),
    /// and lowering warns.
    pub discriminator: Option<String>,
}

/// "List or one" operations (`GET /services/{service_id}`, where the server also answers
/// `GET /services` with the list): which get a list form, and its method name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ListOrOneConfig {
    /// The rule: a GET whose path ends in a parameter and whose summary contains one of these
    /// (case-insensitive), or whose description calls that parameter `(optional`.
    pub summary_markers: Vec<String>,
    /// operationId -> method name of the list form. Listed operations get one whatever the
    /// rule says; operations the rule finds default to `list_<last path segment>`.
    pub operations: BTreeMap<String, String>,
    /// operationIds the rule leaves alone.
    pub except: Vec<String>,
}

/// Noise in the spec's component names (`company_companyid_..._data_types`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NamingConfig {
    /// Words (or `_`-joined runs of words) dropped from component names; `*` is a wildcard at
    /// either end of a word (see [`crate::naming::without_words`]). A component whose shorter
    /// name is taken keeps its full one.
    pub drop_words: Vec<String>,
    /// Words the `drop_words` patterns never drop (`paid` against `*id`).
    pub keep_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeConfig {
    pub success: String,
    pub data: String,
    pub meta: String,
    /// A hand-written type of the client's runtime (its name under `runtime`, e.g. `Meta`) that
    /// reads `meta` wherever the spec leaves it untyped (no schema, an object without properties,
    /// an array without item types) or leaves it out; a `meta` the spec types keeps its type.
    #[serde(default)]
    pub meta_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    pub page: String,
    pub count: Vec<String>,
    /// A bare JSON response (no envelope) is a page too when its object has a list property of
    /// this name (JSON:API's `data`): that list holds the page's items.
    #[serde(default)]
    pub items: Option<String>,
}

impl Config {
    /// Reads a config file; the error names the file.
    pub fn from_file(path: &Path) -> Result<Config, CodegenError> {
        let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
        Config::from_yaml(&text, path)
    }

    /// Reads config text; `path` names where it came from in errors.
    pub fn from_yaml(text: &str, path: &Path) -> Result<Config, CodegenError> {
        serde_yaml::from_str(text).map_err(|e| CodegenError::Config {
            path: PathBuf::from(path),
            message: e.to_string(),
        })
    }

    pub fn is_transport_header(&self, name: &str) -> bool {
        self.transport_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }
}
