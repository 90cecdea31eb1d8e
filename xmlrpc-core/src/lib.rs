//! The core of an XML-RPC framework: the value model, marshalling, faults and
//! conversions to and from your own types.
//!
//! This crate has no network code. It reads and writes XML-RPC documents
//! (in a few kilobytes of stack however deep the input nests, so hostile
//! input cannot exhaust it), converts [`Value`]s to and from any serde
//! type, and defines the fault model that servers and clients share.
//! Documents written the usual way (the grammar's elements with no
//! attributes, comments or CDATA, nesting at most 48 deep) are read
//! straight into values by a hand-written fast path. It gives up on
//! anything else, and on any error; the reference reader, built on
//! quick-xml's event API, then reads the document, and its answer, value
//! or error, is the one returned.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use xmlrpc_core::{from_value, to_value, MethodCall, MethodResponse, Value};
//!
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Order { id: i64, items: Vec<String>, paid: bool }
//!
//! // A client writes a call...
//! let order = Order { id: 7, items: vec!["tea".into()], paid: false };
//! let xml = MethodCall::new("shop.place", vec![to_value(&order)?]).to_xml()?;
//!
//! // ...a server reads it and answers...
//! let call = MethodCall::from_xml(xml.as_bytes())?;
//! assert_eq!(call.name, "shop.place");
//! let got: Order = from_value(call.params[0].clone())?;
//! assert_eq!(got, order);
//! let reply = MethodResponse::Success(Value::from(true)).to_xml()?;
//!
//! // ...and the client reads the answer.
//! let answer = MethodResponse::from_xml(reply.as_bytes())?.into_result()?;
//! assert_eq!(answer, Value::Bool(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Types
//!
//! | XML-RPC | [`Value`] | Rust types through serde |
//! |---|---|---|
//! | `<int>`, `<i4>` (`<i1>`, `<i2>`, `ex:` forms) | `Int(i32)` | `i8`, `i16`, `i32`, `u8`, `u16` |
//! | `<i8>` (also `ex:i8`) | `I8(i64)` | `i64`, `u32`, `u64` and `i128`/`u128` in `i64` range |
//! | `<boolean>` | `Bool` | `bool` |
//! | `<string>`, untyped `<value>text</value>` | `String` | `String`, `&str`, `char` |
//! | `<double>` | `Double(f64)` | `f64`, `f32` (also read from `<int>` and `<i8>` when exact) |
//! | `<dateTime.iso8601>` | `DateTime` | [`DateTime`]; with the `chrono` or `time` feature, their date types through `#[serde(with = "xmlrpc_core::as_datetime::…")]`; any type that reads a date from text (chrono's own `Deserialize`) gets `1998-07-17T14:08:55` |
//! | `<base64>` | `Base64(Vec<u8>)` | [`Binary`] |
//! | `<struct>` | `Struct` | structs, maps with string keys, enums with data |
//! | `<array>` | `Array(Vec<Value>)` | `Vec`, slices, arrays, tuples |
//! | `<nil/>` (also `ex:nil`) | `Nil` | `None`, `()` |
//!
//! Integers are written as `<int>` when they fit in 32 bits and as `<i8>`
//! otherwise, whatever their Rust type; a number out of the target type's
//! range is an error, never truncated. Doubles are written in the
//! specification's plain decimal notation, never with an exponent, with the
//! shortest digits that read back identically (`0.1`, `100.0`,
//! `0.00001`); an integer reads into `f64` or `f32` when the float holds it
//! exactly (Python sends `<int>0</int>` for a whole float).
//!
//! # What the reader accepts and refuses
//!
//! It accepts what real peers send: an XML declaration with or without an
//! encoding, a UTF-8 byte order mark, ISO-8859-1 and UTF-16 documents,
//! comments and whitespace anywhere, CDATA, character references, `<i4>`,
//! `<params/>` or no `<params>` at all, `<array>` without `<data>`, struct
//! members in any order (a repeated name: the last wins), base64 broken into
//! lines. It refuses, with an [`Error`] carrying the byte position, any
//! `<!DOCTYPE>` (so no entity is ever expanded or fetched), nesting past
//! [`ParseOptions::max_depth`], unknown elements, invalid scalar text,
//! incomplete members, invalid method names and trailing content. Every
//! error maps to its interoperability fault code through [`Fault::from`].
//!
//! # Services and clients
//!
//! [`macro@rpc_service`] turns an `impl` block into a [`Service`] (a dispatch
//! table with introspection data) and a typed client that runs on any
//! [`Caller`]; on a trait, it declares an API that servers implement (served
//! through the generated `{Trait}Server`) and clients call, from a crate that
//! needs nothing but this one. Clients send one call at a time or typed
//! batches ([`Batch`], [`Slot`], [`MulticallShape`]). [`MemoryTransport`]
//! connects the two sides in one process, through real XML, for tests;
//! `xmlrpc-server` serves any `Service` over HTTP (TCP or a Unix socket) and
//! `xmlrpc-client` is a `Transport` over HTTP, async or blocking.
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | `derive` (default) | the [`macro@rpc_service`] attribute macro |
//! | `chrono` | conversions between [`DateTime`] and chrono's `NaiveDateTime` and `DateTime<FixedOffset>` |
//! | `time` | conversions between [`DateTime`] and time's `PrimitiveDateTime` and `OffsetDateTime` |
//! | `framed` | the `frame` module: length-prefixed frames holding XML-RPC documents or the socket tutorial's JSON, with the JSON mapping of every type |
//!
//! With `chrono` or `time`, the `as_datetime` modules write those types
//! as `dateTime.iso8601` through serde (`#[serde(with = "…")]`); reading
//! them needs no attribute, since a `dateTime.iso8601` is offered to them
//! as the ISO 8601 text they parse.

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "chrono", feature = "time"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "chrono", feature = "time"))))]
pub mod as_datetime;
mod binary;
mod convert;
mod datetime;
mod error;
mod fault;
#[cfg(feature = "framed")]
#[cfg_attr(docsrs, doc(cfg(feature = "framed")))]
pub mod frame;
mod map;
mod message;
mod multicall;
mod service;
mod value;
mod xml;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

