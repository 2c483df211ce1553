//! Strict mode: a run with any Error diagnostic (something dropped or replaced by a fallback) fails.
//! Lenient is the default so one broken piece never costs the whole client; strict guards a committed one.

use crate::error::CodegenError;
use crate::ir::{Api, Severity};

/// `Ok` when `api` has no Error diagnostic; otherwise one error naming how many and the first
/// (in pointer order, so the message is the same on every run).
pub fn check(api: &Api, origin: &str) -> Result<(), CodegenError> {
    let first = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .min_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    let Some(first) = first else {
        return Ok(());
    };
    let count = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Err(CodegenError::Strict {
        origin: origin.to_owned(),
        count,
        first: format!("{}: {}", first.pointer, first.message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Diagnostic;

    #[test]
    fn warnings_pass_errors_fail_naming_the_first() {
        let mut api = Api {
            diagnostics: vec![Diagnostic::warning("#/a", "approximated")],
            ..Api::default()
        };
        assert!(check(&api, "s.yaml").is_ok());
        api.diagnostics.push(Diagnostic::error("#/z", "dropped"));
        api.diagnostics
            .push(Diagnostic::error("#/b", "$ref '#/x' does not resolve"));
        let message = check(&api, "s.yaml").unwrap_err().to_string();
        assert_eq!(
            message,
            "s.yaml: strict mode: 2 error diagnostics, first #/b: $ref '#/x' does not resolve (without --strict these become fallbacks)"
        );
    }
}
