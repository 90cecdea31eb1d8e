//! The fast path: XML-RPC documents as peers write them, read straight into
//! values, with no tokenizer and no events in between.
//!
//! Nearly every XML-RPC document is written the same way: an optional XML
//! declaration, the grammar's elements with no attributes and no space
//! inside their tags, whitespace between elements, and text with the five
//! predefined entities and character references. This reader expects each
//! element where the grammar puts it and compares the bytes of its tag
//! directly, so most of its work is a few byte comparisons per element.
//! The forms writers use nearly always are read on the spot: a type's tag
//! right after `<value>` (`Fast::common`), plain ints and decimals, short
//! member names, and text found eight bytes at a time (`scan.rs`).
//!
//! On anything else (comments, CDATA, processing instructions, DOCTYPEs,
//! attributes or space in a tag, the lenient forms the grammar also
//! reads, nesting deeper than [`NEST`], any error at all) it gives up with
//! [`Bail`], and the document is read again by the reference reader
//! (quick-xml and `parse.rs`; see `parse::with_fallback`). So every
//! refusal, error message and position is the reference reader's: the fast
//! path only has to give the same value for the documents it accepts,
//! which the reader tests (`tests/both`), two proptests and a differential
//! fuzz target check.

use std::borrow::Cow;

use quick_xml::events::BytesRef;

use super::events::{find_illegal, resolve};
use super::input::common_declaration;
use super::scalar::{Kind, POWERS_OF_TEN};
use super::scan::{SPECIAL, first_special};
use crate::map::Name;
use crate::{Fault, MethodCall, MethodResponse, ParseOptions, Struct, Value};

/// The fast path gave up on this document.
#[derive(Debug)]
pub(crate) struct Bail;

type Read<T> = Result<T, Bail>;

/// How deep the fast path nests (it reads values recursively, so this
/// bounds its stack at a few kilobytes); deeper documents are left to the
/// reference reader, which keeps its stack explicit.
const NEST: usize = 48;

/// Reads a `<methodCall>` document.
pub(crate) fn method_call(text: &str, options: &ParseOptions) -> Read<MethodCall> {
    let mut r = Fast::new(text, options);
    // Written without whitespace, as most writers do, tags that follow
    // each other are compared at once.
    if !r.eat(b"<methodCall><methodName>") {
        r.tag(b"<methodCall>")?;
        r.space();
        r.tag(b"<methodName>")?;
    }
    let name = r.text()?;
    crate::message::check_method_name(&name, 0).map_err(|_| Bail)?;
    let name = name.into_owned();
    // Room for the usual few parameters at once.
    let mut params = Vec::with_capacity(4);
    if r.eat(b"</methodName><params>") {
        r.params(&mut params)?;
    } else {
        r.tag(b"</methodName>")?;
        r.space();
        if r.eat(b"<params>") {
            r.params(&mut params)?;
        } else if r.eat(b"<params/>") {
            r.space();
        }
    }
    r.tag(b"</methodCall>")?;
    r.finish(MethodCall { name, params })
}

/// Reads a `<methodResponse>` document.
pub(crate) fn method_response(text: &str, options: &ParseOptions) -> Read<MethodResponse> {
    let mut r = Fast::new(text, options);
    r.tag(b"<methodResponse>")?;
    r.space();
    let response = if r.eat(b"<params>") {
        r.space();
        let value = if r.eat(b"</params>") {
            Value::Nil
        } else {
            r.tag(b"<param>")?;
            let value = r.param_value()?;
            r.tag(b"</param>")?;
            r.space();
            r.tag(b"</params>")?;
            value
        };
        MethodResponse::Success(value)
    } else if r.eat(b"<params/>") {
        MethodResponse::Success(Value::Nil)
    } else {
        r.tag(b"<fault>")?;
        let value = r.param_value()?;
        r.tag(b"</fault>")?;
        MethodResponse::Fault(Fault::from_value(&value).map_err(|_| Bail)?)
    };
    r.space();
    r.tag(b"</methodResponse>")?;
    r.finish(response)
}

