//! Stage 3: normalized JSON -> `openapiv3::OpenAPI`, repairing what does not deserialize.
//! Anything broken (a dangling or external `$ref`, an invalid schema or operation) becomes `{}` or is
//! dropped, with an Error diagnostic naming where it was; only an unusable top level is a hard error.

use std::cmp::Reverse;

use openapiv3::{OpenAPI, ReferenceOr};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::CodegenError;
use crate::ir::Diagnostic;
use crate::normalize::pointer;
use crate::normalize::walk::{self, Kind, Visitor, METHODS};

pub struct Loaded {
    pub openapi: openapiv3::OpenAPI,
    pub diagnostics: Vec<Diagnostic>,
    /// The document as it loaded, with the repairs made: what later stages that read the JSON
    /// itself (the examples behind fallbacks) see, so they agree with the model.
    pub document: Value,
}

/// Each repair removes or empties at least one node, so this only bounds pathological input.
const MAX_REPAIRS: usize = 10_000;

pub fn load(mut document: serde_json::Value, origin: &str) -> Result<Loaded, CodegenError> {
    let spec_error = |pointer: String, message: String| CodegenError::Spec {
        origin: origin.to_owned(),
        pointer,
        message,
    };
    let mut diagnostics = Vec::new();
    replace_dangling_refs(&mut document, "does not resolve", &mut diagnostics)
        .map_err(|(at, message)| spec_error(at, message))?;
    replace_external_refs(&mut document, &mut diagnostics)
        .map_err(|(at, message)| spec_error(at, message))?;
    check_deep_schemas(&mut document, &mut diagnostics);

    for _ in 0..MAX_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, OpenAPI>(&document) {
            Ok(openapi) => {
                return Ok(Loaded {
                    openapi,
                    diagnostics,
                    document,
                })
            }
            Err(error) => error,
        };
        let at = error_pointer(error.path());
        let message = one_line(&error.inner().to_string());
        let repaired = repair_around(&mut document, &at, &mut diagnostics)
            || drop_enclosing(&mut document, &at, &message, &mut diagnostics);
        if !repaired {
            return Err(spec_error(at, message));
        }
        cascade_dangling_refs(&mut document, &mut diagnostics);
    }
    Err(spec_error(
        "#".into(),
        format!("the document still does not load after {MAX_REPAIRS} repairs"),
    ))
}

/// Schema nesting between two checkpoints of [`check_deep_schemas`].
const CHECKPOINT_HEIGHT: usize = 8;

/// openapiv3 reads schemas through untagged enums: a schema that fails deep inside is
/// retried as each other variant, each retry re-reading the subtree, so the time to reject a
/// broken schema doubles with every level of nesting (a broken leaf 40 levels down takes
/// longer than anyone waits). Checking, deepest first, every schema whose nesting height is a
/// multiple of [`CHECKPOINT_HEIGHT`], and replacing a broken one by an any-schema, bounds that
/// retrying to the levels between checkpoints. Shallow documents have no checkpoint.
fn check_deep_schemas(document: &mut Value, diagnostics: &mut Vec<Diagnostic>) {
    let mut nodes = walk::Collect::default();
    walk::walk_document(document, &mut nodes);
    let schemas: Vec<String> = nodes
        .nodes
        .into_iter()
        .filter(|(_, kind)| *kind == Kind::Schema)
        .map(|(p, _)| p)
        .collect();
    // The walk visits a parent before its children: a stack of open ancestors gives each
    // schema its nearest schema ancestor, and a reverse pass the height of every subtree.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(schemas.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, p) in schemas.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&top| !pointer::is_within(p, &schemas[top]))
        {
            open.pop();
        }
        parent.push(open.last().copied());
        open.push(i);
    }
    let mut height = vec![1usize; schemas.len()];
    for i in (0..schemas.len()).rev() {
        if let Some(up) = parent[i] {
            height[up] = height[up].max(height[i] + 1);
        }
    }
    for i in (0..schemas.len()).rev() {
        if !height[i].is_multiple_of(CHECKPOINT_HEIGHT) {
            continue;
        }
        let Some(node) = pointer::get(document, &schemas[i]) else {
            continue;
        };
        if let Err(message) = check(Kind::Schema, node) {
            replace_schema(document, &schemas[i], &message, diagnostics);
        }
    }
}

fn replace_schema(
    document: &mut Value,
    at: &str,
    message: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(node) = pointer::get_mut(document, at) {
        *node = Value::Object(Default::default());
    }
    diagnostics.push(Diagnostic::error(
        at,
        format!("schema is not valid OpenAPI 3.0 ({message}); replaced by an any-schema"),
    ));
}

