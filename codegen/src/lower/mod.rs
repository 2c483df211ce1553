//! Stage: openapiv3 -> IR. Decides every Rust type, name and runtime behaviour;
//! the emitter only prints what this stage decided.

mod cycles;
mod dedupe;
mod envelope;
pub mod features;
mod lenient;
mod list_or_one;
mod operation;
mod pages;
mod readable;
mod schema;
mod shape;
mod status_bodies;
pub mod webhooks;

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::config::Config;
use crate::ir::{self, Diagnostic, Fallback, TypeDef, TypeRef};
use crate::naming::{self, Namespace};

/// The module that holds component schemas and their inline types.
pub const MODELS: &str = "models";

/// Lowers a loaded spec into the IR. Never fails: unsupported constructs become
/// diagnostics plus a `serde_json::Value` fallback.
pub fn lower(openapi: &OpenAPI, config: &Config, diagnostics: Vec<Diagnostic>) -> ir::Api {
    let mut lowerer = Lowerer::new(openapi, config, diagnostics);
    lowerer.lower_components();
    let modules = lowerer.lower_operations();
    lowerer.finish(modules)
}

/// Where a new named type goes and what it is called before uniquing.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub module: String,
    pub hint: String,
    /// Inside a multipart body: file fields become `FilePart`s.
    pub multipart: bool,
    /// Where the name comes from, for the readable-names pass (see `readable`).
    pub origin: Origin,
}

/// A type's place under its nearest named parent: the parent's path (`None` at a root: a
/// component, an operation's query, body or response) and the segments from it (field names,
/// `Item` for list items, a variant's name), each already UpperCamelCase.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Origin {
    pub parent: Option<String>,
    pub segments: Vec<String>,
}

impl Place {
    /// A root place: a type named `hint` with no parent.
    pub fn root(module: &str, hint: String) -> Place {
        Place {
            module: module.to_string(),
            hint,
            multipart: false,
            origin: Origin::default(),
        }
    }

    /// The place of a type inside the type `parent` (named `parent_name`), at `segment`.
    pub fn inside(module: &str, parent_name: &str, segment: String) -> Place {
        Place {
            module: module.to_string(),
            hint: format!("{parent_name}{segment}"),
            multipart: false,
            origin: Origin {
                parent: Some(format!("{module}::{parent_name}")),
                segments: vec![segment],
            },
        }
    }

    /// A place one step deeper without a named type between (list items, map values).
    pub fn child(&self, suffix: &str) -> Place {
        let segment = naming::camel(suffix);
        let mut origin = self.origin.clone();
        origin.segments.push(segment.clone());
        Place {
            module: self.module.clone(),
            hint: format!("{}{segment}", self.hint),
            multipart: false,
            origin,
        }
    }
}

/// A lowered schema: its Rust type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    /// The type a value of this schema has where it may be `null`: `Option` when nullable.
    pub fn ty_with_null(self) -> TypeRef {
        if self.nullable {
            self.ty.option()
        } else {
            self.ty
        }
    }
}

/// Types of one module under construction.
#[derive(Default)]
pub(crate) struct ModuleTypes {
    pub names: Namespace,
    pub types: Vec<TypeDef>,
}

pub(crate) struct Lowerer<'a> {
    pub spec: &'a OpenAPI,
    pub config: &'a Config,
    pub diagnostics: Vec<Diagnostic>,
    pub fallbacks: Vec<Fallback>,
    /// `#/components/schemas/X` -> its Rust type and nullability.
    pub components: HashMap<String, Lowered>,
    /// Inline schemas already lowered, by JSON pointer.
    pub cache: HashMap<String, Lowered>,
    /// Inline schemas being lowered: one met again inside itself (an allOf merging the
    /// properties of a component that holds it) would recurse without end.
    pub in_progress: HashSet<String>,
    pub modules: IndexMap<String, ModuleTypes>,
    /// Pointer -> type of every schema lowered (see `ir::Api::schema_index`).
    pub index: BTreeMap<String, TypeRef>,
    /// Bodies of non-success statuses, shared by shape (see `status_bodies`).
    shared_bodies: status_bodies::SharedBodies,
    /// Path -> origin of every type named inside another (see `readable`).
    pub origins: HashMap<String, Origin>,
}

