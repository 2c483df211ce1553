//! Robustness: the codegen never panics on the 20 real public specs in tests/corpus/.
//! Each spec either generates or stops with an error naming its file and a JSON pointer.

use std::panic::{catch_unwind, AssertUnwindSafe};

use integration_tests::{files_with, workspace_root};

#[test]
fn no_corpus_spec_panics_and_failures_name_a_pointer() {
    let specs = files_with(&workspace_root().join("tests/corpus"), &["yaml", "json"]);
    assert_eq!(specs.len(), 20, "the corpus holds 20 specs");
    let config = codegen::Config::default();
    let mut panicked = Vec::new();
    let mut generated = 0;
    for spec in &specs {
        let result = catch_unwind(AssertUnwindSafe(|| codegen::generate_file(spec, &config)));
        match result {
            Err(_) => panicked.push(spec.display().to_string()),
            Ok(Ok(out)) => {
                generated += 1;
                assert!(
                    !out.files.is_empty(),
                    "{}: no files generated",
                    spec.display()
                );
                for diagnostic in &out.api.diagnostics {
                    assert!(
                        diagnostic.pointer.starts_with('#'),
                        "{}: diagnostic without pointer: {diagnostic}",
                        spec.display()
                    );
                }
            }
            Ok(Err(error)) => {
                let message = error.to_string();
                assert!(
                    message.contains(&*spec.display().to_string()) && message.contains('#'),
                    "{}: error does not name the file and a pointer: {message}",
                    spec.display()
                );
            }
        }
    }
    assert!(panicked.is_empty(), "codegen panicked on: {panicked:?}");
    println!("corpus: {generated}/{} specs generated", specs.len());
}
