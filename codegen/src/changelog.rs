//! Two public-API surfaces -> the changes between them, classified by what they do to code
//! that uses the client (breaking / additive / docs only), the semver bump, markdown and JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::surface::{in_request, Item, Kind, Surface};

/// How a change affects code written against the previous client. Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Code that compiled may stop compiling, or a call that worked is now rejected.
    Breaking,
    /// New API; existing code compiles and behaves as before.
    Additive,
    /// Documentation only.
    Docs,
}

impl Class {
    fn title(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Additive => "Additive",
            Class::Docs => "Docs only",
        }
    }
}

/// The semver bump a set of changes implies for the client crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub class: Class,
    /// The item as a reader finds it in the surface: `fn get_client`, `field models::Client.name`.
    pub item: String,
    /// What happened to it, in terms of the Rust API.
    pub change: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changelog {
    /// What was compared (e.g. `spec/api.yaml: HEAD -> working tree`).
    pub title: String,
    pub bump: Bump,
    /// Sorted by class, then item.
    pub changes: Vec<Change>,
}

impl Changelog {
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// A `###` section: one list per class, then the bump.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        if self.changes.is_empty() {
            out.push_str("No change to the public API.\n");
            return out;
        }
        for class in [Class::Breaking, Class::Additive, Class::Docs] {
            let n = self.count(class);
            if n == 0 {
                continue;
            }
            out.push_str(&format!("#### {} ({n})\n\n", class.title()));
            for c in self.changes.iter().filter(|c| c.class == class) {
                out.push_str(&format!("- `{}`: {}\n", c.item, c.change));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "Semver: **{}** ({} breaking, {} additive, {} docs only).\n",
            self.bump,
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::Docs)
        ));
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Every change from `old` to `new`.
pub fn diff(old: &Surface, new: &Surface, title: &str) -> Changelog {
    let old_map: BTreeMap<(u8, &str), &Item> =
        old.items.iter().map(|i| (i.identity(), i)).collect();
    let new_map: BTreeMap<(u8, &str), &Item> =
        new.items.iter().map(|i| (i.identity(), i)).collect();
    let mut removed: Vec<&Item> = old
        .items
        .iter()
        .filter(|i| !new_map.contains_key(&i.identity()))
        .collect();
    let mut added: Vec<&Item> = new
        .items
        .iter()
        .filter(|i| !old_map.contains_key(&i.identity()))
        .collect();
    let mut changes = Vec::new();

    renamed_methods(&mut removed, &mut added, &mut changes);
    // A removed or added type reports once, not once more per field or variant.
    let gone: BTreeSet<&str> = removed
        .iter()
        .filter(|i| i.kind.is_type())
        .map(|i| i.key.as_str())
        .collect();
    let new_types: BTreeSet<&str> = added
        .iter()
        .filter(|i| i.kind.is_type())
        .map(|i| i.key.as_str())
        .collect();
    for item in removed {
        if item.owner().is_some_and(|o| gone.contains(o)) {
            continue;
        }
        let what = match item.endpoint() {
            Some(endpoint) => format!("removed (was `{endpoint}`)"),
            None => "removed".to_string(),
        };
        changes.push(change(Class::Breaking, item, what));
    }
    for item in added {
        if item.owner().is_some_and(|o| new_types.contains(o)) {
            continue;
        }
        changes.push(added_item(item, new));
    }
    for (id, old_item) in &old_map {
        if let Some(new_item) = new_map.get(id) {
            compare(old_item, new_item, new, &mut changes);
        }
    }
    changes.sort();
    changes.dedup();
    let bump = match changes.iter().map(|c| c.class).min() {
        None => Bump::None,
        Some(Class::Breaking) => Bump::Major,
        Some(Class::Additive) => Bump::Minor,
        Some(Class::Docs) => Bump::Patch,
    };
    Changelog {
        title: title.to_string(),
        bump,
        changes,
    }
}

fn label(item: &Item) -> String {
    format!("{} {}", item.kind.word(), item.key)
}

fn change(class: Class, item: &Item, what: impl Into<String>) -> Change {
    Change {
        class,
        item: label(item),
        change: what.into(),
    }
}

