//! `cargo xtask fetch-spec` against an axum server on 127.0.0.1 started by each test, with an API
//! manifest in a temp dir: one API or all of them, a good download, 404, invalid YAML, a timeout
//! and a closed port; any failure must leave every file untouched.

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

/// Three more small APIs; `hooks` is OpenAPI 3.1 with a top-level `webhooks` map of two.
const SHOP_SPEC: &str = r##"openapi: 3.0.3
info:
  title: Shop
  version: "1"
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        "200":
          description: ok
"##;

const HOOKS_SPEC: &str = r##"openapi: 3.1.0
info:
  title: Hooks
  version: "1"
paths:
  /hooks:
    get:
      operationId: listHooks
      responses:
        "200":
          description: ok
    post:
      operationId: addHook
      responses:
        "201":
          description: created
webhooks:
  orderCreated:
    post:
      operationId: orderCreated
      responses:
        "200":
          description: ok
  orderPaid:
    post:
      operationId: orderPaid
      responses:
        "200":
          description: ok
"##;

const NOTES_SPEC: &str = r##"openapi: 3.0.3
info:
  title: Notes
  version: "1"
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: ok
"##;

/// A lock from before: `pets` as last fetched, and an API no longer in the manifest.
const PREVIOUS_LOCK: &str = "# old header\npets:\n  source_url: http://example.invalid/old.yaml\n  sha256: '00'\n  retrieved: 2026-01-01\n  bytes: 1\n  openapi: 3.0.3\n  operations: 2\nretired:\n  source_url: http://example.invalid/retired.yaml\n  sha256: '11'\n  retrieved: 2025-01-01\n  bytes: 2\n  openapi: 3.0.0\n  operations: 5\n";

/// The four APIs of the full manifest: name, route on the test server, what it serves.
const ALL: [(&str, &str, &str); 4] = [
    ("pets", "/good.yaml", NEW_SPEC),
    ("shop", "/shop.yaml", SHOP_SPEC),
    ("hooks", "/hooks.yaml", HOOKS_SPEC),
    ("notes", "/notes.yaml", NOTES_SPEC),
];

