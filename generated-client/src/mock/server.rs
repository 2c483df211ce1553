//! `MockServer`: an axum server on 127.0.0.1 answering every operation of the spec, recording
//! each request it receives. It runs in a background tokio task and stops when dropped.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::State;
use axum::response::Response;
use axum::Router as AxumRouter;
use bytes::Bytes;
use http::{header, HeaderMap, Method, StatusCode, Uri};
use tokio::sync::oneshot;

use crate::mock::check::{self, Rejection};
use crate::mock::reply::MockReply;
use crate::mock::route::{Match, Router};
use crate::mock::table::MockOperation;

/// One request as the mock server received it, with what it answered.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// The operation the request matched, `None` when no operation did.
    pub operation_id: Option<&'static str>,
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Request path as sent (percent-encoded), e.g. `/company/1`.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// All request headers (including `Authorization`: the mock is for test credentials).
    pub headers: HeaderMap,
    /// The request body.
    pub body: Bytes,
    /// Status the mock answered.
    pub status: u16,
    /// Why the mock refused the request, when it did (the `meta.message` it sent).
    pub rejection: Option<String>,
}

impl ReceivedRequest {
    /// A request header as text (`None` when absent or not visible ASCII).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Authorization` header.
    pub fn authorization(&self) -> Option<&str> {
        self.header(header::AUTHORIZATION.as_str())
    }

    /// The `Accept` header.
    pub fn accept(&self) -> Option<&str> {
        self.header(header::ACCEPT.as_str())
    }
}

/// State shared by the server task and the handle.
struct Shared {
    router: Router,
    received: Mutex<Vec<ReceivedRequest>>,
    replies: Mutex<HashMap<&'static str, MockReply>>,
}

