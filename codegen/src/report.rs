//! One-screen summary of a generation run: counts, fallbacks, diagnostics, output size, time.
//! Built from a [`Generated`] and printed by the codegen CLI and `cargo xtask regenerate`.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::integers::INTEGER_RULE;
use crate::ir::{Api, Diagnostic, Fallback, ResponseKind, Severity, TypeKind, TypeRef};
use crate::patch::PATCH_RULE;
use crate::Generated;

/// How many fallbacks / diagnostics are listed before the rest are only counted.
const LIST_LIMIT: usize = 10;
const MORE_HINT: &str = "(see `codegen --emit diagnostics`)";

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub title: String,
    pub version: String,
    pub operations: usize,
    pub deprecated_operations: usize,
    /// Webhooks (`webhooks` of a 3.1 document) with a typed payload.
    pub webhooks: usize,
    pub modules: usize,
    /// Component (`models`) types.
    pub models: usize,
    /// Inline types owned by modules.
    pub module_types: usize,
    /// Lengths of the struct and enum names (aliases excluded).
    pub names: NameStats,
    /// Every fallback to `serde_json::Value`, sorted by pointer.
    pub fallbacks: Vec<Fallback>,
    /// Operations whose success body (or envelope `data`) is `serde_json::Value`, with why.
    pub untyped_success: Vec<UntypedSuccess>,
    pub warnings: usize,
    pub errors: usize,
    /// The first diagnostics, errors first, then by pointer.
    pub first_diagnostics: Vec<Diagnostic>,
    /// Normalize rewrites (3.1 -> 3.0 shape).
    pub rewrites: usize,
    /// Writing operations of the reviewed spec patches from the config.
    pub patched: usize,
    /// `number` schemas made integers by the configured names (ids, pages, counts).
    pub integer_rewrites: usize,
    pub files: usize,
    pub lines: usize,
    pub bytes: usize,
    pub duration: Duration,
}

/// How long the struct and enum names are: what a user reads and types most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NameStats {
    pub count: usize,
    pub median: usize,
    pub longest: String,
}

impl NameStats {
    fn of(api: &Api) -> NameStats {
        let defs = api
            .models
            .iter()
            .chain(api.modules.iter().flat_map(|m| &m.types));
        let mut names: Vec<&str> = defs
            .filter(|d| !matches!(d.kind, TypeKind::Alias { .. }))
            .map(|d| d.name.as_str())
            .collect();
        names.sort_by_key(|n| (n.len(), *n));
        NameStats {
            count: names.len(),
            median: names.get(names.len() / 2).map_or(0, |n| n.len()),
            longest: names.last().map(|n| n.to_string()).unwrap_or_default(),
        }
    }
}

impl fmt::Display for NameStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "type names: {} structs and enums, median {} chars, longest {} ({})",
            self.count,
            self.median,
            self.longest.len(),
            self.longest
        )
    }
}

/// An operation whose success body the client returns as `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
pub struct UntypedSuccess {
    pub operation: String,
    /// `METHOD /path`.
    pub endpoint: String,
    /// The reason of the fallback under the success response, if one is recorded there.
    pub reason: String,
}

fn untyped_success(api: &Api) -> Vec<UntypedSuccess> {
    let mut out = Vec::new();
    for op in api.modules.iter().flat_map(|m| &m.operations) {
        let body = match &op.response.kind {
            ResponseKind::Envelope { data, .. } => data,
            ResponseKind::Json { ty } => ty,
            _ => continue,
        };
        let untyped = match body {
            TypeRef::Option(inner) => **inner == TypeRef::Json,
            other => *other == TypeRef::Json,
        };
        if !untyped {
            continue;
        }
        let under = format!(
            "{}/responses/{}/",
            op.pointer,
            op.response.status.as_deref().unwrap_or("default")
        );
        let reason = api
            .fallbacks
            .iter()
            .find(|f| f.pointer.starts_with(&under))
            .map_or("its schema gives no type", |f| f.reason.as_str());
        out.push(UntypedSuccess {
            operation: op.fn_name.clone(),
            endpoint: format!("{} {}", op.method.as_str(), op.path),
            reason: reason.to_string(),
        });
    }
    out
}

