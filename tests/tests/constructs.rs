//! One small spec per construct (tests/fixtures/constructs, configured by its codegen.yaml or by
//! configs/<name>.yaml): IR, generated code and API surface snapshots.
//! A reviewer reads these to see exactly how each construct maps to Rust.

use integration_tests::{concat_files, fixture_yamls, fixtures, stem};

#[test]
fn each_construct_fixture_matches_its_snapshots() {
    let dir = fixtures("constructs");
    let shared =
        codegen::Config::from_file(&dir.join("codegen.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let specs = fixture_yamls("constructs", "codegen.yaml", 10);
    for spec in specs {
        let name = stem(&spec);
        // A fixture with a config of its own (`configs/<name>.yaml`) uses it instead.
        let own = dir.join("configs").join(format!("{name}.yaml"));
        let config = if own.is_file() {
            codegen::Config::from_file(&own).unwrap_or_else(|e| panic!("{e}"))
        } else {
            shared.clone()
        };
        let generated = codegen::generate_file(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_json_snapshot!(format!("{name}_ir"), generated.api);
        insta::assert_snapshot!(format!("{name}_code"), concat_files(&generated.files));
        let (surface, _) = codegen::surface::file_for(&generated.api, &spec);
        insta::assert_snapshot!(format!("{name}_surface"), surface.render(&[]));
    }
}
