//! The XML-RPC grammar over [`Events`].
//!
//! Values are read without recursion: open arrays and structs live on an
//! explicit stack, bounded by [`ParseOptions::max_depth`], so no input can
//! exhaust the call stack however deep it nests.

use std::borrow::Cow;

use quick_xml::events::{BytesEnd, BytesStart};

use super::events::{Events, Markup};
use super::fast::{self, Bail};
use super::input;
use super::scalar::Kind;
use crate::map::Name;
use crate::{Error, Fault, MethodCall, MethodResponse, Struct, Value};

/// How documents are read.
///
/// ```
/// use xmlrpc_core::{Error, MethodCall, ParseOptions};
///
/// let deep = format!(
///     "<methodCall><methodName>m</methodName><params><param><value>{}{}</value></param></params></methodCall>",
///     "<array><data><value>".repeat(5),
///     "</value></data></array>".repeat(5),
/// );
/// let strict = ParseOptions::default().with_max_depth(4);
/// assert!(matches!(MethodCall::from_xml_with(deep.as_bytes(), &strict), Err(Error::TooDeep { .. })));
/// assert!(MethodCall::from_xml(deep.as_bytes()).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    max_depth: usize,
    max_values: usize,
    control_characters: bool,
    path: ReaderPath,
}

/// Which reader reads a document: the fast path with the reference reader
/// (quick-xml) behind it (always, outside tests), or one of them alone, so
/// that tests can run every document through both and compare.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReaderPath {
    /// The fast path, and quick-xml for any document it does not accept.
    #[default]
    Auto,
    /// quick-xml alone.
    QuickXml,
    /// The fast path alone: documents outside its subset fail.
    FastOnly,
}

impl ParseOptions {
    /// The default nesting limit, 256 levels.
    pub const DEFAULT_MAX_DEPTH: usize = 256;

    /// The highest nesting limit that can be set, 512 levels. Reading
    /// needs no stack at any depth, but a [`Value`] is dropped, converted
    /// with serde and compared recursively; at this depth all of that fits
    /// in a 2 MiB thread stack (tokio's default) with room to spare.
    pub const DEPTH_CEILING: usize = 512;

    /// These options with another nesting limit: how many arrays and structs
    /// may nest inside one another before input is [`Error::TooDeep`].
    /// Values above [`ParseOptions::DEPTH_CEILING`] are lowered to it.
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth.min(Self::DEPTH_CEILING);
        self
    }

    /// The nesting limit in force.
    #[must_use]
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The default limit on values in one document: 1 048 576 (2^20).
    pub const DEFAULT_MAX_VALUES: usize = 1 << 20;

    /// These options with another limit on how many values one document
    /// may hold (every `<value>`, nested ones included) before it is
    /// [`Error::TooManyValues`]. Each value takes 32 bytes in memory
    /// however short its XML (`<value/>` is 8 bytes), so this bounds what
    /// a document can cost beyond its own size.
    ///
    /// ```
    /// use xmlrpc_core::{Error, ParseOptions, Value};
    ///
    /// let doc = format!("<value><array><data>{}</data></array></value>", "<value/>".repeat(10));
    /// let few = ParseOptions::default().with_max_values(10);
    /// assert!(matches!(Value::from_xml_with(doc.as_bytes(), &few), Err(Error::TooManyValues { limit: 10, .. })));
    /// assert!(Value::from_xml_with(doc.as_bytes(), &few.with_max_values(11)).is_ok());
    /// ```
    #[must_use]
    pub fn with_max_values(mut self, max_values: usize) -> Self {
        self.max_values = max_values.max(1);
        self
    }

    /// The limit on values in one document.
    #[must_use]
    pub fn max_values(&self) -> usize {
        self.max_values
    }

    /// These options with the ASCII control characters that XML 1.0
    /// forbids (U+0000 to U+001F but tab, newline and carriage return)
    /// allowed in text, raw or as character references, and kept in
    /// strings. Off by default: such a document is not XML. Turn it on to
    /// read a server that sends them anyway, such as Supervisor's process
    /// logs with ANSI escapes (`\x1b[31m`).
    ///
    /// ```
    /// use xmlrpc_core::{MethodResponse, ParseOptions, Value};
    ///
    /// let doc = "<methodResponse><params><param><value>\x1b[31mred</value></param></params></methodResponse>";
    /// assert!(MethodResponse::from_xml(doc.as_bytes()).is_err());
    /// let lenient = ParseOptions::default().with_control_characters(true);
    /// let answer = MethodResponse::from_xml_with(doc.as_bytes(), &lenient)?.into_result()?;
    /// assert_eq!(answer, Value::from("\x1b[31mred"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_control_characters(mut self, allow: bool) -> Self {
        self.control_characters = allow;
        self
    }

    /// Whether control characters are allowed in text.
    #[must_use]
    pub fn control_characters(&self) -> bool {
        self.control_characters
    }

    /// Which reader reads: for tests that compare the fast path with
    /// quick-xml. Not part of the API.
    #[doc(hidden)]
    #[must_use]
    pub fn with_reader_path(mut self, path: ReaderPath) -> Self {
        self.path = path;
        self
    }
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_values: Self::DEFAULT_MAX_VALUES,
            control_characters: false,
            path: ReaderPath::Auto,
        }
    }
}

