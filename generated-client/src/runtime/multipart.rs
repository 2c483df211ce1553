//! `multipart/form-data` bodies: text fields and files (bytes, file name, content type).
//! Kept as plain data so a retried request can rebuild its form; reqwest builds the wire format.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;

use crate::runtime::encode;

/// Content type sent for a file part whose `content_type` is empty.
const DEFAULT_FILE_TYPE: &str = "application/octet-stream";

/// A file to upload: its bytes, the file name the server sees, and its content type.
///
/// `Debug` prints the length, never the bytes.
///
/// ```
/// use altegio::runtime::FilePart;
///
/// let photo = FilePart::new(vec![0xFF, 0xD8, 0xFF], "photo.jpg", "image/jpeg");
/// assert_eq!(format!("{photo:?}"), r#"FilePart { file_name: "photo.jpg", content_type: "image/jpeg", len: 3 }"#);
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// File contents.
    pub bytes: Bytes,
    /// File name sent in the part's `Content-Disposition`.
    pub file_name: String,
    /// MIME type of the part, e.g. `image/jpeg`; empty sends `application/octet-stream`.
    pub content_type: String,
}

impl FilePart {
    /// A file part from its contents, file name and content type.
    pub fn new(
        bytes: impl Into<Bytes>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
        }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A `multipart/form-data` body under construction.
///
/// ```
/// use altegio::runtime::{FilePart, Multipart};
///
/// let form = Multipart::new()
///     .text("entity", &"master")
///     .text("comment", &None::<String>) // skipped
///     .file("image", &FilePart::new(&b"..."[..], "a.png", "image/png"));
/// # let _ = form;
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a form does nothing until passed to `Request::multipart_body`"]
pub struct Multipart {
    pub(crate) parts: Vec<(String, PartValue)>,
    pub(crate) error: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum PartValue {
    Text(String),
    File(FilePart),
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field. `None`/null is skipped, scalars become their text (booleans `1`/`0`),
    /// arrays add one field per element, objects are sent as JSON text.
    pub fn text(mut self, name: &str, value: &impl Serialize) -> Self {
        match encode::to_value(value) {
            Ok(serde_json::Value::Array(items)) => {
                for item in &items {
                    if let Some(text) = encode::scalar_text(item) {
                        self.parts.push((name.to_owned(), PartValue::Text(text)));
                    }
                }
            }
            Ok(value) => {
                if let Some(text) = encode::scalar_text(&value) {
                    self.parts.push((name.to_owned(), PartValue::Text(text)));
                }
            }
            Err(message) => {
                self.error
                    .get_or_insert(format!("multipart field `{name}`: {message}"));
            }
        }
        self
    }

    /// Adds a file field.
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        self.parts
            .push((name.to_owned(), PartValue::File(file.clone())));
        self
    }

    /// Adds a file field when there is one.
    pub fn opt_file(self, name: &str, file: &Option<FilePart>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    /// Builds reqwest's form; called once per attempt because a form is consumed when sent.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            let part = match value {
                PartValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
                PartValue::File(file) => {
                    let content_type = match file.content_type.trim() {
                        "" => DEFAULT_FILE_TYPE,
                        given => given,
                    };
                    let len = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                    reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(file.bytes.clone()),
                        len,
                    )
                    .file_name(file.file_name.clone())
                    .mime_str(content_type)
                    .map_err(|e| {
                        format!("multipart field `{name}`: content type `{content_type}`: {e}")
                    })?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}
