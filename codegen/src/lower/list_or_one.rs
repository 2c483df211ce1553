//! List forms of "list or one" operations. Some APIs document `GET /services/{service_id}` as
//! "a list of services / a specific service": the trailing parameter is optional in practice,
//! and `GET /services` returns the list. OpenAPI cannot say a path parameter is optional, so
//! such an operation gets a second method here: same query, headers and auth, the path without
//! the last segment, and the success data as a list of the single item's type.
//!
//! Which operations: the config's `list_or_one` rule (summary markers, or a description that
//! calls the trailing parameter `(optional`) plus its explicit list, minus its exceptions; never
//! when the spec already has a GET on the shorter path.

use std::collections::BTreeSet;

use serde_json::Value;

use super::operation::ModuleOps;
use super::Lowerer;
use crate::config::ListOrOneConfig;
use crate::ir::{HttpMethod, Operation, ResponseKind, TypeRef};
use crate::naming::{self, Namespace};

/// How many copies of the single item the list form's example shows (a list of one would not
/// tell a list from an item decoded leniently).
const EXAMPLE_ITEMS: usize = 2;

impl Lowerer<'_> {
    /// Inserts each list form right after the operation it comes from.
    pub(super) fn add_list_forms(&self, modules: &mut [ModuleOps], fn_names: &mut Namespace) {
        let rules = &self.config.list_or_one;
        let gets: BTreeSet<String> = modules
            .iter()
            .flat_map(|m| &m.3)
            .filter(|op| op.method == HttpMethod::Get)
            .map(|op| op.path.clone())
            .collect();
        let data_key = self.config.envelope.as_ref().map(|e| e.data.as_str());
        for module in modules.iter_mut() {
            let mut ops = Vec::with_capacity(module.3.len());
            for op in std::mem::take(&mut module.3) {
                let list = is_list_or_one(&op, rules)
                    .then(|| list_form(&op, rules, fn_names, data_key))
                    .flatten()
                    .filter(|list| !gets.contains(&list.path));
                ops.push(op);
                ops.extend(list);
            }
            module.3 = ops;
        }
    }
}

/// Whether the config's rule or list names `op`.
fn is_list_or_one(op: &Operation, rules: &ListOrOneConfig) -> bool {
    if rules.operations.contains_key(&op.id) {
        return true;
    }
    if rules.except.contains(&op.id) || op.method != HttpMethod::Get {
        return false;
    }
    let Some(last) = trailing_param(&op.path) else {
        return false;
    };
    let summary = op.summary.as_deref().unwrap_or_default().to_lowercase();
    let marked = rules
        .summary_markers
        .iter()
        .any(|m| summary.contains(&m.to_lowercase()));
    let optional = format!("{last} (optional");
    let described = op
        .description
        .iter()
        .chain(op.path_params.iter().flat_map(|p| &p.doc))
        .any(|d| d.contains(&optional));
    marked || described
}

/// The name of the path parameter a path ends with (`/a/{id}` -> `id`).
fn trailing_param(path: &str) -> Option<&str> {
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    last.strip_prefix('{')?.strip_suffix('}')
}

/// `path` without its last segment.
fn parent(path: &str) -> Option<&str> {
    let trimmed = path.trim_end_matches('/');
    trimmed
        .rfind('/')
        .map(|at| &trimmed[..at])
        .filter(|p| !p.is_empty())
}

/// The list form of `op`, or `None` when its path does not end in one of its parameters.
fn list_form(
    op: &Operation,
    rules: &ListOrOneConfig,
    fn_names: &mut Namespace,
    data_key: Option<&str>,
) -> Option<Operation> {
    let last = trailing_param(&op.path)?;
    let position = op.path_params.iter().position(|p| p.wire_name == last)?;
    let path = parent(&op.path)?.to_string();
    let request_path = parent(&op.request_path)?.to_string();
    let name = match rules.operations.get(&op.id) {
        Some(name) => naming::snake(name),
        None => format!(
            "list_{}",
            naming::snake(path.rsplit('/').next().unwrap_or("items"))
        ),
    };
    let mut list = op.clone();
    list.fn_name = fn_names.claim_snake(name);
    list.id = list.fn_name.clone();
    list.path_params.remove(position);
    list.description = Some(format!(
        "The list form of `{}`: `GET {path}`, without `{{{last}}}`, returns every item. \
         The spec documents the operation only as `GET {}`.",
        op.fn_name, op.path
    ));
    list.path = path;
    list.request_path = request_path;
    list.pagination = None;
    list.list_form_of = Some(op.id.clone());
    let response = &mut list.response;
    match &mut response.kind {
        ResponseKind::Envelope { data, .. } => *data = as_list(data),
        ResponseKind::Json { ty } => *ty = as_list(ty),
        ResponseKind::Bytes | ResponseKind::Text | ResponseKind::Empty => return None,
    }
    let enveloped = matches!(response.kind, ResponseKind::Envelope { .. });
    response.example = response
        .example
        .as_deref()
        .and_then(|e| listed_example(e, enveloped.then_some(data_key).flatten()));
    Some(list)
}

/// `Vec<T>` for an item type `T` (`Option<T>` lists `T`); a list stays as it is.
fn as_list(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Vec(_) => ty.clone(),
        TypeRef::Option(inner) => as_list(inner),
        other => TypeRef::Vec(Box::new(other.clone())),
    }
}

/// The single item's example as a list of [`EXAMPLE_ITEMS`] (inside the envelope's `data` key
/// when there is one); a shorter list is padded with copies of its first item.
fn listed_example(example: &str, data_key: Option<&str>) -> Option<String> {
    let mut value: Value = serde_json::from_str(example).ok()?;
    let item = match data_key {
        Some(key) => value.get_mut(key)?,
        None => &mut value,
    };
    match item {
        Value::Array(items) => {
            if let Some(first) = items.first().cloned() {
                items.resize(items.len().max(EXAMPLE_ITEMS), first);
            }
        }
        single => *single = Value::Array(vec![single.clone(); EXAMPLE_ITEMS]),
    }
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            trailing_param("/company/{location_id}/services/{service_id}"),
            Some("service_id")
        );
        assert_eq!(trailing_param("/company/{location_id}/services"), None);
        assert_eq!(
            parent("/company/{id}/staff/{team_member_id}"),
            Some("/company/{id}/staff")
        );
        assert_eq!(parent("/{id}"), None);
    }

    #[test]
    fn examples_become_lists_of_two() {
        let enveloped = listed_example(
            r#"{"success":true,"data":{"id":1},"meta":[]}"#,
            Some("data"),
        );
        assert_eq!(
            enveloped.as_deref(),
            Some(r#"{"success":true,"data":[{"id":1},{"id":1}],"meta":[]}"#)
        );
        assert_eq!(listed_example("[1]", None).as_deref(), Some("[1,1]"));
        assert_eq!(listed_example("[1,2,3]", None).as_deref(), Some("[1,2,3]"));
        assert_eq!(listed_example("[]", None).as_deref(), Some("[]"));
        assert_eq!(listed_example(r#"{"other":1}"#, Some("data")), None);
    }
}