/// Reads `bytes` on the fast path (`fast`) first and, when that gives up,
/// with the reference reader (`read`: quick-xml's events and the grammar
/// below), whose answer, value or error, is the answer (see `fast.rs`).
fn with_fallback<T>(
    bytes: &[u8],
    options: &ParseOptions,
    fast: impl Fn(&str, &ParseOptions) -> Result<T, Bail>,
    read: impl Fn(Parser<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let doc = input::decode(bytes)?;
    match options.path {
        ReaderPath::Auto => match fast(&doc.text, options) {
            Ok(done) => Ok(done),
            Err(Bail) => read(Parser::new(&doc, options)),
        },
        ReaderPath::QuickXml => read(Parser::new(&doc, options)),
        ReaderPath::FastOnly => fast(&doc.text, options)
            .map_err(|Bail| Error::syntax(doc.offset, "outside the fast path's subset")),
    }
}

pub(crate) fn method_call(bytes: &[u8], options: &ParseOptions) -> Result<MethodCall, Error> {
    with_fallback(bytes, options, fast::method_call, read_method_call)
}

fn read_method_call(mut p: Parser<'_>) -> Result<MethodCall, Error> {
    p.root("methodCall", "<methodCall>")?;
    let name = p.method_name()?;
    let mut params = Vec::new();
    match p.ev.markup()? {
        Markup::End(e) if closes(&e, "methodCall") => return p.finish(MethodCall { name, params }),
        Markup::Empty(e) if is(&e, "params") => {}
        Markup::Start(e) if is(&e, "params") => loop {
            match p.ev.markup()? {
                Markup::Start(e) if is(&e, "param") => {
                    params.push(p.param_value("param")?);
                    p.close("param")?;
                }
                Markup::End(e) if closes(&e, "params") => break,
                other => return Err(p.unexpected(&other, "params", "<param> or </params>")),
            }
        },
        other => return Err(p.unexpected(&other, "methodCall", "<params> or </methodCall>")),
    }
    p.close("methodCall")?;
    p.finish(MethodCall { name, params })
}

pub(crate) fn method_response(
    bytes: &[u8],
    options: &ParseOptions,
) -> Result<MethodResponse, Error> {
    with_fallback(bytes, options, fast::method_response, read_method_response)
}

fn read_method_response(mut p: Parser<'_>) -> Result<MethodResponse, Error> {
    p.root("methodResponse", "<methodResponse>")?;
    let response = match p.ev.markup()? {
        // `<params/>`: a void answer from a lenient server.
        Markup::Empty(e) if is(&e, "params") => MethodResponse::Success(Value::Nil),
        Markup::Start(e) if is(&e, "params") => {
            let value = match p.ev.markup()? {
                Markup::Start(e) if is(&e, "param") => {
                    let v = p.param_value("param")?;
                    p.close("param")?;
                    p.close("params")?;
                    v
                }
                Markup::End(e) if closes(&e, "params") => Value::Nil,
                other => return Err(p.unexpected(&other, "params", "one <param>")),
            };
            MethodResponse::Success(value)
        }
        Markup::Start(e) if is(&e, "fault") => {
            let position = p.ev.position();
            let value = p.param_value("fault")?;
            p.close("fault")?;
            let fault = Fault::from_value(&value).map_err(|e| match e {
                Error::Incomplete {
                    context, missing, ..
                } => Error::Incomplete {
                    position,
                    context,
                    missing,
                },
                other => other,
            })?;
            MethodResponse::Fault(fault)
        }
        other => return Err(p.unexpected(&other, "methodResponse", "<params> or <fault>")),
    };
    p.close("methodResponse")?;
    p.finish(response)
}

/// One `<value>…</value>` document.
pub(crate) fn value(bytes: &[u8], options: &ParseOptions) -> Result<Value, Error> {
    with_fallback(bytes, options, fast::value, |mut p| {
        let v = p.param_value("")?;
        p.finish(v)
    })
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    e.name().as_ref() == name
}

/// Whether an end tag closes `name`. quick-xml's own end-name check is off:
/// the grammar always knows which element is open, and checks it here.
fn closes(e: &BytesEnd<'_>, name: &str) -> bool {
    e.name().as_ref() == name
}

struct Parser<'a> {
    ev: Events<'a>,
    max_depth: usize,
    /// How many more `<value>`s the document may hold.
    values_left: usize,
    max_values: usize,
}