/// A method gone and a method added on the same `METHOD /path` is a rename: one breaking change.
fn renamed_methods<'a>(
    removed: &mut Vec<&'a Item>,
    added: &mut Vec<&'a Item>,
    changes: &mut Vec<Change>,
) {
    let mut kept = Vec::new();
    for old in removed.drain(..) {
        let twin = added.iter().position(|new| {
            new.kind == Kind::Fn
                && old.kind == Kind::Fn
                && new.endpoint() == old.endpoint()
                && new.has("stream") == old.has("stream")
        });
        match twin {
            Some(at) => {
                let new = added.remove(at);
                changes.push(change(
                    Class::Breaking,
                    old,
                    format!(
                        "renamed to `{}` (`{}`)",
                        new.key,
                        new.endpoint().unwrap_or_default()
                    ),
                ));
            }
            None => kept.push(old),
        }
    }
    *removed = kept;
}

/// The type a field or variant belongs to, in `surface`.
fn owner<'a>(item: &Item, surface: &'a Surface) -> Option<&'a Item> {
    let owner = item.owner()?;
    surface
        .items
        .iter()
        .find(|i| i.kind.is_type() && i.key == owner)
}

fn added_item(item: &Item, new: &Surface) -> Change {
    if item.kind == Kind::Field && item.has("required") {
        if let Some(owner) = owner(item, new).filter(|o| in_request(o)) {
            let what = if owner.attr("used") == Some("query") {
                "new required query parameter"
            } else {
                "new required field in a request"
            };
            return change(
                Class::Breaking,
                item,
                format!(
                    "{what} (`{}`): calls that do not set it are rejected",
                    item.sig.trim_start_matches(": ")
                ),
            );
        }
    }
    let what = match (item.kind, item.endpoint()) {
        (Kind::Fn, Some(endpoint)) => format!("added (`{endpoint}`)"),
        (Kind::Field, _) => format!("added (`{}`)", item.sig.trim_start_matches(": ")),
        (Kind::Variant, _) => {
            "added (values that decoded as `Unknown`/`Other` now decode as this variant)"
                .to_string()
        }
        _ => "added".to_string(),
    };
    change(Class::Additive, item, what)
}

fn compare(old: &Item, new: &Item, new_surface: &Surface, out: &mut Vec<Change>) {
    if old.kind != new.kind {
        out.push(change(
            Class::Breaking,
            new,
            format!(
                "changed from `{}` to `{}`",
                old.kind.word(),
                new.kind.word()
            ),
        ));
    } else if old.sig != new.sig {
        out.push(change(Class::Breaking, new, sig_change(old, new)));
    }
    if old.endpoint() != new.endpoint() {
        out.push(change(
            Class::Breaking,
            new,
            format!(
                "now sends `{}` (was `{}`)",
                new.endpoint().unwrap_or_default(),
                old.endpoint().unwrap_or_default()
            ),
        ));
    }
    let (old_auth, new_auth) = (auth_rank(old.attr("auth")), auth_rank(new.attr("auth")));
    if old_auth != new_auth {
        let class = if new_auth > old_auth {
            Class::Breaking
        } else {
            Class::Additive
        };
        out.push(change(
            class,
            new,
            format!(
                "credentials `{}` (was `{}`)",
                new.attr("auth").unwrap_or_default(),
                old.attr("auth").unwrap_or_default()
            ),
        ));
    }
    if old.attr("wire") != new.attr("wire") {
        out.push(change(
            Class::Breaking,
            new,
            format!(
                "sent and read as {} (was {})",
                new.attr("wire").unwrap_or("its Rust name"),
                old.attr("wire").unwrap_or("its Rust name")
            ),
        ));
    }
    // A field whose type changed too is reported once, by its type (`Option<T>` -> `T`).
    if old.has("required") != new.has("required") && old.sig == new.sig {
        out.push(required_change(new, new_surface));
    }
    // `pages` is not compared: the `_stream` method it adds is an item of its own.
    for flag in ["multipart", "flatten"] {
        if old.has(flag) != new.has(flag) {
            let what = if new.has(flag) { "added" } else { "removed" };
            out.push(change(Class::Breaking, new, format!("`{flag}` {what}")));
        }
    }
    if old.has("deprecated") != new.has("deprecated") {
        let what = if new.has("deprecated") {
            "deprecated"
        } else {
            "no longer deprecated"
        };
        out.push(change(Class::Additive, new, what));
    }
    if old.attr("doc") != new.attr("doc") {
        out.push(change(Class::Docs, new, "documentation changed"));
    }
}

