//! `Secret`: a credential that never shows its value in `Debug` output and has no `Display`.
//! Partner and user tokens live only here and in `Authorization` header values marked sensitive.

use std::fmt;
use std::sync::Arc;

/// A token or password. Cloning is cheap (shared); `Debug` prints `Secret(***)`.
///
/// There is deliberately no `Display` impl, so a secret cannot end up in a `format!` or a log
/// line by accident; read it with [`Secret::expose`] where it must be sent.
///
/// ```
/// use altegio::runtime::Secret;
///
/// let token = Secret::new("partner-token-value");
/// assert_eq!(format!("{token:?}"), "Secret(***)");
/// assert_eq!(token.expose(), "partner-token-value");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret value, for the one place that has to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}
