//! `cargo xtask corpus`: runs codegen over every spec in tests/corpus/ and compiles each generated
//! client as a scratch crate beside generated-client's runtime, then documents it; prints a
//! markdown report table with the rustc and rustdoc warnings found in generated code.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use codegen::write::{write_tree, Mode};
use codegen::{Config, Generated};
use serde::Deserialize;

use crate::workspace::{self, Workspace};

/// What the panic hook saw last; the default hook would print a multi-line message mid-report.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

enum Outcome {
    Generated(Box<Generated>),
    Failed(String),
    Panicked(String),
}

struct Row {
    name: String,
    outcome: Outcome,
    codegen: Duration,
    /// `None` when not compiled; `Some(Err(first error line))` when it did not compile.
    compiled: Option<Result<Warnings, String>>,
}

/// Warnings located in `src/generated/` of a scratch crate (the copied runtime is not counted).
pub(crate) struct Warnings {
    pub(crate) rustc: usize,
    /// `None` when `cargo doc` itself failed.
    pub(crate) rustdoc: Option<usize>,
}

pub fn run(ws: &Workspace, only: Option<&str>, compile: bool) -> Result<()> {
    let specs: Vec<PathBuf> = list_specs(Path::new(workspace::CORPUS_DIR))?
        .into_iter()
        .filter(|p| only.is_none_or(|o| file_name(p).contains(o)))
        .collect();
    if specs.is_empty() {
        bail!("{}: no spec matched", workspace::CORPUS_DIR);
    }
    let template = if compile {
        Some(CrateTemplate::load(ws)?)
    } else {
        None
    };

    let mut rows = Vec::with_capacity(specs.len());
    for spec in &specs {
        let name = file_name(spec);
        eprintln!("corpus: {name}");
        let (outcome, codegen) = generate(spec);
        let compiled = match (&template, &outcome) {
            (Some(t), Outcome::Generated(g)) => Some(t.check(ws, &name, &g.files)?),
            _ => None,
        };
        rows.push(Row {
            name,
            outcome,
            codegen,
            compiled,
        });
    }
    print_report(&rows, compile);
    Ok(())
}

fn list_specs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry.with_context(|| dir.display().to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_file() && matches!(ext, "yaml" | "yml" | "json") {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs the pipeline with default options; a panic is caught and reported like an error, since
/// the point of the corpus is to find the specs that break the generator.
fn generate(spec: &Path) -> (Outcome, Duration) {
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let text = info.to_string().replace('\n', " ");
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
    }));
    let started = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        codegen::generate_file(spec, &Config::default())
    }));
    let elapsed = started.elapsed();
    panic::set_hook(previous_hook);
    let outcome = match result {
        Ok(Ok(generated)) => Outcome::Generated(Box::new(generated)),
        Ok(Err(e)) => Outcome::Failed(first_line(&e.to_string())),
        Err(_) => {
            let text = LAST_PANIC
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or_else(|| "panicked".to_string());
            Outcome::Panicked(text)
        }
    };
    (outcome, elapsed)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