fn required_change(new: &Item, new_surface: &Surface) -> Change {
    let request = owner(new, new_surface).is_some_and(in_request);
    match (new.has("required"), request) {
        (true, true) => change(
            Class::Breaking,
            new,
            "optional value became required in requests: calls that do not set it are rejected",
        ),
        (false, true) => change(Class::Additive, new, "no longer required in requests"),
        (true, false) => change(
            Class::Docs,
            new,
            "now documented as always present in responses",
        ),
        (false, false) => change(
            Class::Docs,
            new,
            "no longer documented as always present in responses",
        ),
    }
}

fn auth_rank(auth: Option<&str>) -> u8 {
    match auth {
        Some("partner") => 1,
        Some("partner_user") => 2,
        _ => 0,
    }
}

/// Says which part of a signature changed: an argument, the return type, a field's type.
fn sig_change(old: &Item, new: &Item) -> String {
    if old.kind != Kind::Fn {
        let (o, n) = (
            old.sig.trim_start_matches([':', ' ', '=']),
            new.sig.trim_start_matches([':', ' ', '=']),
        );
        let became_required =
            o.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) == Some(n);
        let note = if became_required {
            ": an optional value became required"
        } else {
            ""
        };
        return format!("type `{o}` -> `{n}`{note}");
    }
    let (old_args, old_ret) = split_fn(&old.sig);
    let (new_args, new_ret) = split_fn(&new.sig);
    let mut parts = Vec::new();
    let name = |a: &str| a.split(':').next().unwrap_or(a).trim().to_string();
    for arg in &new_args {
        match old_args.iter().find(|o| name(o) == name(arg)) {
            None => parts.push(format!("new argument `{arg}`")),
            Some(o) if o != arg => parts.push(format!("argument `{o}` -> `{arg}`")),
            Some(_) => {}
        }
    }
    for arg in &old_args {
        if !new_args.iter().any(|n| name(n) == name(arg)) {
            parts.push(format!("argument `{arg}` removed"));
        }
    }
    if old_ret != new_ret {
        parts.push(format!("returns `{new_ret}` (was `{old_ret}`)"));
    }
    if parts.is_empty() {
        format!("signature `{}` -> `{}`", old.sig, new.sig)
    } else {
        parts.join("; ")
    }
}

