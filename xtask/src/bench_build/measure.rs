//! One timed build: wall time and the peak resident memory of the build's largest process
//! (rustc, for a leaf crate), read from `wait4`'s resource usage, which covers every
//! descendant the child reaped, as GNU `time` reports it.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// What one build took.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident set size, in KiB.
    pub peak_kib: u64,
}

/// Runs `command` to completion; its output is discarded unless it fails.
pub fn timed(command: &mut Command) -> Result<Sample> {
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("child pid out of range")?;
    // Drain stderr on a thread so a chatty failure cannot block the child on a full pipe.
    let stderr = child.stderr.map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in; `pid` is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    let errors = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if reaped != pid {
        bail!("waiting for {command:?} failed");
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let tail: Vec<&str> = errors.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{command:?} failed:\n{}", tail.join("\n"));
    }
    Ok(Sample {
        wall,
        peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// The median of the samples' wall times, and the largest peak.
pub fn summary(samples: &[Sample]) -> (Duration, Duration, Duration, u64) {
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    walls.sort();
    let median = if walls.is_empty() {
        Duration::ZERO
    } else {
        crate::bench::median(&walls)
    };
    let min = walls.first().copied().unwrap_or_default();
    let max = walls.last().copied().unwrap_or_default();
    let peak = samples.iter().map(|s| s.peak_kib).max().unwrap_or(0);
    (median, min, max, peak)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(secs: u64, peak_kib: u64) -> Sample {
        Sample {
            wall: Duration::from_secs(secs),
            peak_kib,
        }
    }

    #[test]
    fn median_of_odd_and_even_counts_and_the_largest_peak() {
        let (median, min, max, peak) = summary(&[sample(5, 10), sample(1, 30), sample(3, 20)]);
        assert_eq!(
            (median, min, max, peak),
            (
                Duration::from_secs(3),
                Duration::from_secs(1),
                Duration::from_secs(5),
                30
            )
        );
        let (median, ..) = summary(&[sample(4, 1), sample(2, 1)]);
        assert_eq!(median, Duration::from_secs(3));
    }

    #[test]
    fn a_child_is_timed_and_its_memory_read() {
        let sample = timed(Command::new("true").arg("x")).unwrap();
        assert!(sample.peak_kib > 0);
        let err = timed(Command::new("sh").args(["-c", "echo broken >&2; exit 3"])).unwrap_err();
        assert!(err.to_string().contains("broken"), "{err}");
    }
}
