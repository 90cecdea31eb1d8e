//! `base64` values as a user type.

use std::fmt;
use std::ops::Deref;

/// Bytes that travel as XML-RPC `<base64>`, like Python's `xmlrpc.client.Binary`.
///
/// Use it in parameters, results and struct fields: it converts to and from
/// `<base64>` through serde, where a plain `Vec<u8>` would become an array of
/// integers. (A `Vec<u8>` parameter still *accepts* `<base64>`.)
///
/// ```
/// use xmlrpc_core::{to_value, Binary, Value};
///
/// let b = Binary::from(b"\x00\xffdata".to_vec());
/// assert_eq!(to_value(&b)?, Value::Base64(b"\x00\xffdata".to_vec()));
/// assert_eq!(&b[..2], b"\x00\xff");
/// # Ok::<(), xmlrpc_core::ConvertError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Binary(Vec<u8>);

impl Binary {
    /// Wraps bytes.
    #[must_use]
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The bytes.
    #[must_use]
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl Deref for Binary {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(b: Binary) -> Self {
        b.0
    }
}

impl fmt::Debug for Binary {
    /// Shows the length and at most the first 32 bytes, so that logging a
    /// large upload stays readable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 32;
        write!(f, "Binary({} bytes: ", self.0.len())?;
        for b in self.0.iter().take(SHOWN) {
            write!(f, "{b:02x}")?;
        }
        if self.0.len() > SHOWN {
            f.write_str("…")?;
        }
        f.write_str(")")
    }
}
