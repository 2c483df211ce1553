//! `cargo xtask`: the repository's maintenance commands (regenerate, fetch-spec, corpus, bench-codegen, propose-patches).
//! Parses the command line, runs from the workspace root, and prints any failure as one line.

mod bench;
mod corpus;
mod fetch_spec;
mod lock;
mod propose_patches;
mod regenerate;
mod workspace;

use std::path::PathBuf;
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
    /// Regenerate generated-client/src/generated from spec/ and print a summary.
    Regenerate {
        /// Write nothing; fail if the committed generated files are stale.
        #[arg(long)]
        check: bool,
        /// Output directory (default: generated-client/src/generated).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Spec to generate from (default: spec/altegio-b2b-v1.openapi.yaml).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Generator options (default: spec/codegen.yaml).
        #[arg(long, value_name = "YAML")]
        config: Option<PathBuf>,
    },
    /// Download the spec, validate it, write it atomically and update the lock file.
    FetchSpec {
        #[arg(long, default_value = workspace::DEFAULT_SPEC_URL)]
        url: String,
        /// Whole-request timeout in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Where the spec goes (default: spec/altegio-b2b-v1.openapi.yaml).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// The lock file to update (default: spec/spec-lock.yaml).
        #[arg(long, value_name = "PATH")]
        lock: Option<PathBuf>,
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
    /// Time each codegen stage on the Altegio spec (use a release build for real figures:
    /// `cargo run --release -p xtask -- bench-codegen`).
    BenchCodegen {
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
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
            out,
            spec,
            config,
        } => regenerate::run(&regenerate::Args {
            check,
            fix_command: regenerate::fix_command(
                out.as_deref(),
                spec.as_deref(),
                config.as_deref(),
            ),
            out: ws.user_path(out, workspace::GENERATED_DIR),
            spec: ws.user_path(spec, workspace::SPEC),
            config: ws.user_path(config, workspace::CODEGEN_CONFIG),
        }),
        Command::FetchSpec {
            url,
            timeout,
            out,
            lock,
        } => fetch_spec::run(&fetch_spec::Args {
            url,
            timeout_secs: timeout,
            out: ws.user_path(out, workspace::SPEC),
            lock: ws.user_path(lock, workspace::SPEC_LOCK),
        }),
        Command::Corpus { only, no_compile } => corpus::run(&ws, only.as_deref(), !no_compile),
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
