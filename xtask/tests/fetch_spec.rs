//! `cargo xtask fetch-spec` against an axum server on 127.0.0.1 started by each test: a good
//! download, 404, invalid YAML, a timeout and a closed port; failures must leave the files untouched.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PREVIOUS_SPEC: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
  /pets/{id}:
    delete:
      operationId: deletePet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "204":
          description: gone
"##;

const NEW_SPEC: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: "2"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Pet"
      responses:
        "201":
          description: created
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: ok
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
        tag:
          type: string
          nullable: true
"##;

const PREVIOUS_LOCK: &str = "source_url: http://example.invalid/old.yaml\nsha256: 00\nretrieved: 2026-01-01\nbytes: 1\nopenapi: 3.0.3\noperations: 2\n";

/// Starts the test server on its own thread and runtime (the xtask binary is run with a blocking
/// `Command`, which must not block the server's executor), returning its base URL.
fn serve() -> Result<String, Box<dyn std::error::Error>> {
    let router = Router::new()
        .route("/good.yaml", get(|| async { NEW_SPEC }))
        .route(
            "/missing.yaml",
            get(|| async { (StatusCode::NOT_FOUND, "no such spec") }),
        )
        .route(
            "/invalid.yaml",
            get(|| async { "openapi: 3.0.3\ninfo: [title: Pets\n  version: 1\npaths: {" }),
        )
        .route(
            "/slow.yaml",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                NEW_SPEC
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                let _ = axum::serve(listener, router).await;
            }
        });
    });
    Ok(format!("http://{address}"))
}

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A temp dir holding a previous spec and lock, as a checkout would.
    fn new() -> Result<Sandbox, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        fs::create_dir(dir.path().join("spec"))?;
        fs::write(dir.path().join("spec/api.yaml"), PREVIOUS_SPEC)?;
        fs::write(dir.path().join("spec/spec-lock.yaml"), PREVIOUS_LOCK)?;
        Ok(Sandbox { dir })
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join("spec/api.yaml")
    }

    fn lock(&self) -> PathBuf {
        self.dir.path().join("spec/spec-lock.yaml")
    }

    fn fetch(&self, url: &str, timeout: &str) -> Result<Output, Box<dyn std::error::Error>> {
        Ok(Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("fetch-spec")
            .args(["--url", url, "--timeout", timeout])
            .arg("--out")
            .arg(self.spec())
            .arg("--lock")
            .arg(self.lock())
            .output()?)
    }

    /// The failure contract: non-zero exit, one stderr line naming `must_name`, files untouched.
    fn assert_failed_untouched(&self, output: &Output, must_name: &[&str]) -> TestResult {
        let stderr = String::from_utf8(output.stderr.clone())?;
        assert!(
            !output.status.success(),
            "exit {:?}, stderr {stderr}",
            output.status
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "not one line: {stderr:?}"
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
        for text in must_name {
            assert!(stderr.contains(text), "{stderr:?} does not name {text:?}");
        }
        assert_eq!(fs::read_to_string(self.spec())?, PREVIOUS_SPEC);
        assert_eq!(fs::read_to_string(self.lock())?, PREVIOUS_LOCK);
        assert_eq!(
            entries(&self.dir.path().join("spec"))?,
            ["api.yaml", "spec-lock.yaml"]
        );
        Ok(())
    }
}

fn entries(dir: &Path) -> Result<Vec<String>, std::io::Error> {
    let mut names = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<Vec<_>, _>>()?;
    names.sort();
    Ok(names)
}

#[test]
fn good_response_writes_spec_and_lock_and_lists_changes() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new()?;
    let url = format!("{base}/good.yaml");
    let output = sandbox.fetch(&url, "10")?;
    let stdout = String::from_utf8(output.stdout)?;
    let stderr = String::from_utf8(output.stderr)?;
    assert!(output.status.success(), "stdout {stdout}\nstderr {stderr}");

    assert_eq!(fs::read_to_string(sandbox.spec())?, NEW_SPEC);
    let lock: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(sandbox.lock())?)?;
    let sha = format!("{:x}", Sha256::digest(NEW_SPEC.as_bytes()));
    assert_eq!(lock["sha256"].as_str(), Some(sha.as_str()));
    assert_eq!(lock["source_url"].as_str(), Some(url.as_str()));
    assert_eq!(lock["bytes"].as_u64(), Some(NEW_SPEC.len() as u64));
    assert_eq!(lock["openapi"].as_str(), Some("3.0.3"));
    assert_eq!(lock["operations"].as_u64(), Some(3));
    let retrieved = lock["retrieved"].as_str().ok_or("no retrieved date")?;
    assert!(
        retrieved.len() == 10 && retrieved.chars().filter(|c| *c == '-').count() == 2,
        "{retrieved}"
    );

    assert!(stdout.contains("operations added (2):"), "{stdout}");
    assert!(stdout.contains("+ GET /pets/{id} (getPet)"), "{stdout}");
    assert!(stdout.contains("+ POST /pets (createPet)"), "{stdout}");
    assert!(stdout.contains("operations removed (1):"), "{stdout}");
    assert!(
        stdout.contains("- DELETE /pets/{id} (deletePet)"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("listPets"),
        "unchanged operation listed: {stdout}"
    );
    assert_eq!(
        entries(&sandbox.dir.path().join("spec"))?,
        ["api.yaml", "spec-lock.yaml"]
    );

    // The same download again changes nothing.
    let again = sandbox.fetch(&url, "10")?;
    let stdout = String::from_utf8(again.stdout)?;
    assert!(again.status.success());
    assert!(stdout.contains("unchanged"), "{stdout}");
    Ok(())
}

#[test]
fn not_found_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new()?;
    let url = format!("{base}/missing.yaml");
    let output = sandbox.fetch(&url, "10")?;
    sandbox.assert_failed_untouched(&output, &[&url, "404"])
}

#[test]
fn invalid_yaml_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new()?;
    let url = format!("{base}/invalid.yaml");
    let output = sandbox.fetch(&url, "10")?;
    sandbox.assert_failed_untouched(&output, &[&url, "nothing written"])
}

#[test]
fn timeout_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new()?;
    let url = format!("{base}/slow.yaml");
    let started = Instant::now();
    let output = sandbox.fetch(&url, "1")?;
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "timeout not applied"
    );
    sandbox.assert_failed_untouched(&output, &[&url, "timed out after 1 s"])
}

#[test]
fn closed_port_is_a_one_line_error() -> TestResult {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let sandbox = Sandbox::new()?;
    let url = format!("http://127.0.0.1:{port}/spec.yaml");
    let output = sandbox.fetch(&url, "5")?;
    sandbox.assert_failed_untouched(&output, &[&url, "cannot connect"])
}

#[test]
fn missing_previous_files_are_created() -> TestResult {
    let base = serve()?;
    let dir = tempfile::tempdir()?;
    let spec = dir.path().join("new/spec.yaml");
    let lock = dir.path().join("new/lock.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch-spec", "--url", &format!("{base}/good.yaml"), "--out"])
        .arg(&spec)
        .arg("--lock")
        .arg(&lock)
        .output()?;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("operations added (3):"), "{stdout}");
    assert_eq!(fs::read_to_string(&spec)?, NEW_SPEC);
    assert!(fs::read_to_string(&lock)?.starts_with("# Provenance of spec.yaml"));
    Ok(())
}

#[test]
fn unknown_flag_is_a_one_line_usage_error() -> TestResult {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch-spec", "--no-such-flag"])
        .output()?;
    let stderr = String::from_utf8(output.stderr)?;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
    Ok(())
}
