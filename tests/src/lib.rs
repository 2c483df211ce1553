//! Shared helpers for the cross-crate tests: where the workspace, spec and fixtures are.
//! Everything the tests read lives inside the repository (no `../shared` needed).

use std::path::{Path, PathBuf};

/// The workspace root (parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The vendored Altegio spec.
pub fn altegio_spec() -> PathBuf {
    workspace_root().join("spec/altegio-b2b-v1.openapi.yaml")
}

/// The generator config `cargo xtask regenerate` uses for Altegio.
pub fn altegio_config() -> codegen::Config {
    codegen::Config::from_file(&workspace_root().join("spec/codegen.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One API of `spec/apis.yaml`: its name, spec and generator config (absolute paths).
#[derive(Debug, Clone)]
pub struct AltegioApi {
    pub name: String,
    pub spec: PathBuf,
    pub config_path: PathBuf,
    /// Where `cargo xtask regenerate` writes its generated tree.
    pub out: PathBuf,
}

impl AltegioApi {
    pub fn config(&self) -> codegen::Config {
        codegen::Config::from_file(&self.config_path).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// Every API `cargo xtask regenerate` generates, in `spec/apis.yaml` order (v1 first), read
/// as the xtask reads it.
pub fn altegio_apis() -> Vec<AltegioApi> {
    let root = workspace_root();
    let path = root.join("spec/apis.yaml");
    codegen::manifest::read(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| AltegioApi {
            name: e.name,
            spec: root.join(e.spec),
            config_path: root.join(e.config),
            out: root.join(e.out),
        })
        .collect()
}

/// Directory of a fixture group under `tests/fixtures`.
pub fn fixtures(group: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(group)
}

/// Files in `dir` with one of `extensions`, sorted by name.
pub fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    files
}

/// The `.yaml` files of a fixture group but `skip` (its config or base), sorted; fails below `at_least`.
pub fn fixture_yamls(group: &str, skip: &str, at_least: usize) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = files_with(&fixtures(group), &["yaml"])
        .into_iter()
        .filter(|p| !p.ends_with(skip))
        .collect();
    assert!(
        files.len() >= at_least,
        "expected at least {at_least} fixtures in {group}, found {}",
        files.len()
    );
    files
}

/// The file stem of a fixture, naming its snapshots.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .to_string()
}

/// All generated files of a run, concatenated with a header line per file.
pub fn concat_files(files: &std::collections::BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(path, text)| format!("// ===== {path} =====\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}
