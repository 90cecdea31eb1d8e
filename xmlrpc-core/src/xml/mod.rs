//! Reading and writing XML-RPC documents.

mod events;
mod fast;
mod input;
pub(crate) mod parse;
pub(crate) mod scalar;
mod scan;
pub(crate) mod write;

use crate::{Error, ParseOptions, Value};

impl Value {
    /// Reads a lone `<value>…</value>` document.
    ///
    /// ```
    /// use xmlrpc_core::Value;
    /// let v = Value::from_xml(b"<value><i4>41</i4></value>")?;
    /// assert_eq!(v, Value::Int(41));
    /// # Ok::<(), xmlrpc_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading.
    pub fn from_xml(bytes: &[u8]) -> Result<Self, Error> {
        parse::value(bytes, &ParseOptions::default())
    }

    /// Reads a lone `<value>…</value>` document with `options`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of reading.
    pub fn from_xml_with(bytes: &[u8], options: &ParseOptions) -> Result<Self, Error> {
        parse::value(bytes, options)
    }

    /// Writes `<value>…</value>`.
    ///
    /// ```
    /// use xmlrpc_core::Value;
    /// assert_eq!(Value::from("a<b").to_xml()?, "<value><string>a&lt;b</string></value>");
    /// # Ok::<(), xmlrpc_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A character XML cannot carry, a non-finite double, or nesting past
    /// the writer's limit.
    pub fn to_xml(&self) -> Result<String, Error> {
        let mut out = String::new();
        write::value(&mut out, self)?;
        Ok(out)
    }
}

/// A scalar as text, for messages (compound values give their type name).
pub(crate) fn display_scalar(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::I8(i) => i.to_string(),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::String(s) => s.clone(),
        Value::Double(d) => d.to_string(),
        Value::DateTime(dt) => dt.to_string(),
        other => other.type_name().to_owned(),
    }
}
