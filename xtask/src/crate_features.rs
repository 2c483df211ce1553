//! The client crate's cargo features that gate generated code, written into
//! `generated-client/Cargo.toml` between two marker lines by `cargo xtask regenerate`: every
//! feature each API's config declares (`features` in its codegen config), plus `full` (every
//! API) and `default = ["full"]`. The rest of the manifest stays hand-written.

use std::collections::BTreeSet;

use anyhow::{bail, Result};
use codegen::ir::Feature;

pub const BEGIN: &str =
    "# BEGIN generated features: written by `cargo xtask regenerate` from each API's `features`";
pub const END: &str = "# END generated features";

/// The lines between the markers, from each API's features in manifest order.
pub fn block(apis: &[(String, Vec<Feature>)]) -> String {
    let groups: Vec<&str> = apis
        .iter()
        .filter_map(|(_, features)| features.first().map(|f| f.name.as_str()))
        .collect();
    let mut out = String::new();
    out.push_str("default = [\"full\"]\n");
    out.push_str("# Every API and every tag.\n");
    out.push_str(&format!("full = {}\n", list(groups.iter().copied())));
    for (name, features) in apis {
        for feature in features {
            out.push_str(&format!("# {name}: {}\n", feature.doc));
            let enables = feature.enables.iter().map(String::as_str);
            out.push_str(&format!("{} = {}\n", feature.name, list(enables)));
        }
    }
    out
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// `manifest` with its generated block replaced by `block`; an error when the markers are
/// missing or a generated feature clashes with a hand-written one or another API's.
pub fn apply(manifest: &str, block: &str) -> Result<String> {
    let (begin, end) = markers(manifest)?;
    let body_start = manifest[begin..]
        .find('\n')
        .map_or(manifest.len(), |i| begin + i + 1);
    if end < body_start {
        bail!("the client's Cargo.toml has its generated-features markers out of order");
    }
    let outside = format!("{}{}", &manifest[..begin], &manifest[end..]);
    let mut seen: BTreeSet<&str> = declared(&outside).into_iter().collect();
    for name in declared(block) {
        if !seen.insert(name) {
            bail!("cargo feature `{name}` is declared twice (check the APIs' `features` configs)");
        }
    }
    Ok(format!(
        "{}{block}{}",
        &manifest[..body_start],
        &manifest[end..]
    ))
}

/// The features of the generated block, in order, without `default` and `full`.
pub fn generated(manifest: &str) -> Result<Vec<String>> {
    let (begin, end) = markers(manifest)?;
    let block = manifest.get(begin..end).unwrap_or_default();
    Ok(declared(block)
        .into_iter()
        .filter(|name| !matches!(*name, "default" | "full"))
        .map(str::to_string)
        .collect())
}

/// Where the begin and end marker lines start.
fn markers(manifest: &str) -> Result<(usize, usize)> {
    match (manifest.find(BEGIN), manifest.find(END)) {
        (Some(begin), Some(end)) => Ok((begin, end)),
        _ => bail!("the client's Cargo.toml has no `{BEGIN}` ... `{END}` lines in its [features]"),
    }
}

/// Names declared as `name = [...]` lines, in order.
fn declared(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(" = ")?;
            let ok = !name.is_empty()
                && value.starts_with('[')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then_some(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(name: &str, enables: &[&str]) -> Feature {
        Feature {
            name: name.into(),
            doc: format!("{name} doc"),
            enables: enables.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn manifest(block: &str) -> String {
        format!(
            "[package]\nname = \"c\"\n\n[features]\n{BEGIN}\n{block}{END}\nmock = [\"dep:axum\"]\n"
        )
    }

    #[test]
    fn block_lists_groups_under_full_and_every_feature() {
        let apis = vec![
            (
                "one".to_string(),
                vec![
                    feature("v1", &["a", "b"]),
                    feature("a", &[]),
                    feature("b", &[]),
                ],
            ),
            ("two".to_string(), vec![feature("v2", &[])]),
        ];
        let text = block(&apis);
        assert!(text.starts_with("default = [\"full\"]\n"));
        assert!(text.contains("full = [\"v1\", \"v2\"]\n"));
        assert!(text.contains("# one: v1 doc\nv1 = [\"a\", \"b\"]\n"));
        assert!(text.contains("a = []\n") && text.contains("# two: v2 doc\nv2 = []\n"));
    }

    #[test]
    fn apply_replaces_only_the_block() {
        let old = manifest("stale = []\n");
        let new = apply(&old, "fresh = []\n").unwrap();
        assert_eq!(new, manifest("fresh = []\n"));
        assert_eq!(apply(&new, "fresh = []\n").unwrap(), new);
    }

    #[test]
    fn generated_lists_the_block_in_order_without_default_and_full() {
        let text = manifest("default = [\"full\"]\nfull = [\"v1\"]\nv1 = [\"b\"]\nb = []\n");
        assert_eq!(generated(&text).unwrap(), ["v1", "b"]);
        assert!(generated("[features]\n").is_err());
    }

    #[test]
    fn apply_refuses_clashes_and_missing_markers() {
        let old = manifest("");
        let err = apply(&old, "mock = []\n").unwrap_err().to_string();
        assert!(err.contains("`mock` is declared twice"), "{err}");
        let err = apply(&old, "a = []\na = []\n").unwrap_err().to_string();
        assert!(err.contains("`a` is declared twice"), "{err}");
        let err = apply("[features]\n", "a = []\n").unwrap_err().to_string();
        assert!(err.contains("no `# BEGIN generated features"), "{err}");
    }
}