/// Reads a lone `<value>` document.
pub(crate) fn value(text: &str, options: &ParseOptions) -> Read<Value> {
    let mut r = Fast::new(text, options);
    let value = r.param_value_here()?;
    r.finish(value)
}

/// A cursor over the document's text.
struct Fast<'a> {
    text: &'a str,
    /// The text from the cursor on. Kept as a slice, not a position, so
    /// that each comparison at the cursor needs no bounds arithmetic.
    rest: &'a [u8],
    /// How deep arrays and structs may nest: the options' limit, or
    /// [`NEST`] if lower.
    max_depth: usize,
    /// How many more `<value>`s the document may hold.
    values_left: usize,
    controls: bool,
}

impl<'a> Fast<'a> {
    /// A cursor past the XML declaration and the whitespace after it.
    fn new(text: &'a str, options: &ParseOptions) -> Self {
        let mut r = Self {
            text,
            rest: text.as_bytes(),
            max_depth: options.max_depth().min(NEST),
            values_left: options.max_values(),
            controls: options.control_characters(),
        };
        r.skip_declaration();
        r.space();
        r
    }

    /// Where the cursor is in the text.
    #[inline]
    fn pos(&self) -> usize {
        self.text.len() - self.rest.len()
    }

    /// Moves the cursor `n` bytes on (to the end, at most).
    #[inline]
    fn skip(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
    }

