//! spec/apis.yaml: the APIs this repository generates (one published OpenAPI document each),
//! with where each one's spec, config, generated tree and public-API surface live.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

pub const MANIFEST: &str = "spec/apis.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    apis: Vec<Api>,
}

/// One API of the manifest. Paths are relative to the workspace root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// Short name, as the portal's bundle URL spells it (`b2b-v1`, `public`, ...).
    pub name: String,
    /// What the summary calls it.
    pub title: String,
    pub source_url: String,
    pub spec: PathBuf,
    pub config: PathBuf,
    pub out: PathBuf,
    pub surface: PathBuf,
}

/// Every API of the manifest, in its order (the first is the primary one).
pub fn read(path: &Path) -> Result<Vec<Api>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let manifest: Manifest = serde_yaml::from_str(&text)
        .with_context(|| format!("{}: invalid API manifest", path.display()))?;
    if manifest.apis.is_empty() {
        bail!("{}: lists no API", path.display());
    }
    Ok(manifest.apis)
}

/// The APIs `only` selects: all of them, or the one with that name.
pub fn select(apis: Vec<Api>, only: Option<&str>) -> Result<Vec<Api>> {
    let Some(name) = only else {
        return Ok(apis);
    };
    let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    match apis.iter().find(|a| a.name == name) {
        Some(api) => Ok(vec![api.clone()]),
        None => bail!("unknown API `{name}`; spec/apis.yaml lists {}", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_manifest_lists_the_four_altegio_apis() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let apis = read(&root.join(MANIFEST)).unwrap();
        let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["b2b-v1", "public", "developers", "b2b-v2"]);
        for api in &apis {
            assert!(root.join(&api.spec).is_file(), "{}", api.spec.display());
        }
        let one = select(apis.clone(), Some("public")).unwrap();
        assert_eq!(one[0].name, "public");
        let err = select(apis, Some("v3")).unwrap_err().to_string();
        assert!(err.contains("unknown API `v3`"), "{err}");
    }
}
