//! `cargo xtask fuzz`: seeded structural mutations of the corpus and fixture specs, each run
//! through the whole pipeline; reports panics, timeouts and (for a sample) clients rustc rejects.

mod mutate;
mod report;
mod runner;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use anyhow::{anyhow, bail, Context, Result};
use fastrand::Rng;
use serde_json::Value;

use crate::corpus::CrateTemplate;
use crate::workspace::{self, Workspace};
use report::{Failure, Tally};
use runner::Outcome;

/// Fixture directories whose specs are mutated besides the corpus (`codegen.yaml` is a config).
const FIXTURE_DIRS: [&str; 2] = ["tests/fixtures/constructs", "tests/fixtures/broken"];
const SCRATCH: &str = "target/fuzz";

pub struct Args {
    pub seed: u64,
    pub iterations: usize,
    pub timeout: Duration,
    pub compile_sample: usize,
    pub replay: Option<u64>,
    /// Mutants run at once (each on its own worker thread with its own deadline).
    pub jobs: usize,
}

struct Base {
    name: String,
    document: Value,
}

pub fn run(ws: &Workspace, args: &Args) -> Result<()> {
    let bases = load_bases()?;
    if let Some(mutant) = args.replay {
        return replay(&bases, mutant, args.timeout);
    }
    runner::quiet_panics();
    fs::create_dir_all(SCRATCH).with_context(|| SCRATCH.to_string())?;
    let started = Instant::now();
    let done = AtomicUsize::new(0);
    let mut records = thread::scope(|scope| {
        let jobs: Vec<_> = (0..args.jobs)
            .map(|job| {
                let (bases, done) = (&bases, &done);
                scope.spawn(move || run_job(job, bases, args, done, started))
            })
            .collect();
        jobs.into_iter()
            .map(|j| {
                j.join()
                    .unwrap_or_else(|_| Err(anyhow!("a fuzz job panicked")))
            })
            .collect::<Result<Vec<Vec<Record>>>>()
    })?
    .into_iter()
    .flatten()
    .collect::<Vec<Record>>();
    let elapsed = started.elapsed();
    // Jobs interleave; the report follows mutant order so a seed always reads the same.
    records.sort_by_key(|r| r.index);

    let mut tally = Tally::default();
    let mut generated_seeds = Vec::new();
    for r in records {
        tally.tried += 1;
        tally.time(r.took, r.seed, &r.base);
        match r.result {
            Verdict::Generated => {
                tally.generated += 1;
                generated_seeds.push(r.seed);
            }
            Verdict::Refused => tally.refused += 1,
            Verdict::Failure(kind, message) => {
                match kind {
                    PANIC => tally.panics += 1,
                    TIMEOUT => tally.timeouts += 1,
                    _ => tally.multi_line += 1,
                }
                tally.failures.push(Failure {
                    kind,
                    seed: r.seed,
                    base: r.base,
                    mutations: r.mutations,
                    message,
                });
            }
        }
    }
    if args.compile_sample > 0 {
        compile_sample(ws, &bases, &generated_seeds, args, &mut tally)?;
    }
    tally.print(args.seed, bases.len(), args.jobs, elapsed, args.timeout);
    if !tally.failures.is_empty() {
        bail!("fuzz: {} failures (listed above)", tally.failures.len());
    }
    Ok(())
}

const PANIC: &str = "PANIC";
const TIMEOUT: &str = "TIMEOUT";