/// Starts the test server on its own thread and runtime (the xtask binary is run with a blocking
/// `Command`, which must not block the server's executor), returning its base URL.
fn serve() -> Result<String, Box<dyn std::error::Error>> {
    let router = Router::new()
        .route("/good.yaml", get(|| async { NEW_SPEC }))
        .route("/shop.yaml", get(|| async { SHOP_SPEC }))
        .route("/hooks.yaml", get(|| async { HOOKS_SPEC }))
        .route("/notes.yaml", get(|| async { NOTES_SPEC }))
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

/// A temp dir as a checkout would be: `apis.yaml` listing the APIs (absolute paths into the
/// dir), `spec/` holding the previous `pets` spec and the previous lock.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// `apis` lists each API's name and download URL.
    fn new(apis: &[(&str, String)]) -> Result<Sandbox, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let sandbox = Sandbox { dir };
        fs::create_dir(sandbox.dir.path().join("spec"))?;
        fs::write(sandbox.spec("pets"), PREVIOUS_SPEC)?;
        fs::write(sandbox.lock(), PREVIOUS_LOCK)?;
        let mut list = Vec::new();
        for (name, url) in apis {
            let path = |file: String| sandbox.dir.path().join(file).display().to_string();
            let mut api = serde_yaml::Mapping::new();
            for (key, value) in [
                ("name", name.to_string()),
                ("title", format!("The {name} API")),
                ("source_url", url.clone()),
                ("spec", sandbox.spec(name).display().to_string()),
                ("config", path(format!("spec/codegen.{name}.yaml"))),
                ("out", path(format!("out/{name}"))),
                ("surface", path(format!("api/{name}.surface.txt"))),
            ] {
                api.insert(key.into(), value.into());
            }
            list.push(serde_yaml::Value::Mapping(api));
        }
        let mut manifest = serde_yaml::Mapping::new();
        manifest.insert("apis".into(), serde_yaml::Value::Sequence(list));
        fs::write(sandbox.manifest(), serde_yaml::to_string(&manifest)?)?;
        Ok(sandbox)
    }

    /// The four APIs of [`ALL`], served by `base`.
    fn all(base: &str) -> Result<Sandbox, Box<dyn std::error::Error>> {
        let apis: Vec<(&str, String)> = ALL
            .iter()
            .map(|(name, route, _)| (*name, format!("{base}{route}")))
            .collect();
        Sandbox::new(&apis)
    }

    fn manifest(&self) -> PathBuf {
        self.dir.path().join("apis.yaml")
    }

    fn spec(&self, api: &str) -> PathBuf {
        self.dir.path().join(format!("spec/{api}.yaml"))
    }

    fn lock(&self) -> PathBuf {
        self.dir.path().join("spec/spec-lock.yaml")
    }

    /// Runs `fetch-spec` on this sandbox's manifest and lock, with `args` added.
    fn run(&self, args: &[&str]) -> Result<Output, Box<dyn std::error::Error>> {
        Ok(Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("fetch-spec")
            .arg("--manifest")
            .arg(self.manifest())
            .arg("--lock")
            .arg(self.lock())
            .args(args)
            .output()?)
    }

    /// Fetches the one `pets` API from `url`.
    fn fetch(&self, url: &str, timeout: &str) -> Result<Output, Box<dyn std::error::Error>> {
        self.run(&["--api", "pets", "--url", url, "--timeout", timeout])
    }

    fn lock_yaml(&self) -> Result<serde_yaml::Value, Box<dyn std::error::Error>> {
        Ok(serde_yaml::from_str(&fs::read_to_string(self.lock())?)?)
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
        assert_eq!(fs::read_to_string(self.spec("pets"))?, PREVIOUS_SPEC);
        assert_eq!(fs::read_to_string(self.lock())?, PREVIOUS_LOCK);
        assert_eq!(
            entries(&self.dir.path().join("spec"))?,
            ["pets.yaml", "spec-lock.yaml"]
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

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

fn lock_names(lock: &serde_yaml::Value) -> Vec<String> {
    lock.as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_date(text: Option<&str>) {
    let retrieved = text.unwrap_or_default();
    assert!(
        retrieved.len() == 10 && retrieved.chars().filter(|c| *c == '-').count() == 2,
        "{retrieved:?}"
    );
}

#[test]
fn good_response_writes_spec_and_lock_and_lists_changes() -> TestResult {
    let base = serve()?;
    let url = format!("{base}/good.yaml");
    let sandbox = Sandbox::new(&[("pets", url.clone())])?;
    let output = sandbox.run(&[])?;
    let stdout = String::from_utf8(output.stdout)?;
    let stderr = String::from_utf8(output.stderr)?;
    assert!(output.status.success(), "stdout {stdout}\nstderr {stderr}");

    assert_eq!(fs::read_to_string(sandbox.spec("pets"))?, NEW_SPEC);
    let lock = sandbox.lock_yaml()?;
    let pets = &lock["pets"];
    assert_eq!(pets["sha256"].as_str(), Some(sha256(NEW_SPEC).as_str()));
    assert_eq!(pets["source_url"].as_str(), Some(url.as_str()));
    assert_eq!(pets["bytes"].as_u64(), Some(NEW_SPEC.len() as u64));
    assert_eq!(pets["openapi"].as_str(), Some("3.0.3"));
    assert_eq!(pets["operations"].as_u64(), Some(3));
    assert!(pets.get("webhooks").is_none(), "{pets:?}");
    assert_date(pets["retrieved"].as_str());
    // The entry of an API no longer fetched is kept as it was.
    assert_eq!(lock_names(&lock), ["pets", "retired"]);
    assert_eq!(lock["retired"]["sha256"].as_str(), Some("11"));

    assert!(stdout.contains("previous sha256 00"), "{stdout}");
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
        ["pets.yaml", "spec-lock.yaml"]
    );

    // The same download again changes nothing.
    let again = sandbox.run(&[])?;
    let stdout = String::from_utf8(again.stdout)?;
    assert!(again.status.success());
    assert!(stdout.contains("unchanged"), "{stdout}");
    assert!(!stdout.contains("previous sha256"), "{stdout}");
    Ok(())
}

#[test]
fn fetching_every_api_writes_each_spec_and_lock_entry() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::all(&base)?;
    let output = sandbox.run(&["--timeout", "10"])?;
    let stdout = String::from_utf8(output.stdout)?;
    let stderr = String::from_utf8(output.stderr)?;
    assert!(output.status.success(), "stdout {stdout}\nstderr {stderr}");

    let lock = sandbox.lock_yaml()?;
    // Existing entries keep their place, new APIs follow in manifest order.
    assert_eq!(
        lock_names(&lock),
        ["pets", "retired", "shop", "hooks", "notes"]
    );
    let expected_operations = [("pets", 3), ("shop", 1), ("hooks", 2), ("notes", 1)];
    for ((name, route, served), (_, operations)) in ALL.iter().zip(expected_operations) {
        assert_eq!(fs::read_to_string(sandbox.spec(name))?, *served, "{name}");
        let entry = &lock[*name];
        assert_eq!(entry["sha256"].as_str(), Some(sha256(served).as_str()));
        assert_eq!(entry["bytes"].as_u64(), Some(served.len() as u64));
        let url = format!("{base}{route}");
        assert_eq!(entry["source_url"].as_str(), Some(url.as_str()));
        assert_eq!(entry["operations"].as_u64(), Some(operations), "{name}");
        assert_date(entry["retrieved"].as_str());
        assert!(
            stdout.contains(&format!("{name} (The {name} API): wrote")),
            "{stdout}"
        );
    }
    assert_eq!(lock["hooks"]["openapi"].as_str(), Some("3.1.0"));
    assert_eq!(lock["hooks"]["webhooks"].as_u64(), Some(2));
    assert!(lock["shop"].get("webhooks").is_none());
    assert!(stdout.contains("2 webhooks"), "{stdout}");
    assert!(stdout.contains("no previous"), "{stdout}");
    assert!(stdout.contains("+ GET /orders (listOrders)"), "{stdout}");
    assert_eq!(
        entries(&sandbox.dir.path().join("spec"))?,
        [
            "hooks.yaml",
            "notes.yaml",
            "pets.yaml",
            "shop.yaml",
            "spec-lock.yaml"
        ]
    );
    Ok(())
}

#[test]
fn failed_downloads_of_several_write_nothing_and_are_named() -> TestResult {
    type Apis<'a> = Vec<(&'a str, String)>;
    let base = serve()?;
    let url = |route: &str| format!("{base}{route}");
    // One failure among the four APIs, then two (invalid YAML, 404) among three.
    let mut one_of_four: Apis = ALL
        .iter()
        .map(|(name, route, _)| (*name, url(route)))
        .collect();
    one_of_four[2].1 = url("/missing.yaml");
    let two_of_three = vec![
        ("pets", url("/good.yaml")),
        ("shop", url("/invalid.yaml")),
        ("notes", url("/missing.yaml")),
    ];
    let cases: [(Apis, &[&str]); 2] = [
        (
            one_of_four,
            &[
                "1 of 4 APIs failed (hooks)",
                "hooks: ",
                "/missing.yaml",
                "404",
                "nothing written",
            ],
        ),
        (
            two_of_three,
            &[
                "2 of 3 APIs failed (shop, notes)",
                "shop: ",
                "/invalid.yaml",
                "notes: ",
                "404",
            ],
        ),
    ];
    for (apis, must_name) in cases {
        let sandbox = Sandbox::new(&apis)?;
        let output = sandbox.run(&["--timeout", "10"])?;
        sandbox.assert_failed_untouched(&output, must_name)?;
    }
    Ok(())
}

