//! `cargo xtask bench-codegen [--runs N]`: times each codegen stage on the Altegio spec in-process.
//! Prints median/min/max per stage; meaningful figures need `cargo run --release -p xtask -- bench-codegen`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use codegen::Config;

use crate::workspace;

const STAGES: [&str; 6] = [
    "parse",
    "patch+normalize",
    "load",
    "lower",
    "emit+format",
    "total",
];

pub fn run(runs: u32) -> Result<()> {
    let config = Config::from_file(workspace::CODEGEN_CONFIG.as_ref())?;
    let text =
        std::fs::read_to_string(workspace::SPEC).with_context(|| workspace::SPEC.to_string())?;
    let origin = workspace::SPEC;

    let mut samples: Vec<[Duration; 6]> = Vec::new();
    let mut shape = (0, 0, 0);
    for _ in 0..runs {
        let mut t = [Duration::ZERO; 6];
        let start = Instant::now();
        let mut lap = start;
        let mut split = |i: usize| {
            let now = Instant::now();
            t[i] = now - lap;
            lap = now;
        };
        let mut value = codegen::parse::parse_document(&text, origin)?;
        split(0);
        codegen::patch::apply(&mut value, &config.spec_patches, origin)?;
        let normalized = codegen::normalize::normalize(value);
        split(1);
        let loaded = codegen::load::load(normalized.document, origin)?;
        split(2);
        let mut diagnostics = normalized.diagnostics;
        diagnostics.extend(loaded.diagnostics);
        let api = codegen::lower::lower(&loaded.openapi, &config, diagnostics);
        split(3);
        let files = codegen::emit::emit(&api)
            .into_iter()
            .map(|(path, tokens)| {
                let text = codegen::format::format_file(&path, tokens)?;
                Ok((path, text))
            })
            .collect::<Result<BTreeMap<String, String>, codegen::CodegenError>>()?;
        split(4);
        t[5] = start.elapsed();
        shape = (
            api.modules
                .iter()
                .map(|m| m.operations.len())
                .sum::<usize>(),
            files.len(),
            files.values().map(|f| f.lines().count()).sum::<usize>(),
        );
        black_box(files);
        samples.push(t);
    }

    let build = if cfg!(debug_assertions) {
        "DEBUG build: figures are not representative; run `cargo run --release -p xtask -- bench-codegen`"
    } else {
        "release build"
    };
    println!("bench-codegen: {runs} runs on {origin} ({build})");
    println!(
        "output: {} operations, {} files, {} lines",
        shape.0, shape.1, shape.2
    );
    println!();
    println!("| stage | median ms | min ms | max ms |");
    println!("|---|---:|---:|---:|");
    for (i, stage) in STAGES.iter().enumerate() {
        let mut column: Vec<Duration> = samples.iter().map(|s| s[i]).collect();
        column.sort();
        let (min, max) = match (column.first(), column.last()) {
            (Some(min), Some(max)) => (*min, *max),
            _ => continue,
        };
        println!(
            "| {stage} | {:.1} | {:.1} | {:.1} |",
            ms(median(&column)),
            ms(min),
            ms(max)
        );
    }
    Ok(())
}

/// Median of a sorted, non-empty slice (mean of the two middle values for an even count).
fn median(sorted: &[Duration]) -> Duration {
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