/// generated-client's manifest and hand-written sources, to build a scratch crate around
/// another spec's generated files.
pub(crate) struct CrateTemplate {
    manifest: String,
    /// `lib.rs` and `runtime/...`, keyed relative to `src/`.
    sources: BTreeMap<String, String>,
    lockfile: Option<String>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    edition: String,
    dependencies: Vec<Dependency>,
    features: BTreeMap<String, Vec<String>>,
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Dependency {
    name: String,
    req: String,
    kind: Option<String>,
    rename: Option<String>,
    optional: bool,
    uses_default_features: bool,
    features: Vec<String>,
    target: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

impl CrateTemplate {
    pub(crate) fn load(ws: &Workspace) -> Result<CrateTemplate> {
        let output = Command::new(workspace::cargo())
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .current_dir(&ws.root)
            .output()
            .context("running `cargo metadata`")?;
        if !output.status.success() {
            bail!(
                "`cargo metadata` failed: {}",
                first_line(&String::from_utf8_lossy(&output.stderr))
            );
        }
        let metadata: Metadata =
            serde_json::from_slice(&output.stdout).context("reading `cargo metadata` output")?;
        let package = metadata
            .packages
            .into_iter()
            .find(|p| p.name == workspace::CLIENT_CRATE)
            .with_context(|| {
                format!(
                    "`cargo metadata` lists no package {}",
                    workspace::CLIENT_CRATE
                )
            })?;

        let src = Path::new(workspace::CLIENT_CRATE).join("src");
        let mut sources = BTreeMap::new();
        read_tree(&src.join("runtime"), "runtime", &mut sources)?;
        let lib = src.join("lib.rs");
        sources.insert(
            "lib.rs".to_string(),
            fs::read_to_string(&lib).with_context(|| lib.display().to_string())?,
        );
        Ok(CrateTemplate {
            manifest: manifest_for(&package),
            sources,
            lockfile: fs::read_to_string("Cargo.lock").ok(),
        })
    }

    /// Writes the scratch crate for `name` and runs `cargo check` on it.
    pub(crate) fn check(
        &self,
        ws: &Workspace,
        name: &str,
        generated: &BTreeMap<String, String>,
    ) -> Result<Result<Warnings, String>> {
        let dir = ws
            .root
            .join(workspace::CORPUS_SCRATCH)
            .join(crate_name(name));
        self.write(&dir, &crate_name(name), generated)?;
        let check = run_cargo(ws, &dir, "check", name)?;
        if !check.status.success() {
            return Ok(Err(first_error(&String::from_utf8_lossy(&check.stderr))));
        }
        let doc = run_cargo(ws, &dir, "doc", name)?;
        Ok(Ok(Warnings {
            rustc: generated_warnings(&String::from_utf8_lossy(&check.stderr)),
            rustdoc: doc
                .status
                .success()
                .then(|| generated_warnings(&String::from_utf8_lossy(&doc.stderr))),
        }))
    }

    /// Writes a scratch crate: the client's runtime and `lib.rs` around `generated`, in `dir`,
    /// as package `package`. Only changed files are rewritten, so a rebuild rebuilds only what
    /// changed.
    pub(crate) fn write(
        &self,
        dir: &Path,
        package: &str,
        generated: &BTreeMap<String, String>,
    ) -> Result<()> {
        let mut sources = self.sources.clone();
        for (rel, text) in generated {
            sources.insert(format!("generated/{rel}"), text.clone());
        }
        write_tree(&dir.join("src"), &sources, Mode::Write)?;
        let manifest = self.manifest.replace("@NAME@", package);
        let mut top = BTreeMap::from([("Cargo.toml".to_string(), manifest)]);
        if let Some(lock) = &self.lockfile {
            // Same dependency versions as the workspace, and no registry update needed.
            top.insert("Cargo.lock".to_string(), lock.clone());
        }
        for (file, text) in top {
            workspace::write_if_changed(&dir.join(file), &text)?;
        }
        Ok(())
    }
}

/// `cargo check` or `cargo doc --no-deps` on a scratch crate, sharing one target directory.
fn run_cargo(
    ws: &Workspace,
    dir: &Path,
    subcommand: &str,
    name: &str,
) -> Result<std::process::Output> {
    let mut command = Command::new(workspace::cargo());
    command.args([subcommand, "--quiet"]);
    if subcommand == "doc" {
        command.arg("--no-deps");
    }
    command
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            ws.root.join(workspace::CORPUS_SCRATCH).join("target"),
        )
        .output()
        .with_context(|| format!("running `cargo {subcommand}` for {name}"))
}

/// Counts the warnings whose first location (` --> file:line`) is in `src/generated/`.
fn generated_warnings(stderr: &str) -> usize {
    let mut count = 0;
    let mut open_warning = false;
    for line in stderr.lines() {
        if line.starts_with("warning") || line.starts_with("error") {
            open_warning = line.starts_with("warning");
        } else if let Some(location) = line.trim_start().strip_prefix("--> ") {
            if open_warning && location.starts_with("src/generated/") {
                count += 1;
            }
            open_warning = false;
        }
    }
    count
}

fn crate_name(spec_file: &str) -> String {
    let stem = spec_file.rsplit_once('.').map_or(spec_file, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{clean}")
}

/// The first `error...` line of cargo's output, with its ` --> file:line` location if given.
fn first_error(stderr: &str) -> String {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("error") {
            let location = lines
                .clone()
                .take(3)
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            return match location {
                Some(loc) => format!("{line} at {loc}"),
                None => line.to_string(),
            };
        }
    }
    first_line(stderr)
}

fn read_tree(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry.with_context(|| dir.display().to_string())?.path();
        let rel = format!("{prefix}/{}", file_name(&path));
        if path.is_dir() {
            read_tree(&path, &rel, out)?;
        } else {
            let text = fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            out.insert(rel, text);
        }
    }
    Ok(())
}

