//! `api_handle!`: the borrowed handle through which one of the client's other APIs is called
//! (`client.booking()`, `client.developers()`, `client.v2()`). A handle is one pointer to the
//! `Client`, so every API shares its connection pool, credentials and retry, timeout and
//! rate-limit policy.

/// Declares `pub struct $handle<'a>` holding a `&'a Client` and the `Client::$accessor()`
/// method returning it. Generated operations are methods of the handle and reach the client
/// through its `client()`. Unused when no other API's feature is on.
#[allow(unused_macros)]
macro_rules! api_handle {
    ($(#[$doc:meta])* $handle:ident, $accessor:ident, $accessor_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $handle<'a> {
            client: &'a crate::Client,
        }

        impl<'a> $handle<'a> {
            /// The client this handle calls through.
            pub fn client(&self) -> &'a crate::Client {
                self.client
            }
        }

        impl crate::Client {
            #[doc = $accessor_doc]
            pub fn $accessor(&self) -> $handle<'_> {
                $handle { client: self }
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use api_handle;
