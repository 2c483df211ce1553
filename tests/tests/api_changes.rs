//! Fixture pairs (tests/fixtures/changes: `base.yaml` and one JSON Patch per change) -> the
//! classified API changelog, snapshotted; each pair also states the semver bump it must imply.

use codegen::changelog::{self, Changelog};
use codegen::patch::SpecPatch;
use codegen::surface::Surface;
use codegen::Config;
use std::path::Path;

use integration_tests::{fixture_yamls, fixtures, stem};
use serde::Deserialize;

/// One change fixture: what it does, the bump it implies, and the patch that makes the new spec.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    what: String,
    bump: String,
    patch: serde_json::Value,
}

fn surface(value: serde_json::Value, origin: &str) -> Surface {
    let api =
        codegen::lower_value(value, origin, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    Surface::from_api(&api)
}

fn changelog_of(base: &serde_json::Value, case: &Case, name: &str) -> Changelog {
    let patch: SpecPatch = serde_json::from_value(serde_json::json!({
        "reason": case.what,
        "patch": case.patch,
    }))
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut new = base.clone();
    codegen::patch::apply(&mut new, &[patch], name).unwrap_or_else(|e| panic!("{e}"));
    changelog::diff(
        &surface(base.clone(), "base.yaml"),
        &surface(new, name),
        &format!("base.yaml -> {name}: {}", case.what),
    )
}

fn base() -> serde_json::Value {
    let path = fixtures("changes").join("base.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    codegen::parse::parse_document(&text, "base.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_change_fixture_is_classified_and_implies_its_bump() {
    let base = base();
    let mut wrong = Vec::new();
    for path in fixture_yamls("changes", "base.yaml", 15) {
        let name = stem(&path);
        let case = case(&path);
        let log = changelog_of(&base, &case, &name);
        insta::assert_snapshot!(name.clone(), log.to_markdown());
        if log.bump.to_string() != case.bump {
            wrong.push(format!("{name}: expected {}, got {}", case.bump, log.bump));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn json_report_carries_class_item_and_bump() {
    let path = fixtures("changes").join("operation_removed.yaml");
    let log = changelog_of(&base(), &case(&path), "operation_removed");
    let json: serde_json::Value =
        serde_json::from_str(&log.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["bump"], "major");
    assert_eq!(json["changes"][0]["class"], "breaking");
    assert_eq!(json["changes"][0]["item"], "fn delete_pet");
}
