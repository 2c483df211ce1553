//! Lowering pass: which cargo features compile which part of the API (config `features`).
//!
//! Per tag, each module's operations compile with the module's feature, and each type with any
//! feature whose operations reach it through parameters, bodies, responses and the fields of
//! the types those hold. A type no operation reaches compiles with the group feature that
//! turns on every tag (`v1`), as the default `full` does.
//! Runs after every pass that adds or renames types.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use crate::config::FeaturesConfig;
use crate::ir::{reach, Api, Feature, Operation, TypeRef};

/// Sets `api.features`, each module's `feature` and `api.type_features`.
pub fn assign(api: &mut Api, config: Option<&FeaturesConfig>) {
    match config {
        None => {}
        Some(FeaturesConfig::Api(name)) => {
            api.features = vec![Feature {
                name: name.clone(),
                doc: "every operation.".to_string(),
                enables: Vec::new(),
            }];
        }
        Some(FeaturesConfig::Tags(group)) => per_tag(api, group),
    }
}

/// The feature of a module: its name in kebab-case, kept clear of cargo's reserved `default`.
pub fn feature_name(module: &str) -> String {
    let name = module.trim_start_matches("r#").to_kebab_case();
    if name == "default" {
        format!("tag-{name}")
    } else {
        name
    }
}

fn per_tag(api: &mut Api, group: &str) {
    for module in &mut api.modules {
        module.feature = Some(feature_name(&module.name));
    }
    let all: BTreeSet<String> = api
        .modules
        .iter()
        .filter_map(|m| m.feature.clone())
        .collect();
    let defs = api.definitions();
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for module in &api.modules {
        let Some(feature) = &module.feature else {
            continue;
        };
        let module_path = api.module_path(&module.name);
        let mut seen = BTreeSet::new();
        for op in &module.operations {
            let mut roots = named_in_operation(op);
            if let Some(query) = &op.query_type {
                roots.push(TypeRef::Named(format!("{module_path}::{query}")));
            }
            for root in &roots {
                reach(root, &defs, &mut seen);
            }
        }
        for path in seen {
            reached.entry(path).or_default().insert(feature.clone());
        }
    }
    // A type no operation reaches (an unused component, a whole-envelope schema, a webhook
    // payload) compiles with the group feature, and so does everything it holds that no
    // operation reaches either (the group turns on every tag, so the rest is there).
    let unreached: Vec<String> = defs
        .keys()
        .filter(|path| !reached.contains_key(*path))
        .cloned()
        .collect();
    let mut seen = BTreeSet::new();
    for path in unreached {
        reach(&TypeRef::Named(path), &defs, &mut seen);
    }
    for held in seen {
        reached
            .entry(held)
            .or_insert_with(|| BTreeSet::from([group.to_string()]));
    }
    api.type_features = reached
        .into_iter()
        .filter(|(path, _)| defs.contains_key(path))
        .map(|(path, features)| (path, features.into_iter().collect()))
        .collect();
    let mut tags: Vec<Feature> = api
        .modules
        .iter()
        .filter_map(|m| {
            Some(Feature {
                name: m.feature.clone()?,
                doc: format!("operations tagged `{}`.", m.tag),
                enables: Vec::new(),
            })
        })
        .collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    api.features = std::iter::once(Feature {
        name: group.to_string(),
        doc: "every tag.".to_string(),
        enables: all.into_iter().collect(),
    })
    .chain(tags)
    .collect();
}

/// The type references an operation holds (parameters, body, responses, page items).
fn named_in_operation(op: &Operation) -> Vec<TypeRef> {
    let mut op = op.clone();
    op.type_refs_mut()
        .into_iter()
        .map(|ty| ty.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: list_pets
      parameters:
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /owners:
    get:
      tags: [owners]
      operationId: list_owners
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
components:
  schemas:
    Pet: {type: object, properties: {tag: {$ref: "#/components/schemas/Tag"}}}
    Tag: {type: object, properties: {name: {type: string}}}
    Kind: {type: string, enum: [cat, dog]}
    Unused: {type: object, properties: {pet: {$ref: "#/components/schemas/Pet"}, note: {$ref: "#/components/schemas/Note"}}}
    Note: {type: object, properties: {text: {type: string}}}
"##;

    fn lowered(features: Option<FeaturesConfig>) -> Api {
        let config = Config {
            features,
            ..Config::default()
        };
        crate::lower_str(SPEC, "spec.yaml", &config).unwrap().0
    }

    fn features_of<'a>(api: &'a Api, path: &str) -> Vec<&'a str> {
        api.type_features[path].iter().map(String::as_str).collect()
    }

    #[test]
    fn each_type_compiles_with_the_tags_that_reach_it() {
        let api = lowered(Some(FeaturesConfig::Tags("all".into())));
        let modules: Vec<_> = api.modules.iter().map(|m| m.feature.as_deref()).collect();
        assert_eq!(modules, [Some("pets"), Some("owners")]);
        // Reached by both tags, directly or through a field.
        assert_eq!(features_of(&api, "models::Pet"), ["owners", "pets"]);
        assert_eq!(features_of(&api, "models::Tag"), ["owners", "pets"]);
        // Reached only through a query parameter of `pets`.
        assert_eq!(features_of(&api, "models::Kind"), ["pets"]);
        assert_eq!(features_of(&api, "pets::ListPetsQuery"), ["pets"]);
        // No operation reaches `Unused`, nor `Note` but through it: the group compiles them;
        // `Pet`, which it holds, keeps the tags that reach it.
        assert_eq!(features_of(&api, "models::Unused"), ["all"]);
        assert_eq!(features_of(&api, "models::Note"), ["all"]);
        let names: Vec<_> = api.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["all", "owners", "pets"]);
        assert_eq!(api.features[0].enables, ["owners", "pets"]);
        assert_eq!(api.type_features.len(), api.definitions().len());
    }

    #[test]
    fn one_feature_per_api_gates_nothing_inside_and_none_is_the_default() {
        let api = lowered(Some(FeaturesConfig::Api("shop".into())));
        assert_eq!(api.features.len(), 1);
        assert!(api.features[0].enables.is_empty());
        assert!(api.type_features.is_empty());
        assert!(api.modules.iter().all(|m| m.feature.is_none()));
        let api = lowered(None);
        assert!(api.features.is_empty() && api.type_features.is_empty());
    }

    #[test]
    fn feature_names_are_kebab_case_and_never_default() {
        assert_eq!(feature_name("loyalty_cards"), "loyalty-cards");
        assert_eq!(feature_name("r#type"), "type");
        assert_eq!(feature_name("default"), "tag-default");
    }
}
