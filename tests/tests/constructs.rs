//! One small spec per construct (tests/fixtures/constructs): IR and generated code snapshots.
//! A reviewer reads these to see exactly how each construct maps to Rust.

use integration_tests::{concat_files, files_with, fixtures};

#[test]
fn each_construct_fixture_matches_its_snapshots() {
    let dir = fixtures("constructs");
    let config =
        codegen::Config::from_file(&dir.join("codegen.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let specs: Vec<_> = files_with(&dir, &["yaml"])
        .into_iter()
        .filter(|p| !p.ends_with("codegen.yaml"))
        .collect();
    assert!(
        specs.len() >= 10,
        "expected the ten construct fixtures, found {}",
        specs.len()
    );
    for spec in specs {
        let name = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("spec")
            .to_string();
        let generated = codegen::generate_file(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_json_snapshot!(format!("{name}_ir"), generated.api);
        insta::assert_snapshot!(format!("{name}_code"), concat_files(&generated.files));
    }
}
