//! `cargo xtask bench-codegen [--runs N]`: times `regenerate --check` in-process on the Altegio spec,
//! side by side with a bare `serde_yaml` parse of the same text, and each codegen stage on its own.
//! A last row is the formatting floor: syn and prettyplease alone on the finished output, spread
//! over the same threads as the format stage, which no emitter change can go below.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use codegen::Config;

use crate::{api_changes, regenerate, workspace};

/// The goal the ratio is held to (issue: regenerate at most 3x a bare parse of its spec).
const RATIO_GOAL: f64 = 3.0;

const STAGES: [&str; 6] = [
    "parse",
    "patch+normalize",
    "load",
    "lower+features+evidence",
    "emit+format (parallel)",
    "stages total",
];

pub fn run(runs: u32) -> Result<()> {
    let config = Config::from_file(workspace::CODEGEN_CONFIG.as_ref())?;
    let origin = workspace::SPEC;
    let text = std::fs::read_to_string(origin).with_context(|| origin.to_string())?;
    let args = check_args();

    let mut bare = Vec::new();
    let mut whole = Vec::new();
    let mut stages: Vec<[Duration; 6]> = Vec::new();
    let mut floor = Vec::new();
    let mut shape = (0, 0, 0);
    for _ in 0..runs {
        // Alternating the measurements within each run keeps a busy machine from
        // favouring one of them.
        let start = Instant::now();
        black_box(serde_yaml::from_str::<serde_yaml::Value>(&text).context(origin)?);
        bare.push(start.elapsed());

        let start = Instant::now();
        let prepared = regenerate::prepare(&args)?;
        black_box(prepared.surface.check()?);
        whole.push(start.elapsed());
        drop(prepared);

        let (times, files) = staged(&text, origin, &config)?;
        stages.push(times);
        let start = Instant::now();
        black_box(format_floor(&files.1)?);
        floor.push(start.elapsed());
        shape = (
            files.0,
            files.1.len(),
            files.1.values().map(|f| f.lines().count()).sum::<usize>(),
        );
    }

    let build = if cfg!(debug_assertions) {
        "DEBUG build: figures are not representative; run `cargo run --release -p xtask -- bench-codegen`"
    } else {
        "release build"
    };
    println!("bench-codegen: {runs} runs on {origin} ({build})");
    println!(
        "output: {} operations, {} files, {} lines; {} threads available",
        shape.0,
        shape.1,
        shape.2,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!("| measured | median ms | min ms | max ms |");
    println!("|---|---:|---:|---:|");
    for (i, stage) in STAGES.iter().enumerate() {
        row(stage, samples_of(&stages, i));
    }
    let whole = row("regenerate --check (in-process)", whole);
    let bare = row("bare serde_yaml parse of the spec", bare);
    let floor = row("formatting floor: syn + prettyplease of the output", floor);
    println!();
    let ratio = whole.as_secs_f64() / bare.as_secs_f64();
    println!(
        "parse + formatting floor / bare parse: {:.2}x (what any run that formats its output costs)",
        (bare + floor).as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "regenerate / bare parse: {ratio:.2}x (medians; goal at most {RATIO_GOAL:.0}x: {})",
        if ratio <= RATIO_GOAL {
            "met"
        } else {
            "not met"
        }
    );
    Ok(())
}

/// What `cargo xtask regenerate --check` runs with no overrides.
fn check_args() -> regenerate::Args {
    let spec = Path::new(workspace::SPEC).to_path_buf();
    let (surface, changelog) = api_changes::default_paths(None, &spec);
    regenerate::Args {
        name: None,
        check: true,
        strict: false,
        fix_command: regenerate::fix_command(None, None, None),
        out: workspace::GENERATED_DIR.into(),
        config: workspace::CODEGEN_CONFIG.into(),
        spec,
        surface,
        changelog,
    }
}

type Output = (usize, std::collections::BTreeMap<String, String>);

/// One pass of the pipeline stage by stage (the same calls `codegen::generate_str` makes).
fn staged(text: &str, origin: &str, config: &Config) -> Result<([Duration; 6], Output)> {
    let mut t = [Duration::ZERO; 6];
    let start = Instant::now();
    let mut lap = start;
    let mut split = |i: usize| {
        let now = Instant::now();
        t[i] = now - lap;
        lap = now;
    };
    let value = codegen::parse::parse_document(text, origin)?;
    split(0);
    let normalized = codegen::prepare_value(value, origin, config)?;
    split(1);
    let loaded = codegen::load::load(normalized.document, origin)?;
    split(2);
    let mut diagnostics = normalized.diagnostics;
    diagnostics.extend(loaded.diagnostics);
    let mut api = codegen::lower::lower(&loaded.openapi, config, diagnostics);
    codegen::lower::webhooks::attach(&mut api, &loaded.document, config);
    codegen::lower::features::assign(&mut api, config.features.as_ref());
    codegen::evidence::classify(&loaded.document, &mut api.fallbacks);
    split(3);
    let files = codegen::render::render(&api)?;
    split(4);
    t[5] = start.elapsed();
    let operations = api.modules.iter().map(|m| m.operations.len()).sum();
    Ok((t, (operations, files)))
}

/// Parses and prints every output file again with syn and prettyplease, largest first on as
/// many threads as `codegen::render` uses (and through its worker pool): the least the format
/// stage can cost.
fn format_floor(files: &std::collections::BTreeMap<String, String>) -> Result<usize> {
    let mut texts: Vec<&String> = files.values().collect();
    texts.sort_by_key(|text| std::cmp::Reverse(text.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let printed = codegen::render::on_workers(threads, || {
        let mut printed = Vec::new();
        while let Some(text) = texts.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            printed.push(syn::parse_file(text).map(|file| prettyplease::unparse(&file).len()));
        }
        printed
    });
    Ok(printed.into_iter().sum::<Result<usize, _>>()?)
}

fn samples_of(samples: &[[Duration; 6]], i: usize) -> Vec<Duration> {
    samples.iter().map(|s| s[i]).collect()
}

/// Prints one table row and returns the median.
fn row(what: &str, mut column: Vec<Duration>) -> Duration {
    column.sort();
    let (Some(min), Some(max)) = (column.first().copied(), column.last().copied()) else {
        return Duration::ZERO;
    };
    let median = median(&column);
    println!(
        "| {what} | {:.1} | {:.1} | {:.1} |",
        ms(median),
        ms(min),
        ms(max)
    );
    median
}

/// Median of a sorted, non-empty slice (mean of the two middle values for an even count).
pub(crate) fn median(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let d = Duration::from_millis;
        assert_eq!(median(&[d(1), d(2), d(9)]), d(2));
        assert_eq!(median(&[d(1), d(3), d(5), d(9)]), d(4));
    }
}