/// A `$ref` found in a structural position.
struct Ref {
    /// Pointer of the object holding the `$ref`.
    at: String,
    kind: Kind,
    target: String,
}

impl Ref {
    fn is_local(&self) -> bool {
        self.target.starts_with('#')
    }

    fn resolves(&self, document: &Value) -> bool {
        pointer::get(document, &self.target).is_some()
            || pointer::get(document, &pointer::percent_decode(&self.target)).is_some()
    }
}

fn find_refs(document: &mut Value) -> Vec<Ref> {
    struct Refs(Vec<Ref>);
    impl Visitor for Refs {
        fn visit(&mut self, kind: Kind, node: &mut Value, at: &str) {
            if let Some(target) = node.get("$ref").and_then(Value::as_str) {
                self.0.push(Ref {
                    at: at.to_owned(),
                    kind,
                    target: target.to_owned(),
                });
            }
        }
    }
    let mut refs = Refs(Vec::new());
    walk::walk_document(document, &mut refs);
    refs.0
}

/// References to other files or URLs are not followed: schemas become `{}`, other objects are dropped.
fn replace_external_refs(
    document: &mut Value,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), (String, String)> {
    for r in find_refs(document).into_iter().filter(|r| !r.is_local()) {
        let why = format!("external reference '{}' is not supported", r.target);
        let message = if r.kind == Kind::Schema {
            "replaced by an any-schema"
        } else {
            "dropped"
        };
        if !fix_ref_holder(document, &r, &format!("{why}; {message}"), diagnostics) {
            return Err((r.at, why));
        }
    }
    Ok(())
}

/// A local `$ref` to nothing: a schema becomes an any-schema (`serde_json::Value`), anything
/// else drops its smallest enclosing operation / path item / component. The diagnostic sits at
/// the `$ref` and names its target. `Err` when the holder cannot be dropped (e.g. `#/info`).
fn replace_dangling_refs(
    document: &mut Value,
    why: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<bool, (String, String)> {
    let dangling: Vec<Ref> = find_refs(document)
        .into_iter()
        .filter(|r| r.is_local() && !r.resolves(document))
        .collect();
    let mut changed = false;
    for r in dangling {
        // An earlier repair in this pass may have dropped the holder already.
        if pointer::get(document, &r.at).is_none() {
            continue;
        }
        // A schema keeps the diagnostic at the `$ref`; anything else is reported at what is
        // dropped around it, so the message also says where the `$ref` was.
        let message = if r.kind == Kind::Schema {
            format!(
                "$ref '{}' {why}; replaced by an any-schema (serde_json::Value)",
                r.target
            )
        } else {
            format!("$ref '{}' at {} {why}", r.target, r.at)
        };
        if !fix_ref_holder(document, &r, &message, diagnostics) {
            return Err((r.at, format!("$ref '{}' {why}", r.target)));
        }
        changed = true;
    }
    Ok(changed)
}

/// After something was dropped, references to it dangle: treat them the same way.
fn cascade_dangling_refs(document: &mut Value, diagnostics: &mut Vec<Diagnostic>) {
    for _ in 0..MAX_REPAIRS {
        match replace_dangling_refs(document, "pointed at something dropped above", diagnostics) {
            Ok(true) => continue,
            _ => return,
        }
    }
}

/// Empties the schema holding `r`, or drops the smallest operation / path item / component around it.
fn fix_ref_holder(
    document: &mut Value,
    r: &Ref,
    message: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if r.kind == Kind::Schema {
        if let Some(node) = pointer::get_mut(document, &r.at) {
            *node = Value::Object(Default::default());
            diagnostics.push(Diagnostic::error(&r.at, message));
            return true;
        }
        return false;
    }
    drop_enclosing(document, &r.at, message, diagnostics)
}

/// Finds the smallest schema / operation / path item / component entry around or below
/// `at` that does not deserialize on its own, deepest first, and replaces (schemas) or drops it.
/// Needed because openapiv3's flattened and untagged types stop serde's path at the
/// nearest `paths` / `$ref`-able boundary, far above the actual fault.
fn repair_around(document: &mut Value, at: &str, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let mut nodes = walk::Collect::default();
    walk::walk_document(document, &mut nodes);
    let mut candidates: Vec<(String, Kind)> = nodes
        .nodes
        .into_iter()
        .filter(|(p, kind)| {
            is_unit(p, *kind) && (pointer::is_within(p, at) || pointer::is_within(at, p))
        })
        .collect();
    candidates.sort_by_key(|(p, _)| Reverse(pointer::tokens(p).len()));
    let mut changed = false;
    for (p, kind) in candidates {
        let Some(node) = pointer::get(document, &p) else {
            continue;
        };
        let Err(message) = check(kind, node) else {
            continue;
        };
        if kind == Kind::Schema {
            replace_schema(document, &p, &message, diagnostics);
        } else {
            pointer::remove(document, &p);
            diagnostics.push(Diagnostic::error(
                &p,
                format!("{} dropped: {message}", describe(kind, &p)),
            ));
        }
        changed = true;
    }
    changed
}

fn is_unit(at: &str, kind: Kind) -> bool {
    matches!(kind, Kind::Schema | Kind::Operation | Kind::PathItem)
        || is_component_entry(&pointer::tokens(at))
}

fn is_component_entry(tokens: &[String]) -> bool {
    tokens.len() == 3 && tokens[0] == "components"
}

fn describe(kind: Kind, at: &str) -> &'static str {
    match kind {
        Kind::Operation => "operation",
        Kind::PathItem => "path item",
        _ if is_component_entry(&pointer::tokens(at)) => "component",
        _ => "object",
    }
}

