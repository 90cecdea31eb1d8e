//! XML-RPC faults.

use crate::{ConvertError, Error, Struct, Value};

/// An XML-RPC fault: the error answer of a method call.
///
/// A fault is a value, not a transport error: a server sends it with HTTP
/// 200, and a client gets it as the result of its call. The associated
/// constants are the interoperability codes
/// (<http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php>);
/// applications use their own codes, usually positive.
///
/// ```
/// use xmlrpc_core::{Fault, Value};
///
/// let fault = Fault::new(1001, "division by zero");
/// let wire = fault.to_value();
/// assert_eq!(wire.get("faultCode"), Some(&Value::Int(1001)));
/// assert_eq!(Fault::from_value(&wire)?, fault);
/// assert_eq!(fault.to_string(), "fault 1001: division by zero");
/// # Ok::<(), xmlrpc_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("fault {code}: {string}")]
pub struct Fault {
    /// `faultCode`.
    pub code: i32,
    /// `faultString`.
    pub string: String,
}

impl Fault {
    /// -32700: the request is not well-formed XML.
    pub const PARSE_ERROR: i32 = -32700;
    /// -32701: the request's encoding is not supported.
    pub const UNSUPPORTED_ENCODING: i32 = -32701;
    /// -32702: a character invalid for the encoding.
    pub const INVALID_CHARACTER: i32 = -32702;
    /// -32600: well-formed XML that is not a valid XML-RPC request.
    pub const INVALID_REQUEST: i32 = -32600;
    /// -32601: no method by that name.
    pub const METHOD_NOT_FOUND: i32 = -32601;
    /// -32602: wrong number or types of parameters.
    pub const INVALID_PARAMS: i32 = -32602;
    /// -32603: the server failed while handling the call.
    pub const INTERNAL_ERROR: i32 = -32603;

    /// A fault with any code and message.
    pub fn new(code: i32, string: impl Into<String>) -> Self {
        Self {
            code,
            string: string.into(),
        }
    }

    /// -32601 for `method`.
    #[must_use]
    pub fn method_not_found(method: &str) -> Self {
        Self::new(
            Self::METHOD_NOT_FOUND,
            format!("method `{}` not found", crate::error::excerpt(method)),
        )
    }

    /// -32602 with a message saying what was wrong.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(Self::INVALID_PARAMS, message)
    }

    /// -32603 with a message.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Self::INTERNAL_ERROR, message)
    }

    /// The struct `{faultCode, faultString}` that carries the fault.
    #[must_use]
    pub fn to_value(&self) -> Value {
        let mut s = Struct::with_capacity(2);
        s.insert("faultCode", self.code);
        s.insert("faultString", self.string.as_str());
        Value::Struct(s)
    }

    /// Reads a fault struct. Members may come in any order and extra
    /// members are ignored. A `faultCode` sent as a string of digits is
    /// accepted; a non-numeric one gives code 0 and is kept in front of the
    /// message, so nothing the peer said is lost.
    ///
    /// # Errors
    ///
    /// When the value is not a struct or lacks either member.
    pub fn from_value(value: &Value) -> Result<Self, Error> {
        let incomplete = |missing| Error::Incomplete {
            position: 0,
            context: "fault struct",
            missing,
        };
        let s = value.as_struct().ok_or_else(|| incomplete("a struct"))?;
        let code = s.get("faultCode").ok_or_else(|| incomplete("faultCode"))?;
        let string = s
            .get("faultString")
            .ok_or_else(|| incomplete("faultString"))?;
        let string = match string {
            Value::String(text) => text.clone(),
            other => crate::xml::display_scalar(other),
        };
        Ok(match code {
            Value::Int(_) | Value::I8(_) => match code.as_i32() {
                Some(code) => Self::new(code, string),
                None => Self::new(0, format!("{}: {string}", crate::xml::display_scalar(code))),
            },
            Value::String(text) => match text.trim().parse() {
                Ok(code) => Self::new(code, string),
                Err(_) => Self::new(0, format!("{text}: {string}")),
            },
            other => Self::new(
                0,
                format!("{}: {string}", crate::xml::display_scalar(other)),
            ),
        })
    }
}

impl From<Error> for Fault {
    /// The one place where core errors become fault codes; see
    /// [`Error::fault_code`].
    fn from(err: Error) -> Self {
        Self::new(err.fault_code(), err.to_string())
    }
}

impl From<ConvertError> for Fault {
    /// -32602: parameters that do not convert are invalid params.
    fn from(err: ConvertError) -> Self {
        Error::from(err).into()
    }
}