/// An array or struct whose elements are being read.
enum Frame {
    Array {
        items: Vec<Value>,
        /// Whether the items sit in `<data>` (the standard form) rather than
        /// directly in `<array>` (a lenient form).
        in_data: bool,
    },
    Struct {
        members: Struct,
        /// Inside a `<member>`, the name and value read so far.
        member: Option<(Option<Name>, Option<Value>)>,
    },
}

/// What [`Parser::value`] does next.
///
/// Carries no value: a finished value goes straight into its container
/// (see [`deliver`]), since moving values through every step's result
/// cost more than the reading around them.
#[derive(Clone, Copy)]
enum Step {
    /// A `<value>` start tag was just read.
    Open,
    /// Look for the next element of the innermost container.
    Next,
    /// The outermost value is complete.
    Done,
}

/// Hands a finished value to the innermost open container, or to `out`
/// when it is the outermost value.
fn deliver(stack: &mut [Frame], out: &mut Option<Value>, v: Value) -> Step {
    match stack.last_mut() {
        None => {
            *out = Some(v);
            Step::Done
        }
        Some(Frame::Array { items, .. }) => {
            items.push(v);
            Step::Next
        }
        Some(Frame::Struct { member, .. }) => {
            if let Some((_, value)) = member {
                *value = Some(v);
            }
            Step::Next
        }
    }
}

impl<'a> Parser<'a> {
    fn new(doc: &'a input::Text<'_>, options: &ParseOptions) -> Self {
        Self {
            ev: Events::new(&doc.text, doc.offset, options.control_characters),
            max_depth: options.max_depth,
            values_left: options.max_values,
            max_values: options.max_values,
        }
    }

    /// Counts one more `<value>`.
    #[inline(always)]
    fn count_value(&mut self) -> Result<(), Error> {
        match self.values_left.checked_sub(1) {
            Some(left) => {
                self.values_left = left;
                Ok(())
            }
            None => Err(Error::TooManyValues {
                position: self.ev.position(),
                limit: self.max_values,
            }),
        }
    }

    /// What was `found` inside the element `open`, where the grammar wanted
    /// `expected`.
    fn unexpected(&self, found: &Markup<'_>, open: &str, expected: &'static str) -> Error {
        match found {
            Markup::Eof => Error::syntax(
                self.ev.position(),
                format!("document ends early, expected {expected}"),
            ),
            // An end tag of another element than the open one is not
            // well-formed (quick-xml's own check is off, see `closes`).
            Markup::End(e) if !closes(e, open) => Error::syntax(
                self.ev.position(),
                format!(
                    "mismatched closing tag `</{}>`, expected {expected}",
                    crate::error::excerpt(e.name().as_ref())
                ),
            ),
            other => self.ev.unexpected(super::events::describe(other), expected),
        }
    }

    fn root(&mut self, name: &str, expected: &'static str) -> Result<(), Error> {
        // Text before the root element is not XML at all (`hello`, an
        // error message in plain text): a parse error, not an invalid call.
        let first = self.ev.markup().map_err(|e| match e {
            Error::Unexpected { position, .. } => Error::syntax(
                position,
                "text before the root element: not an XML document",
            ),
            other => other,
        })?;
        match first {
            Markup::Start(e) if is(&e, name) => Ok(()),
            Markup::Eof => Err(Error::syntax(self.ev.position(), "empty document")),
            other => Err(self.unexpected(&other, "", expected)),
        }
    }

