//! Which operation a request targets: method plus path matched against every path template.
//! A `{name}` segment matches one non-empty segment; literal segments win over templates.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::mock::table::MockOperation;

/// The outcome of matching a request line against the operation table.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Match {
    Found(&'static MockOperation),
    /// Some template matches the path, but for other methods.
    WrongMethod,
    NotFound,
}

/// One template segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// Literal pieces around placeholders, e.g. `report.{format}` is `["report.", ""]`; a
    /// segment that is only `{name}` is `["", ""]`.
    Template(Vec<String>),
}

impl Segment {
    fn parse(text: &str) -> Segment {
        if !text.contains('{') {
            return Segment::Literal(text.to_owned());
        }
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            pieces.push(rest[..open].to_owned());
            rest = match rest[open..].find('}') {
                Some(close) => &rest[open + close + 1..],
                // An unclosed brace is a literal brace; the generator would have rejected it.
                None => return Segment::Literal(text.to_owned()),
            };
        }
        pieces.push(rest.to_owned());
        Segment::Template(pieces)
    }

    /// How specific the segment is: literal 2, template with literal text 1, bare `{x}` 0.
    fn rank(&self) -> u8 {
        match self {
            Segment::Literal(_) => 2,
            Segment::Template(pieces) if pieces.iter().any(|p| !p.is_empty()) => 1,
            Segment::Template(_) => 0,
        }
    }

    fn matches(&self, actual: &str) -> bool {
        match self {
            Segment::Literal(literal) => literal == actual,
            Segment::Template(pieces) => template_matches(pieces, actual),
        }
    }
}

/// Placeholders sit between `pieces` and each must take at least one character.
fn template_matches(pieces: &[String], actual: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return false;
    };
    let Some(mut remaining) = actual.strip_prefix(first.as_str()) else {
        return false;
    };
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let found = if last {
            remaining
                .strip_suffix(piece.as_str())
                .filter(|value| !value.is_empty())
                .map(|_| "")
        } else {
            // Skip at least one character for the placeholder before looking for the piece.
            remaining.char_indices().nth(1).and_then(|(start, _)| {
                remaining[start..]
                    .find(piece.as_str())
                    .map(|at| &remaining[start + at + piece.len()..])
            })
        };
        match found {
            Some(next) => remaining = next,
            None => return false,
        }
    }
    true
}

/// The operation table, with templates split into segments once.
pub(crate) struct Router {
    routes: Vec<(Vec<Segment>, &'static MockOperation)>,
}

impl Router {
    pub(crate) fn new(operations: impl IntoIterator<Item = &'static MockOperation>) -> Self {
        let routes = operations
            .into_iter()
            .map(|op| (split(op.path).map(Segment::parse).collect(), op))
            .collect();
        Router { routes }
    }

    /// The operation with this id.
    pub(crate) fn operation(&self, id: &str) -> Option<&'static MockOperation> {
        self.routes.iter().map(|(_, op)| *op).find(|op| op.id == id)
    }

    /// The operation for `method` and the raw (percent-encoded) request `path`.
    pub(crate) fn find(&self, method: &str, path: &str) -> Match {
        let actual: Vec<Cow<'_, str>> = split(path)
            .map(|s| percent_decode_str(s).decode_utf8_lossy())
            .collect();
        let mut best: Option<(Vec<u8>, &'static MockOperation)> = None;
        let mut other_method = false;
        for (segments, op) in &self.routes {
            let fits = segments.len() == actual.len()
                && segments.iter().zip(&actual).all(|(s, a)| s.matches(a));
            if !fits {
                continue;
            }
            if !op.method.eq_ignore_ascii_case(method) {
                other_method = true;
                continue;
            }
            // Earlier segments decide first: `/a/b/{x}` beats `/a/{y}/c` for `/a/b/c`.
            let rank: Vec<u8> = segments.iter().map(Segment::rank).collect();
            match &best {
                Some((best_rank, _)) if *best_rank >= rank => {}
                _ => best = Some((rank, op)),
            }
        }
        match best {
            Some((_, op)) => Match::Found(op),
            None if other_method => Match::WrongMethod,
            None => Match::NotFound,
        }
    }
}

/// Segments of a path after its leading `/` (empty segments kept: `/a//b` has three).
fn split(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    const fn op(id: &'static str, method: &'static str, path: &'static str) -> MockOperation {
        MockOperation::bare(id, method, path)
    }

    static OPS: &[MockOperation] = &[
        op("by_id", "GET", "/clients/{location_id}/{client_id}"),
        op("search", "GET", "/clients/{location_id}/search"),
        op("update", "PUT", "/clients/{location_id}/{client_id}"),
        op("report", "GET", "/reports/{id}.{format}"),
        op("odd", "GET", "/https://your-api.url"),
    ];

    fn found(method: &str, path: &str) -> Option<&'static str> {
        match Router::new(OPS).find(method, path) {
            Match::Found(op) => Some(op.id),
            _ => None,
        }
    }

    #[test]
    fn literal_segments_win_over_templates() {
        assert_eq!(found("GET", "/clients/1/search"), Some("search"));
        assert_eq!(found("GET", "/clients/1/2"), Some("by_id"));
        assert_eq!(found("put", "/clients/1/2"), Some("update"));
    }

    #[test]
    fn placeholders_need_a_non_empty_segment() {
        assert_eq!(found("GET", "/clients//2"), None);
        assert_eq!(found("GET", "/clients/1"), None);
        assert_eq!(found("GET", "/clients/1/2/3"), None);
    }

    #[test]
    fn mixed_segments_and_encoded_literals() {
        assert_eq!(found("GET", "/reports/7.pdf"), Some("report"));
        assert_eq!(found("GET", "/reports/.pdf"), None);
        assert_eq!(found("GET", "/https:/your-api.url"), None);
        assert_eq!(found("GET", "/https%3A//your-api.url"), Some("odd"));
    }

    #[test]
    fn wrong_method_is_told_apart_from_unknown_path() {
        let router = Router::new(OPS);
        assert!(matches!(
            router.find("DELETE", "/clients/1/2"),
            Match::WrongMethod
        ));
        assert!(matches!(router.find("GET", "/nowhere"), Match::NotFound));
    }
}