/// `(&self, a: T, b: U<V, W>) -> R` -> (["a: T", "b: U<V, W>"], "R"), skipping the receiver.
fn split_fn(sig: &str) -> (Vec<String>, String) {
    let start = sig.find('(').map(|i| i + 1).unwrap_or(0);
    let mut depth = 0i32;
    let mut args = Vec::new();
    let mut current = String::new();
    let mut end = sig.len();
    for (i, c) in sig[start..].char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ']' => depth -= 1,
            ')' if depth == 0 => {
                end = start + i + 1;
                break;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                args.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    args.push(current.trim().to_string());
    args.retain(|a| !a.is_empty() && !a.ends_with("self"));
    let ret = sig[end..]
        .trim()
        .trim_start_matches("->")
        .trim()
        .to_string();
    (args, ret)
}

/// `existing` CHANGELOG.md text with `entry` appended at the end of its `## Unreleased`
/// section (created, under the title, when missing).
pub fn append_unreleased(existing: Option<&str>, entry: &str) -> String {
    const HEADING: &str = "## Unreleased";
    let text = existing.unwrap_or("# Changelog\n");
    let mut lines: Vec<&str> = text.lines().collect();
    let heading = match lines.iter().position(|l| l.trim() == HEADING) {
        Some(at) => at,
        None => {
            // After the title (and its paragraph), before the first release section.
            let at = lines
                .iter()
                .position(|l| l.starts_with("## "))
                .unwrap_or(lines.len());
            lines.splice(at..at, [HEADING, ""]);
            at
        }
    };
    let end = lines[heading + 1..]
        .iter()
        .position(|l| l.starts_with("## "))
        .map(|i| heading + 1 + i)
        .unwrap_or(lines.len());
    let mut section: Vec<&str> = lines[heading..end].to_vec();
    while section.last().is_some_and(|l| l.trim().is_empty()) {
        section.pop();
    }
    let mut out: Vec<String> = lines[..heading].iter().map(|l| l.to_string()).collect();
    if out.last().is_some_and(|l| !l.trim().is_empty()) {
        out.push(String::new());
    }
    out.extend(section.iter().map(|l| l.to_string()));
    out.push(String::new());
    out.extend(entry.trim_end().lines().map(str::to_string));
    if end < lines.len() {
        out.push(String::new());
        out.extend(lines[end..].iter().map(|l| l.to_string()));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(lines: &str) -> Surface {
        Surface::parse(lines).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn classifies_by_what_breaks_user_code() {
        let old = surface(
            "fn get_a(&self, id: i64) -> Result<ApiResponse<models::A>>  // GET /a/{id}, auth partner, doc 00000001\n\
             fn list(&self) -> Result<ApiResponse<Vec<models::A>>>  // GET /a, auth partner\n\
             struct models::A  // used response\n\
             field models::A.x: i64  // required\n\
             struct m::Q  // used query\n\
             field m::Q.page: Option<i64>\n\
             enum models::E { .., Unknown(String) }  // used request\n\
             variant models::E::On = \"on\"\n",
        );
        let new = surface(
            "fn fetch_a(&self, id: i64) -> Result<ApiResponse<models::A>>  // GET /a/{id}, auth partner, doc 00000001\n\
             fn list(&self) -> Result<ApiResponse<Vec<models::A>>>  // GET /a, auth partner_user, doc 00000002\n\
             struct models::A  // used response\n\
             field models::A.x: String  // required\n\
             field models::A.y: Option<i64>\n\
             struct m::Q  // used query\n\
             field m::Q.page: Option<i64>\n\
             field m::Q.since: String  // required\n\
             enum models::E { .., Unknown(String) }  // used request\n\
             variant models::E::Off = \"off\"\n\
             variant models::E::On = \"on\"\n",
        );
        let log = diff(&old, &new, "t");
        let summary: Vec<(Class, &str)> = log
            .changes
            .iter()
            .map(|c| (c.class, c.item.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Class::Breaking, "field m::Q.since"),
                (Class::Breaking, "field models::A.x"),
                (Class::Breaking, "fn get_a"),
                (Class::Breaking, "fn list"),
                (Class::Additive, "field models::A.y"),
                (Class::Additive, "variant models::E::Off"),
                (Class::Docs, "fn list"),
            ],
            "{}",
            log.to_markdown()
        );
        assert_eq!(log.bump, Bump::Major);
        assert_eq!(diff(&old, &old, "t").bump, Bump::None);
    }

    #[test]
    fn unreleased_section_is_created_then_appended_to() {
        let first = append_unreleased(None, "### one\n- a\n");
        assert_eq!(first, "# Changelog\n\n## Unreleased\n\n### one\n- a\n");
        let second = append_unreleased(Some(&first), "### two\n");
        assert_eq!(
            second,
            "# Changelog\n\n## Unreleased\n\n### one\n- a\n\n### two\n"
        );
        let released = "# Changelog\n\nIntro.\n\n## 0.1.0\n\n- old\n";
        assert_eq!(
            append_unreleased(Some(released), "### new\n"),
            "# Changelog\n\nIntro.\n\n## Unreleased\n\n### new\n\n## 0.1.0\n\n- old\n"
        );
    }

    #[test]
    fn splits_arguments_at_top_level_commas() {
        let (args, ret) =
            split_fn("(&self, a: BTreeMap<String, i64>, b: &[u8]) -> Result<ApiResponse<A, B>>");
        assert_eq!(args, vec!["a: BTreeMap<String, i64>", "b: &[u8]"]);
        assert_eq!(ret, "Result<ApiResponse<A, B>>");
    }
}