    /// The text of the next `len` bytes, which must end at a character
    /// boundary (before ASCII markup, as every caller has found).
    #[inline]
    fn ahead(&self, from: usize, len: usize) -> Read<&'a str> {
        let start = self.pos() + from;
        self.text.get(start..start + len).ok_or(Bail)
    }

    /// The XML declaration, only at the very start, and only with
    /// pseudo-attributes (no markup) inside.
    fn skip_declaration(&mut self) {
        let bytes = self.text.as_bytes();
        if let Some(len) = common_declaration(bytes) {
            self.skip(len);
            return;
        }
        if !bytes.starts_with(b"<?xml") || !bytes.get(5).copied().is_some_and(is_space) {
            return;
        }
        // Declarations are short: `?>` is looked for in the first 256 bytes
        // only (a finder for `memmem` would cost more to build than this).
        let head = &bytes[..bytes.len().min(256)];
        let end = head.windows(2).position(|pair| pair == b"?>");
        if let Some(end) = end.filter(|&end| {
            !bytes[5..end]
                .iter()
                .any(|&b| matches!(b, b'<' | b'>' | b'&'))
        }) {
            self.skip(end + 2);
        }
    }

    /// Skips whitespace between elements.
    #[inline]
    fn space(&mut self) {
        while let [b, tail @ ..] = self.rest
            && is_space(*b)
        {
            self.rest = tail;
        }
    }

    /// Reads `tag` (written out whole: `<value>`) if it comes next. The
    /// tag's length is known when compiling, so the comparison is a few
    /// word compares rather than a call to `memcmp`.
    #[inline]
    fn eat<const N: usize>(&mut self, tag: &[u8; N]) -> bool {
        match self.rest.split_first_chunk::<N>() {
            Some((head, tail)) if head == tag => {
                self.rest = tail;
                true
            }
            _ => false,
        }
    }

    /// Reads `tag`, which must come next.
    #[inline]
    fn tag<const N: usize>(&mut self, tag: &[u8; N]) -> Read<()> {
        if self.eat(tag) { Ok(()) } else { Err(Bail) }
    }

    /// Reads `</name>`, which must come next.
    #[inline]
    fn close(&mut self, name: &str) -> Read<()> {
        let rest = self.rest;
        let len = name.len();
        if rest.len() > len + 2
            && rest.starts_with(b"</")
            && &rest[2..2 + len] == name.as_bytes()
            && rest[2 + len] == b'>'
        {
            self.rest = &rest[len + 3..];
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// After the root element: only whitespace to the end.
    fn finish<T>(mut self, result: T) -> Read<T> {
        self.space();
        if self.rest.is_empty() {
            Ok(result)
        } else {
            Err(Bail)
        }
    }

    fn count_value(&mut self) -> Read<()> {
        self.values_left = self.values_left.checked_sub(1).ok_or(Bail)?;
        Ok(())
    }

    /// A call's `<param>`s through `</params>` and the whitespace after.
    fn params(&mut self, params: &mut Vec<Value>) -> Read<()> {
        loop {
            if self.eat(b"<param><value>") {
                params.push(self.value(0)?);
                if !self.eat(b"</param>") {
                    self.space();
                    self.tag(b"</param>")?;
                }
                continue;
            }
            self.space();
            if self.eat(b"</params>") {
                break;
            }
            self.tag(b"<param>")?;
            params.push(self.param_value()?);
            self.tag(b"</param>")?;
        }
        self.space();
        Ok(())
    }

    /// Whitespace, then `<value>…</value>` or `<value/>`, then whitespace:
    /// the content of a `<param>` or `<fault>`.
    fn param_value(&mut self) -> Read<Value> {
        self.space();
        let value = self.param_value_here()?;
        self.space();
        Ok(value)
    }

    fn param_value_here(&mut self) -> Read<Value> {
        if self.eat(b"<value>") {
            self.value(0)
        } else if self.eat(b"<value/>") {
            self.count_value()?;
            Ok(Value::String(String::new()))
        } else {
            Err(Bail)
        }
    }

    /// Character data up to the next `<`, references resolved, checked to
    /// hold only characters XML allows.
    ///
    /// One pass: eight bytes at a time up to the next byte that needs a
    /// look (`<`, `&`, a control, `EF`), and the pieces between references
    /// copied out as the references are met.
    fn text(&mut self) -> Read<Cow<'a, str>> {
        let rest = self.rest;
        let mut at = next_special(rest).ok_or(Bail)?;
        if rest[at] == b'<' {
            // Nearly every text: nothing to resolve, nothing to check.
            let text = self.ahead(0, at)?;
            self.rest = &rest[at..];
            return Ok(Cow::Borrowed(text));
        }
        // On to the `<`, noting where references start (the first few:
        // past those, `resolve_all` looks for the rest itself).
        let mut check = false;
        let mut amps = [0; 8];
        let mut count = 0;
        loop {
            match rest[at] {
                b'<' => break,
                b'&' => {
                    if let Some(slot) = amps.get_mut(count) {
                        *slot = at;
                    }
                    count += 1;
                }
                _ => check = true,
            }
            at += 1;
            at += next_special(rest.get(at..).unwrap_or_default()).ok_or(Bail)?;
        }
        // References are ASCII, so checking the raw text checks every
        // piece between them; what they stand for is checked by `resolve`.
        let raw = self.ahead(0, at)?;
        if check && find_illegal(raw, self.controls).is_some() {
            return Err(Bail);
        }
        self.rest = &rest[at..];
        if count == 0 {
            return Ok(Cow::Borrowed(raw));
        }
        let noted = &amps[..count.min(amps.len())];
        resolve_all(raw, noted, count > amps.len(), self.controls).map(Cow::Owned)
    }

    /// The value whose `<value>` tag was just read, through `</value>`,
    /// inside `depth` open arrays and structs.
    fn value(&mut self, depth: usize) -> Read<Value> {
        self.count_value()?;
        if let Some(value) = self.common(depth)? {
            return Ok(value);
        }
        let rest = self.rest;
        let lead = rest.iter().take_while(|&&b| is_space(b)).count();
        if rest.get(lead) != Some(&b'<') {
            // Untyped text: a string, whitespace and all.
            let text = self.text()?;
            self.tag(b"</value>")?;
            return Ok(Value::String(text.into_owned()));
        }
        if rest[lead..].starts_with(b"</value>") {
            // Whitespace only: a string of it.
            let text = self.ahead(0, lead)?;
            self.skip(lead + b"</value>".len());
            return Ok(Value::String(text.to_owned()));
        }
        self.skip(lead);
        let (name, empty) = self.open_tag()?;
        let value = match name {
            "array" | "struct" if depth >= self.max_depth => return Err(Bail),
            "array" if empty => Value::Array(Vec::new()),
            "struct" if empty => Value::Struct(Struct::new()),
            "array" => self.array(depth + 1)?,
            "struct" => self.structure(depth + 1)?,
            _ => {
                let kind = Kind::from_tag(name).ok_or(Bail)?;
                self.scalar(kind, name, empty)?
            }
        };
        self.space();
        self.tag(b"</value>")?;
        Ok(value)
    }

    /// The forms writers use nearly always, through `</value>`: a type's
    /// start tag right after `<value>`, and its end tag right before
    /// `</value>`. Each tag is one comparison, and the usual int and
    /// boolean contents are read on the spot. `None` (cursor unmoved) for
    /// anything else, which [`Fast::value`] reads the general way.
    #[inline]
    fn common(&mut self, depth: usize) -> Read<Option<Value>> {
        let Some(&[b'<', first]) = self.rest.first_chunk::<2>() else {
            return Ok(None);
        };
        let value = match first {
            b'i' if self.eat(b"<int>") => self.int("int", b"</int>")?,
            b'i' if self.eat(b"<i4>") => self.int("i4", b"</i4>")?,
            b's' if self.eat(b"<string>") => {
                let text = self.text()?.into_owned();
                self.tag(b"</string>")?;
                Value::String(text)
            }
            b'b' if self.eat(b"<boolean>1</boolean>") => Value::Bool(true),
            b'b' if self.eat(b"<boolean>0</boolean>") => Value::Bool(false),
            b'd' if self.eat(b"<double>") => self.double()?,
            b's' | b'a' if depth >= self.max_depth => return Err(Bail),
            b's' if self.eat(b"<struct>") => self.structure(depth + 1)?,
            b'a' if self.eat(b"<array>") => self.array(depth + 1)?,
            _ => return Ok(None),
        };
        if !self.eat(b"</value>") {
            self.space();
            self.tag(b"</value>")?;
        }
        Ok(Some(value))
    }

    /// An `<int>` or `<i4>`'s content and end tag (`close`, whose name is
    /// `name`): plain digits are added up here, anything else goes to the
    /// scalar parser.
    fn int<const N: usize>(&mut self, name: &str, close: &[u8; N]) -> Read<Value> {
        let rest = self.rest;
        let negative = rest.first() == Some(&b'-');
        let mut at = usize::from(negative);
        let mut magnitude: i32 = 0;
        // Nine digits always fit an i32; longer numbers go the long way.
        while let Some(&d @ b'0'..=b'9') = rest.get(at)
            && at < usize::from(negative) + 9
        {
            magnitude = magnitude * 10 + i32::from(d - b'0');
            at += 1;
        }
        if at == usize::from(negative) || rest.get(at) != Some(&b'<') {
            return self.scalar(Kind::Int, name, false);
        }
        self.skip(at);
        self.tag(close)?;
        Ok(Value::Int(if negative { -magnitude } else { magnitude }))
    }

    /// A `<double>`'s content and end tag. Plain decimals of at most 15
    /// digits are computed here: the digits as a whole number and the
    /// power of ten for the places after the point are both exact doubles,
    /// so one division, which IEEE 754 rounds correctly, gives the double
    /// nearest the decimal, as a full parser does (Clinger's fast path).
    /// Anything else goes to the scalar parser.
    fn double(&mut self) -> Read<Value> {
        let rest = self.rest;
        let negative = rest.first() == Some(&b'-');
        let mut at = usize::from(negative);
        let mut whole: u64 = 0;
        let mut digits = 0;
        let mut places = None;
        while let Some(&b) = rest.get(at) {
            match b {
                b'0'..=b'9' if digits < 15 => {
                    whole = whole * 10 + u64::from(b - b'0');
                    digits += 1;
                    places = places.map(|p| p + 1);
                }
                b'.' if places.is_none() => places = Some(0),
                _ => break,
            }
            at += 1;
        }
        if digits == 0 || rest.get(at) != Some(&b'<') {
            return self.scalar(Kind::Double, "double", false);
        }
        // Fifteen digits at most: below 2^53, so exact.
        #[allow(clippy::cast_precision_loss)]
        let magnitude = whole as f64 / POWERS_OF_TEN[places.unwrap_or(0)];
        self.skip(at);
        self.tag(b"</double>")?;
        Ok(Value::Double(if negative { -magnitude } else { magnitude }))
    }

    /// `<name>` or `<name/>` at the cursor: the name, and whether the
    /// element is empty. Only the grammar's names are ever used, so the
    /// name is not checked here: an unknown one makes the caller give up.
    fn open_tag(&mut self) -> Read<(&'a str, bool)> {
        let rest = self.rest;
        // Type names are short; a `>` further away is not a tag we read.
        let window = &rest[..rest.len().min(24)];
        let gt = window.iter().position(|&b| b == b'>').ok_or(Bail)?;
        let (inner, empty) = match &window[1..gt] {
            [inner @ .., b'/'] => (inner, true),
            inner => (inner, false),
        };
        // `<` and `>` are ASCII, so both ends are character boundaries.
        let name = self.ahead(1, inner.len())?;
        self.skip(gt + 1);
        Ok((name, empty))
    }

    /// `<data>` and its values through `</array>`.
    fn array(&mut self, depth: usize) -> Read<Value> {
        self.space();
        if self.eat(b"</array>") {
            return Ok(Value::Array(Vec::new()));
        }
        if self.eat(b"<data/>") {
            self.space();
            self.tag(b"</array>")?;
            return Ok(Value::Array(Vec::new()));
        }
        self.tag(b"<data>")?;
        let mut items = Vec::new();
        loop {
            self.space();
            if self.eat(b"<value>") {
                items.push(self.value(depth)?);
            } else if self.eat(b"<value/>") {
                self.count_value()?;
                items.push(Value::String(String::new()));
            } else {
                break;
            }
        }
        self.tag(b"</data>")?;
        self.space();
        self.tag(b"</array>")?;
        Ok(Value::Array(items))
    }

    /// Members through `</struct>`: each a `<name>` then a `<value>`.
    fn structure(&mut self, depth: usize) -> Read<Value> {
        let mut members = Struct::new();
        loop {
            self.space();
            if self.eat(b"</struct>") {
                return Ok(Value::Struct(members));
            }
            // Written without whitespace, as most writers do, a member's
            // tags come in pairs, each compared at once.
            let (name, open) = if self.eat(b"<member><name>") {
                let name = self.member_name()?;
                let open = self.eat(b"</name><value>");
                if !open {
                    self.tag(b"</name>")?;
                }
                (name, open)
            } else {
                self.tag(b"<member>")?;
                self.space();
                let name = if self.eat(b"<name>") {
                    let name = Name::from(self.text()?);
                    self.tag(b"</name>")?;
                    name
                } else {
                    self.tag(b"<name/>")?;
                    Name::default()
                };
                (name, false)
            };
            let open = open || {
                self.space();
                self.eat(b"<value>")
            };
            let value = if open {
                self.value(depth)?
            } else {
                self.tag(b"<value/>")?;
                self.count_value()?;
                Value::String(String::new())
            };
            self.space();
            self.tag(b"</member>")?;
            members.insert_name(name, value);
        }
    }

    /// A member's name, up to its `</name>`. Names are short and plain
    /// nearly always: those are read byte by byte against a table, which
    /// costs less than the word scan's setup; the rest go through
    /// [`Fast::text`].
    fn member_name(&mut self) -> Read<Name> {
        let rest = self.rest;
        let window = &rest[..rest.len().min(24)];
        let stop = window.iter().position(|&b| SPECIAL[usize::from(b)]);
        if let Some(i) = stop.filter(|&i| window[i] == b'<') {
            let name = self.ahead(0, i)?;
            self.skip(i);
            return Ok(Name::from(name));
        }
        Ok(Name::from(self.text()?))
    }

    /// A scalar's content and end tag, after its start tag `<name>`.
    fn scalar(&mut self, kind: Kind, name: &str, empty: bool) -> Read<Value> {
        if empty {
            return kind.parse("").map_err(|_| Bail);
        }
        let value = match kind {
            Kind::String => Value::String(self.text()?.into_owned()),
            // Numbers, dates and base64 are checked character by character
            // by their own parsers; a reference in them is left to the
            // reference reader.
            _ => {
                let rest = self.rest;
                let len = find2(b'<', b'&', rest).ok_or(Bail)?;
                if rest[len] != b'<' {
                    return Err(Bail);
                }
                let text = self.ahead(0, len)?;
                self.skip(len);
                kind.parse(text).map_err(|_| Bail)?
            }
        };
        self.close(name)?;
        Ok(value)
    }
}

