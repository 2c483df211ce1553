//! `cargo xtask diff-spec OLD NEW`: markdown and JSON reports, `--deny-breaking`, git revisions,
//! and one-line errors for a missing file, a spec that does not parse, a revision that does not exist.

use std::fs;
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The old spec of the change fixtures (tests/fixtures/changes), shared with their tests.
fn old_spec() -> Result<String, std::io::Error> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(root.join("../tests/fixtures/changes/base.yaml"))
}

fn diff_spec(args: &[&str]) -> Result<Output, std::io::Error> {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff-spec")
        .args(args)
        .output()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes the old spec and a new one where `from` became `to`; returns both paths.
fn pair(dir: &tempfile::TempDir, from: &str, to: &str) -> Result<(String, String), std::io::Error> {
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    let spec = old_spec()?;
    fs::write(&old, &spec)?;
    fs::write(&new, spec.replace(from, to))?;
    let config = dir.path().join("codegen.yaml");
    fs::write(config, "{}\n")?;
    Ok((old.display().to_string(), new.display().to_string()))
}

fn assert_one_line_error(output: &Output, must_name: &str) {
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "succeeded: {}",
        text(&output.stdout)
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(must_name),
        "{stderr}"
    );
}

#[test]
fn breaking_change_fails_only_with_deny_breaking() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (old, new) = pair(
        &dir,
        "        id:\n          type: integer\n",
        "        id:\n          type: string\n",
    )?;
    let config = dir.path().join("codegen.yaml").display().to_string();
    let report = diff_spec(&[&old, &new, "--config", &config])?;
    let stdout = text(&report.stdout);
    assert!(report.status.success(), "{}", text(&report.stderr));
    assert!(stdout.contains("#### Breaking (1)"), "{stdout}");
    assert!(
        stdout.contains("`field models::Pet.id`: type `i64` -> `String`"),
        "{stdout}"
    );

    let denied = diff_spec(&[&old, &new, "--config", &config, "--deny-breaking"])?;
    assert_one_line_error(&denied, "1 breaking API changes (--deny-breaking)");
    assert_eq!(
        text(&denied.stdout),
        stdout,
        "the report is printed before failing"
    );

    let json = diff_spec(&[&old, &new, "--config", &config, "--format", "json"])?;
    let value: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    assert_eq!(value["bump"], "major");
    Ok(())
}

#[test]
fn additive_change_passes_deny_breaking() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (old, new) = pair(
        &dir,
        "        tag:\n",
        "        age:\n          type: integer\n        tag:\n",
    )?;
    let config = dir.path().join("codegen.yaml").display().to_string();
    let output = diff_spec(&[&old, &new, "--config", &config, "--deny-breaking"])?;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Semver: **minor**"));
    Ok(())
}

#[test]
fn bad_inputs_are_one_line_errors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (old, _) = pair(&dir, "", "")?;
    let broken = dir.path().join("broken.yaml");
    fs::write(&broken, "openapi: 3.0.3\ninfo: {title: x\n")?;
    let broken = broken.display().to_string();
    let missing = dir.path().join("missing.yaml").display().to_string();
    let config = dir.path().join("codegen.yaml").display().to_string();

    assert_one_line_error(
        &diff_spec(&[&missing, &old])?,
        "missing.yaml: no such file, and not a git revision",
    );
    assert_one_line_error(
        &diff_spec(&[&old, &broken, "--config", &config])?,
        "broken.yaml: invalid YAML/JSON",
    );
    assert_one_line_error(
        &diff_spec(&["no-such-revision-9f3c", &old])?,
        "no-such-revision-9f3c: no such file, and not a git revision",
    );
    Ok(())
}

#[test]
fn a_git_revision_reads_the_spec_and_config_committed_there() -> TestResult {
    // The vendored spec at HEAD against itself: read through `git show`, no change.
    let output = diff_spec(&["HEAD", "HEAD"])?;
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        stdout.starts_with("### HEAD:spec/altegio-b2b-v1.openapi.yaml -> HEAD:"),
        "{stdout}"
    );
    assert!(stdout.contains("No change to the public API."), "{stdout}");
    Ok(())
}