/// Whether `node` deserializes as the openapiv3 type for `kind`; serde's message if not.
fn check(kind: Kind, node: &Value) -> Result<(), String> {
    fn de<T: DeserializeOwned>(node: &Value) -> Result<(), String> {
        T::deserialize(node)
            .map(drop)
            .map_err(|e| one_line(&e.to_string()))
    }
    use openapiv3 as o;
    match kind {
        Kind::Schema => de::<ReferenceOr<o::Schema>>(node),
        Kind::Operation => de::<o::Operation>(node),
        Kind::PathItem => de::<ReferenceOr<o::PathItem>>(node),
        Kind::Parameter => de::<ReferenceOr<o::Parameter>>(node),
        Kind::Header => de::<ReferenceOr<o::Header>>(node),
        Kind::RequestBody => de::<ReferenceOr<o::RequestBody>>(node),
        Kind::MediaType => de::<o::MediaType>(node),
        Kind::Encoding => de::<o::Encoding>(node),
        Kind::Response => de::<ReferenceOr<o::Response>>(node),
        Kind::Link => de::<ReferenceOr<o::Link>>(node),
        Kind::Example => de::<ReferenceOr<o::Example>>(node),
        Kind::Callback => de::<ReferenceOr<o::Callback>>(node),
        Kind::SecurityScheme => de::<ReferenceOr<o::SecurityScheme>>(node),
    }
}

/// Drops the deepest droppable node around `at`: an operation, path item, component
/// entry or section, or an optional top-level or `info` field. `openapi`, `paths`,
/// `info.title` and `info.version` are never dropped: without them there is no API left.
fn drop_enclosing(
    document: &mut Value,
    at: &str,
    message: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let tokens = pointer::tokens(at);
    for len in (1..=tokens.len()).rev() {
        let prefix = &tokens[..len];
        if !is_droppable(prefix) {
            continue;
        }
        let target = pointer::from_tokens(prefix);
        if pointer::remove(document, &target).is_some() {
            diagnostics.push(Diagnostic::error(&target, format!("dropped: {message}")));
            return true;
        }
    }
    false
}

fn is_droppable(tokens: &[String]) -> bool {
    let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match t.as_slice() {
        ["paths", _, method] => METHODS.contains(method),
        ["paths", _] => true,
        ["components", ..] => t.len() <= 3,
        ["servers" | "tags", _] => true,
        ["servers" | "tags" | "security" | "externalDocs"] => true,
        ["info", "description" | "termsOfService" | "contact" | "license"] => true,
        _ => false,
    }
}

