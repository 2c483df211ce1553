//! The `codegen` command line: runs the pipeline on one spec and writes, checks or prints its output.
//! Every failure is printed as one `error: ...` line with exit code 1 (clap's usage errors exit 2).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use codegen::report::Summary;
use codegen::write::{write_tree, Mode};
use codegen::Config;

/// Generate a typed Rust client from an OpenAPI 3.0/3.1 document.
#[derive(Debug, Parser)]
#[command(name = "codegen", version)]
struct Cli {
    /// The OpenAPI document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Generator options (YAML); defaults apply when omitted.
    #[arg(long, value_name = "YAML")]
    config: Option<PathBuf>,
    /// Directory the generated files go to (needed by `--emit code`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// What to produce: write the code, or print the IR, diagnostics or normalize rewrites.
    #[arg(long, value_enum, default_value_t = Emit::Code)]
    emit: Emit,
    /// Output format for `--emit ir` (default json) and `--emit diagnostics|rewrites` (default: one per line).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write nothing; fail if the files in `--out` differ from what would be generated.
    #[arg(long)]
    check: bool,
    /// Fail on any Error diagnostic (a dangling `$ref`, a dropped operation, ...) instead of
    /// generating with `serde_json::Value` fallbacks. Also set by `strict: true` in the config.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Emit {
    Code,
    Ir,
    Diagnostics,
    Rewrites,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Yaml,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    if cli.check && cli.emit != Emit::Code {
        bail!("--check only applies to --emit code");
    }
    if cli.emit == Emit::Code && cli.format.is_some() {
        bail!("--format applies to --emit ir|diagnostics|rewrites, not to --emit code");
    }
    let config = match &cli.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match cli.emit {
        Emit::Code => emit_code(cli, &config, &mut out)?,
        Emit::Ir => {
            let (api, _) = codegen::lower_file(&cli.spec, &config)?;
            print_structured(&mut out, &api, cli.format.unwrap_or(Format::Json))?;
        }
        Emit::Diagnostics => {
            let (api, _) = codegen::lower_file(&cli.spec, &config)?;
            match cli.format {
                Some(format) => {
                    let report = serde_json::json!({
                        "diagnostics": api.diagnostics,
                        "fallbacks": api.fallbacks,
                    });
                    print_structured(&mut out, &report, format)?;
                }
                None => {
                    for d in &api.diagnostics {
                        writeln!(out, "{d}")?;
                    }
                    for fb in &api.fallbacks {
                        writeln!(out, "fallback: {}: {}", fb.pointer, fb.reason)?;
                    }
                }
            }
        }
        Emit::Rewrites => {
            let (_, rewrites) = codegen::lower_file(&cli.spec, &config)?;
            match cli.format {
                Some(format) => print_structured(&mut out, &rewrites, format)?,
                None => {
                    for r in &rewrites {
                        writeln!(out, "{}: {}", r.pointer, r.rule)?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn emit_code(cli: &Cli, config: &Config, out: &mut impl Write) -> Result<()> {
    let Some(dir) = &cli.out else {
        bail!("--emit code needs --out <DIR> (use --emit ir to inspect without writing)");
    };
    let started = Instant::now();
    let generated = codegen::generate_file(&cli.spec, config)?;
    if cli.strict || config.strict {
        codegen::strict::check(&generated.api, &cli.spec.display().to_string())?;
    }
    let summary = Summary::new(&generated, started.elapsed());
    let mode = if cli.check { Mode::Check } else { Mode::Write };
    let report = write_tree(dir, &generated.files, mode)?;
    if let Some(message) = report.stale_message(&rerun_command(cli, dir)) {
        bail!(message);
    }
    writeln!(out, "{summary}")?;
    if cli.check {
        writeln!(
            out,
            "{}: up to date ({} files)",
            dir.display(),
            report.unchanged.len()
        )?;
    } else {
        writeln!(
            out,
            "{}: {} written, {} unchanged, {} removed",
            dir.display(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        )?;
    }
    Ok(())
}

/// The command that would bring `dir` up to date: this invocation without `--check`.
fn rerun_command(cli: &Cli, dir: &Path) -> String {
    let mut cmd = format!("codegen --spec {}", cli.spec.display());
    if let Some(config) = &cli.config {
        cmd.push_str(&format!(" --config {}", config.display()));
    }
    cmd.push_str(&format!(" --out {}", dir.display()));
    cmd
}

fn print_structured(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    format: Format,
) -> Result<()> {
    // Serialized in memory first so a closed pipe surfaces as an io::Error, not a serde one.
    let text = match format {
        Format::Json => {
            let mut text =
                serde_json::to_string_pretty(value).context("serializing output as JSON")?;
            text.push('\n');
            text
        }
        Format::Yaml => serde_yaml::to_string(value).context("serializing output as YAML")?,
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Prints clap's message in one line (help and version are printed as clap renders them).
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitCode::from(2);
    }
    // clap's message is its first paragraph (e.g. "the following required arguments were not
    // provided:" followed by the indented names); usage and tips follow a blank line.
    let rendered = e.to_string();
    let paragraph: Vec<&str> = rendered
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = paragraph.join(" ");
    let first = message.strip_prefix("error: ").unwrap_or(&message);
    let first = if first.is_empty() {
        "invalid arguments"
    } else {
        first
    };
    eprintln!("error: {first} (see `codegen --help`)");
    ExitCode::from(2)
}

/// Joins an error and its causes with ": ", skipping a cause whose text the message already
/// contains (several of our errors print their source themselves).
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    line.replace(['\n', '\r'], " ")
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