/// Locks a mutex even if a panicking thread poisoned it: the data (a log, a map) stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A mock of the Altegio API on `127.0.0.1`, built from the spec (feature `mock`).
///
/// Every operation answers with its documented success response (see
/// [`MockReply::documented`]) after checking the request: a known method and path (else 404
/// or 405), required query parameters present, a required body present, a content type fitting
/// the body kind, and a JSON body that decodes into the operation's generated body type (else
/// 422 naming the failing field). Refusals use Altegio's error envelope, so the client reports
/// them as [`Error::Api`](crate::Error::Api) with the mock's message.
///
/// Requests are recorded ([`received`](Self::received)) with their headers, so a test can check
/// what its code sent; [`set_reply`](Self::set_reply) makes an operation answer something else,
/// e.g. an error.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use altegio::mock::{MockReply, MockServer};
///
/// let server = MockServer::start().await?;
/// let client = server.client_builder().build()?;
///
/// // Answered with the spec's example response.
/// let location = client.get_location(1, &Default::default()).await?;
/// println!("{:?}", location.data);
/// assert_eq!(server.hits("get_location"), 1);
/// let request = &server.received()[0];
/// assert_eq!(request.authorization(), Some("Bearer mock-partner-token"));
///
/// // Make the next calls fail the way Altegio does.
/// server.set_reply("get_location", MockReply::error(404, "Location not found"));
/// match client.get_location(1, &Default::default()).await {
///     Err(err) => assert_eq!(err.message(), Some("Location not found")),
///     Ok(_) => unreachable!("the mock answers 404 now"),
/// }
/// # Ok(())
/// # }
/// ```
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Partner token [`client_builder`](Self::client_builder) configures.
    pub const PARTNER_TOKEN: &'static str = "mock-partner-token";
    /// User token [`client_builder`](Self::client_builder) configures.
    pub const USER_TOKEN: &'static str = "mock-user-token";

    /// Binds `127.0.0.1` on a free port and serves every operation of every API
    /// ([`APIS`](crate::mock::APIS): B2B v1, online booking and developer tools at the base URL,
    /// B2B v2 under `/api/v2`) from a background task.
    ///
    /// Must be called inside a tokio runtime; the server lives until the handle is dropped
    /// (or the runtime shuts down).
    ///
    /// # Errors
    ///
    /// The I/O error when the loopback socket cannot be bound.
    pub async fn start() -> io::Result<MockServer> {
        MockServer::serve(Router::new(crate::mock::MockApi::all_operations())).await
    }

    /// [`start`](Self::start) with another operation table (e.g. a subset).
    ///
    /// # Errors
    ///
    /// The I/O error when the loopback socket cannot be bound.
    pub async fn start_with(operations: &'static [MockOperation]) -> io::Result<MockServer> {
        MockServer::serve(Router::new(operations)).await
    }

    async fn serve(router: Router) -> io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            router,
            received: Mutex::new(Vec::new()),
            replies: Mutex::new(HashMap::new()),
        });
        let app = AxumRouter::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            // A dropped sender (handle dropped) stops the server as well.
            let _ = stopped.await;
        });
        tokio::spawn(async move {
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "altegio mock server stopped with an error");
            }
        });
        Ok(MockServer {
            addr,
            shared,
            shutdown: Some(shutdown),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to configure as the client's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client builder pointed at this server, with [`PARTNER_TOKEN`](Self::PARTNER_TOKEN)
    /// and [`USER_TOKEN`](Self::USER_TOKEN).
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::Client::builder()
            .base_url(self.base_url())
            .partner_token(Self::PARTNER_TOKEN)
            .user_token(Self::USER_TOKEN)
    }

    /// Every request received so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.received).clone()
    }

    /// How many requests matched the operation `operation_id` (refused ones included).
    pub fn hits(&self, operation_id: &str) -> usize {
        lock(&self.shared.received)
            .iter()
            .filter(|r| r.operation_id == Some(operation_id))
            .count()
    }

    /// Forgets the requests received so far.
    pub fn clear_received(&self) {
        lock(&self.shared.received).clear();
    }

    /// Makes `operation_id` answer `reply` (after the usual request checks) until
    /// [`clear_replies`](Self::clear_replies). Returns `false`, changing nothing, when the
    /// table has no such operation.
    #[must_use = "`false` means the operation id is unknown"]
    pub fn set_reply(&self, operation_id: &str, reply: MockReply) -> bool {
        match self.shared.router.operation(operation_id) {
            Some(op) => {
                lock(&self.shared.replies).insert(op.id, reply);
                true
            }
            None => false,
        }
    }

    /// Goes back to the documented reply for every operation.
    pub fn clear_replies(&self) {
        lock(&self.shared.replies).clear();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server task may already be gone with its runtime; nothing to stop then.
            let _ = shutdown.send(());
        }
    }
}

/// The fallback handler: every request comes here and is routed by the operation table.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let query = uri.query().map(str::to_owned);
    let (operation_id, outcome) = match shared.router.find(method.as_str(), &path) {
        Match::Found(op) => (
            Some(op.id),
            answer(&shared, op, query.as_deref(), &headers, &body),
        ),
        Match::WrongMethod => (
            None,
            Err(Rejection::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("no operation for {method} {path} (the path exists for other methods)"),
            )),
        ),
        Match::NotFound => (
            None,
            Err(Rejection::new(
                StatusCode::NOT_FOUND,
                format!("no operation matches {method} {path}"),
            )),
        ),
    };
    let (reply, rejection) = match outcome {
        Ok(reply) => (reply, None),
        Err(rejection) => {
            let message = format!(
                "mock: {} ({})",
                rejection.message,
                operation_id.unwrap_or("no operation")
            );
            (
                MockReply::error(rejection.status.as_u16(), &message),
                Some(message),
            )
        }
    };
    lock(&shared.received).push(ReceivedRequest {
        operation_id,
        method: method.as_str().to_owned(),
        path,
        query,
        headers,
        body,
        status: reply.status,
        rejection,
    });
    reply.to_response()
}

/// Checks the request against `op` and picks the reply (an override, else the documented one).
fn answer(
    shared: &Shared,
    op: &'static MockOperation,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<MockReply, Rejection> {
    check::query(op, query)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    check::body(op, content_type, body)?;
    let reply = lock(&shared.replies).get(op.id).cloned();
    Ok(reply.unwrap_or_else(|| MockReply::documented(op)))
}
