//! `cargo xtask`: the repository's maintenance commands (regenerate, fetch-spec, corpus, fuzz, bench-codegen).
//! Parses the command line, runs from the workspace root, and prints any failure as one line.

mod bench;
mod corpus;
mod fetch_spec;
mod fuzz;
mod lock;
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
        /// Fail on any Error diagnostic (spec/codegen.yaml sets `strict: true` for Altegio).
        #[arg(long)]
        strict: bool,
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
            strict,
        } => regenerate::run(&regenerate::Args {
            check,
            strict,
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
    }
}
