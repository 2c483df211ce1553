//! The Altegio client, every API of spec/apis.yaml: a one-line-per-item IR summary snapshot, and
//! the generated files and public-API surface checked against the committed ones (reviewers read
//! those diffs in git).

use std::fmt::Write as _;

use codegen::ir::{Api, ResponseKind, TypeKind, TypeRef};
use integration_tests::{altegio_apis, altegio_config, altegio_spec, workspace_root};

fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(p) => p.clone(),
        TypeRef::Vec(i) => format!("Vec<{}>", ty(i)),
        TypeRef::Map(i) => format!("Map<{}>", ty(i)),
        TypeRef::Option(i) => format!("Option<{}>", ty(i)),
        TypeRef::Box(i) => format!("Box<{}>", ty(i)),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// One line per operation and per type: stable, greppable, short enough to review.
fn summary(api: &Api) -> String {
    let mut out = String::new();
    for module in &api.modules {
        let feature = module
            .feature
            .as_deref()
            .map(|f| format!(" feature {f}"))
            .unwrap_or_default();
        let _ = writeln!(out, "module {} ({}){feature}", module.name, module.tag);
        for op in &module.operations {
            let args: Vec<String> = op
                .path_params
                .iter()
                .map(|p| format!("{}: {}", p.rust_name, ty(&p.ty)))
                .collect();
            let query = op
                .query_type
                .as_deref()
                .map(|q| format!(" query: {q}"))
                .unwrap_or_default();
            let body = op
                .body
                .as_ref()
                .map(|b| format!(" body({:?}): {}", b.kind, ty(&b.ty)))
                .unwrap_or_default();
            let ret = match &op.response.kind {
                ResponseKind::Envelope { data, meta } => format!(
                    "envelope<{}, {}>",
                    ty(data),
                    meta.as_ref().map(ty).unwrap_or_else(|| "-".into())
                ),
                ResponseKind::Json { ty: t } => format!("json<{}>", ty(t)),
                other => format!("{other:?}").to_lowercase(),
            };
            let flags = [
                op.deprecated.then_some("deprecated"),
                op.pagination.as_ref().map(|_| "paged"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(",");
            let _ = writeln!(
                out,
                "  {} {} -> {}({}){}{} -> {} [{:?}] {}",
                op.method.as_str(),
                op.path,
                op.fn_name,
                args.join(", "),
                query,
                body,
                ret,
                op.auth,
                flags
            );
        }
    }
    let all_types = api.models.iter().map(|t| ("models", t)).chain(
        api.modules
            .iter()
            .flat_map(|m| m.types.iter().map(move |t| (m.name.as_str(), t))),
    );
    for (module, def) in all_types {
        let shape = match &def.kind {
            TypeKind::Struct { fields, .. } => format!(
                "struct {{{}}}",
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.rust_name, ty(&f.ty)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeKind::StringEnum { variants } => format!(
                "enum {}",
                variants
                    .iter()
                    .map(|v| v.value.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            TypeKind::IntEnum { variants } => format!(
                "enum {}",
                variants
                    .iter()
                    .map(|v| v.value.to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            TypeKind::Untagged { variants } => format!(
                "untagged {}",
                variants
                    .iter()
                    .map(|v| ty(&v.ty))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            TypeKind::Alias { target } => format!("= {}", ty(target)),
        };
        // The cargo features that compile the type, where it is gated apart from its module.
        let path = format!("{module}::{}", def.name);
        let gate = match api.type_features.get(&path) {
            Some(features) if module == "models" || features.len() > 1 => {
                format!(" [{}]", features.join(" "))
            }
            _ => String::new(),
        };
        let _ = writeln!(out, "type {path} {shape}{gate}");
    }
    for fallback in &api.fallbacks {
        let _ = writeln!(out, "fallback {} ({})", fallback.pointer, fallback.reason);
    }
    for diagnostic in &api.diagnostics {
        let _ = writeln!(out, "{diagnostic}");
    }
    out
}

#[test]
fn altegio_ir_summary_matches_snapshot() {
    let (api, _) =
        codegen::lower_file(&altegio_spec(), &altegio_config()).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("altegio_ir_summary", summary(&api));
}

/// The same summary for each other API of spec/apis.yaml (online booking, developer tools with
/// its webhooks, B2B v2).
#[test]
fn other_altegio_apis_ir_summaries_match_snapshots() {
    for api in altegio_apis().into_iter().skip(1) {
        let (ir, _) =
            codegen::lower_file(&api.spec, &api.config()).unwrap_or_else(|e| panic!("{e}"));
        let mut text = summary(&ir);
        for webhook in &ir.webhooks {
            let _ = writeln!(
                text,
                "webhook {} -> {} selected by {:?}",
                webhook.name,
                ty(&webhook.payload),
                webhook.discriminator_values
            );
        }
        insta::assert_snapshot!(format!("altegio_ir_summary_{}", api.name), text);
    }
}

/// The generated files and the public-API surface of every API are compared with the committed
/// ones, not snapshotted: they are committed already, and `regenerate --check` guards them byte
/// for byte.
#[test]
fn altegio_generated_files_and_surface_match_the_committed_ones() {
    let mut stale = Vec::new();
    for api in altegio_apis() {
        let generated =
            codegen::generate_file(&api.spec, &api.config()).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in &generated.files {
            let committed = std::fs::read_to_string(api.out.join(path)).unwrap_or_default();
            if &committed != text {
                stale.push(format!("{}: {path}", api.name));
            }
        }
        let (_, surface) = codegen::surface::file_for(&generated.api, &api.spec);
        let surface_path = workspace_root()
            .join("generated-client/api")
            .join(codegen::surface::file_name(&api.spec));
        if std::fs::read_to_string(&surface_path).unwrap_or_default() != surface {
            stale.push(surface_path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated-client is stale ({stale:?}); run `cargo xtask regenerate` and commit"
    );
}

#[test]
fn generation_is_deterministic() {
    for api in altegio_apis() {
        let config = api.config();
        let first = codegen::generate_file(&api.spec, &config).unwrap_or_else(|e| panic!("{e}"));
        let second = codegen::generate_file(&api.spec, &config).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.files, second.files, "{}", api.name);
    }
}

#[test]
fn every_operation_reaches_the_client_with_its_method_and_path_line() {
    let generated = codegen::generate_file(&altegio_spec(), &altegio_config())
        .unwrap_or_else(|e| panic!("{e}"));
    let spec_ops =
        std::fs::read_to_string(workspace_root().join("spec/altegio-b2b-v1.operations.tsv"))
            .unwrap_or_else(|e| panic!("operations index: {e}"));
    let code: String = generated.files.values().cloned().collect();
    let mut missing = Vec::new();
    let mut count = 0;
    for line in spec_ops.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (method, path, id) = (cols[1], cols[2], cols[3]);
        count += 1;
        let doc_line = format!("/// `{method} {path}`");
        let fn_line = format!("pub async fn {id}(");
        if !code.contains(&doc_line) || !code.contains(&fn_line) {
            missing.push(format!("{method} {path} ({id})"));
        }
    }
    assert_eq!(count, 260);
    assert!(
        missing.is_empty(),
        "operations missing from the client: {missing:?}"
    );
}
