//! `propose-patches` on a fixture spec with one case per inference rule: one sample, samples
//! that disagree, money, data-keyed maps, empty-only values and a place no example reaches.

use codegen::evidence::{EMPTY_ONLY, NO_EXAMPLE};
use codegen::propose::{propose, render, Proposal};
use codegen::Config;
use integration_tests::fixtures;
use serde_json::{json, Value};

fn fixture() -> (String, Config) {
    let dir = fixtures("propose");
    let text = std::fs::read_to_string(dir.join("spec.yaml")).unwrap();
    let config = Config::from_file(&dir.join("codegen.yaml")).unwrap();
    (text, config)
}

fn proposal() -> Proposal {
    let (text, config) = fixture();
    propose(&text, "spec.yaml", &config, None).unwrap()
}

/// The schema a draft adds or puts in place.
fn drafted(proposal: &Proposal, path: &str) -> Value {
    let draft = proposal
        .drafts
        .iter()
        .find(|d| d.fallback.pointer.contains(path))
        .unwrap_or_else(|| panic!("no draft for {path}"));
    let op = draft.patch.last().unwrap();
    assert_eq!(op["op"], "add", "{op}");
    op["value"].clone()
}

#[test]
fn drafts_follow_the_conservative_rules() {
    let proposal = proposal();
    let one = drafted(&proposal, "~1one/");
    assert_eq!(
        one["properties"]["data"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"}, "active": {"type": "boolean"},
            "created": {"type": "string", "format": "date-time"}
        }})
    );
    // The runtime reads the envelope's meta: left an untyped object.
    assert_eq!(one["properties"]["meta"], json!({"type": "object"}));
    assert!(one.get("required").is_none() && one["properties"]["data"].get("required").is_none());

    let conflict = drafted(&proposal, "~1conflict/");
    assert!(conflict["properties"]["code"].get("type").is_none());
    assert_eq!(conflict["properties"]["note"], json!({"type": "string"}));

    let money = &drafted(&proposal, "~1money/")["properties"];
    for field in ["price_min", "total_sum", "balance"] {
        assert_eq!(money[field], json!({"type": "number"}), "{field}");
    }
    for field in ["service_id", "total_count"] {
        assert_eq!(money[field], json!({"type": "integer"}), "{field}");
    }

    let maps = &drafted(&proposal, "~1maps/")["properties"];
    assert_eq!(
        maps["custom_fields"],
        json!({"type": "object", "additionalProperties": {"type": "string"}})
    );
    assert_eq!(
        maps["by_id"]["additionalProperties"],
        json!({"type": "object", "properties": {"id": {"type": "integer"}}})
    );
}

#[test]
fn drafts_carry_evidence_and_review_notes() {
    let proposal = proposal();
    let conflict = proposal
        .drafts
        .iter()
        .find(|d| d.fallback.pointer.contains("~1conflict/"))
        .unwrap();
    assert_eq!(
        conflict.evidence,
        [
            "#/paths/~1conflict/get/responses/200/content/application~1json/examples/number/value",
            "#/paths/~1conflict/get/responses/200/content/application~1json/examples/text/value"
        ]
    );
    assert_eq!(
        conflict.notes,
        ["/code: left untyped: the examples disagree (integer, string)"]
    );
}

#[test]
fn empty_only_and_unreached_places_are_set_aside_with_their_reason() {
    let proposal = proposal();
    let reasons: Vec<(&str, &str)> = proposal
        .set_aside
        .iter()
        .map(|f| (f.pointer.as_str(), f.reason.as_str()))
        .collect();
    let schema = "#/paths/~1tags/get/responses/200/content/application~1json/schema";
    assert_eq!(
        reasons,
        [
            (
                "#/paths/~1none/get/responses/200/content/application~1json",
                NO_EXAMPLE
            ),
            (&format!("{schema}/properties/extra") as &str, EMPTY_ONLY),
            (&format!("{schema}/properties/tags") as &str, EMPTY_ONLY),
        ]
    );
    assert_eq!(proposal.drafts.len(), 4);
}

/// Pasted as they are, the drafts apply to the spec as written and type every place they
/// target: only what their notes leave untyped still falls back.
#[test]
fn the_drafts_apply_and_remove_their_fallbacks() {
    let (text, mut config) = fixture();
    let proposal = propose(&text, "spec.yaml", &config, None).unwrap();
    let rendered = render(&proposal);
    let patches: Vec<codegen::patch::SpecPatch> = serde_yaml::from_str(&rendered).unwrap();
    assert_eq!(patches.len(), proposal.drafts.len());
    config.spec_patches = patches;
    let (api, _) = codegen::lower_str(&text, "spec.yaml", &config).unwrap();
    let mut left: Vec<(&str, &str)> = api
        .fallbacks
        .iter()
        .map(|f| (f.pointer.as_str(), f.reason.as_str()))
        .collect();
    left.sort();
    let conflict = "#/paths/~1conflict/get/responses/200/content/application~1json/schema";
    let tags = "#/paths/~1tags/get/responses/200/content/application~1json/schema";
    assert_eq!(
        left,
        [
            (
                &format!("{conflict}/properties/code") as &str,
                "schema gives no type"
            ),
            (
                "#/paths/~1none/get/responses/200/content/application~1json",
                NO_EXAMPLE
            ),
            (&format!("{tags}/properties/extra") as &str, EMPTY_ONLY),
            (&format!("{tags}/properties/tags") as &str, EMPTY_ONLY),
        ]
    );
}

#[test]
fn the_rendered_drafts_match_the_reviewed_snapshot() {
    insta::assert_snapshot!(render(&proposal()));
}
