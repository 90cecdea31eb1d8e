//! Length-prefixed frames: XML-RPC calls over a plain byte stream (TCP or
//! a Unix socket) instead of HTTP, as in the classic "RPC from raw
//! sockets" tutorial.
//!
//! # Frame format
//!
//! A frame is a 4-byte unsigned length followed by that many bytes of
//! body. A connection carries any number of frames in turn: the client
//! sends a call frame, the server answers with one answer frame, in the
//! order the calls came.
//!
//! | Codec | Body | Length prefix |
//! |---|---|---|
//! | [`Codec::Xml`] (the default) | a `<methodCall>` or `<methodResponse>` document, as over HTTP | big-endian, as tokio-util's `LengthDelimitedCodec` uses by default |
//! | [`Codec::Json`] | a JSON object in the tutorial's shape, below | little-endian, what the tutorial's Python `struct.pack("I", …)` writes on x86 and ARM |
//!
//! [`FrameFormat::byte_order`] sets either codec's prefix the other way.
//! The length counts the body only, never the prefix. A reader checks it
//! against its limit before it allocates anything.
//!
//! # The JSON shape
//!
//! A call is `{"in": "ping", "params": "ireader 0"}` and its answer
//! `{"out": "pong", "result": "ireader 0"}`:
//!
//! - `in` is the method name.
//! - `params` holds the parameters. A JSON array is the parameter list;
//!   any other value is the one parameter; a missing `params` is none. So
//!   a call with one array parameter `[1, 2]` is written `[[1, 2]]`.
//! - `out` names the kind of answer: the method name, unless the server
//!   maps that method to another word ([`FrameFormat::answer_kind`]), as
//!   the tutorial's handlers answer `ping` with `pong`.
//! - `result` is the result.
//! - A fault is answered `{"out": "error", "error": {"faultCode": -32601,
//!   "faultString": "…"}}`, with no `result`. Other members of a call or
//!   an answer are ignored.
//!
//! Values map to JSON like this, both ways:
//!
//! | XML-RPC | JSON |
//! |---|---|
//! | `int`, `i4` | an integer; read back as `int` when it fits 32 bits |
//! | `i8` | an integer, all its digits. Read back as `i8` when it does not fit 32 bits. An integer beyond 64 bits is refused, never rounded to a double. (JavaScript's `JSON.parse` rounds integers past 2^53; Python's `json` and serde_json do not.) |
//! | `boolean` | `true`, `false` |
//! | `string` | a string |
//! | `double` | a number with a fraction or an exponent (`2.0`, never `2`); read back as `double` |
//! | `dateTime.iso8601` | `{"$datetime": "19980717T14:08:55"}`, the XML-RPC text form |
//! | `base64` | `{"$base64": "aGVsbG8="}`, standard base64 with padding |
//! | `struct` | an object, members in order |
//! | `array` | an array |
//! | `nil` | `null` |
//!
//! An object with exactly one member named `$datetime` or `$base64`
//! whose value is a string is read as that type; every other object is a
//! struct. JSON nests at most 128 levels (serde_json's own limit) and
//! holds at most [`ParseOptions::max_values`] values.
//!
//! ```
//! use xmlrpc_core::frame::FrameFormat;
//! use xmlrpc_core::{MethodCall, Value};
//!
//! let json = FrameFormat::json().answer_kind("ping", "pong");
//! let frame = json.call_frame(&MethodCall::new("ping", vec![Value::from("ireader 0")]))?;
//! assert_eq!(&frame[..4], &34_u32.to_le_bytes());
//! assert_eq!(&frame[4..], br#"{"in":"ping","params":"ireader 0"}"#);
//!
//! let call = json.read_call(&frame[4..])?;
//! let answer = json.reply_frame(&call.name, &Ok(call.params[0].clone()));
//! assert_eq!(&answer[4..], br#"{"out":"pong","result":"ireader 0"}"#);
//! assert_eq!(json.read_reply(&answer[4..])?, Ok(Value::from("ireader 0")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod json;

use std::collections::HashMap;
use std::sync::Arc;

