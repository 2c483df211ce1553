//! Runs the emit and format stages for every generated file, spread over the available cores.
//! The files come out exactly as emitting and formatting them one after the other would make them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit::{self, File};
use crate::error::CodegenError;
use crate::format;
use crate::ir::Api;

/// Room for the recursion of syn and prettyplease on deeply nested generated types, as the
/// main thread has (a spawned thread gets 2 MiB by default).
const WORKER_STACK: usize = 8 << 20;

/// Emits and formats every file of `api`. Token streams cannot cross threads, so each worker
/// emits the files it formats; they take files from one queue, largest first.
pub fn render(api: &Api) -> Result<BTreeMap<String, String>, CodegenError> {
    let files = emit::files(api);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    let next = AtomicUsize::new(0);
    let mut done = on_workers(workers, || drain(api, &files, &next));
    // In path order, so the error reported is the one a sequential run would meet first.
    done.sort_by(|a, b| a.0.cmp(&b.0));
    done.into_iter()
        .map(|(path, text)| Ok((path, text?)))
        .collect()
}

/// Runs `work` on the calling thread and on up to `workers - 1` helper threads (with the stack
/// syn and prettyplease need), and gathers what they return. The workers share their queue
/// through what `work` captures; a helper that cannot be spawned leaves the others more to do.
pub fn on_workers<R: Send>(workers: usize, work: impl Fn() -> Vec<R> + Sync) -> Vec<R> {
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, &work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    })
}

type Rendered = Vec<(String, Result<String, CodegenError>)>;

fn drain(api: &Api, files: &[File<'_>], next: &AtomicUsize) -> Rendered {
    let mut done = Vec::new();
    while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
        let path = file.path();
        let text = format::format_file(&path, file.emit(api));
        done.push((path, text));
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emitting and formatting one file after the other, as the pipeline did before `render`.
    fn sequential(api: &Api) -> BTreeMap<String, String> {
        emit::emit(api)
            .into_iter()
            .map(|(path, tokens)| match format::format_file(&path, tokens) {
                Ok(text) => (path, text),
                Err(e) => panic!("{path}: {e}"),
            })
            .collect()
    }

    #[test]
    fn parallel_output_equals_sequential_output() -> Result<(), Box<dyn std::error::Error>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/constructs");
        let config = crate::Config::from_file(format!("{dir}/codegen.yaml").as_ref())?;
        for fixture in ["all_of", "enums", "multipart", "name_collision", "webhooks"] {
            let spec = format!("{dir}/{fixture}.yaml");
            let (api, _) = crate::lower_file(spec.as_ref(), &config)?;
            let parallel = render(&api)?;
            assert!(parallel.len() >= 5, "{fixture}: {} files", parallel.len());
            assert_eq!(parallel, sequential(&api), "{fixture}");
        }
        Ok(())
    }
}