    /// Reads the end tag of `name`.
    #[inline(always)]
    fn close(&mut self, name: &str) -> Result<(), Error> {
        match self.ev.markup()? {
            Markup::End(e) if closes(&e, name) => Ok(()),
            other => Err(self.unexpected(&other, name, "a closing tag")),
        }
    }

    /// After the root element: only comments, processing instructions and
    /// whitespace may follow.
    fn finish<T>(mut self, result: T) -> Result<T, Error> {
        match self.ev.markup() {
            Ok(Markup::Eof) => Ok(result),
            Ok(_) | Err(Error::Unexpected { .. }) => Err(Error::syntax(
                self.ev.position(),
                "content after the root element",
            )),
            Err(e) => Err(e),
        }
    }

    fn method_name(&mut self) -> Result<String, Error> {
        match self.ev.markup()? {
            Markup::Start(e) if is(&e, "methodName") => {}
            other => return Err(self.unexpected(&other, "methodCall", "<methodName>")),
        }
        let position = self.ev.position();
        let (name, end) = self.ev.text()?;
        if !matches!(&end, Markup::End(e) if closes(e, "methodName")) {
            return Err(self.unexpected(&end, "methodName", "</methodName>"));
        }
        crate::message::check_method_name(&name, position)?;
        Ok(name.into_owned())
    }

    /// `<value>…</value>` inside `open`: a `<param>`, a `<fault>`, or
    /// nothing for a lone value document.
    fn param_value(&mut self, open: &str) -> Result<Value, Error> {
        match self.ev.markup()? {
            Markup::Start(e) if is(&e, "value") => self.value(),
            Markup::Empty(e) if is(&e, "value") => {
                self.count_value()?;
                Ok(Value::String(String::new()))
            }
            other => Err(self.unexpected(&other, open, "<value>")),
        }
    }

