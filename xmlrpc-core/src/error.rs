//! Errors of reading, writing and converting XML-RPC.

use crate::ConvertError;

/// Why a document could not be read or written.
///
/// Every variant maps to one interoperability fault code through
/// [`Error::fault_code`] (and so `From<Error> for Fault`); reading errors
/// carry the byte offset in the document where the problem was found.
///
/// ```
/// use xmlrpc_core::{Error, Fault, MethodCall};
///
/// let err = MethodCall::from_xml(b"<methodCall><methodName>x</methodName>").unwrap_err();
/// assert!(matches!(err, Error::Syntax { .. }));
/// assert_eq!(Fault::from(err).code, Fault::PARSE_ERROR);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is not well-formed XML: a syntax error, truncation, an
    /// empty body, invalid UTF-8, an illegal character or character
    /// reference, or content after the root element. Fault -32700.
    #[error("malformed XML at byte {position}: {message}")]
    Syntax {
        /// Byte offset of the problem in the document.
        position: usize,
        /// What is wrong.
        message: String,
    },
    /// The document declares an encoding that is not read (only UTF-8,
    /// US-ASCII, ISO-8859-1 and UTF-16 are). Fault -32701.
    #[error("unsupported document encoding `{encoding}`")]
    UnsupportedEncoding {
        /// The encoding as declared.
        encoding: String,
    },
    /// The document has a `<!DOCTYPE>`, refused so that no entity is ever
    /// expanded and nothing external is ever fetched. Fault -32600.
    #[error("document type declarations are not allowed (byte {position})")]
    DocType {
        /// Byte offset of the declaration.
        position: usize,
    },
    /// Arrays and structs are nested deeper than the configured limit.
    /// Fault -32600.
    #[error("values nested deeper than {limit} levels at byte {position}")]
    TooDeep {
        /// Byte offset of the element that went past the limit.
        position: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The document holds more values than the configured limit
    /// ([`ParseOptions::with_max_values`](crate::ParseOptions::with_max_values)).
    /// Fault -32600.
    #[error("more than {limit} values, at byte {position}")]
    TooManyValues {
        /// Byte offset of the value past the limit.
        position: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Well-formed XML that is not valid XML-RPC: a wrong root, an unknown
    /// element, text where an element belongs, a missing element.
    /// Fault -32600.
    #[error("unexpected {found} at byte {position}, expected {expected}")]
    Unexpected {
        /// Byte offset of what was found.
        position: usize,
        /// What was found, such as `` element `<foo>` ``.
        found: String,
        /// What the grammar allows there.
        expected: &'static str,
    },
    /// The text of a scalar is not valid for its type (`<int>abc</int>`,
    /// `<boolean>2</boolean>`, an out-of-range number, bad base64, an
    /// impossible date). Fault -32600.
    #[error("invalid <{ty}> `{text}` at byte {position}: {reason}")]
    InvalidScalar {
        /// Byte offset of the value's text.
        position: usize,
        /// The element name, such as `int`.
        ty: &'static str,
        /// The offending text, shortened to 64 characters.
        text: String,
        /// Why it was refused.
        reason: String,
    },
    /// A struct member without a `<name>` or a `<value>`, or a fault struct
    /// without `faultCode` or `faultString`. Fault -32600.
    #[error("{context} without {missing} at byte {position}")]
    Incomplete {
        /// Byte offset where the incomplete item ends.
        position: usize,
        /// What was incomplete, such as `struct member`.
        context: &'static str,
        /// What it lacks, such as `<name>`.
        missing: &'static str,
    },
    /// A method name that is empty or has characters outside the
    /// specification's set (letters, digits, `_`, `.`, `:`, `/`).
    /// Fault -32600 when read.
    #[error("invalid method name `{name}` at byte {position}")]
    InvalidMethodName {
        /// Byte offset of the name (0 when writing).
        position: usize,
        /// The name, shortened to 64 characters.
        name: String,
    },
    /// A character that XML 1.0 cannot carry (such as U+0000) in a string to
    /// be written. Fault -32702.
    #[error("character U+{code:04X} cannot be written in XML 1.0")]
    InvalidChar {
        /// The character's code point.
        code: u32,
    },
    /// A NaN or infinite double, which XML-RPC cannot carry. Fault -32603.
    #[error("{value} cannot be written as an XML-RPC double")]
    NonFiniteDouble {
        /// The value.
        value: f64,
    },
    /// A value to be written nests deeper than the limit. Fault -32603.
    #[error("value nested deeper than {limit} levels cannot be written")]
    WriteTooDeep {
        /// The limit in force.
        limit: usize,
    },
    /// A value could not be converted to or from a Rust type. Fault -32602.
    #[error(transparent)]
    Convert(#[from] ConvertError),
}

impl Error {
    /// The fault code that reports this error to a peer: -32700 parse
    /// error, -32701 unsupported encoding, -32702 invalid character,
    /// -32600 invalid request, -32602 invalid params, -32603 internal error.
    #[must_use]
    pub fn fault_code(&self) -> i32 {
        use crate::Fault;
        match self {
            Self::Syntax { .. } => Fault::PARSE_ERROR,
            Self::UnsupportedEncoding { .. } => Fault::UNSUPPORTED_ENCODING,
            Self::InvalidChar { .. } => Fault::INVALID_CHARACTER,
            Self::DocType { .. }
            | Self::TooDeep { .. }
            | Self::TooManyValues { .. }
            | Self::Unexpected { .. }
            | Self::InvalidScalar { .. }
            | Self::Incomplete { .. }
            | Self::InvalidMethodName { .. } => Fault::INVALID_REQUEST,
            Self::Convert(_) => Fault::INVALID_PARAMS,
            Self::NonFiniteDouble { .. } | Self::WriteTooDeep { .. } => Fault::INTERNAL_ERROR,
        }
    }

    /// The byte offset in the document where a reading error was found.
    #[must_use]
    pub fn position(&self) -> Option<usize> {
        match *self {
            Self::Syntax { position, .. }
            | Self::DocType { position }
            | Self::TooDeep { position, .. }
            | Self::TooManyValues { position, .. }
            | Self::Unexpected { position, .. }
            | Self::InvalidScalar { position, .. }
            | Self::Incomplete { position, .. }
            | Self::InvalidMethodName { position, .. } => Some(position),
            _ => None,
        }
    }

    pub(crate) fn syntax(position: usize, message: impl Into<String>) -> Self {
        Self::Syntax {
            position,
            message: message.into(),
        }
    }
}

/// At most 64 characters of `text`, for error messages about peer input.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 64;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