/// `raw` with its references resolved, given where the first ones start
/// (`noted`), and whether more follow them.
fn resolve_all(raw: &str, noted: &[usize], more: bool, controls: bool) -> Read<String> {
    // The decoded text is never longer than the raw text.
    let mut out = String::with_capacity(raw.len());
    let mut noted = noted.iter().copied();
    let mut piece = 0;
    loop {
        let amp = match noted.next() {
            Some(amp) => amp,
            None if more => match find(b'&', raw.as_bytes().get(piece..).unwrap_or_default()) {
                Some(i) => piece + i,
                None => break,
            },
            None => break,
        };
        out.push_str(raw.get(piece..amp).ok_or(Bail)?);
        let (ch, next) = reference(raw, amp, controls)?;
        out.push(ch);
        piece = next;
    }
    out.push_str(raw.get(piece..).ok_or(Bail)?);
    Ok(out)
}

/// The reference at `raw[amp..]`: its character and where the text goes on.
fn reference(raw: &str, amp: usize, controls: bool) -> Read<(char, usize)> {
    // The three entities that escaping writes, directly.
    let after = raw.as_bytes().get(amp + 1..).unwrap_or_default();
    for (entity, ch) in [(&b"lt;"[..], '<'), (b"gt;", '>'), (b"amp;", '&')] {
        if after.starts_with(entity) {
            return Ok((ch, amp + 1 + entity.len()));
        }
    }
    // The longest reference the reader resolves is `&#x10FFFF;`.
    let window = raw
        .as_bytes()
        .get(amp + 1..raw.len().min(amp + 13))
        .ok_or(Bail)?;
    let semi = window.iter().position(|&b| b == b';').ok_or(Bail)?;
    let name = raw.get(amp + 1..amp + 1 + semi).ok_or(Bail)?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#') {
        return Err(Bail);
    }
    let ch = resolve(&BytesRef::new(name), 0, controls).map_err(|_| Bail)?;
    Ok((ch, amp + semi + 2))
}