/// What one mutant did; the generated files are dropped at once (mutants can be large).
enum Verdict {
    Generated,
    Refused,
    Failure(&'static str, String),
}

struct Record {
    index: usize,
    seed: u64,
    base: String,
    mutations: Vec<String>,
    took: Duration,
    result: Verdict,
}

/// Mutants `job`, `job + jobs`, ... of the run.
fn run_job(
    job: usize,
    bases: &[Base],
    args: &Args,
    done: &AtomicUsize,
    started: Instant,
) -> Result<Vec<Record>> {
    let marker = Path::new(SCRATCH).join(format!("running-{job}"));
    let mut records = Vec::new();
    for index in (job..args.iterations).step_by(args.jobs) {
        let seed = mutant_seed(args.seed, index as u64);
        // Written first so that an abort (a stack overflow kills the process) names its mutant.
        fs::write(&marker, seed.to_string()).with_context(|| marker.display().to_string())?;
        let (base, mutations, text) = build(bases, seed)?;
        let (outcome, took) = runner::run(text, format!("mutant {seed}"), args.timeout);
        let result = match outcome {
            Outcome::Generated(_) => Verdict::Generated,
            Outcome::Failed(_) => Verdict::Refused,
            Outcome::MultiLineError(message) => Verdict::Failure("multi-line error", message),
            Outcome::Panicked(message) => Verdict::Failure(PANIC, message),
            Outcome::TimedOut => Verdict::Failure(
                TIMEOUT,
                format!("no result after {} s", args.timeout.as_secs_f64()),
            ),
        };
        records.push(Record {
            index,
            seed,
            base: base.to_string(),
            mutations,
            took,
            result,
        });
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        if finished.is_multiple_of(1000) {
            eprintln!(
                "fuzz: {finished}/{} mutants, {:.0} s",
                args.iterations,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(records)
}

/// Each mutant has its own seed, so one can be replayed without the run that found it.
fn mutant_seed(run_seed: u64, index: u64) -> u64 {
    Rng::with_seed(run_seed.wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15))).u64(..)
}

/// The mutant for `seed`: its base spec's name, what was done to it, and its JSON text.
fn build(bases: &[Base], seed: u64) -> Result<(&str, Vec<String>, String)> {
    let mut rng = Rng::with_seed(seed);
    let base = &bases[rng.usize(0..bases.len())];
    let mut document = base.document.clone();
    let mutations = mutate::mutate(&mut document, &mut rng);
    let text = serde_json::to_string(&document).context("serializing a mutant")?;
    Ok((&base.name, mutations, text))
}

fn load_bases() -> Result<Vec<Base>> {
    let mut paths = spec_files(Path::new(workspace::CORPUS_DIR))?;
    for dir in FIXTURE_DIRS {
        paths.extend(spec_files(Path::new(dir))?);
    }
    let mut bases = Vec::with_capacity(paths.len());
    for path in paths {
        let origin = path.display().to_string();
        let text = fs::read_to_string(&path).with_context(|| origin.clone())?;
        let document = codegen::parse::parse_document(&text, &origin)?;
        bases.push(Base {
            name: origin,
            document,
        });
    }
    if bases.is_empty() {
        bail!("{}: no specs to mutate", workspace::CORPUS_DIR);
    }
    Ok(bases)
}

/// YAML and JSON files of `dir` in sorted order (so a seed means the same mutants everywhere).
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry.with_context(|| dir.display().to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_config = path.file_name().is_some_and(|n| n == "codegen.yaml");
        if path.is_file() && matches!(ext, "yaml" | "yml" | "json") && !is_config {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}

/// Writes the mutant beside the other scratch files and runs it with panics printed in full.
fn replay(bases: &[Base], seed: u64, timeout: Duration) -> Result<()> {
    let (base, mutations, text) = build(bases, seed)?;
    fs::create_dir_all(SCRATCH).with_context(|| SCRATCH.to_string())?;
    let file = Path::new(SCRATCH).join(format!("mutant-{seed}.json"));
    codegen::write::write_atomic(&file, text.as_bytes())?;
    println!("mutant {seed} of {base}, written to {}", file.display());
    for m in &mutations {
        println!("  {m}");
    }
    let (outcome, took) = runner::run(text, file.display().to_string(), timeout);
    let ms = took.as_secs_f64() * 1000.0;
    match outcome {
        Outcome::Generated(g) => println!(
            "generated in {ms:.0} ms: {} files, {} diagnostics",
            g.files.len(),
            g.api.diagnostics.len()
        ),
        Outcome::Failed(e) => println!("refused in {ms:.0} ms: {e}"),
        Outcome::MultiLineError(e) => bail!("multi-line error: {e}"),
        Outcome::Panicked(e) => bail!("panicked: {e}"),
        Outcome::TimedOut => bail!("timed out after {} s", timeout.as_secs_f64()),
    }
    Ok(())
}

/// Compiles (and documents) the clients of `args.compile_sample` generated mutants, evenly
/// spread over the run, in one scratch crate; rustc rejecting one is a failure like a panic.
fn compile_sample(
    ws: &Workspace,
    bases: &[Base],
    generated: &[u64],
    args: &Args,
    tally: &mut Tally,
) -> Result<()> {
    let template = CrateTemplate::load(ws)?;
    let k = args.compile_sample.min(generated.len());
    let (mut ok, mut warnings) = (0, 0);
    for j in 0..k {
        let seed = generated[j * generated.len() / k];
        let (base, mutations, text) = build(bases, seed)?;
        eprintln!("fuzz: compiling mutant {seed} of {base} ({}/{k})", j + 1);
        let files = match codegen::generate_str(&text, "mutant", &codegen::Config::default()) {
            Ok(g) => g.files,
            Err(e) => bail!("mutant {seed} generated during the run but not now: {e}"),
        };
        let failure = |kind, message| Failure {
            kind,
            seed,
            base: base.to_string(),
            mutations: mutations.clone(),
            message,
        };
        match template.check(ws, "fuzz-mutant", &files)? {
            Ok(w) => {
                ok += 1;
                let found = w.rustc + w.rustdoc.unwrap_or(0);
                warnings += found;
                if found > 0 || w.rustdoc.is_none() {
                    let message = format!(
                        "{} rustc warnings, rustdoc {}",
                        w.rustc,
                        w.rustdoc
                            .map_or("failed".to_string(), |n| format!("{n} warnings"))
                    );
                    tally.failures.push(failure("WARNINGS", message));
                }
            }
            Err(e) => tally.failures.push(failure("DOES NOT COMPILE", e)),
        }
    }
    tally.compiled = Some((k, ok, warnings));
    Ok(())
}

/// `--timeout` or the build's default (see its help).
pub fn timeout(secs: Option<u64>) -> Duration {
    let default = if cfg!(debug_assertions) { 30 } else { 5 };
    Duration::from_secs(secs.unwrap_or(default))
}

/// `--jobs` or one per available core.
pub fn jobs(jobs: Option<u64>) -> usize {
    jobs.and_then(|j| usize::try_from(j).ok())
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
}
