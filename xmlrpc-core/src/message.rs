//! `methodCall` and `methodResponse` documents.

use crate::xml::{parse, write};
use crate::{Error, Fault, ParseOptions, Value};

/// A call: a method name and its parameters.
///
/// ```
/// use xmlrpc_core::{MethodCall, Value};
///
/// let call = MethodCall::new("examples.getStateName", vec![Value::Int(41)]);
/// let xml = call.to_xml()?;
/// assert!(xml.contains("<methodName>examples.getStateName</methodName>"));
/// assert_eq!(MethodCall::from_xml(xml.as_bytes())?, call);
/// # Ok::<(), xmlrpc_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MethodCall {
    /// The method name, such as `system.listMethods`.
    pub name: String,
    /// The parameters in order.
    pub params: Vec<Value>,
}

impl MethodCall {
    /// A call of `name` with `params`.
    pub fn new(name: impl Into<String>, params: Vec<Value>) -> Self {
        Self {
            name: name.into(),
            params,
        }
    }

    /// Reads a `<methodCall>` document with the default [`ParseOptions`].
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading; each maps to its fault code.
    pub fn from_xml(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_xml_with(bytes, &ParseOptions::default())
    }

    /// Reads a `<methodCall>` document.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading; each maps to its fault code.
    pub fn from_xml_with(bytes: &[u8], options: &ParseOptions) -> Result<Self, Error> {
        parse::method_call(bytes, options)
    }

    /// Writes the call as a UTF-8 XML document.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMethodName`], or an error of writing a parameter
    /// (a character XML cannot carry, a non-finite double, too deep).
    pub fn to_xml(&self) -> Result<String, Error> {
        write::method_call(self)
    }
}

/// The answer to a call: one value, or a fault.
///
/// ```
/// use xmlrpc_core::{Fault, MethodResponse, Value};
///
/// let xml = MethodResponse::Fault(Fault::new(4, "Too many parameters.")).to_xml()?;
/// let back = MethodResponse::from_xml(xml.as_bytes())?;
/// assert_eq!(back.into_result(), Err(Fault::new(4, "Too many parameters.")));
/// # Ok::<(), xmlrpc_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum MethodResponse {
    /// `<params><param><value>…`: the method's result.
    Success(Value),
    /// `<fault>…`: the method failed.
    Fault(Fault),
}

impl MethodResponse {
    /// Reads a `<methodResponse>` document with the default
    /// [`ParseOptions`]. A fault struct may have its members in any order
    /// and extra members; `<params/>` (sent by some servers for a void
    /// method) reads as `Nil`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading.
    pub fn from_xml(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_xml_with(bytes, &ParseOptions::default())
    }

    /// Reads a `<methodResponse>` document.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading.
    pub fn from_xml_with(bytes: &[u8], options: &ParseOptions) -> Result<Self, Error> {
        parse::method_response(bytes, options)
    }

    /// Writes the response as a UTF-8 XML document.
    ///
    /// # Errors
    ///
    /// An error of writing the value (a character XML cannot carry, a
    /// non-finite double, too deep).
    pub fn to_xml(&self) -> Result<String, Error> {
        write::method_response(self)
    }

    /// The value, or the fault as an error.
    ///
    /// # Errors
    ///
    /// The fault, for a fault response.
    pub fn into_result(self) -> Result<Value, Fault> {
        match self {
            Self::Success(v) => Ok(v),
            Self::Fault(f) => Err(f),
        }
    }
}

impl From<Result<Value, Fault>> for MethodResponse {
    fn from(result: Result<Value, Fault>) -> Self {
        match result {
            Ok(v) => Self::Success(v),
            Err(f) => Self::Fault(f),
        }
    }
}

/// The specification's method names: non-empty, of letters, digits, `_`,
/// `.`, `:` and `/`.
pub(crate) fn check_method_name(name: &str, position: usize) -> Result<(), Error> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'/'));
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidMethodName {
            position,
            name: crate::error::excerpt(name),
        })
    }
}
