//! `cargo xtask`: the repository's maintenance commands (regenerate, diff-spec, fetch-spec, corpus, fuzz, bench-codegen, propose-patches).
//! Parses the command line, runs from the workspace root, and prints any failure as one line.

mod api_changes;
mod apis;
mod bench;
mod bench_build;
mod check_features;
mod corpus;
mod crate_features;
mod diff_spec;
mod fetch_spec;
mod fuzz;
mod lock;
mod propose_patches;
mod regenerate;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Repository tasks for the Altegio client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate every API of spec/apis.yaml (or one) and print a summary block per API.
    Regenerate {
        /// Write nothing; fail if the committed generated files are stale.
        #[arg(long)]
        check: bool,
        /// Only this API of spec/apis.yaml (b2b-v1, public, developers, b2b-v2).
        #[arg(long, value_name = "NAME", conflicts_with_all = ["spec", "config", "out", "surface"])]
        api: Option<String>,
        /// Output directory (default: generated-client/src/generated).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Spec to generate from (default: spec/altegio-b2b-v1.openapi.yaml).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Generator options (default: spec/codegen.yaml).
        #[arg(long, value_name = "YAML")]
        config: Option<PathBuf>,
        /// Public-API surface file (default: generated-client/api/<spec>.surface.txt).
        #[arg(long, value_name = "FILE")]
        surface: Option<PathBuf>,
        /// Changelog the API changes are appended to (default: CHANGELOG.md).
        #[arg(long, value_name = "FILE")]
        changelog: Option<PathBuf>,
        /// Fail on any Error diagnostic (spec/codegen.yaml sets `strict: true` for Altegio).
        #[arg(long)]
        strict: bool,
    },
    /// Print the classified public-API changes between two specs (files or git revisions).
    DiffSpec {
        /// The old spec: a file, or a git revision (its spec file and spec/codegen.yaml are read).
        old: String,
        /// The new spec: a file, or a git revision.
        new: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff_spec::Format,
        /// Exit non-zero when any change is breaking.
        #[arg(long)]
        deny_breaking: bool,
        /// Generator options for spec files (default: spec/codegen.yaml).
        #[arg(long, value_name = "YAML")]
        config: Option<PathBuf>,
        /// The spec's path in the repository, read at revisions (default: spec/altegio-b2b-v1.openapi.yaml).
        #[arg(long, value_name = "PATH", default_value = workspace::SPEC)]
        spec: String,
    },
    /// Download the specs of spec/apis.yaml (every API, or the one --api names), validate every
    /// download, then write the specs and the lock file together. If any download or validation
    /// fails, nothing is written and the error names the APIs that failed.
    FetchSpec {
        /// Only this API: a name from spec/apis.yaml (b2b-v1, public, developers, b2b-v2).
        #[arg(long, value_name = "NAME")]
        api: Option<String>,
        /// Download from this URL instead of the API's `source_url` (needs --api).
        #[arg(long, requires = "api")]
        url: Option<String>,
        /// Whole-request timeout in seconds, per download.
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Where the spec goes instead of the API's `spec` path (needs --api).
        #[arg(long, value_name = "PATH", requires = "api")]
        out: Option<PathBuf>,
        /// The lock file to update, one entry per API (default: spec/spec-lock.yaml).
        #[arg(long, value_name = "PATH")]
        lock: Option<PathBuf>,
        /// The API list (default: spec/apis.yaml); relative paths in it are relative to the
        /// workspace root.
        #[arg(long, value_name = "PATH")]
        manifest: Option<PathBuf>,
    },
    /// Run codegen over tests/corpus/, compile and document each generated client (a report; slow).
    Corpus {
        /// Only specs whose file name contains this text.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        /// Skip compiling the generated clients.
        #[arg(long)]
        no_compile: bool,
    },
    /// Seeded structural mutations of the corpus and fixture specs, each run through codegen;
    /// fails on a panic, a timeout, a multi-line error or a sampled client rustc rejects.
    Fuzz {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 300)]
        iterations: usize,
        /// A mutant taking longer than this (seconds) is a failure. Default: 5 in a release
        /// build, 30 in a debug build (about ten times slower, and CI machines are shared).
        #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
        timeout: Option<u64>,
        /// Mutants run in parallel (default: the available cores).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        jobs: Option<u64>,
        /// Also compile and document the clients of this many generated mutants (slow).
        #[arg(long, value_name = "K", default_value_t = 0)]
        compile_sample: usize,
        /// Rerun one mutant by the seed a report printed, writing it to target/fuzz/.
        #[arg(long, value_name = "MUTANT")]
        replay: Option<u64>,
    },
    /// Time each codegen stage on the Altegio spec (use a release build for real figures:
    /// `cargo run --release -p xtask -- bench-codegen`).
    BenchCodegen {
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
    },
    /// Time cold, non-incremental debug builds of the client crate (default features, one tag,
    /// no feature, `mock`) and of a corpus spec's client against progenitor's; prints medians,
    /// peak memory and the two ratios the build-time goals are held to. Slow (minutes).
    BenchBuild {
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// The tag whose feature is built alone.
        #[arg(long, value_name = "FEATURE", default_value = "clients")]
        tag: String,
        /// Skip the comparison with progenitor (which downloads and builds progenitor).
        #[arg(long)]
        no_progenitor: bool,
    },
    /// Lint the client crate with each generated cargo feature alone (plus `mock`) and with
    /// none, warnings denied, printing the time each took.
    CheckFeatures {
        /// Only these features, comma-separated (default: every generated feature).
        #[arg(long, value_name = "A,B", value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Print spec-patch drafts (RFC 6902, with their evidence) for the fallbacks to
    /// serde_json::Value that the spec's examples show a shape for; applies nothing.
    ProposePatches {
        /// Spec to read (default: spec/altegio-b2b-v1.openapi.yaml).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Generator options, whose reviewed patches apply first (default: spec/codegen.yaml).
        #[arg(long, value_name = "YAML")]
        config: Option<PathBuf>,
        /// Only fallbacks whose JSON pointer contains this text.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return workspace::usage_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", workspace::one_line(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let ws = workspace::Workspace::enter()?;
    match cli.command {
        Command::Regenerate {
            check,
            api,
            out,
            spec,
            config,
            surface,
            changelog,
            strict,
        } => {
            let changelog = changelog.map(|p| ws.user_path(Some(p), ""));
            let custom = spec.is_some() || config.is_some() || out.is_some() || surface.is_some();
            if !custom {
                // The crate's features come from every API: only a run of all of them writes them.
                let manifest = api
                    .is_none()
                    .then(|| Path::new(workspace::CLIENT_CRATE).join("Cargo.toml"));
                let apis = apis::select(apis::read(Path::new(apis::MANIFEST))?, api.as_deref())?;
                let runs: Vec<regenerate::Args> = apis
                    .into_iter()
                    .map(|api| regenerate::Args {
                        fix_command: match api.name.as_str() {
                            _ if check => "cargo xtask regenerate".to_string(),
                            name => format!("cargo xtask regenerate --api {name}"),
                        },
                        name: Some(api.name),
                        check,
                        strict,
                        spec: api.spec,
                        config: api.config,
                        out: api.out,
                        surface: api.surface,
                        changelog: changelog
                            .clone()
                            .unwrap_or_else(|| workspace::CHANGELOG.into()),
                    })
                    .collect();
                return regenerate::run(&runs, manifest.as_deref());
            }
            let spec_path = ws.user_path(spec.clone(), workspace::SPEC);
            let custom_out = out.clone().map(|o| ws.user_path(Some(o), ""));
            let (default_surface, default_changelog) =
                api_changes::default_paths(custom_out.as_deref(), &spec_path);
            regenerate::run(
                &[regenerate::Args {
                    name: None,
                    check,
                    strict,
                    fix_command: regenerate::fix_command(
                        out.as_deref(),
                        spec.as_deref(),
                        config.as_deref(),
                    ),
                    out: ws.user_path(out, workspace::GENERATED_DIR),
                    spec: spec_path,
                    config: ws.user_path(config, workspace::CODEGEN_CONFIG),
                    surface: surface.map_or(default_surface, |p| ws.user_path(Some(p), "")),
                    changelog: changelog.unwrap_or(default_changelog),
                }],
                None,
            )
        }
        Command::BenchBuild {
            runs,
            tag,
            no_progenitor,
        } => bench_build::run(
            &ws,
            &bench_build::Args {
                runs,
                tag,
                progenitor: !no_progenitor,
            },
        ),
        Command::CheckFeatures { only } => check_features::run(&check_features::Args { only }),
        Command::DiffSpec {
            old,
            new,
            format,
            deny_breaking,
            config,
            spec,
        } => diff_spec::run(
            &ws,
            &diff_spec::Args {
                old,
                new,
                format,
                deny_breaking,
                config: ws.user_path(config, workspace::CODEGEN_CONFIG),
                spec,
            },
        ),
        Command::FetchSpec {
            api,
            url,
            timeout,
            out,
            lock,
            manifest,
        } => fetch_spec::run(&fetch_spec::Args {
            targets: fetch_spec::targets(
                &ws.user_path(manifest, apis::MANIFEST),
                api.as_deref(),
                url,
                out.map(|o| ws.user_path(Some(o), "")),
            )?,
            timeout_secs: timeout,
            lock: ws.user_path(lock, workspace::SPEC_LOCK),
        }),
        Command::Corpus { only, no_compile } => corpus::run(&ws, only.as_deref(), !no_compile),
        Command::Fuzz {
            seed,
            iterations,
            timeout,
            compile_sample,
            replay,
            jobs,
        } => fuzz::run(
            &ws,
            &fuzz::Args {
                seed,
                iterations,
                timeout: fuzz::timeout(timeout),
                compile_sample,
                replay,
                jobs: fuzz::jobs(jobs),
            },
        ),
        Command::BenchCodegen { runs } => bench::run(runs),
        Command::ProposePatches { spec, config, only } => {
            propose_patches::run(&propose_patches::Args {
                spec: ws.user_path(spec, workspace::SPEC),
                config: ws.user_path(config, workspace::CODEGEN_CONFIG),
                only,
            })
        }
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
