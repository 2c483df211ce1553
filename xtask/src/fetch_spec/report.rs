//! What fetch-spec prints about one API's download: the classified API changelog against the
//! vendored spec (before anything is written) and the operations added or removed (after).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

use codegen::changelog::Changelog;
use codegen::Config;

use super::shape::{operations_of, OperationKey};
use super::Target;
use crate::diff_spec::{self, Side};
use crate::workspace::one_line;

/// The classified API changelog of the download against the vendored spec, generated with the
/// API's own config (or the defaults while it has none). A download the generator cannot lower
/// yet (say, a spec patch stopped applying) is reported here, not fatal: `regenerate` will name
/// the problem.
pub fn print_api_changes(target: &Target, previous: Option<&[u8]>, new: &[u8]) {
    let Some(previous) = previous else {
        return;
    };
    if previous == new {
        println!(
            "API changes ({}): none, {} is byte-identical to the download",
            target.name,
            target.out.display()
        );
        return;
    }
    let report = || -> Result<Changelog> {
        let config = if target.config.is_file() {
            Config::from_file(&target.config)?
        } else {
            Config::default()
        };
        let side = |bytes: &[u8], origin: String| -> Result<Side> {
            Ok(Side {
                text: String::from_utf8(bytes.to_vec())
                    .with_context(|| format!("{origin}: not UTF-8 text"))?,
                origin,
                config: config.clone(),
            })
        };
        let old = side(previous, target.out.display().to_string())?;
        let new = side(new, target.url.clone())?;
        let title = format!("API changes: {} -> download", target.out.display());
        diff_spec::compare(&old, &new, &title)
    };
    match report() {
        Ok(log) => print!("{}", log.to_markdown()),
        Err(e) => println!(
            "API changelog unavailable ({}): {}",
            target.name,
            one_line(&e)
        ),
    }
}

pub fn print_changes(
    previous: Option<&[u8]>,
    new: &[u8],
    operations: &BTreeSet<OperationKey>,
    out: &Path,
) {
    let Some(previous) = previous else {
        println!(
            "no previous {}; operations added ({}):",
            out.display(),
            operations.len()
        );
        for op in operations {
            println!("  + {op}");
        }
        return;
    };
    if previous == new {
        println!(
            "unchanged: {} is byte-identical to the download",
            out.display()
        );
        return;
    }
    let origin = out.display().to_string();
    let before = match std::str::from_utf8(previous)
        .map_err(|e| e.to_string())
        .and_then(|t| codegen::parse::parse_document(t, &origin).map_err(|e| e.to_string()))
    {
        Ok(doc) => operations_of(&doc),
        Err(e) => {
            println!("previous {origin} did not parse ({e}); listing every operation as added");
            BTreeSet::new()
        }
    };
    let added: Vec<_> = operations.difference(&before).collect();
    let removed: Vec<_> = before.difference(operations).collect();
    if added.is_empty() && removed.is_empty() {
        println!(
            "operations unchanged ({}); other content changed",
            operations.len()
        );
        return;
    }
    if !added.is_empty() {
        println!("operations added ({}):", added.len());
        for op in added {
            println!("  + {op}");
        }
    }
    if !removed.is_empty() {
        println!("operations removed ({}):", removed.len());
        for op in removed {
            println!("  - {op}");
        }
    }
}
