//! Runs the whole pipeline (through formatting) on one mutant: on a worker thread, with a
//! deadline, a panic caught and its message and location kept.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use codegen::{CodegenError, Config, Generated};

/// The main thread's stack size on Linux: the CLI runs the pipeline there, so a mutant that
/// needs more overflows for users too.
const WORKER_STACK: usize = 8 * 1024 * 1024;

thread_local! {
    /// The last panic on this thread, as one line with its location.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub enum Outcome {
    Generated(Box<Generated>),
    /// A clean, one-line error (a mutant may well be unusable).
    Failed(String),
    /// An error whose message spans lines: the CLI promises one line.
    MultiLineError(String),
    Panicked(String),
    TimedOut,
}

/// Keeps panic messages out of the report's output; they are read back by the worker.
pub fn quiet_panics() {
    panic::set_hook(Box::new(|info| {
        let text = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

/// Runs codegen on `text`. A mutant past `timeout` is abandoned on its thread (Rust cannot
/// stop a thread); the caller counts it as a failure.
pub fn run(text: String, origin: String, timeout: Duration) -> (Outcome, Duration) {
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("fuzz-mutant".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| {
                codegen::generate_str(&text, &origin, &Config::default())
            }));
            let outcome = match result {
                Ok(generated) => classify(generated),
                Err(_) => Outcome::Panicked(
                    LAST_PANIC
                        .with(|p| p.borrow_mut().take())
                        .unwrap_or_else(|| "panicked".to_string()),
                ),
            };
            // The receiver is gone only after a timeout; nobody is left to tell.
            let _ = tx.send(outcome);
        });
    if let Err(e) = spawned {
        return (
            Outcome::Failed(format!("cannot start a worker thread: {e}")),
            started.elapsed(),
        );
    }
    let outcome = match rx.recv_timeout(timeout) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut,
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Outcome::Panicked("worker thread ended without a result".to_string())
        }
    };
    (outcome, started.elapsed())
}

fn classify(result: Result<Generated, CodegenError>) -> Outcome {
    match result {
        Ok(generated) => Outcome::Generated(Box::new(generated)),
        Err(e) => {
            let message = e.to_string();
            if message.contains('\n') {
                Outcome::MultiLineError(message.replace('\n', "\\n"))
            } else {
                Outcome::Failed(message)
            }
        }
    }
}