impl Summary {
    /// `duration` is how long the pipeline took (the caller times it).
    pub fn new(generated: &Generated, duration: Duration) -> Summary {
        let api = &generated.api;
        let operations = api.modules.iter().flat_map(|m| &m.operations);
        let mut fallbacks = api.fallbacks.clone();
        fallbacks.sort();
        let mut diagnostics: Vec<&Diagnostic> = api.diagnostics.iter().collect();
        diagnostics.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.pointer.cmp(&b.pointer))
                .then_with(|| a.message.cmp(&b.message))
        });
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            title: api.title.clone(),
            version: api.version.clone(),
            operations: operations.clone().count(),
            deprecated_operations: operations.filter(|o| o.deprecated).count(),
            webhooks: api.webhooks.len(),
            modules: api.modules.len(),
            models: api.models.len(),
            module_types: api.modules.iter().map(|m| m.types.len()).sum(),
            names: NameStats::of(api),
            fallbacks,
            untyped_success: untyped_success(api),
            warnings: diagnostics.len() - errors,
            errors,
            first_diagnostics: diagnostics.into_iter().take(LIST_LIMIT).cloned().collect(),
            rewrites: generated
                .rewrites
                .iter()
                .filter(|r| r.rule != PATCH_RULE && r.rule != INTEGER_RULE)
                .count(),
            integer_rewrites: generated
                .rewrites
                .iter()
                .filter(|r| r.rule == INTEGER_RULE)
                .count(),
            patched: generated
                .rewrites
                .iter()
                .filter(|r| r.rule == PATCH_RULE)
                .count(),
            files: generated.files.len(),
            lines: generated.files.values().map(|f| f.lines().count()).sum(),
            bytes: generated.files.values().map(String::len).sum(),
            duration,
        }
    }

    pub fn types(&self) -> usize {
        self.models + self.module_types
    }

    pub fn diagnostics(&self) -> usize {
        self.warnings + self.errors
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.title, self.version)?;
        writeln!(
            f,
            "  operations: {} in {} modules ({} deprecated)",
            self.operations, self.modules, self.deprecated_operations
        )?;
        writeln!(
            f,
            "  types:      {} ({} models, {} inline)",
            self.types(),
            self.models,
            self.module_types
        )?;
        writeln!(f, "  {}", self.names)?;
        if self.webhooks > 0 {
            writeln!(
                f,
                "  webhooks:   {} (typed payloads in one `WebhookEvent`)",
                self.webhooks
            )?;
        }
        writeln!(
            f,
            "fallbacks to serde_json::Value: {}",
            self.fallbacks.len()
        )?;
        self.fmt_fallbacks(f)?;
        writeln!(f, "untyped success bodies: {}", self.untyped_success.len())?;
        for op in &self.untyped_success {
            writeln!(f, "  {} ({}): {}", op.operation, op.endpoint, op.reason)?;
        }
        writeln!(
            f,
            "diagnostics: {} ({} errors, {} warnings)",
            self.diagnostics(),
            self.errors,
            self.warnings
        )?;
        for d in &self.first_diagnostics {
            writeln!(f, "  {d}")?;
        }
        more(f, self.diagnostics(), self.first_diagnostics.len(), "")?;
        writeln!(f, "spec patches applied: {} operations", self.patched)?;
        writeln!(f, "normalize rewrites (3.1 -> 3.0): {}", self.rewrites)?;
        writeln!(
            f,
            "integer rewrites (ids, pages, counts): {}",
            self.integer_rewrites
        )?;
        writeln!(
            f,
            "generated: {} files, {} lines, {} bytes",
            self.files, self.lines, self.bytes
        )?;
        write!(f, "codegen time: {}", human(self.duration))
    }
}

impl Summary {
    /// Few fallbacks are listed one by one; many are grouped by reason so every reason still
    /// shows on one screen.
    fn fmt_fallbacks(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fallbacks.len() <= LIST_LIMIT {
            for fb in &self.fallbacks {
                writeln!(f, "  {}: {}", fb.pointer, fb.reason)?;
            }
            return Ok(());
        }
        let mut by_reason: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for fb in &self.fallbacks {
            let entry = by_reason.entry(&fb.reason).or_insert((0, &fb.pointer));
            entry.0 += 1;
        }
        let mut groups: Vec<(&str, usize, &str)> = by_reason
            .into_iter()
            .map(|(reason, (n, first))| (reason, n, first))
            .collect();
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for (reason, n, first) in groups.iter().take(LIST_LIMIT) {
            writeln!(f, "  {n} x {reason} (e.g. {first})")?;
        }
        more(f, groups.len(), LIST_LIMIT.min(groups.len()), " reasons")
    }
}

