//! The fast path: XML-RPC's subset of XML, tokenized by hand into the very
//! events quick-xml would produce for it.
//!
//! XML-RPC documents use a small part of XML: an optional XML declaration,
//! elements without attributes, text with the five predefined entities and
//! character references, and whitespace. For those, this tokenizer emits the
//! same `Start`, `Empty`, `End`, `Text`, `GeneralRef` and `Eof` events as
//! quick-xml's reader with our configuration, and does less work per event.
//! [`Events`](super::events::Events) checks and joins them exactly as it
//! does quick-xml's.
//!
//! Anything outside the subset (attributes, comments, CDATA, processing
//! instructions, DOCTYPEs, a `<` or `&` that does not start well-formed
//! markup, names with other characters) makes it give up. Every error on
//! the fast path, its own or the grammar's, then reruns the document
//! through quick-xml (`parse::with_fallback`), so that every refusal, error
//! message and position is quick-xml's, as before; the fast path only has
//! to agree with quick-xml on the documents it accepts, which the reader
//! tests and a differential fuzz target check.

use quick_xml::events::{BytesEnd, BytesRef, BytesStart, BytesText, Event};

/// The fast path gave up on this document.
#[derive(Debug)]
pub(crate) struct Bail;

/// A cursor over the document's text.
pub(crate) struct Fast<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Fast<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let mut fast = Self { src, pos: 0 };
        fast.skip_declaration();
        fast
    }

    /// Where reading goes on: the end of the last event.
    pub(crate) fn cursor(&self) -> usize {
        self.pos
    }

    /// The XML declaration, which the grammar skips: only at the very
    /// start (anything else that starts with `<?` makes the fast path give
    /// up).
    fn skip_declaration(&mut self) {
        let bytes = self.src.as_bytes();
        if !bytes.starts_with(b"<?xml") || !bytes.get(5).is_some_and(|&b| is_space(b)) {
            return;
        }
        if let Some(end) = memchr::memmem::find(bytes, b"?>") {
            // Pseudo-attributes only: no markup inside.
            if !bytes[5..end]
                .iter()
                .any(|&b| matches!(b, b'<' | b'>' | b'&'))
            {
                self.pos = end + 2;
            }
        }
    }

    /// The next event, or [`Bail`].
    #[inline]
    pub(crate) fn next(&mut self) -> Result<Event<'a>, Bail> {
        let bytes = self.src.as_bytes();
        let Some(&first) = bytes.get(self.pos) else {
            return Ok(Event::Eof);
        };
        match first {
            b'<' => self.markup(),
            b'&' => self.reference(),
            _ => {
                let start = self.pos;
                let end =
                    memchr::memchr2(b'<', b'&', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                self.pos = end;
                Ok(Event::Text(BytesText::from_escaped(&self.src[start..end])))
            }
        }
    }

    fn markup(&mut self) -> Result<Event<'a>, Bail> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let close = memchr::memchr(b'>', &bytes[start..]).ok_or(Bail)? + start;
        let inner = &self.src[start + 1..close];
        self.pos = close + 1;
        match inner.as_bytes().first() {
            Some(b'/') => {
                let name = inner[1..].trim_end_matches(|c: char| is_space_char(c));
                if !is_name(name) {
                    return Err(Bail);
                }
                Ok(Event::End(BytesEnd::new(name)))
            }
            Some(b'!' | b'?') | None => Err(Bail),
            Some(_) => {
                let (content, empty) = match inner.strip_suffix('/') {
                    Some(content) => (content, true),
                    None => (inner, false),
                };
                let name_len = content.bytes().position(is_space).unwrap_or(content.len());
                let (name, rest) = content.split_at(name_len);
                // No attributes: only whitespace may follow the name.
                if !is_name(name) || !rest.bytes().all(is_space) {
                    return Err(Bail);
                }
                let tag = BytesStart::from_content(content, name_len);
                Ok(if empty {
                    Event::Empty(tag)
                } else {
                    Event::Start(tag)
                })
            }
        }
    }

    fn reference(&mut self) -> Result<Event<'a>, Bail> {
        let bytes = self.src.as_bytes();
        let start = self.pos + 1;
        // The longest reference the reader resolves is `&#x10FFFF;`.
        let window = &bytes[start..bytes.len().min(start + 12)];
        let semi = memchr::memchr(b';', window).ok_or(Bail)? + start;
        let name = &self.src[start..semi];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#') {
            return Err(Bail);
        }
        self.pos = semi + 1;
        Ok(Event::GeneralRef(BytesRef::new(name)))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_space_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The element names XML-RPC uses, and more: ASCII letters, digits, `_`,
/// `-`, `.` and `:`, not starting with a digit, `-` or `.`.
fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b':')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(doc: &str) -> Result<Vec<String>, Bail> {
        let mut fast = Fast::new(doc);
        let mut out = Vec::new();
        loop {
            let event = fast.next()?;
            if matches!(event, Event::Eof) {
                return Ok(out);
            }
            out.push(format!("{event:?}"));
        }
    }

    /// The same events as quick-xml's reader gives for `doc`.
    fn quick(doc: &str) -> Vec<String> {
        let mut reader = quick_xml::Reader::from_str(doc);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = false;
        config.expand_empty_elements = false;
        let mut out = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => return out,
                Ok(Event::Decl(_)) => {}
                Ok(event) => out.push(format!("{event:?}")),
                Err(e) => panic!("quick-xml refused {doc:?}: {e}"),
            }
        }
    }

    #[test]
    fn the_subset_gives_quick_xmls_events() {
        for doc in [
            "<?xml version=\"1.0\"?>\n<methodCall><methodName>add</methodName></methodCall>",
            "<a>x &amp; y &#60; &#x3C;z</a>",
            "<a >\r\n\t<b/><c /></a >",
            "<ex:nil/><i4>-7</i4>",
            "text > more",
            "",
        ] {
            assert_eq!(events(doc).unwrap(), quick(doc), "{doc:?}");
        }
    }

    #[test]
    fn anything_else_gives_up() {
        for doc in [
            "<a b=\"c\">",
            "<!-- c --><a/>",
            "<a><![CDATA[x]]></a>",
            "<!DOCTYPE a><a/>",
            "<a/><?pi x?>",
            "<a>1 & 2</a>",
            "<a>&toolongtobeanentity;</a>",
            "<1a/>",
            "<a",
            "< a>",
            "<>",
            "<é/>",
        ] {
            assert!(events(doc).is_err(), "{doc:?}");
        }
    }
}
