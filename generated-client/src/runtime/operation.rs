//! Static description of one API operation: id, HTTP method, path template, credentials.
//! Generated code declares one `const OP: Operation` per operation; the runtime reads it.

use std::fmt;

/// HTTP method of an [`Operation`].
///
/// A closed set (the methods OpenAPI can describe) so generated code can build it in a `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method name as sent on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    ///
    /// Only idempotent requests are retried unless the caller opts in with
    /// [`RetryPolicy::retry_non_idempotent`](crate::runtime::RetryPolicy::retry_non_idempotent).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_http(self) -> http::Method {
        match self {
            Method::Get => http::Method::GET,
            Method::Put => http::Method::PUT,
            Method::Post => http::Method::POST,
            Method::Delete => http::Method::DELETE,
            Method::Patch => http::Method::PATCH,
            Method::Head => http::Method::HEAD,
            Method::Options => http::Method::OPTIONS,
            Method::Trace => http::Method::TRACE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which credentials an operation sends in its `Authorization` header.
///
/// Mirrors the spec's security schemes: `BearerPartner` and `BearerPartnerUser`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer {partner_token}`.
    Partner,
    /// `Authorization: Bearer {partner_token}, User {user_token}`.
    PartnerUser,
}

/// One operation of the API, as declared by generated code.
///
/// ```
/// use altegio::runtime::{Auth, Method, Operation};
///
/// const OP: Operation = Operation {
///     id: "get_location",
///     method: Method::Get,
///     path: "/company/{location_id}",
///     auth: Auth::PartnerUser,
/// };
/// assert_eq!(OP.method.as_str(), "GET");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The spec's `operationId`; named in every error and tracing span.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, with `{name}` placeholders, e.g. `/company/{location_id}`.
    pub path: &'static str,
    /// Credentials the operation sends.
    pub auth: Auth,
}
