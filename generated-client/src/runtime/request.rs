//! `Request`: one call of an operation with its parameters and body, before it is sent.
//! Builder methods never fail; the first encoding problem is kept and reported when sending.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;
use url::Url;

use crate::runtime::config::{DEFAULT_BASE_PATH, DEFAULT_BASE_URL};
use crate::runtime::encode;
use crate::runtime::multipart::Multipart;
use crate::runtime::operation::Operation;

/// One call of an [`Operation`], built by generated code and sent by a `Client::send_*` method.
///
/// Owns everything it holds, so it is `Send` and can be retried.
///
/// ```
/// use altegio::runtime::{Auth, Method, Operation, Request};
///
/// const OP: Operation = Operation { id: "list_clients", method: Method::Get, path: "/clients/{location_id}", auth: Auth::PartnerUser };
/// let request = Request::new(&OP)
///     .path_param("location_id", &42)
///     .query_param("page", &Some(2), true)
///     .query_param("count", &None::<i64>, true); // skipped
/// # let _ = request;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until a `Client::send_*` method sends it"]
pub struct Request {
    pub(crate) op: &'static Operation,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    error: Option<String>,
    /// The API's own base path (`/api/v2`), when it is not the client's default one.
    base_path: Option<&'static str>,
    /// The operation's own server URL, used instead of the default base URL.
    server: Option<&'static str>,
}

/// A request body, kept as data so every attempt can send it again.
#[derive(Clone)]
pub(crate) enum Body {
    None,
    Bytes {
        bytes: Bytes,
        content_type: &'static str,
    },
    Multipart(Multipart),
}

// Bodies can hold a password (`POST /auth`), so `Debug` shows their size only.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::None => f.write_str("None"),
            Body::Bytes {
                bytes,
                content_type,
            } => f
                .debug_struct("Bytes")
                .field("content_type", content_type)
                .field("len", &bytes.len())
                .finish(),
            Body::Multipart(form) => f
                .debug_struct("Multipart")
                .field("parts", &form.parts.len())
                .finish(),
        }
    }
}

impl Request {
    /// A request for `op` with no parameters and no body.
    pub fn new(op: &'static Operation) -> Self {
        Request {
            op,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            error: None,
            base_path: None,
            server: None,
        }
    }

    /// Sends the request under another API's base path (`/api/v2`): it replaces the default
    /// API's base path ([`DEFAULT_BASE_PATH`], `/api/v1`) at the end of the client's base URL,
    /// or is appended when the base URL does not end with it (a mock server's root).
    pub fn base_path(mut self, path: &'static str) -> Self {
        self.base_path = Some(path);
        self
    }

    /// The operation's own server (the spec's `servers` on the operation, e.g.
    /// `https://app.alteg.io`): it replaces the client's base URL while that is the production
    /// default ([`DEFAULT_BASE_URL`](crate::runtime::DEFAULT_BASE_URL)). A base URL set on the
    /// builder (a proxy, a mock server) is kept, so tests reach the mock.
    pub fn server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    fn fail(mut self, message: String) -> Self {
        self.error.get_or_insert(message);
        self
    }

    /// Fills `{name}` in the path template; the value is percent-encoded as one path segment.
    pub fn path_param(mut self, name: &str, value: &impl Serialize) -> Self {
        match encode::to_value(value) {
            Ok(value) => match encode::scalar_text(&value) {
                Some(text) => {
                    self.path_params.push((name.to_owned(), text));
                    self
                }
                None => self.fail(format!("path parameter `{name}` is null")),
            },
            Err(message) => self.fail(format!("path parameter `{name}`: {message}")),
        }
    }

    /// Adds a query parameter. `None`/null is skipped; arrays repeat the key when `explode`
    /// (the name is kept as given, e.g. `ids[]`) and are comma-joined otherwise.
    pub fn query_param(mut self, name: &str, value: &impl Serialize, explode: bool) -> Self {
        match encode::to_value(value) {
            Ok(value) => {
                encode::query_pairs(name, &value, explode, &mut self.query);
                self
            }
            Err(message) => self.fail(format!("query parameter `{name}`: {message}")),
        }
    }

    /// Adds a header parameter (not a transport header: the client sets those). `None` is skipped.
    pub fn header_param(mut self, name: &str, value: &impl Serialize) -> Self {
        match encode::to_value(value) {
            Ok(value) => {
                if let Some(text) = encode::scalar_text(&value) {
                    self.headers.push((name.to_owned(), text));
                }
                self
            }
            Err(message) => self.fail(format!("header parameter `{name}`: {message}")),
        }
    }

