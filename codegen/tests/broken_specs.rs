//! Broken but real-looking specs (tests/fixtures/broken): lenient by default, `--strict` fails.
//! Drives the library and the `codegen` binary the way a user would.

use std::path::PathBuf;
use std::process::Command;

use codegen::ir::Severity;
use codegen::Config;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/broken")
        .join(name)
}

fn codegen_cli(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running codegen: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn dangling_refs_generate_with_errors_naming_both_pointers_and_value_fallbacks() {
    let generated = codegen::generate_file(&fixture("dangling_ref.yaml"), &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let api = &generated.api;
    let errors: Vec<String> = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        vec![
            "error: #/components/schemas/Job/properties/extra: $ref '#/components/schemas/oas_any_type_not_mapped' does not resolve; replaced by an any-schema (serde_json::Value)",
            "error: #/components/schemas/Job/properties/result/oneOf/1: $ref '#/components/schemas/Output' does not resolve; replaced by an any-schema (serde_json::Value)",
            "error: #/paths/~1jobs/get: dropped: $ref '#/components/parameters/Missing' at #/paths/~1jobs/get/parameters/0 does not resolve",
        ]
    );
    let fallbacks: Vec<&str> = api.fallbacks.iter().map(|f| f.pointer.as_str()).collect();
    assert!(
        fallbacks.contains(&"#/components/schemas/Job/properties/extra"),
        "{fallbacks:?}"
    );
    assert!(
        fallbacks.contains(&"#/components/schemas/Job/properties/result/oneOf/1"),
        "{fallbacks:?}"
    );
    let code = generated.files.values().cloned().collect::<String>();
    assert!(code.contains("serde_json::Value"));
    assert!(code.contains("get_job"));
    assert!(
        !code.contains("list_jobs"),
        "the operation with a dangling parameter is dropped"
    );
}

#[test]
fn cli_is_lenient_by_default_and_strict_fails_in_one_line() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture("dangling_ref.yaml");
    let spec = spec.to_str().unwrap_or_default();
    let dir = out.path().to_str().unwrap_or_default();

    let (ok, stdout, stderr) = codegen_cli(&["--spec", spec, "--out", dir]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("diagnostics: 3 (3 errors, 0 warnings)"),
        "{stdout}"
    );

    let strict_out = out.path().join("strict");
    let strict_dir = strict_out.to_str().unwrap_or_default();
    let (ok, stdout, stderr) = codegen_cli(&["--spec", spec, "--out", strict_dir, "--strict"]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ")
            && stderr.contains("strict mode: 3 error diagnostics, first #/components/schemas/Job/properties/extra: $ref '#/components/schemas/oas_any_type_not_mapped' does not resolve"),
        "{stderr}"
    );
    assert!(!strict_out.exists(), "strict failure wrote files");
}

#[test]
fn every_number_form_parses_and_unusable_bounds_are_warnings() {
    let generated = codegen::generate_file(&fixture("numbers.yaml"), &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let api = &generated.api;
    assert!(
        api.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:?}",
        api.diagnostics
    );
    let mut dropped: Vec<&str> = api.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    dropped.sort_unstable();
    let at = "#/components/schemas/Measure/properties";
    assert_eq!(
        dropped,
        vec![
            format!("{at}/huge_exponent/maximum"),
            format!("{at}/infinite/maximum"),
            format!("{at}/infinite/minimum"),
            format!("{at}/not_a_number/multipleOf"),
        ]
    );
    let code = generated.files.values().cloned().collect::<String>();
    assert!(code.contains("pub big_negative: Option<i64>"), "{code}");
    assert!(code.contains("pub huge_exponent: Option<f64>"), "{code}");
    assert!(code.contains("pub offset: Option<i64>"), "{code}");
}

/// Regression found by `cargo xtask fuzz`: this took longer than anyone waits (exponential in
/// the nesting depth); now only the broken leaf's schema is replaced.
#[test]
fn broken_leaf_under_deep_nesting_generates() {
    let generated = codegen::generate_file(&fixture("deep_broken_schema.json"), &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<&str> = generated
        .api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("#/components/schemas/Deep/"),
        "{errors:?}"
    );
    assert!(generated.files.values().any(|f| f.contains("post_deep")));
}

/// Regression found by `cargo xtask fuzz`: this overflowed the stack.
#[test]
fn all_of_merging_its_own_component_generates() {
    let generated =
        codegen::generate_file(&fixture("self_merging_all_of.yaml"), &Config::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<&str> = generated
        .api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        errors,
        vec!["#/components/schemas/Looped/properties/nested"]
    );
}

#[test]
fn components_that_only_reference_each_other_are_values() {
    let generated = codegen::generate_file(&fixture("alias_ring.yaml"), &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<&str> = generated
        .api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        errors,
        vec![
            "#/components/schemas/pullrequest",
            "#/components/schemas/repository"
        ]
    );
    let code = generated.files.values().cloned().collect::<String>();
    assert!(
        code.contains("pub type Repository = serde_json::Value;"),
        "{code}"
    );
    assert!(
        code.contains("pub type Pullrequest = serde_json::Value;"),
        "{code}"
    );
    // An alias that reaches a schema stays an alias.
    assert!(
        code.contains("pub type Owner = crate::models::User;"),
        "{code}"
    );
}