/// The bounds `#[rpc_service]` puts on the types of an API, by the names
/// its compile errors use: a parameter the server reads ([`Param`]) and
/// the client sends ([`Arg`]), a result the server sends
/// ([`ServerResult`]) and the client reads ([`Answer`]), an error that
/// becomes a fault ([`FaultMessage`]), and a nested service
/// ([`RpcService`]). Every type serde converts meets the first four, every
/// `Into<Fault>` or `Display` type the fifth, every `#[rpc_service]` type
/// the last; none is to be implemented by hand, and their methods are for
/// expansions only.
///
/// [`Param`]: bounds::Param
/// [`Arg`]: bounds::Arg
/// [`ServerResult`]: bounds::ServerResult
/// [`Answer`]: bounds::Answer
/// [`FaultMessage`]: bounds::FaultMessage
/// [`RpcService`]: bounds::RpcService
pub mod bounds {
    pub use crate::__private::{Answer, Arg, FaultMessage, Param, RpcService, ServerResult};
}

pub use binary::Binary;
pub use convert::{ConvertError, from_value, to_value, xmlrpc_type_of};
pub use datetime::{DateTime, DateTimeError};
pub use error::Error;
pub use fault::Fault;
pub use map::{IntoIter as StructIntoIter, Iter as StructIter, Struct};
pub use message::{MethodCall, MethodResponse};
pub use multicall::{Batch, MulticallShape, Replies, Slot, Slots};
pub use service::{
    BlockingHook, BoxFuture, CallError, Caller, Context, MemoryTransport, MethodInfo, Next,
    Service, Transport,
};
pub use value::Value;
pub use xml::parse::ParseOptions;
#[doc(hidden)]
pub use xml::parse::ReaderPath;

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("rpc_service.md")]
pub use xmlrpc_derive::rpc_service;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