fn error_pointer(path: &serde_path_to_error::Path) -> String {
    let mut tokens = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => tokens.push(index.to_string()),
            Segment::Map { key } => tokens.push(key.clone()),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer::from_tokens(&tokens)
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Severity;
    use serde_json::json;

    fn doc(paths: Value, components: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components})
    }

    fn ok_response() -> Value {
        json!({"200": {"description": "ok"}})
    }

    fn errors(loaded: &Loaded) -> Vec<&str> {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.pointer.as_str())
            .collect()
    }

    fn spec_error(document: Value) -> (String, String) {
        match load(document, "t.yaml") {
            Err(CodegenError::Spec {
                pointer, message, ..
            }) => (pointer, message),
            Err(other) => panic!("expected a Spec error, got {other}"),
            Ok(_) => panic!("expected a Spec error, got a document"),
        }
    }

    #[test]
    fn minimal_document_loads_without_diagnostics() {
        let loaded = load(
            doc(
                json!({"/a": {"get": {"responses": ok_response()}}}),
                json!({}),
            ),
            "t.yaml",
        )
        .unwrap();
        assert_eq!(loaded.openapi.operations().count(), 1);
        assert!(loaded.diagnostics.is_empty());
    }

    #[test]
    fn dangling_schema_ref_becomes_an_any_schema_with_an_error_naming_both_pointers() {
        let schema = json!({"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Missing"}}});
        let paths = json!({"/auth": {"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": ok_response()}}});
        let loaded = load(doc(paths, json!({})), "t.yaml").unwrap();
        let at = "#/paths/~1auth/post/requestBody/content/application~1json/schema/properties/x";
        assert_eq!(errors(&loaded), vec![at]);
        assert_eq!(
            loaded.diagnostics[0].message,
            "$ref '#/components/schemas/Missing' does not resolve; replaced by an any-schema (serde_json::Value)"
        );
        assert_eq!(loaded.openapi.operations().count(), 1);
    }

    #[test]
    fn dangling_parameter_ref_drops_its_operation_only() {
        let paths = json!({"/a": {
            "get": {"parameters": [{"$ref": "#/components/parameters/Nope"}], "responses": ok_response()},
            "post": {"responses": ok_response()}
        }});
        let loaded = load(doc(paths, json!({})), "t.yaml").unwrap();
        assert_eq!(errors(&loaded), vec!["#/paths/~1a/get"]);
        assert!(loaded.diagnostics[0].message.contains(
            "$ref '#/components/parameters/Nope' at #/paths/~1a/get/parameters/0 does not resolve"
        ));
        assert_eq!(loaded.openapi.operations().count(), 1);
    }

    #[test]
    fn percent_encoded_local_ref_resolves() {
        let components = json!({"schemas": {"A B": {"type": "string"}, "C": {"$ref": "#/components/schemas/A%20B"}}});
        assert!(load(doc(json!({}), components), "t.yaml").is_ok());
    }

    #[test]
    fn external_refs_become_any_schemas_or_drop_their_operation() {
        let paths = json!({
            "/a": {
                "get": {"parameters": [{"$ref": "common.yaml#/components/parameters/P"}], "responses": ok_response()},
                "put": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "https://x/s.json"}}}}}}
            }
        });
        let loaded = load(doc(paths, json!({})), "t.yaml").unwrap();
        let ops: Vec<&str> = loaded
            .openapi
            .operations()
            .map(|(_, method, _)| method)
            .collect();
        assert_eq!(ops, vec!["put"]);
        assert_eq!(
            errors(&loaded),
            vec![
                "#/paths/~1a/get",
                "#/paths/~1a/put/responses/200/content/application~1json/schema"
            ]
        );
    }

    #[test]
    fn invalid_schema_is_replaced_by_the_smallest_enclosing_schema() {
        let schema = json!({"type": "object", "properties": {
            "ok": {"type": "string"},
            "bad": {"type": "object", "properties": {"deeper": {"type": "string", "minLength": -1}}}
        }});
        let paths = json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}});
        let loaded = load(doc(paths, json!({})), "t.yaml").unwrap();
        let at = "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/bad/properties/deeper";
        assert_eq!(errors(&loaded), vec![at]);
        assert!(
            loaded.diagnostics[0].message.contains("usize"),
            "{}",
            loaded.diagnostics[0].message
        );
        assert_eq!(loaded.openapi.operations().count(), 1);
    }

    /// Regression (found by `cargo xtask fuzz`): a broken leaf under 40 levels of nesting took
    /// openapiv3 exponential time to reject; checkpoints replace only the broken part.
    #[test]
    fn broken_leaf_under_deep_nesting_is_replaced_quickly() {
        let mut schema =
            json!({"type": "object", "properties": {"bad": 3.5, "ok": {"type": "string"}}});
        for level in 0..40 {
            schema = match level % 4 {
                0 => json!({"type": "object", "properties": {"nested": schema}}),
                1 => json!({"type": "array", "items": schema}),
                2 => json!({"allOf": [schema]}),
                _ => json!({"oneOf": [schema, {"type": "string"}]}),
            };
        }
        let loaded = load(
            doc(json!({}), json!({"schemas": {"Deep": schema}})),
            "t.yaml",
        )
        .unwrap();
        let errors = errors(&loaded);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("#/components/schemas/Deep/"),
            "{errors:?}"
        );
        assert!(
            errors[0].len() > 200,
            "only a deep part is replaced: {errors:?}"
        );
    }

    #[test]
    fn invalid_component_schema_becomes_any_schema() {
        let components = json!({"schemas": {"A": {"type": "object", "required": "id"}, "B": {"type": "string"}}});
        let loaded = load(doc(json!({}), components), "t.yaml").unwrap();
        assert_eq!(errors(&loaded), vec!["#/components/schemas/A"]);
        let schemas = &loaded.openapi.components.as_ref().unwrap().schemas;
        assert_eq!(schemas.len(), 2);
    }

    #[test]
    fn invalid_operation_is_dropped_and_its_siblings_kept() {
        let paths = json!({"/a": {
            "get": {"parameters": [{"name": "b", "in": "body"}], "responses": ok_response()},
            "post": {"responses": ok_response()}
        }});
        let loaded = load(doc(paths, json!({})), "t.yaml").unwrap();
        assert_eq!(errors(&loaded), vec!["#/paths/~1a/get"]);
        assert_eq!(loaded.openapi.operations().count(), 1);
    }

    #[test]
    fn dropped_component_takes_its_users_along() {
        let components = json!({"parameters": {"P": {"name": "f", "in": "formData"}}});
        let paths = json!({
            "/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}], "responses": ok_response()}},
            "/b": {"get": {"responses": ok_response()}}
        });
        let loaded = load(doc(paths, components), "t.yaml").unwrap();
        assert_eq!(
            errors(&loaded),
            vec!["#/components/parameters/P", "#/paths/~1a/get"]
        );
        let ops: Vec<&str> = loaded
            .openapi
            .operations()
            .map(|(path, _, _)| path)
            .collect();
        assert_eq!(ops, vec!["/b"]);
    }

    #[test]
    fn invalid_optional_top_level_field_is_dropped() {
        let mut document = doc(json!({}), json!({}));
        document["servers"] = json!([{"description": "no url"}]);
        document["info"]["license"] = json!({"url": "https://x"});
        let loaded = load(document, "t.yaml").unwrap();
        assert_eq!(errors(&loaded), vec!["#/info/license", "#/servers/0"]);
    }

    #[test]
    fn unusable_top_level_is_a_hard_error() {
        let (pointer, message) = spec_error(json!({"openapi": "3.0.3", "paths": {}}));
        assert_eq!(pointer, "#");
        assert!(message.contains("info"), "{message}");
        let (pointer, _) =
            spec_error(json!({"openapi": "3.0.3", "info": {"version": "1"}, "paths": {}}));
        assert_eq!(pointer, "#/info");
        let (pointer, _) = spec_error(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []}),
        );
        assert_eq!(pointer, "#/paths");
    }

    /// parse + normalize + load; also returns normalize's rewrite and diagnostic counts.
    fn pipeline(path: &std::path::Path) -> Result<(Loaded, usize, usize), CodegenError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
        let normalized = crate::normalize::normalize(crate::parse::parse_document(&text, &origin)?);
        let counts = (normalized.rewrites.len(), normalized.diagnostics.len());
        Ok((load(normalized.document, &origin)?, counts.0, counts.1))
    }

    #[test]
    fn altegio_spec_loads_completely() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec/altegio-b2b-v1.openapi.yaml");
        let (loaded, _, _) = pipeline(&path).unwrap();
        let openapi = &loaded.openapi;
        assert_eq!(openapi.openapi, "3.0.3");
        assert_eq!(openapi.paths.paths.len(), 202);
        assert_eq!(openapi.operations().count(), 260);
        assert_eq!(
            openapi.components.as_ref().map(|c| c.schemas.len()),
            Some(240)
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    }

    /// The corpus is all OpenAPI 3.0: it must load whole (operation counts as in
    /// MANIFEST.tsv) and pass normalize untouched.
    #[test]
    fn every_corpus_spec_loads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
        let expected_operations: std::collections::HashMap<&str, usize> = manifest
            .lines()
            .skip(1)
            .filter_map(|line| {
                let columns: Vec<&str> = line.split('\t').collect();
                Some((*columns.first()?, columns.get(4)?.parse().ok()?))
            })
            .collect();
        let mut specs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            })
            .collect();
        specs.sort();
        assert_eq!(specs.len(), 20);
        for spec in specs {
            let (loaded, rewrites, normalize_diagnostics) =
                pipeline(&spec).unwrap_or_else(|e| panic!("{e}"));
            let name = spec
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let operations = loaded.openapi.operations().count();
            eprintln!(
                "{name}: {operations} operations, {rewrites} rewrites, {normalize_diagnostics} normalize + {} load diagnostics",
                loaded.diagnostics.len()
            );
            assert_eq!(Some(&operations), expected_operations.get(name), "{name}");
            assert_eq!(rewrites, 0, "{name}");
        }
    }
}
