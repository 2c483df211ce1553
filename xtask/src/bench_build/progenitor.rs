//! progenitor's client for a corpus spec, made at benchmark time: a small generator program
//! (the published `progenitor` crate, used as a tool here and never by the product) writes
//! `lib.rs` of a crate that depends on `progenitor-client` and the crates its code names.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace::write_if_changed;

/// The progenitor release the comparison is made against.
pub const VERSION: &str = "0.15";

const GENERATOR_MANIFEST: &str = r#"# Written by `cargo xtask bench-build`: runs progenitor on one spec.
[package]
name = "progenitor-generate"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor = "@VERSION@"
openapiv3 = "2"
serde_json = "1"
syn = "2"
prettyplease = "0.2"
"#;

const GENERATOR_MAIN: &str = r#"// Written by `cargo xtask bench-build`: progenitor's generator, as its documentation runs it.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read the spec");
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).expect("an OpenAPI 3.0 document");
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).expect("progenitor generates the spec");
    let file = syn::parse2(tokens).expect("progenitor's output parses");
    std::fs::write(&args[2], prettyplease::unparse(&file)).expect("write lib.rs");
}
"#;

/// The package name of the generated crate.
pub const PACKAGE: &str = "progenitor-nexus";

const CLIENT_MANIFEST: &str = r#"# Written by `cargo xtask bench-build`: progenitor's client for one spec.
[package]
name = "@NAME@"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor-client = "@VERSION@"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"
futures = "0.3"
bytes = "1"
base64 = "0.22"
rand = "0.9"
"#;

/// The client crate's manifest, its placeholders filled.
fn client_manifest() -> String {
    CLIENT_MANIFEST
        .replace("@NAME@", PACKAGE)
        .replace("@VERSION@", VERSION)
}

/// Writes the generator, runs it on `spec`, and writes the client crate under `dir`; returns
/// the client crate's manifest path.
pub fn prepare(dir: &Path, spec: &Path, target_dir: &Path) -> Result<PathBuf> {
    let generator = dir.join("progenitor-generate");
    write_if_changed(
        &generator.join("Cargo.toml"),
        &GENERATOR_MANIFEST.replace("@VERSION@", VERSION),
    )?;
    write_if_changed(&generator.join("src/main.rs"), GENERATOR_MAIN)?;
    let client = dir.join(PACKAGE);
    write_if_changed(&client.join("Cargo.toml"), &client_manifest())?;
    let lib = client.join("src/lib.rs");
    std::fs::create_dir_all(client.join("src")).context("create the progenitor crate")?;
    let status = Command::new(crate::workspace::cargo())
        .args(["run", "--quiet", "--release", "--manifest-path"])
        .arg(generator.join("Cargo.toml"))
        .arg("--")
        .arg(spec)
        .arg(&lib)
        .env("CARGO_TARGET_DIR", target_dir)
        .status()
        .context("cannot run cargo for progenitor's generator")?;
    if !status.success() {
        bail!(
            "progenitor {VERSION} did not generate {} (its build needs the crates registry; \
             --no-progenitor skips the comparison)",
            spec.display()
        );
    }
    Ok(client.join("Cargo.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_manifest_has_no_placeholder_left() {
        let manifest = client_manifest();
        assert!(!manifest.contains('@'), "{manifest}");
        assert!(
            manifest.contains(&format!("name = \"{PACKAGE}\"")),
            "{manifest}"
        );
    }
}