/// A standalone manifest with generated-client's resolved dependencies and features. `[workspace]`
/// keeps it out of the repository's workspace even though it lives under target/.
fn manifest_for(package: &Package) -> String {
    let lib_name = package
        .targets
        .iter()
        .find(|t| t.kind.iter().any(|k| k == "lib"))
        .map_or("corpus_client", |t| t.name.as_str());
    let mut text = format!(
        "# Written by `cargo xtask corpus`; a scratch copy of generated-client for one corpus spec.\n\
         [package]\nname = \"@NAME@\"\nversion = \"0.0.0\"\nedition = {}\npublish = false\n\n\
         [lib]\nname = {}\npath = \"src/lib.rs\"\n\n[workspace]\n",
        quote(&package.edition),
        quote(lib_name)
    );
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for dep in &package.dependencies {
        let section = match dep.kind.as_deref() {
            None | Some("normal") => "dependencies",
            Some("build") => "build-dependencies",
            Some(_) => continue, // dev-dependencies are not needed to check the library
        };
        let table = match &dep.target {
            Some(cfg) => format!("target.{}.{section}", quote(cfg)),
            None => section.to_string(),
        };
        tables.entry(table).or_default().push(dependency_line(dep));
    }
    for (table, lines) in tables {
        text.push_str(&format!("\n[{table}]\n{}\n", lines.join("\n")));
    }
    // The scratch crate holds one spec's tree: none of the client's other APIs, which its
    // default features would compile.
    text.push_str("\n[features]\ndefault = []\n");
    for (feature, enables) in package.features.iter().filter(|(f, _)| *f != "default") {
        let list: Vec<String> = enables.iter().map(|s| quote(s)).collect();
        text.push_str(&format!("{} = [{}]\n", quote(feature), list.join(", ")));
    }
    text
}

fn dependency_line(dep: &Dependency) -> String {
    let mut parts = vec![format!("version = {}", quote(&dep.req))];
    if let Some(path) = &dep.path {
        parts.push(format!("path = {}", quote(path)));
    }
    if dep.rename.is_some() {
        parts.push(format!("package = {}", quote(&dep.name)));
    }
    if !dep.uses_default_features {
        parts.push("default-features = false".to_string());
    }
    if !dep.features.is_empty() {
        let list: Vec<String> = dep.features.iter().map(|s| quote(s)).collect();
        parts.push(format!("features = [{}]", list.join(", ")));
    }
    if dep.optional {
        parts.push("optional = true".to_string());
    }
    let key = dep.rename.as_deref().unwrap_or(&dep.name);
    format!("{} = {{ {} }}", quote(key), parts.join(", "))
}