    /// Sends `body` as JSON (`Content-Type: application/json`); also used for `*/*` bodies.
    pub fn json_body(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Body::Bytes {
                    bytes: bytes.into(),
                    content_type: "application/json",
                };
                self
            }
            Err(e) => self.fail(format!("JSON body: {e}")),
        }
    }

    /// Sends `body` as `application/x-www-form-urlencoded`, nested values in PHP bracket notation.
    pub fn form_body(mut self, body: &impl Serialize) -> Self {
        match encode::to_value(body) {
            Ok(value) => {
                let mut pairs = Vec::new();
                encode::bracket_pairs("", &value, &mut pairs);
                let text = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                self.body = Body::Bytes {
                    bytes: text.into(),
                    content_type: "application/x-www-form-urlencoded",
                };
                self
            }
            Err(message) => self.fail(format!("form body: {message}")),
        }
    }

    /// Sends a `multipart/form-data` body.
    pub fn multipart_body(mut self, form: Multipart) -> Self {
        if let Some(message) = &form.error {
            let message = message.clone();
            return self.fail(message);
        }
        self.body = Body::Multipart(form);
        self
    }

    /// Sends raw bytes with the given content type.
    pub fn bytes_body(mut self, body: Bytes, content_type: &'static str) -> Self {
        self.body = Body::Bytes {
            bytes: body,
            content_type,
        };
        self
    }

    /// Sends text as `text/plain; charset=utf-8`.
    pub fn text_body(mut self, body: String) -> Self {
        self.body = Body::Bytes {
            bytes: body.into(),
            content_type: "text/plain; charset=utf-8",
        };
        self
    }

    /// The first encoding problem met while building, if any.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The full URL: base URL (its path kept) + filled path template + query string.
    pub(crate) fn url(&self, base: &Url) -> Result<Url, String> {
        let own_server = self
            .server
            .filter(|_| base.as_str().trim_end_matches('/') == DEFAULT_BASE_URL)
            .map(|server| Url::parse(server).map_err(|e| format!("server URL `{server}`: {e}")))
            .transpose()?;
        let base = own_server.as_ref().unwrap_or(base);
        let mut url = base.clone();
        let default_api = DEFAULT_BASE_PATH.trim_start_matches('/').split('/');
        let replaced = match self.base_path {
            Some(_) if base_path_ends_with(base, default_api.clone()) => default_api.count(),
            _ => 0,
        };
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|()| format!("base URL `{base}` cannot have a path"))?;
            segments.pop_if_empty();
            for _ in 0..replaced {
                segments.pop();
            }
            if let Some(base_path) = self.base_path {
                segments.extend(base_path.trim_matches('/').split('/'));
            }
            for segment in self.op.path.trim_start_matches('/').split('/') {
                segments.push(&self.fill_segment(segment)?);
            }
        }
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok(url)
    }

    /// Replaces every `{name}` in one template segment with its value.
    fn fill_segment(&self, template: &str) -> Result<String, String> {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|i| open + i)
                .ok_or_else(|| format!("unclosed `{{` in path template `{}`", self.op.path))?;
            let name = &rest[open + 1..close];
            let value = self
                .path_params
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| format!("path parameter `{name}` has no value"))?;
            out.push_str(&rest[..open]);
            out.push_str(value);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        // URL normalisation drops `.` and `..` segments, which would call another resource.
        if out == "." || out == ".." {
            return Err(format!(
                "path segment `{out}` (from template `{template}`) cannot be sent"
            ));
        }
        Ok(out)
    }
}

/// Whether the URL's path ends with these segments (a trailing `/` ignored).
fn base_path_ends_with<'a>(url: &Url, tail: impl DoubleEndedIterator<Item = &'a str>) -> bool {
    let mut path = url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .rev();
    tail.rev().all(|want| path.next() == Some(want))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{Auth, Method};

    static V2_OP: Operation = Operation {
        id: "list_services",
        method: Method::Get,
        path: "/locations/{location_id}/services",
        auth: Auth::PartnerUser,
    };

    fn url(base: &str, request: Request) -> String {
        let base = Url::parse(base).unwrap();
        request
            .path_param("location_id", &7)
            .url(&base)
            .unwrap()
            .to_string()
    }

    #[test]
    fn an_api_base_path_replaces_the_default_one_or_is_appended() {
        let v2 = || Request::new(&V2_OP).base_path("/api/v2");
        assert_eq!(
            url(DEFAULT_BASE_URL, v2()),
            "https://api.alteg.io/api/v2/locations/7/services"
        );
        assert_eq!(
            url("https://proxy.example/altegio/api/v1/", v2()),
            "https://proxy.example/altegio/api/v2/locations/7/services"
        );
        // A base URL without `/api/v1` (a mock server's root) gets the API's base path added.
        assert_eq!(
            url("http://127.0.0.1:9/", v2()),
            "http://127.0.0.1:9/api/v2/locations/7/services"
        );
        // Without a base path of its own a request keeps the base URL as it is.
        assert_eq!(
            url(DEFAULT_BASE_URL, Request::new(&V2_OP)),
            "https://api.alteg.io/api/v1/locations/7/services"
        );
    }

    #[test]
    fn an_operation_server_replaces_only_the_default_base_url() {
        let own = || Request::new(&V2_OP).server("https://app.alteg.io");
        assert_eq!(
            url(DEFAULT_BASE_URL, own()),
            "https://app.alteg.io/locations/7/services"
        );
        assert_eq!(
            url("http://127.0.0.1:9", own()),
            "http://127.0.0.1:9/locations/7/services"
        );
    }
}
