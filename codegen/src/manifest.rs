//! The API manifest (`spec/apis.yaml` in this repository): which published OpenAPI documents are
//! generated, and where each one's spec, config, generated tree and public-API surface live.
//! One reader, so the xtask that generates and the tests that check the output agree on it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CodegenError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    apis: Vec<Entry>,
}

/// One API of the manifest. Paths are relative to the directory the manifest's users resolve
/// them against (the workspace root here).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Short name, as the portal's bundle URL spells it (`b2b-v1`, `public`, ...).
    pub name: String,
    /// What the summary calls it.
    pub title: String,
    /// Where the published document is fetched from.
    pub source_url: String,
    pub spec: PathBuf,
    pub config: PathBuf,
    pub out: PathBuf,
    pub surface: PathBuf,
}

/// Every API of the manifest at `path`, in its order (the first is the primary one).
pub fn read(path: &Path) -> Result<Vec<Entry>, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
    let invalid = |message: String| CodegenError::Manifest {
        path: path.to_path_buf(),
        message,
    };
    let manifest: Manifest = serde_yaml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if manifest.apis.is_empty() {
        return Err(invalid("it lists no API".to_string()));
    }
    Ok(manifest.apis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<Entry>, CodegenError> {
        let dir = tempfile::tempdir().map_err(|e| CodegenError::io("tempdir", e))?;
        let path = dir.path().join("apis.yaml");
        std::fs::write(&path, text).map_err(|e| CodegenError::io(&path, e))?;
        read(&path)
    }

    #[test]
    fn reads_entries_in_order_and_refuses_empty_or_unknown_keys() {
        let entry = |name: &str| {
            format!("  - {{name: {name}, title: T, source_url: u, spec: s, config: c, out: o, surface: f}}\n")
        };
        let apis = read_text(&format!("apis:\n{}{}", entry("b"), entry("a"))).unwrap();
        let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        let empty = read_text("apis: []\n").unwrap_err().to_string();
        assert!(
            empty.contains("invalid API manifest: it lists no API"),
            "{empty}"
        );
        let unknown = read_text("apis: []\nother: 1\n").unwrap_err().to_string();
        assert!(unknown.contains("unknown field `other`"), "{unknown}");
        let missing = read(Path::new("/nonexistent/apis.yaml")).unwrap_err();
        assert!(matches!(missing, CodegenError::Io { .. }), "{missing}");
    }
}
