//! Auto-pagination: turns a "fetch page N" function into a lazy stream of items.
//! Stops at an empty page, once `meta.total_count` items were yielded (read through `Meta`), or after an error.

use std::collections::VecDeque;
use std::future::Future;

use futures::Stream;

use crate::runtime::error::Result;
use crate::runtime::response::ApiResponse;

/// Streams the items of consecutive pages, starting at `start_page`.
///
/// Pages are fetched lazily, one at a time, when the consumer has used up the previous one;
/// every fetch goes through the client, so retries and timeouts apply per page. The stream ends
/// after an empty page, once the number of items yielded reaches the response's
/// [`total_count`](ApiResponse::total_count), or after yielding the first error.
///
/// The stream is not `Unpin`; pin it with [`std::pin::pin!`] or `Box::pin` before polling.
///
/// ```
/// use futures::StreamExt;
/// use altegio::{runtime::paginate, ApiResponse};
///
/// # futures::executor::block_on(async {
/// let pages = paginate(1, |page| async move {
///     let items: Vec<i64> = if page <= 2 { vec![page * 10, page * 10 + 1] } else { vec![] };
///     Ok(ApiResponse::new(items, ()))
/// });
/// let items: Vec<i64> = pages.map(|item| item.unwrap()).collect().await;
/// assert_eq!(items, [10, 11, 20, 21]);
/// # });
/// ```
pub fn paginate<'a, T, M, F, Fut>(start_page: i64, fetch: F) -> impl Stream<Item = Result<T>> + 'a
where
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<ApiResponse<Vec<T>, M>>> + 'a,
    T: 'a,
    M: 'a,
{
    let state = State {
        fetch,
        next_page: Some(start_page),
        buffered: VecDeque::new(),
        yielded: 0,
        total: None,
    };
    futures::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                state.yielded += 1;
                return Some((Ok(item), state));
            }
            if state.total.is_some_and(|total| state.yielded >= total) {
                return None;
            }
            let page = state.next_page?;
            match (state.fetch)(page).await {
                Ok(response) => {
                    state.total = response.total_count().or(state.total);
                    state.next_page = if response.data.is_empty() {
                        None
                    } else {
                        page.checked_add(1)
                    };
                    state.buffered.extend(response.data);
                }
                Err(error) => {
                    state.next_page = None;
                    return Some((Err(error), state));
                }
            }
        }
    })
}

struct State<F, T> {
    fetch: F,
    /// `None` once no further page may be fetched.
    next_page: Option<i64>,
    buffered: VecDeque<T>,
    yielded: u64,
    total: Option<u64>,
}
