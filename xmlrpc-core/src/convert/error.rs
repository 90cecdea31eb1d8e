//! Errors of converting between [`Value`](crate::Value) and Rust types.

use std::fmt;

/// Why a value could not be converted to or from a Rust type.
///
/// It says where and what: the path from the outermost value to the
/// offending one, then the problem, as in
/// `params[0].items[3].price: expected int, found string`.
///
/// ```
/// use serde::Deserialize;
/// use xmlrpc_core::{from_value, Value};
///
/// #[derive(Debug, Deserialize)]
/// struct Item { price: i32 }
/// #[derive(Debug, Deserialize)]
/// struct Order { items: Vec<Item> }
///
/// let mut bad = xmlrpc_core::Struct::new();
/// let items: Vec<Value> = (0..4)
///     .map(|i| {
///         let price = if i == 3 { Value::from("9.99") } else { Value::from(i) };
///         Value::Struct([("price", price)].into_iter().collect())
///     })
///     .collect();
/// bad.insert("items", items);
/// let err = from_value::<Order>(Value::Struct(bad)).unwrap_err().in_param(0);
/// assert_eq!(err.to_string(), "params[0].items[3].price: expected int, found string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    /// Innermost segment first: errors grow their path as they travel out.
    path: Vec<Segment>,
    message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Index(usize),
    Member(String),
    Root(&'static str),
}

impl ConvertError {
    /// An error with a message and no path yet.
    pub fn new(message: impl fmt::Display) -> Self {
        Self {
            path: Vec::new(),
            message: message.to_string(),
        }
    }

    /// "expected `expected`, found the type of `found`".
    pub(crate) fn mismatch(expected: &str, found: &crate::Value) -> Self {
        Self::new(format_args!(
            "expected {expected}, found {}",
            found.type_name()
        ))
    }

    /// The problem, without the path.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path to the offending value, outermost first, such as
    /// `params[0].items[3].price`; empty for the outermost value itself.
    #[must_use]
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Root(root) => out.push_str(root),
            }
        }
        out
    }

    /// The same error, one level down: inside element `index` of an array.
    #[must_use]
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// The same error, one level down: inside member `name` of a struct.
    #[must_use]
    pub fn at_member(mut self, name: impl Into<String>) -> Self {
        self.path.push(Segment::Member(name.into()));
        self
    }

    /// The same error, located in parameter `index` of a call
    /// (`params[index]…`).
    #[must_use]
    pub fn in_param(self, index: usize) -> Self {
        let mut e = self.at_index(index);
        e.path.push(Segment::Root("params"));
        e
    }

    /// The same error, located in the result of a call (`result…`).
    #[must_use]
    pub fn in_result(mut self) -> Self {
        self.path.push(Segment::Root("result"));
        self
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for ConvertError {}

impl serde::de::Error for ConvertError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(msg)
    }

    fn invalid_type(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Self::new(format_args!("expected {exp}, found {unexp}"))
    }

    fn invalid_value(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Self::new(format_args!("invalid value {unexp}, expected {exp}"))
    }
}

impl serde::ser::Error for ConvertError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(msg)
    }
}