use crate::{Error, Fault, MethodCall, MethodResponse, ParseOptions, Value};

/// How many bytes the length prefix takes.
pub const PREFIX_LEN: usize = 4;

/// What a frame body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Codec {
    /// XML-RPC documents, exactly as over HTTP.
    Xml,
    /// JSON in the socket tutorial's `in`/`params` → `out`/`result` shape.
    Json,
}

/// The byte order of the length prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteOrder {
    /// Most significant byte first (network order).
    BigEndian,
    /// Least significant byte first.
    LittleEndian,
}

/// What went wrong with a frame.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The prefix announces a body above the reader's limit.
    #[error("a frame of {len} bytes is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What the prefix says.
        len: u64,
        /// The reader's limit.
        limit: usize,
    },
    /// An XML body that is not an XML-RPC document.
    #[error(transparent)]
    Xml(#[from] Error),
    /// A JSON body that is not JSON in the expected shape.
    #[error("{0}")]
    Json(String),
}

impl FrameError {
    /// The fault a server answers this error with: -32700 for a body that
    /// is not XML or JSON, -32600 for the wrong shape or a frame too large.
    #[must_use]
    pub fn to_fault(&self) -> Fault {
        match self {
            Self::Xml(error) => Fault::new(error.fault_code(), error.to_string()),
            Self::TooLarge { .. } => Fault::new(Fault::INVALID_REQUEST, self.to_string()),
            Self::Json(message) if message.starts_with("not JSON") => {
                Fault::new(Fault::PARSE_ERROR, message.clone())
            }
            Self::Json(message) => Fault::new(Fault::INVALID_REQUEST, message.clone()),
        }
    }
}

/// A codec and a prefix byte order: everything needed to write frames and
/// read their bodies. Cheap to clone.
///
/// ```
/// use xmlrpc_core::frame::{ByteOrder, FrameFormat};
/// use xmlrpc_core::{MethodCall, Value};
///
/// let xml = FrameFormat::xml();
/// let frame = xml.call_frame(&MethodCall::new("add", vec![Value::Int(2), Value::Int(3)]))?;
/// let len = xml.body_len(frame[..4].try_into()?, 1 << 20)?;
/// assert_eq!(len, frame.len() - 4);
/// assert_eq!(xml.read_call(&frame[4..])?.params, [Value::Int(2), Value::Int(3)]);
/// assert_eq!(FrameFormat::json().order(), ByteOrder::LittleEndian);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FrameFormat {
    codec: Codec,
    order: ByteOrder,
    options: ParseOptions,
    /// Method → the word a JSON answer's `out` holds instead of its name.
    kinds: Arc<HashMap<String, String>>,
}

impl Default for FrameFormat {
    fn default() -> Self {
        Self::xml()
    }
}

impl FrameFormat {
    /// XML-RPC documents with a big-endian prefix.
    #[must_use]
    pub fn xml() -> Self {
        Self {
            codec: Codec::Xml,
            order: ByteOrder::BigEndian,
            options: ParseOptions::default(),
            kinds: Arc::default(),
        }
    }

    /// The tutorial's JSON with a little-endian prefix.
    #[must_use]
    pub fn json() -> Self {
        Self {
            codec: Codec::Json,
            order: ByteOrder::LittleEndian,
            ..Self::xml()
        }
    }

    /// The prefix's byte order.
    #[must_use]
    pub fn byte_order(mut self, order: ByteOrder) -> Self {
        self.order = order;
        self
    }

    /// The nesting and value-count limits for reading bodies.
    #[must_use]
    pub fn parse_options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// JSON answers to `method` say `kind` in `out` instead of the method
    /// name (the tutorial answers `ping` with `pong`).
    #[must_use]
    pub fn answer_kind(mut self, method: &str, kind: &str) -> Self {
        Arc::make_mut(&mut self.kinds).insert(method.to_owned(), kind.to_owned());
        self
    }

    /// The codec.
    #[must_use]
    pub fn codec(&self) -> Codec {
        self.codec
    }

    /// The prefix's byte order.
    #[must_use]
    pub fn order(&self) -> ByteOrder {
        self.order
    }