    /// The value whose `<value>` start tag was just read, through its end tag.
    fn value(&mut self) -> Result<Value, Error> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut out = None;
        let mut step = Step::Open;
        loop {
            step = match step {
                Step::Open => self.open_value(&mut stack, &mut out)?,
                Step::Next => self.next_in_frame(&mut stack, &mut out)?,
                Step::Done => {
                    return out
                        .ok_or_else(|| Error::syntax(self.ev.position(), "no value was read"));
                }
            };
        }
    }

    /// Reads a value's content up to its first child. A scalar is read
    /// whole, through `</value>`, and delivered; an array or struct is
    /// pushed on `stack`.
    fn open_value(
        &mut self,
        stack: &mut Vec<Frame>,
        out: &mut Option<Value>,
    ) -> Result<Step, Error> {
        self.count_value()?;
        let (text, next) = self.ev.text()?;
        let (tag, empty) = match next {
            // Untyped: the text itself, whitespace and all.
            Markup::End(e) if closes(&e, "value") => {
                return Ok(deliver(stack, out, Value::String(text.into_owned())));
            }
            Markup::Start(e) => (e, false),
            Markup::Empty(e) => (e, true),
            other => {
                return Err(self.unexpected(&other, "value", "</value>"));
            }
        };
        if !text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            return Err(self
                .ev
                .unexpected("text beside a type element", "one type element"));
        }
        let name: &str = tag.name().0;
        let value = match name {
            "array" | "struct" if stack.len() >= self.max_depth => {
                return Err(Error::TooDeep {
                    position: self.ev.position(),
                    limit: self.max_depth,
                });
            }
            "array" if empty => Value::Array(Vec::new()),
            "struct" if empty => Value::Struct(Struct::new()),
            "struct" => {
                stack.push(Frame::Struct {
                    members: Struct::new(),
                    member: None,
                });
                return Ok(Step::Next);
            }
            "array" => match self.ev.markup()? {
                Markup::Start(e) if is(&e, "data") => {
                    stack.push(Frame::Array {
                        items: Vec::new(),
                        in_data: true,
                    });
                    return Ok(Step::Next);
                }
                Markup::Start(e) if is(&e, "value") => {
                    stack.push(Frame::Array {
                        items: Vec::new(),
                        in_data: false,
                    });
                    // The first item's `<value>` is already read.
                    return Ok(Step::Open);
                }
                Markup::Empty(e) if is(&e, "data") => {
                    self.close("array")?;
                    Value::Array(Vec::new())
                }
                Markup::End(e) if closes(&e, "array") => Value::Array(Vec::new()),
                other => return Err(self.unexpected(&other, "array", "<data>")),
            },
            _ => {
                let Some(kind) = Kind::from_tag(name) else {
                    return Err(self.ev.unexpected(
                        format!("unknown type element `<{}>`", crate::error::excerpt(name)),
                        "an XML-RPC type",
                    ));
                };
                self.scalar(kind, name, empty)?
            }
        };
        self.close("value")?;
        Ok(deliver(stack, out, value))
    }

    fn scalar(&mut self, kind: Kind, tag: &str, empty: bool) -> Result<Value, Error> {
        let position = self.ev.position();
        // `<int/>` reads as `<int></int>`: the type decides if that is valid.
        let text = if empty {
            Cow::Borrowed("")
        } else {
            let (text, end) = match kind {
                Kind::String => self.ev.text()?,
                _ => self.ev.scalar_text()?,
            };
            if !matches!(&end, Markup::End(e) if closes(e, tag)) {
                return Err(self.unexpected(&end, tag, "text only, in a scalar"));
            }
            text
        };
        match kind {
            Kind::String => Ok(Value::String(text.into_owned())),
            _ => kind.parse(&text).map_err(|reason| Error::InvalidScalar {
                position,
                ty: kind.name(),
                text: crate::error::excerpt(&text),
                reason,
            }),
        }
    }

    /// Reads inside the innermost container up to its next `<value>`
    /// (returning [`Step::Open`]) or its end (delivering the finished value).
    fn next_in_frame(
        &mut self,
        stack: &mut Vec<Frame>,
        out: &mut Option<Value>,
    ) -> Result<Step, Error> {
        let Some(frame) = stack.last_mut() else {
            return Err(Error::syntax(self.ev.position(), "no open container"));
        };
        match frame {
            Frame::Array { items, in_data } => loop {
                match self.ev.markup()? {
                    Markup::Start(e) if is(&e, "value") => return Ok(Step::Open),
                    Markup::Empty(e) if is(&e, "value") => {
                        self.count_value()?;
                        items.push(Value::String(String::new()));
                    }
                    Markup::End(e) if closes(&e, if *in_data { "data" } else { "array" }) => {
                        if *in_data {
                            self.close("array")?;
                        }
                        let items = std::mem::take(items);
                        stack.pop();
                        self.close("value")?;
                        return Ok(deliver(stack, out, Value::Array(items)));
                    }
                    other => {
                        return Err(self.unexpected(
                            &other,
                            if *in_data { "data" } else { "array" },
                            "<value> or the end of the array",
                        ));
                    }
                }
            },
            Frame::Struct { members, member } => loop {
                let next = self.ev.markup()?;
                match (member.as_mut(), next) {
                    (None, Markup::Start(e)) if is(&e, "member") => *member = Some((None, None)),
                    (None, Markup::End(e)) if closes(&e, "struct") => {
                        let members = std::mem::take(members);
                        stack.pop();
                        self.close("value")?;
                        return Ok(deliver(stack, out, Value::Struct(members)));
                    }
                    (None, other) => {
                        return Err(self.unexpected(&other, "struct", "<member> or </struct>"));
                    }
                    (Some((name @ None, _)), Markup::Start(e)) if is(&e, "name") => {
                        let (text, end) = self.ev.text()?;
                        if !matches!(&end, Markup::End(e) if closes(e, "name")) {
                            return Err(self.unexpected(&end, "name", "</name>"));
                        }
                        *name = Some(Name::from(text));
                    }
                    (Some((name @ None, _)), Markup::Empty(e)) if is(&e, "name") => {
                        *name = Some(Name::default());
                    }
                    (Some((_, None)), Markup::Start(e)) if is(&e, "value") => {
                        return Ok(Step::Open);
                    }
                    (Some((_, value @ None)), Markup::Empty(e)) if is(&e, "value") => {
                        self.count_value()?;
                        *value = Some(Value::String(String::new()));
                    }
                    (Some(_), Markup::End(e)) if closes(&e, "member") => {
                        let (name, value) = member.take().unwrap_or_default();
                        let incomplete = |missing| Error::Incomplete {
                            position: self.ev.position(),
                            context: "struct member",
                            missing,
                        };
                        let name = name.ok_or_else(|| incomplete("<name>"))?;
                        let value = value.ok_or_else(|| incomplete("<value>"))?;
                        members.insert_name(name, value);
                    }
                    (Some(_), other) => {
                        return Err(self.unexpected(
                            &other,
                            "member",
                            "one <name> and one <value>",
                        ));
                    }
                }
            },
        }
    }
}
