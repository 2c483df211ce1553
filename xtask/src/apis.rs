//! spec/apis.yaml: the APIs this repository generates (one published OpenAPI document each),
//! read with `codegen::manifest`; here the manifest's path and the `--api` selection.

use std::path::Path;

use anyhow::{bail, Result};

pub use codegen::manifest::Entry as Api;

pub const MANIFEST: &str = "spec/apis.yaml";

/// Every API of the manifest, in its order (the first is the primary one).
pub fn read(path: &Path) -> Result<Vec<Api>> {
    Ok(codegen::manifest::read(path)?)
}

/// The APIs `only` selects: all of them, or the one with that name.
pub fn select(apis: Vec<Api>, only: Option<&str>) -> Result<Vec<Api>> {
    let Some(name) = only else {
        return Ok(apis);
    };
    let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    match apis.iter().find(|a| a.name == name) {
        Some(api) => Ok(vec![api.clone()]),
        None => bail!(
            "unknown API `{name}`; spec/apis.yaml lists {}",
            names.join(", ")
        ),
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