    /// The body length a prefix announces.
    ///
    /// # Errors
    ///
    /// [`FrameError::TooLarge`] when it is above `limit`.
    pub fn body_len(&self, prefix: [u8; PREFIX_LEN], limit: usize) -> Result<usize, FrameError> {
        let len = match self.order {
            ByteOrder::BigEndian => u32::from_be_bytes(prefix),
            ByteOrder::LittleEndian => u32::from_le_bytes(prefix),
        };
        match usize::try_from(len) {
            Ok(len) if len <= limit => Ok(len),
            _ => Err(FrameError::TooLarge {
                len: u64::from(len),
                limit,
            }),
        }
    }

    /// `body` with its prefix in front.
    ///
    /// # Errors
    ///
    /// [`FrameError::TooLarge`] for a body of 4 GiB or more.
    pub fn frame(&self, body: &[u8]) -> Result<Vec<u8>, FrameError> {
        let mut frame = Vec::with_capacity(PREFIX_LEN + body.len());
        frame.extend_from_slice(&self.prefix(body.len())?);
        frame.extend_from_slice(body);
        Ok(frame)
    }

    fn prefix(&self, len: usize) -> Result<[u8; PREFIX_LEN], FrameError> {
        let len = u32::try_from(len).map_err(|_| FrameError::TooLarge {
            len: u64::try_from(len).unwrap_or(u64::MAX),
            limit: u32::MAX as usize,
        })?;
        Ok(match self.order {
            ByteOrder::BigEndian => len.to_be_bytes(),
            ByteOrder::LittleEndian => len.to_le_bytes(),
        })
    }

    /// The whole frame, prefix included, that sends `call`.
    ///
    /// # Errors
    ///
    /// A value that cannot be written (as [`MethodCall::to_xml`]), or a
    /// body of 4 GiB or more.
    pub fn call_frame(&self, call: &MethodCall) -> Result<Vec<u8>, FrameError> {
        let body = match self.codec {
            Codec::Xml => call.to_xml()?.into_bytes(),
            Codec::Json => json::write_call(call),
        };
        self.frame(&body)
    }

    /// Reads a call frame's body.
    ///
    /// # Errors
    ///
    /// A body that is not a call in this codec; [`FrameError::to_fault`]
    /// is the fault to answer.
    pub fn read_call(&self, body: &[u8]) -> Result<MethodCall, FrameError> {
        match self.codec {
            Codec::Xml => Ok(MethodCall::from_xml_with(body, &self.options)?),
            Codec::Json => json::read_call(body, &self.options),
        }
    }

    /// The whole frame that answers a call to `method` with `reply`. An
    /// answer that cannot be written becomes fault -32603, as over HTTP.
    #[must_use]
    pub fn reply_frame(&self, method: &str, reply: &Result<Value, Fault>) -> Vec<u8> {
        let body = match self.codec {
            Codec::Xml => {
                let response = MethodResponse::from(reply.clone());
                response.to_xml().unwrap_or_else(|error| {
                    let fault = Fault::internal(format!("the answer cannot be written: {error}"));
                    MethodResponse::Fault(fault).to_xml().unwrap_or_default()
                })
            }
            .into_bytes(),
            Codec::Json => {
                let kind = self.kinds.get(method).map_or(method, String::as_str);
                json::write_reply(kind, reply)
            }
        };
        // No answer reaches 4 GiB: the server's body limit stays far below.
        self.frame(&body).unwrap_or_else(|error| {
            let fault = Fault::internal(error.to_string());
            self.reply_frame(method, &Err(fault))
        })
    }

    /// Reads an answer frame's body: the result, or the fault it holds.
    ///
    /// # Errors
    ///
    /// A body that is not an answer in this codec.
    pub fn read_reply(&self, body: &[u8]) -> Result<Result<Value, Fault>, FrameError> {
        match self.codec {
            Codec::Xml => Ok(MethodResponse::from_xml_with(body, &self.options)?.into_result()),
            Codec::Json => json::read_reply(body, &self.options),
        }
    }
}