fn more(f: &mut fmt::Formatter<'_>, total: usize, shown: usize, what: &str) -> fmt::Result {
    if total > shown {
        writeln!(f, "  ... and {} more{what} {MORE_HINT}", total - shown)?;
    }
    Ok(())
}

fn human(d: Duration) -> String {
    if d.as_secs() >= 10 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, Module};
    use crate::normalize::Rewrite;

    fn generated(fallbacks: usize, reasons: usize, diagnostics: usize) -> Generated {
        let api = Api {
            title: "Test API".into(),
            version: "1.0".into(),
            modules: vec![Module {
                name: "pets".into(),
                tag: "pets".into(),
                doc: None,
                operations: vec![],
                types: vec![],
                feature: None,
            }],
            fallbacks: (0..fallbacks)
                .map(|i| Fallback {
                    pointer: format!("#/components/schemas/S{i:03}"),
                    reason: format!("reason {}", i % reasons.max(1)),
                })
                .rev()
                .collect(),
            diagnostics: (0..diagnostics)
                .map(|i| {
                    if i % 3 == 0 {
                        Diagnostic::error(format!("#/p/{i:03}"), "dropped")
                    } else {
                        Diagnostic::warning(format!("#/p/{i:03}"), "approximated")
                    }
                })
                .collect(),
            ..Api::default()
        };
        Generated {
            api,
            rewrites: vec![Rewrite {
                pointer: "#/openapi".into(),
                rule: "3.1 -> 3.0".into(),
            }],
            files: [("mod.rs".to_string(), "a\nb\n".to_string())].into(),
        }
    }

    #[test]
    fn untyped_success_bodies_are_listed_with_their_reason() {
        let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"operationId": "get_a", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"example": {"id": 1}}}}}}},
            "/b": {"get": {"operationId": "get_b", "responses": {"200": {"description": "ok",
                "content": {"application/json": {}}}}}},
            "/c": {"get": {"operationId": "get_c", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "integer"}}}}}}}}}"#;
        let generated = crate::generate_str(spec, "t.json", &crate::Config::default()).unwrap();
        let s = Summary::new(&generated, Duration::from_millis(1));
        let text = s.to_string();
        assert!(text.contains("untyped success bodies: 2\n"), "{text}");
        assert!(
            text.contains("  get_a (GET /a): response without schema\n"),
            "{text}"
        );
        assert!(
            text.contains("  get_b (GET /b): no schema and no example\n"),
            "{text}"
        );
    }

    #[test]
    fn counts_and_lists_small_runs() {
        let s = Summary::new(&generated(2, 2, 2), Duration::from_millis(12));
        let text = s.to_string();
        assert_eq!((s.errors, s.warnings, s.lines, s.bytes), (1, 1, 2, 4));
        assert!(
            text.contains("#/components/schemas/S000: reason 0"),
            "{text}"
        );
        assert!(text.contains("fallbacks to serde_json::Value: 2"), "{text}");
        assert!(text.contains("codegen time: 12.0 ms"), "{text}");
        assert!(!text.contains("more"), "{text}");
    }

    #[test]
    fn long_lists_fit_one_screen_and_are_deterministic() {
        let s = Summary::new(&generated(300, 25, 500), Duration::from_secs(1));
        let text = s.to_string();
        assert!(text.lines().count() < 40, "{text}");
        assert!(text.contains("... and 15 more reasons (see"), "{text}");
        assert!(text.contains("... and 490 more (see `codegen --emit diagnostics`)"));
        // Errors come first, in pointer order.
        assert_eq!(s.first_diagnostics[0].pointer, "#/p/000");
        assert_eq!(s.first_diagnostics[0].severity, Severity::Error);
        assert_eq!(
            text,
            Summary::new(&generated(300, 25, 500), Duration::from_secs(1)).to_string()
        );
    }
}
