//! One small spec per construct (tests/fixtures/constructs): IR, generated code and API surface snapshots.
//! A reviewer reads these to see exactly how each construct maps to Rust.

use integration_tests::{concat_files, fixture_yamls, fixtures, stem};

#[test]
fn each_construct_fixture_matches_its_snapshots() {
    let dir = fixtures("constructs");
    let config =
        codegen::Config::from_file(&dir.join("codegen.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let specs = fixture_yamls("constructs", "codegen.yaml", 10);
    for spec in specs {
        let name = stem(&spec);
        let generated = codegen::generate_file(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_json_snapshot!(format!("{name}_ir"), generated.api);
        insta::assert_snapshot!(format!("{name}_code"), concat_files(&generated.files));
        let (surface, _) = codegen::surface::file_for(&generated.api, &spec);
        insta::assert_snapshot!(format!("{name}_surface"), surface.render(&[]));
    }
}