#[test]
fn api_flag_fetches_only_that_api() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::all(&base)?;
    let output = sandbox.run(&["--api", "shop"])?;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(output.status.success(), "{stdout}");
    assert_eq!(fs::read_to_string(sandbox.spec("shop"))?, SHOP_SPEC);
    assert_eq!(fs::read_to_string(sandbox.spec("pets"))?, PREVIOUS_SPEC);
    assert_eq!(
        entries(&sandbox.dir.path().join("spec"))?,
        ["pets.yaml", "shop.yaml", "spec-lock.yaml"]
    );
    let lock = sandbox.lock_yaml()?;
    assert_eq!(lock_names(&lock), ["pets", "retired", "shop"]);
    assert_eq!(lock["pets"]["sha256"].as_str(), Some("00"));
    assert_eq!(lock["pets"]["retrieved"].as_str(), Some("2026-01-01"));
    assert_eq!(
        lock["shop"]["sha256"].as_str(),
        Some(sha256(SHOP_SPEC).as_str())
    );
    assert!(!stdout.contains("pets ("), "{stdout}");
    Ok(())
}

#[test]
fn unknown_api_is_a_one_line_error_listing_the_names() -> TestResult {
    // The committed spec/apis.yaml: the name is checked before anything is downloaded.
    let dir = tempfile::tempdir()?;
    let lock = dir.path().join("lock.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch-spec", "--api", "v3", "--lock"])
        .arg(&lock)
        .output()?;
    let stderr = String::from_utf8(output.stderr)?;
    assert!(!output.status.success(), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains("unknown API `v3`"), "{stderr}");
    assert!(
        stderr.contains("b2b-v1, public, developers, b2b-v2"),
        "{stderr}"
    );
    assert!(!lock.exists());

    // A sandbox manifest: its own names, nothing written.
    let sandbox = Sandbox::all("http://127.0.0.1:9")?;
    let output = sandbox.run(&["--api", "nope"])?;
    sandbox.assert_failed_untouched(&output, &["unknown API `nope`", "pets, shop, hooks, notes"])
}

