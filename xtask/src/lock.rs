//! spec/spec-lock.yaml: for each API of spec/apis.yaml, where its vendored spec came from, its
//! sha256, size and shape. Read and rewritten by `cargo xtask fetch-spec`.

use std::path::Path;

use anyhow::{bail, Context, Result};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The comment the lock file starts with; `fetch-spec` writes it back unchanged.
pub const HEADER: &str = "\
# Provenance of the vendored specs, one entry per API of spec/apis.yaml (keyed by its name).
# Each spec is vendored byte-for-byte from the published bundle at source_url; sha256 and bytes
# are those of the file, so a copy can be checked against them. `webhooks` counts the entries of
# the document's top-level `webhooks` map, where it has one.
# `cargo xtask fetch-spec` rewrites this file.
";

/// One API's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockEntry {
    pub source_url: String,
    pub sha256: String,
    /// UTC date of the download, `YYYY-MM-DD`.
    pub retrieved: String,
    pub bytes: u64,
    /// The document's `openapi` field.
    pub openapi: String,
    /// Operations under `paths`.
    pub operations: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<usize>,
}

/// The whole lock file: entries by API name, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecLock {
    entries: IndexMap<String, LockEntry>,
}

impl SpecLock {
    /// The lock at `path`; empty when there is none yet.
    pub fn read(path: &Path) -> Result<SpecLock> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SpecLock::default()),
            Err(e) => return Err(e).with_context(|| path.display().to_string()),
        };
        SpecLock::parse(&text).with_context(|| format!("{}: invalid spec lock", path.display()))
    }

    fn parse(text: &str) -> Result<SpecLock> {
        let value: serde_yaml::Value = serde_yaml::from_str(text)?;
        if value.is_null() {
            return Ok(SpecLock::default());
        }
        // The lock of a single spec, before spec/apis.yaml, had its fields at the top level.
        if value.get("source_url").is_some() {
            bail!("fields at the top level (a single-spec lock); key each entry by its API name");
        }
        let entries = serde_yaml::from_value(value)?;
        Ok(SpecLock { entries })
    }

    pub fn get(&self, api: &str) -> Option<&LockEntry> {
        self.entries.get(api)
    }

    /// Replaces `api`'s entry in place, or appends it.
    pub fn set(&mut self, api: &str, entry: LockEntry) {
        self.entries.insert(api.to_owned(), entry);
    }

    /// The file's text: [`HEADER`], then the entries.
    pub fn render(&self) -> Result<String> {
        let body = serde_yaml::to_string(&self.entries).context("serializing the spec lock")?;
        Ok(format!("{HEADER}{body}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::PathBuf;

    use sha2::{Digest, Sha256};

    use crate::apis;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the workspace")
            .to_path_buf()
    }

    fn committed() -> (Vec<apis::Api>, SpecLock) {
        let root = root();
        let apis = apis::read(&root.join(apis::MANIFEST)).unwrap();
        let lock = SpecLock::read(&root.join(crate::workspace::SPEC_LOCK)).unwrap();
        (apis, lock)
    }

    /// A spec edited (or re-vendored) without `fetch-spec` shows up here.
    #[test]
    fn committed_lock_matches_the_committed_specs() {
        let (apis, lock) = committed();
        let names: Vec<&str> = lock.entries.keys().map(String::as_str).collect();
        let listed: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, listed, "one lock entry per API, in manifest order");
        for api in &apis {
            let entry = lock.get(&api.name).unwrap();
            let bytes = std::fs::read(root().join(&api.spec)).unwrap();
            let what = api.spec.display();
            assert_eq!(entry.bytes, bytes.len() as u64, "{what}: size");
            assert_eq!(
                entry.sha256,
                format!("{:x}", Sha256::digest(&bytes)),
                "{what}: sha256"
            );
            assert_eq!(entry.source_url, api.source_url, "{what}: source_url");
        }
    }

    /// Rewriting the lock with the same entries reproduces the committed file byte for byte,
    /// so a `fetch-spec` of unchanged specs only moves the `retrieved` dates.
    #[test]
    fn committed_lock_is_in_the_written_format() {
        let path = root().join(crate::workspace::SPEC_LOCK);
        let text = std::fs::read_to_string(&path).unwrap();
        let (_, lock) = committed();
        assert_eq!(lock.render().unwrap(), text);
    }

    #[test]
    fn set_replaces_in_place_and_appends_new_apis() {
        let entry = |sha: &str| LockEntry {
            source_url: "http://127.0.0.1/x.yaml".into(),
            sha256: sha.into(),
            retrieved: "2026-01-01".into(),
            bytes: 1,
            openapi: "3.0.3".into(),
            operations: 0,
            webhooks: None,
        };
        let mut lock = SpecLock::default();
        lock.set("a", entry("1"));
        lock.set("b", entry("2"));
        lock.set("a", entry("3"));
        lock.set(
            "c",
            LockEntry {
                webhooks: Some(2),
                ..entry("4")
            },
        );
        let names: Vec<&str> = lock.entries.keys().map(String::as_str).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(lock.get("a").unwrap().sha256, "3");
        let text = lock.render().unwrap();
        assert!(text.starts_with(HEADER));
        assert_eq!(text.matches("webhooks: 2").count(), 1, "{text}");
        assert_eq!(SpecLock::parse(&text).unwrap(), lock);
    }

    #[test]
    fn a_single_spec_lock_is_named_as_such() {
        let old = "source_url: http://x\nsha256: 00\nretrieved: 2026-01-01\nbytes: 1\nopenapi: 3.0.3\noperations: 2\n";
        let err = SpecLock::parse(old).unwrap_err().to_string();
        assert!(err.contains("single-spec lock"), "{err}");
        assert_eq!(SpecLock::parse("").unwrap(), SpecLock::default());
    }
}
