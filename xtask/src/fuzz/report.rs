//! The fuzz run's tally and its printout: counts by outcome, the slowest mutant, and every
//! failure (panic, timeout, multi-line error, client that does not compile) with its replay command.

use std::time::Duration;

pub struct Failure {
    pub kind: &'static str,
    pub seed: u64,
    pub base: String,
    pub mutations: Vec<String>,
    pub message: String,
}

#[derive(Default)]
pub struct Tally {
    pub tried: usize,
    pub generated: usize,
    pub refused: usize,
    pub panics: usize,
    pub timeouts: usize,
    pub multi_line: usize,
    pub failures: Vec<Failure>,
    /// (time, mutant seed, base spec) of the slowest mutant that finished.
    pub slowest: Option<(Duration, u64, String)>,
    /// Clients compiled / compiled cleanly / rustc + rustdoc warnings in generated code.
    pub compiled: Option<(usize, usize, usize)>,
}

impl Tally {
    pub fn time(&mut self, took: Duration, seed: u64, base: &str) {
        if self.slowest.as_ref().is_none_or(|(t, _, _)| took > *t) {
            self.slowest = Some((took, seed, base.to_string()));
        }
    }

    pub fn print(
        &self,
        seed: u64,
        specs: usize,
        jobs: usize,
        elapsed: Duration,
        timeout: Duration,
    ) {
        let build = if cfg!(debug_assertions) {
            "debug build"
        } else {
            "release build"
        };
        println!(
            "fuzz: seed {seed}: {} mutants of {specs} specs in {:.1} s ({build}, {jobs} jobs, timeout {} s per mutant)",
            self.tried,
            elapsed.as_secs_f64(),
            timeout.as_secs_f64()
        );
        println!(
            "  generated {}, refused with a one-line error {}, panics {}, timeouts {}, multi-line errors {}",
            self.generated, self.refused, self.panics, self.timeouts, self.multi_line
        );
        if let Some((took, mutant, base)) = &self.slowest {
            println!(
                "  slowest: {:.0} ms (mutant {mutant} of {base})",
                took.as_secs_f64() * 1000.0
            );
        }
        if let Some((tried, ok, warnings)) = self.compiled {
            println!("  compiled sample: {ok}/{tried} clients compile, {warnings} warnings in generated code");
        }
        for f in &self.failures {
            println!(
                "{}: mutant {} of {} ({}): {}\n  replay: cargo xtask fuzz --replay {}",
                f.kind,
                f.seed,
                f.base,
                f.mutations.join("; "),
                f.message,
                f.seed
            );
        }
    }
}