#[test]
fn url_or_out_without_api_is_a_usage_error() -> TestResult {
    for flag in ["--url", "--out"] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["fetch-spec", flag, "x"])
            .output()?;
        let stderr = String::from_utf8(output.stderr)?;
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
        assert!(stderr.contains("--api"), "{stderr}");
    }
    Ok(())
}

#[test]
fn not_found_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let url = format!("{base}/missing.yaml");
    let sandbox = Sandbox::new(&[("pets", url.clone())])?;
    let output = sandbox.run(&[])?;
    sandbox.assert_failed_untouched(&output, &["pets: ", &url, "404"])
}

#[test]
fn invalid_yaml_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new(&[("pets", format!("{base}/good.yaml"))])?;
    let url = format!("{base}/invalid.yaml");
    let output = sandbox.fetch(&url, "10")?;
    sandbox.assert_failed_untouched(&output, &[&url, "nothing written"])
}

#[test]
fn timeout_leaves_files_untouched() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new(&[("pets", format!("{base}/good.yaml"))])?;
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
    let url = format!("http://127.0.0.1:{port}/spec.yaml");
    let sandbox = Sandbox::new(&[("pets", url.clone())])?;
    let output = sandbox.fetch(&url, "5")?;
    sandbox.assert_failed_untouched(&output, &[&url, "cannot connect"])
}

#[test]
fn missing_previous_files_are_created() -> TestResult {
    let base = serve()?;
    let sandbox = Sandbox::new(&[("pets", "http://127.0.0.1:9/unused.yaml".into())])?;
    let spec = sandbox.dir.path().join("new/spec.yaml");
    let lock = sandbox.dir.path().join("new/lock.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch-spec", "--api", "pets", "--manifest"])
        .arg(sandbox.manifest())
        .args(["--url", &format!("{base}/good.yaml"), "--out"])
        .arg(&spec)
        .arg("--lock")
        .arg(&lock)
        .output()?;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("operations added (3):"), "{stdout}");
    assert_eq!(fs::read_to_string(&spec)?, NEW_SPEC);
    let text = fs::read_to_string(&lock)?;
    assert!(
        text.starts_with("# Provenance of the vendored specs"),
        "{text}"
    );
    let written: serde_yaml::Value = serde_yaml::from_str(&text)?;
    assert_eq!(lock_names(&written), ["pets"]);
    // --out replaced the manifest's path for this run only.
    assert_eq!(fs::read_to_string(sandbox.spec("pets"))?, PREVIOUS_SPEC);
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