/// RFC 6901 pointer `base/segment`, escaping `~` and `/`.
pub(crate) fn pointer(base: &str, segment: &str) -> String {
    format!("{base}/{}", segment.replace('~', "~0").replace('/', "~1"))
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, config: &'a Config, diagnostics: Vec<Diagnostic>) -> Self {
        let mut modules = IndexMap::new();
        modules.insert(MODELS.to_string(), ModuleTypes::default());
        Self {
            spec,
            config,
            diagnostics,
            fallbacks: Vec::new(),
            components: HashMap::new(),
            cache: HashMap::new(),
            in_progress: HashSet::new(),
            modules,
            index: BTreeMap::new(),
            shared_bodies: status_bodies::SharedBodies::default(),
            origins: HashMap::new(),
        }
    }

    /// Records that a schema fell back to `serde_json::Value`.
    pub fn fallback(&mut self, pointer: &str, reason: &str) -> TypeRef {
        self.fallbacks.push(Fallback {
            pointer: pointer.to_string(),
            reason: reason.to_string(),
        });
        TypeRef::Json
    }

    pub fn module_mut(&mut self, module: &str) -> &mut ModuleTypes {
        self.modules.entry(module.to_string()).or_default()
    }

    /// Names every component schema first (so references resolve in any order), then lowers each.
    fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        let mut named: Vec<(String, String, &'a ReferenceOr<Schema>)> = Vec::new();
        let rust_names = self.component_names(components.schemas.keys());
        for ((name, schema), rust) in components.schemas.iter().zip(rust_names) {
            let key = format!("#/components/schemas/{name}");
            self.components.insert(
                key.clone(),
                Lowered {
                    ty: TypeRef::Named(format!("{MODELS}::{rust}")),
                    nullable: false,
                },
            );
            named.push((key, rust, schema));
        }
        for (key, _, schema) in &named {
            let nullable = self.component_nullable(schema);
            if let Some(entry) = self.components.get_mut(key) {
                entry.nullable = nullable;
            }
        }
        for (key, rust, schema) in named {
            self.lower_component(&key, rust, schema);
        }
    }

    /// Rust names of the components, in order: a name the config's `naming` cleans is claimed
    /// after every name it leaves alone, and falls back to its full form when taken.
    fn component_names<'k>(&mut self, names: impl Iterator<Item = &'k String>) -> Vec<String> {
        let rules = &self.config.naming;
        let forms: Vec<(String, String)> = names
            .map(|name| {
                let clean = naming::without_words(name, &rules.drop_words, &rules.keep_words);
                (naming::type_name(name), naming::type_name(&clean))
            })
            .collect();
        let space = &mut self.module_mut(MODELS).names;
        let mut out: Vec<Option<String>> = forms
            .iter()
            .map(|(full, clean)| (full == clean).then(|| space.claim_camel(full.clone())))
            .collect();
        for (slot, (full, clean)) in out.iter_mut().zip(&forms) {
            if slot.is_none() {
                let pick = if space.is_free(clean) { clean } else { full };
                *slot = Some(space.claim_camel(pick.clone()));
            }
        }
        out.into_iter().flatten().collect()
    }

    fn component_nullable(&self, schema: &ReferenceOr<Schema>) -> bool {
        match self.resolve_schema(schema) {
            Some((schema, _)) => schema.schema_data.nullable,
            None => false,
        }
    }

    /// Follows `$ref`s to component schemas (bounded, so a ref cycle cannot loop forever).
    pub fn resolve_schema(
        &self,
        schema: &'a ReferenceOr<Schema>,
    ) -> Option<(&'a Schema, Option<String>)> {
        let mut current = schema;
        let mut last_ref = None;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Some((schema, last_ref)),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = self.spec.components.as_ref()?.schemas.get(name)?;
                    last_ref = Some(reference.clone());
                }
            }
        }
        None
    }

    fn finish(mut self, operations: Vec<operation::ModuleOps>) -> ir::Api {
        let mut models = Vec::new();
        let mut module_types: BTreeMap<String, Vec<TypeDef>> = BTreeMap::new();
        for (name, module) in std::mem::take(&mut self.modules) {
            if name == MODELS {
                models = module.types;
            } else {
                module_types.insert(name, module.types);
            }
        }
        let modules: Vec<ir::Module> = operations
            .into_iter()
            .map(|(name, tag, doc, operations)| ir::Module {
                types: module_types.remove(&name).unwrap_or_default(),
                name,
                tag,
                doc,
                operations,
                feature: None,
            })
            .collect();
        let data_segment = self
            .config
            .envelope
            .as_ref()
            .map(|e| naming::camel(&e.data));
        let info = &self.spec.info;
        self.diagnostics.sort();
        self.diagnostics.dedup();
        let mut api = ir::Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            base_url: self.spec.servers.first().map(|s| s.url.clone()),
            modules,
            models,
            diagnostics: self.diagnostics,
            fallbacks: self.fallbacks,
            schema_index: std::mem::take(&mut self.index)
                .into_iter()
                .map(|(pointer, ty)| ir::SchemaIndexEntry { pointer, ty })
                .collect(),
            placement: None,
            webhooks: Vec::new(),
            webhook_discriminator: None,
            features: Vec::new(),
            type_features: BTreeMap::new(),
        };
        let merged = dedupe::merge_equal(&mut api, &mut self.origins);
        readable::rename(&mut api, &self.origins, &merged, data_segment.as_deref());
        cycles::box_cycles(&mut api.models, &mut api.modules);
        lenient::assign(
            &mut api.models,
            &mut api.modules,
            self.config.envelope.as_ref(),
        );
        place(&mut api, self.config);
        api
    }
}

/// Puts the tree in its configured module: every named-type path gains the module prefix.
/// Runs last, so every pass before it works on paths relative to the tree.
fn place(api: &mut ir::Api, config: &Config) {
    let Some(placement) = &config.placement else {
        return;
    };
    let prefix = &placement.module;
    api.rename_type_refs(&mut |path: &mut String| *path = format!("{prefix}::{path}"));
    api.placement = Some(ir::Placement {
        module: placement.module.clone(),
        handle: placement.handle.clone(),
        accessor: placement.accessor.clone(),
        base_path: placement.base_path.clone(),
    });
}
