//! `cargo xtask regenerate` on a small spec in a temp dir: idempotent writes, `--check` naming
//! stale/missing/extra files, and one-line errors with nothing written for bad input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SPEC: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
"##;

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new(spec: &str) -> Result<Sandbox, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        fs::write(dir.path().join("api.yaml"), spec)?;
        fs::write(dir.path().join("codegen.yaml"), "{}\n")?;
        Ok(Sandbox { dir })
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn regenerate(&self, extra: &[&str]) -> Result<Output, Box<dyn std::error::Error>> {
        Ok(Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("regenerate")
            .args(extra)
            .arg("--spec")
            .arg(self.path("api.yaml"))
            .arg("--config")
            .arg(self.path("codegen.yaml"))
            .arg("--out")
            .arg(self.path("out"))
            .output()?)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` with its content, for byte-for-byte comparisons.
fn snapshot(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, std::io::Error> {
    let mut out = Vec::new();
    if dir.is_dir() {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                out.extend(snapshot(&path)?);
            } else {
                let bytes = fs::read(&path)?;
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn assert_one_line_error(output: &Output, must_name: &[&str]) {
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "succeeded; stdout {}",
        text(&output.stdout)
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr:?}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    for name in must_name {
        assert!(stderr.contains(name), "{stderr:?} does not name {name:?}");
    }
}

#[test]
fn writes_summary_and_is_idempotent() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    let first = sandbox.regenerate(&[])?;
    let stdout = text(&first.stdout);
    assert!(first.status.success(), "{stdout}\n{}", text(&first.stderr));
    assert!(stdout.contains("operations: 2"), "{stdout}");
    assert!(
        stdout.contains("fallbacks to serde_json::Value:"),
        "{stdout}"
    );
    assert!(stdout.contains("codegen time:"), "{stdout}");
    let files = snapshot(&sandbox.path("out"))?;
    assert!(!files.is_empty());
    for (path, bytes) in &files {
        assert!(
            bytes.starts_with(codegen::write::GENERATED_MARKER.as_bytes()),
            "{} lacks the generated marker",
            path.display()
        );
    }

    let second = sandbox.regenerate(&[])?;
    assert!(second.status.success());
    assert!(
        text(&second.stdout).contains(" 0 written"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(snapshot(&sandbox.path("out"))?, files);

    let check = sandbox.regenerate(&["--check"])?;
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("up to date"));
    Ok(())
}

#[test]
fn check_names_stale_missing_and_extra_files_and_writes_nothing() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    let missing = sandbox.regenerate(&["--check"])?;
    assert_one_line_error(
        &missing,
        &["generated files are stale: ", "(missing)", "and commit"],
    );
    assert!(
        !sandbox.path("out").exists(),
        "check created the output directory"
    );

    assert!(sandbox.regenerate(&[])?.status.success());
    let files = snapshot(&sandbox.path("out"))?;
    let (victim, _) = files.first().ok_or("nothing generated")?;
    fs::write(victim, b"// edited by hand\n")?;
    let extra = sandbox.path("out/leftover.rs");
    fs::write(
        &extra,
        format!("{} from old.yaml\n", codegen::write::GENERATED_MARKER),
    )?;
    let hand = sandbox.path("out/hand_written.txt");
    fs::write(&hand, "keep me\n")?;
    let before = snapshot(&sandbox.path("out"))?;

    let check = sandbox.regenerate(&["--check"])?;
    let victim_name = victim.file_name().ok_or("no file name")?.to_string_lossy();
    assert_one_line_error(
        &check,
        &[
            &format!("{victim_name} (stale)"),
            "leftover.rs (extra)",
            "run `cargo xtask regenerate --spec ",
        ],
    );
    assert!(!text(&check.stderr).contains("hand_written"));
    assert_eq!(
        snapshot(&sandbox.path("out"))?,
        before,
        "check modified files"
    );

    assert!(sandbox.regenerate(&[])?.status.success());
    assert!(!extra.exists(), "stale generated file kept");
    assert_eq!(fs::read_to_string(&hand)?, "keep me\n");
    Ok(())
}

#[test]
fn missing_spec_names_the_file() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    fs::remove_file(sandbox.path("api.yaml"))?;
    let output = sandbox.regenerate(&[])?;
    assert_one_line_error(&output, &["api.yaml"]);
    assert!(!sandbox.path("out").exists());
    Ok(())
}

#[test]
fn truncated_yaml_names_the_file_and_writes_nothing() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    assert!(sandbox.regenerate(&[])?.status.success());
    let before = snapshot(&sandbox.path("out"))?;
    // Cut mid-mapping: `{` never closed.
    fs::write(
        sandbox.path("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: Pets, version: \"1\"\npaths:\n",
    )?;
    let output = sandbox.regenerate(&[])?;
    assert_one_line_error(&output, &["api.yaml"]);
    assert_eq!(snapshot(&sandbox.path("out"))?, before);
    Ok(())
}

#[test]
fn bad_config_names_the_file() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    fs::write(sandbox.path("codegen.yaml"), "no_such_option: true\n")?;
    let output = sandbox.regenerate(&[])?;
    assert_one_line_error(&output, &["codegen.yaml"]);
    assert!(!sandbox.path("out").exists());
    Ok(())
}

#[test]
fn unknown_flag_exits_2_on_one_line() -> TestResult {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regenerate", "--bogus"])
        .output()?;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains("--bogus"), "{stderr}");
    Ok(())
}

#[test]
fn api_changes_are_printed_and_appended_to_the_changelog_once() -> TestResult {
    let sandbox = Sandbox::new(SPEC)?;
    let first = sandbox.regenerate(&[])?;
    assert!(first.status.success(), "{}", text(&first.stderr));
    let surface = sandbox.path("api/api.surface.txt");
    let changelog = sandbox.path("CHANGELOG.md");
    assert!(surface.is_file(), "no surface beside the output");
    assert!(!changelog.exists(), "a first run has nothing to compare");

    // getPet goes away and Pet gains a field: one breaking and one additive change.
    let edited = SPEC
        .replace(
            "  /pets/{id}:\n    get:\n      operationId: getPet\n",
            "  /pets/{id}:\n    put:\n      operationId: getPet\n",
        )
        .replace(
            "        name:\n          type: string\n",
            "        name:\n          type: string\n        age:\n          type: integer\n",
        );
    fs::write(sandbox.path("api.yaml"), edited)?;
    let stale = sandbox.regenerate(&["--check"])?;
    assert_one_line_error(&stale, &["api.surface.txt (stale)"]);

    let second = sandbox.regenerate(&[])?;
    let stdout = text(&second.stdout);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(stdout.contains("#### Breaking (1)"), "{stdout}");
    assert!(
        stdout.contains("`fn get_pet`: now sends `PUT /pets/{id}`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`field models::Pet.age`: added"),
        "{stdout}"
    );
    assert!(stdout.contains("Semver: **major**"), "{stdout}");
    let log = fs::read_to_string(&changelog)?;
    assert!(
        log.starts_with("# Changelog\n\n## Unreleased\n\n### "),
        "{log}"
    );
    assert!(
        log.contains("`fn get_pet`: now sends `PUT /pets/{id}`"),
        "{log}"
    );

    let third = sandbox.regenerate(&[])?;
    assert!(text(&third.stdout).contains("public API unchanged"));
    assert_eq!(
        fs::read_to_string(&changelog)?,
        log,
        "an unchanged API wrote to the changelog"
    );
    assert!(sandbox.regenerate(&["--check"])?.status.success());
    Ok(())
}