/// How many bytes [`find`] and [`find2`] look at one by one before
/// handing over to memchr: most texts in XML-RPC (names, numbers) are
/// shorter, and for them memchr's setup costs more than the search.
const SHORT: usize = 16;

/// Where the first byte [`Fast::text`] must look at lies in `bytes`: `<`,
/// `&`, an ASCII control, or `EF` (the lead byte of U+FFFE and U+FFFF).
#[inline]
fn next_special(bytes: &[u8]) -> Option<usize> {
    first_special(bytes, [b'<', b'&', 0xEF])
}

/// Where `needle` first occurs in `bytes`.
#[inline]
fn find(needle: u8, bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(SHORT)];
    match head.iter().position(|&b| b == needle) {
        Some(i) => Some(i),
        None if bytes.len() <= SHORT => None,
        None => memchr::memchr(needle, &bytes[SHORT..]).map(|i| i + SHORT),
    }
}

/// Where `a` or `b` first occurs in `bytes`.
#[inline]
fn find2(a: u8, b: u8, bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(SHORT)];
    match head.iter().position(|&c| c == a || c == b) {
        Some(i) => Some(i),
        None if bytes.len() <= SHORT => None,
        None => memchr::memchr2(a, b, &bytes[SHORT..]).map(|i| i + SHORT),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse::ReaderPath;

    fn reference() -> ParseOptions {
        ParseOptions::default().with_reader_path(ReaderPath::QuickXml)
    }

    #[test]
    fn reads_the_usual_forms_as_the_reference_reader_does() {
        let options = ParseOptions::default();
        for doc in [
            "<?xml version=\"1.0\"?>\n<methodCall><methodName>add</methodName><params><param><value><i4>2</i4></value></param><param><value><int>3</int></value></param></params></methodCall>\n",
            "<methodCall>\r\n\t<methodName>a.b</methodName>\n  <params>\n    <param>\n      <value>  untyped &amp; spaced  </value>\n    </param>\n  </params>\n</methodCall>",
            "<methodCall><methodName>m</methodName></methodCall>",
            "<methodCall><methodName>m</methodName><params/></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value/></param><param><value></value></param><param><value> </value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><array><data><value><string>x &lt;&#60;&#x3C; y</string></value><value/><value><nil/></value><value><ex:nil/></value><value><ex:i8>-9</ex:i8></value></data></array></value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><string>a&lt;b&gt;c&amp;d&#60;e&#x3E;f&quot;g&apos;h&lt;i&lt;j&lt;k&amp;l\tm&#xE9;</string></value></param><param><value>&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;</value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a &amp; b</name><value><boolean>1</boolean></value></member><member><name/><value/></member><member><name>a name longer than twenty-four bytes, é</name><value>x</value></member><member><name>tab\there</name><value>y</value></member><member><name>x>y</name><value>z</value></member><member><name>a &amp; b</name><value><double> 1.5 </double></value></member></struct></value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><array/></value></param><param><value><array></array></value></param><param><value><array><data/></array></value></param><param><value><struct/></value></param><param><value><base64/></value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><base64>aGVs\nbG8=</base64></value></param><param><value><dateTime.iso8601>20261126T15:43:07</dateTime.iso8601></value></param><param><value><string/></value></param></params></methodCall>",
        ] {
            let fast = method_call(doc, &options).unwrap_or_else(|_| panic!("gave up on {doc}"));
            let reference = MethodCall::from_xml_with(doc.as_bytes(), &reference()).unwrap();
            assert_eq!(fast, reference, "{doc}");
        }
        for doc in [
            "<methodResponse><params><param><value>ok</value></param></params></methodResponse>",
            "<methodResponse><params/></methodResponse>",
            "<methodResponse><params></params></methodResponse>",
            "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>no</value></member></struct></value></fault></methodResponse>",
        ] {
            let fast =
                method_response(doc, &options).unwrap_or_else(|_| panic!("gave up on {doc}"));
            let reference = MethodResponse::from_xml_with(doc.as_bytes(), &reference()).unwrap();
            assert_eq!(fast, reference, "{doc}");
        }
    }

    #[test]
    fn reads_ints_and_booleans_on_the_spot_as_the_reference_reader_does() {
        let param = |value: &str| {
            format!(
                "<methodCall><methodName>m</methodName><params><param><value>{value}</value></param></params></methodCall>"
            )
        };
        let mut agreed = 0;
        for text in [
            "0",
            "-0",
            "7",
            "007",
            "-12",
            "999999999",
            "-999999999",
            "1000000000",
            "2147483647",
            "-2147483648",
            "2147483648",
            "-2147483649",
            "99999999999",
            "+5",
            "-",
            "",
            " 1",
            "1 ",
            "1x",
            "--1",
            "0x10",
        ] {
            for tag in ["int", "i4"] {
                let doc = param(&format!("<{tag}>{text}</{tag}>"));
                let fast = method_call(&doc, &ParseOptions::default());
                let reference = MethodCall::from_xml_with(doc.as_bytes(), &reference());
                match (fast, reference) {
                    (Ok(fast), Ok(reference)) => {
                        assert_eq!(fast, reference, "{doc}");
                        agreed += 1;
                    }
                    (Ok(fast), Err(e)) => panic!("read {fast:?} where the reference says {e}"),
                    (Err(Bail), _) => {}
                }
            }
        }
        assert!(agreed >= 20, "{agreed}");
        for (text, expected) in [("1", true), ("0", false)] {
            let doc = param(&format!("<boolean>{text}</boolean>"));
            let fast = method_call(&doc, &ParseOptions::default()).map_err(|_| "gave up");
            assert_eq!(fast.map(|c| c.params), Ok(vec![Value::Bool(expected)]));
        }
    }

    #[test]
    fn reads_doubles_on_the_spot_as_the_reference_reader_does() {
        let param = |value: &str| {
            format!(
                "<methodCall><methodName>m</methodName><params><param><value><double>{value}</double></value></param></params></methodCall>"
            )
        };
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            ".5",
            "5.",
            "-.5",
            "1.35",
            "0.1",
            "0.30000000000000004",
            "123456789012345",
            "1234567890123456",
            "99999999999999.9",
            "0.000000000000001",
            "1e5",
            "1.5E-3",
            "+1.5",
            "",
            ".",
            "-",
            "1.2.3",
            "1,5",
            " 1.5",
            "1.5 ",
            "inf",
            "NaN",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Decimals of every length up to the limit and past it.
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let digits = (bits % 10_000_000_000_000_000).to_string();
            let len = usize::try_from(bits >> 59).unwrap_or(0) % (digits.len() + 1);
            let point = usize::try_from(bits >> 54).unwrap_or(0) % (len + 1);
            let digits = &digits[..len];
            let sign = if bits & 1 == 0 { "" } else { "-" };
            texts.push(format!("{sign}{}.{}", &digits[..point], &digits[point..]));
        }
        let mut agreed = 0;
        for text in &texts {
            let doc = param(text);
            let fast = method_call(&doc, &ParseOptions::default());
            let reference = MethodCall::from_xml_with(doc.as_bytes(), &reference());
            match (fast, reference) {
                (Ok(fast), Ok(reference)) => {
                    // Bit for bit, so that the sign of zero counts too.
                    let bits = |call: &MethodCall| match call.params.as_slice() {
                        [Value::Double(v)] => v.to_bits(),
                        other => panic!("{other:?}"),
                    };
                    assert_eq!(bits(&fast), bits(&reference), "{doc}");
                    agreed += 1;
                }
                (Ok(fast), Err(e)) => panic!("read {fast:?} where the reference says {e}"),
                (Err(Bail), _) => {}
            }
        }
        assert!(agreed > 15_000, "{agreed}");
    }

    #[test]
    fn anything_else_gives_up() {
        let options = ParseOptions::default();
        let call = |params: &str| {
            format!("<methodCall><methodName>m</methodName><params>{params}</params></methodCall>")
        };
        let param = |value: &str| call(&format!("<param><value>{value}</value></param>"));
        for doc in [
            "<methodCall ><methodName>m</methodName></methodCall>".to_owned(),
            "<!-- c --><methodCall><methodName>m</methodName></methodCall>".to_owned(),
            "<methodCall><methodName>m</methodName></methodCall><?pi?>".to_owned(),
            "<methodCall><methodName>m n</methodName></methodCall>".to_owned(),
            "<methodCall><methodName>m</methodName></methodCall>x".to_owned(),
            param("<int a=\"1\">1</int>"),
            param("<int>1</int >"),
            param("<int>&#49;</int>"),
            param("<int>x</int>"),
            param("<int>1</i4>"),
            param("<string><![CDATA[x]]></string>"),
            param("<string>1 & 2</string>"),
            param("<string>&bogus;</string>"),
            param("<string>\u{1}</string>"),
            param("<unknown>1</unknown>"),
            param("text<int>1</int>"),
            param("<array><value>1</value></array>"),
            param("<struct><member><value>1</value><name>a</name></member></struct>"),
            param(&format!(
                "{}{}",
                "<array><data><value>".repeat(NEST + 1),
                "</value></data></array>".repeat(NEST + 1)
            )),
        ] {
            assert!(method_call(&doc, &options).is_err(), "{doc}");
        }
        let few = ParseOptions::default().with_max_values(1);
        assert!(method_call(&param("<array><data><value/></data></array>"), &few).is_err());
        assert!(method_call(&param("<array><data><value/></data></array>"), &options).is_ok());
    }
}