/// A TOML basic string; JSON string escapes are a subset TOML accepts.
fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn print_report(rows: &[Row], compiled: bool) {
    let build = if cfg!(debug_assertions) {
        "debug build"
    } else {
        "release build"
    };
    println!("| spec | generated | compiles | rustc warnings | rustdoc warnings | diagnostics | codegen ms |");
    println!("|---|---|---|---:|---:|---|---:|");
    for row in rows {
        let (generated, diagnostics) = match &row.outcome {
            Outcome::Generated(g) => ("yes", g.api.diagnostics.len().to_string()),
            Outcome::Failed(_) => ("no", "-".to_string()),
            Outcome::Panicked(_) => ("PANIC", "-".to_string()),
        };
        let (compiles, rustc, rustdoc) = match &row.compiled {
            None => ("-", "-".to_string(), "-".to_string()),
            Some(Ok(w)) => (
                "yes",
                w.rustc.to_string(),
                w.rustdoc
                    .map_or("doc failed".to_string(), |n| n.to_string()),
            ),
            Some(Err(_)) => ("no", "-".to_string(), "-".to_string()),
        };
        println!(
            "| {} | {generated} | {compiles} | {rustc} | {rustdoc} | {diagnostics} | {:.1} |",
            row.name,
            row.codegen.as_secs_f64() * 1000.0
        );
    }
    let generated = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated(_)))
        .count();
    let compiles = rows
        .iter()
        .filter(|r| matches!(r.compiled, Some(Ok(_))))
        .count();
    let clean = rows
        .iter()
        .filter(|r| matches!(&r.compiled, Some(Ok(w)) if w.rustc == 0 && w.rustdoc == Some(0)))
        .count();
    println!();
    print!("generated {generated}/{}", rows.len());
    if compiled {
        print!(", compiled {compiles}/{generated}, warning-free (rustc and rustdoc) {clean}/{compiles}");
    }
    println!(" (codegen ms from a {build}, default Config)");
    let notes: Vec<String> = rows
        .iter()
        .filter_map(|r| match (&r.outcome, &r.compiled) {
            (Outcome::Failed(e), _) => Some(format!("- {}: codegen error: {e}", r.name)),
            (Outcome::Panicked(e), _) => Some(format!("- {}: codegen panicked: {e}", r.name)),
            (_, Some(Err(e))) => Some(format!("- {}: compile error: {e}", r.name)),
            _ => None,
        })
        .collect();
    if !notes.is_empty() {
        println!();
        for note in notes {
            println!("{note}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(
            crate_name("oai-examples__petstore.yaml"),
            "corpus-oai-examples--petstore"
        );
        assert_eq!(crate_name("Twilio.v2.json"), "corpus-twilio-v2");
    }

    #[test]
    fn first_error_keeps_the_location() {
        let stderr =
            "warning: x\nerror[E0412]: cannot find type `Foo`\n  --> src/generated/a.rs:3:9\n";
        assert_eq!(
            first_error(stderr),
            "error[E0412]: cannot find type `Foo` at src/generated/a.rs:3:9"
        );
    }

    #[test]
    fn only_warnings_in_generated_code_are_counted() {
        let stderr = "warning: unused import: `Foo`\n --> src/generated/a.rs:1:5\n  |\n\
                      warning: this URL is not a hyperlink\n   --> src/generated/b.rs:9:1\n\
                      warning: unresolved link to `x`\n --> src/lib.rs:3:1\n\
                      error[E0412]: cannot find type\n --> src/generated/c.rs:2:2\n\
                      warning: `corpus-x` (lib) generated 3 warnings\n";
        assert_eq!(generated_warnings(stderr), 2);
    }

    #[test]
    fn manifest_mirrors_dependencies() {
        let package = Package {
            name: "generated-client".into(),
            edition: "2021".into(),
            dependencies: vec![Dependency {
                name: "reqwest".into(),
                req: "^0.12".into(),
                kind: None,
                rename: None,
                optional: false,
                uses_default_features: false,
                features: vec!["json".into()],
                target: None,
                path: None,
            }],
            features: BTreeMap::from([("mock".to_string(), vec!["dep:axum".to_string()])]),
            targets: vec![Target {
                name: "altegio".into(),
                kind: vec!["lib".into()],
            }],
        };
        let toml = manifest_for(&package);
        assert!(toml.contains(
            "\"reqwest\" = { version = \"^0.12\", default-features = false, features = [\"json\"] }"
        ));
        assert!(toml.contains("\n[workspace]\n"));
        assert!(toml.contains("\"mock\" = [\"dep:axum\"]"));
        assert!(toml.contains("name = \"altegio\""));
    }
}
