//! `ApiResponse`: the decoded `data` of a successful call with its `meta`, status and headers.
//! One shape for every operation, whatever its body kind (envelope, JSON, bytes, text, none).

use http::{HeaderMap, StatusCode};

/// A successful response: typed `data`, typed `meta` (the envelope's, `()` when there is none),
/// HTTP status and headers.
///
/// ```
/// use altegio::ApiResponse;
///
/// let page = ApiResponse::new(vec![1, 2, 3], ()).with_total_count(Some(10));
/// assert_eq!(page.total_count(), Some(10));
/// assert_eq!(page.map(|v| v.len()).into_data(), 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T, M = ()> {
    /// The envelope's `data` (or the whole body for non-envelope operations).
    pub data: T,
    /// The envelope's `meta`; its type's default when the server sent `[]`, `null` or nothing.
    pub meta: M,
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    total_count: Option<u64>,
}

impl<T, M> ApiResponse<T, M> {
    /// A response with status 200 and no headers, e.g. for tests or mocks.
    pub fn new(data: T, meta: M) -> Self {
        ApiResponse {
            data,
            meta,
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            total_count: None,
        }
    }

    /// Sets the total count reported by [`total_count`](Self::total_count).
    pub fn with_total_count(mut self, total_count: Option<u64>) -> Self {
        self.total_count = total_count;
        self
    }

    pub(crate) fn from_parts(
        data: T,
        meta: M,
        status: StatusCode,
        headers: HeaderMap,
        total_count: Option<u64>,
    ) -> Self {
        ApiResponse {
            data,
            meta,
            status,
            headers,
            total_count,
        }
    }

    /// `meta.total_count` (or `meta.count`) as sent by the server, numbers or numeric strings:
    /// [`Meta::total`](crate::runtime::Meta::total) of the raw body's `meta`, so it is there
    /// whatever type the operation gives `meta`. Page streams stop on it.
    pub fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The data, dropping the rest.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Data and meta, dropping status and headers.
    pub fn into_parts(self) -> (T, M) {
        (self.data, self.meta)
    }

    /// Transforms the data, keeping everything else.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U, M> {
        ApiResponse {
            data: f(self.data),
            meta: self.meta,
            status: self.status,
            headers: self.headers,
            total_count: self.total_count,
        }
    }

    /// Transforms the meta, keeping everything else.
    pub fn map_meta<N>(self, f: impl FnOnce(M) -> N) -> ApiResponse<T, N> {
        ApiResponse {
            data: self.data,
            meta: f(self.meta),
            status: self.status,
            headers: self.headers,
            total_count: self.total_count,
        }
    }
}
