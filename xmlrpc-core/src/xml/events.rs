//! The XML-RPC view of quick-xml's event stream.
//!
//! [`Events`] hides what the grammar never cares about (comments,
//! processing instructions, whitespace between elements), refuses what must
//! never be processed (`<!DOCTYPE`), and gathers character data (text, CDATA
//! sections and references) into one string for the elements that carry text.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use crate::Error;

/// A piece of markup, as the grammar sees it: quick-xml's own event, of
/// which only `Start`, `Empty`, `End` and `Eof` are ever returned. (Not a
/// separate enum: moving every event into one costs a copy per event.)
pub(crate) type Markup<'a> = Event<'a>;

/// Says what a piece of markup is, for error messages.
pub(crate) fn describe(m: &Markup<'_>) -> String {
    match m {
        Event::Start(e) => format!("element `<{}>`", lossy(e.name().as_ref())),
        Event::Empty(e) => format!("element `<{}/>`", lossy(e.name().as_ref())),
        Event::End(e) => format!("closing tag `</{}>`", lossy(e.name().as_ref())),
        Event::Eof => "end of document".to_owned(),
        _ => "text".to_owned(),
    }
}

fn lossy(name: &str) -> String {
    crate::error::excerpt(name)
}

pub(crate) struct Events<'a> {
    reader: Reader<&'a [u8]>,
    /// The text `reader` reads.
    source: &'a str,
    /// Bytes of the original document before `reader`'s text (a BOM).
    offset: usize,
    /// Where the event being handled started.
    start: usize,
    /// Whether anything but the XML declaration has been seen.
    started: bool,
    /// Whether text may hold the control characters XML 1.0 forbids
    /// ([`ParseOptions::with_control_characters`](crate::ParseOptions::with_control_characters)).
    controls: bool,
}

impl<'a> Events<'a> {
    /// Events of `text`, read by quick-xml.
    pub(crate) fn new(text: &'a str, offset: usize, controls: bool) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        // The grammar checks every end tag itself (see `parse::closes`).
        config.check_end_names = false;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.allow_dangling_amp = false;
        config.allow_unmatched_ends = false;
        Self {
            reader,
            source: text,
            offset,
            start: 0,
            started: false,
            controls,
        }
    }

    /// Byte offset (in the original document) of the event last returned.
    pub(crate) fn position(&self) -> usize {
        self.offset + self.start
    }

    #[inline(always)] // avoids copying every event through one more return slot
    fn raw(&mut self) -> Result<Event<'a>, Error> {
        let reader = &mut self.reader;
        self.start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match reader.read_event() {
            Ok(Event::DocType(_)) => Err(Error::DocType {
                position: self.position(),
            }),
            Ok(Event::Decl(_)) if self.started => Err(Error::syntax(
                self.position(),
                "XML declaration not at the start of the document",
            )),
            Ok(event) => {
                self.started = true;
                Ok(event)
            }
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                Err(Error::syntax(self.offset + at, e.to_string()))
            }
        }
    }

    /// The next piece of markup; whitespace between elements, comments and
    /// processing instructions are skipped, other character data is an error.
    #[inline(always)]
    pub(crate) fn markup(&mut self) -> Result<Markup<'a>, Error> {
        loop {
            match self.raw()? {
                ev @ (Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof) => {
                    return Ok(ev);
                }
                Event::Text(t) if is_xml_space(&t) => {}
                Event::CData(t) if is_xml_space(&t) => {}
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::GeneralRef(r)
                    if resolve(&r, self.position(), self.controls)?.is_ascii_whitespace() => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) | Event::DocType(_) => {
                    return Err(self.unexpected("text", "an element"));
                }
            }
        }
    }

    /// Character data up to the next markup, which is returned with it.
    /// Text, CDATA sections and references are joined; comments and
    /// processing instructions inside are skipped. The text is checked to
    /// hold only characters that XML 1.0 allows.
    #[inline(always)]
    pub(crate) fn text(&mut self) -> Result<(Cow<'a, str>, Markup<'a>), Error> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        loop {
            let piece: Cow<'a, str> = match self.raw()? {
                Event::Text(t) => t.into_inner(),
                Event::CData(t) => t.into_inner(),
                Event::GeneralRef(r) => {
                    let ch = resolve(&r, self.position(), self.controls)?;
                    self.owned(&mut text).push(ch);
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => continue,
                ev @ (Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof) => {
                    return Ok((text, ev));
                }
            };
            if let Some(bad) = find_illegal(&piece, self.controls) {
                return Err(Error::syntax(
                    self.position(),
                    format!("character U+{bad:04X} is not allowed in XML"),
                ));
            }
            if text.is_empty() {
                text = piece;
            } else {
                self.owned(&mut text).push_str(&piece);
            }
        }
    }

    /// `text` as a `String` to append to. Text becomes owned when a
    /// reference or a second piece joins it (`a &amp; b` is three events);
    /// it then gets room for the rest of the raw text up to the next `<`,
    /// which the decoded text never exceeds, instead of growing piece by
    /// piece.
    fn owned<'t>(&self, text: &'t mut Cow<'a, str>) -> &'t mut String {
        if let Cow::Borrowed(head) = *text {
            let at = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let rest = self.source.as_bytes().get(at..).unwrap_or_default();
            let raw = memchr::memchr(b'<', rest).unwrap_or(rest.len());
            let mut owned = String::with_capacity(head.len() + raw);
            owned.push_str(head);
            *text = Cow::Owned(owned);
        }
        text.to_mut()
    }

    /// Like [`Events::text`], for content whose parser validates every
    /// character itself (numbers, base64): no character check.
    #[inline(always)]
    pub(crate) fn scalar_text(&mut self) -> Result<(Cow<'a, str>, Markup<'a>), Error> {
        match self.raw()? {
            Event::Text(t) => match self.raw()? {
                ev @ Event::End(_) => Ok((t.into_inner(), ev)),
                // Unusual content (comments, CDATA, references) after the
                // text: take the general path.
                other => {
                    let mut text = t.into_inner().into_owned();
                    let (rest, end) = self.text_after(other)?;
                    text.push_str(&rest);
                    Ok((Cow::Owned(text), end))
                }
            },
            other => self.text_after(other),
        }
    }

    fn text_after(&mut self, first: Event<'a>) -> Result<(Cow<'a, str>, Markup<'a>), Error> {
        let mut text = String::new();
        let mut event = first;
        loop {
            match event {
                Event::Text(t) => text.push_str(&t.into_inner()),
                Event::CData(t) => text.push_str(&t.into_inner()),
                Event::GeneralRef(r) => text.push(resolve(&r, self.position(), self.controls)?),
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
                ev @ (Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof) => {
                    return Ok((Cow::Owned(text), ev));
                }
            }
            event = self.raw()?;
        }
    }

    pub(crate) fn unexpected(&self, found: impl Into<String>, expected: &'static str) -> Error {
        Error::Unexpected {
            position: self.position(),
            found: found.into(),
            expected,
        }
    }
}

fn is_xml_space(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The first character outside the XML 1.0 `Char` production, by code
/// point. Works on bytes: in UTF-8 the excluded characters are the ASCII
/// controls other than tab, newline and carriage return, and U+FFFE and
/// U+FFFF (`EF BF BE`, `EF BF BF`); surrogates cannot occur in a `str`.
/// `write::escape` applies the same rule inline, on its hot path. With
/// `controls`, the ASCII controls are allowed too.
pub(crate) fn find_illegal(text: &str, controls: bool) -> Option<u32> {
    let bytes = text.as_bytes();
    // First a branch-free pass over blocks (the compiler vectorizes it):
    // text without controls and without the byte `EF` is fine as it is.
    let low = if controls { 0 } else { 0x20 };
    let suspect = |b: &u8| u8::from(*b < low || *b == 0xEF);
    // Short texts (names, numbers) take a plain loop that stops early.
    if bytes.len() <= 16 && bytes.iter().all(|&b| b >= low && b != 0xEF) {
        return None;
    }
    if bytes
        .chunks(32)
        .all(|block| block.iter().map(suspect).fold(0, |a, b| a | b) == 0)
    {
        return None;
    }
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => None,
        0..=0x1F if !controls => Some(u32::from(b)),
        0xEF if bytes.get(i + 1) == Some(&0xBF) => match bytes.get(i + 2) {
            Some(&last @ (0xBE | 0xBF)) => Some(0xFFC0 | u32::from(last & 0x3F)),
            _ => None,
        },
        _ => None,
    })
}

/// The XML 1.0 `Char` production.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The character a reference stands for: one of the five predefined
/// entities or a character reference to a character XML allows (or, with
/// `controls`, an ASCII control). No other entity exists, since no
/// document type is ever read.
pub(crate) fn resolve(r: &BytesRef<'_>, position: usize, controls: bool) -> Result<char, Error> {
    let name: &str = r;
    let ch = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) || (controls && c < '\u{20}') => c,
            Ok(Some(_)) | Err(_) => {
                return Err(Error::syntax(
                    position,
                    format!(
                        "illegal character reference `&{};`",
                        crate::error::excerpt(name)
                    ),
                ));
            }
            Ok(None) => {
                return Err(Error::syntax(
                    position,
                    format!("undefined entity `&{};`", crate::error::excerpt(name)),
                ));
            }
        },
    };
    Ok(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_illegal_characters_in_any_block() {
        for at in [0, 5, 31, 32, 33, 64, 100] {
            let clean = "x".repeat(at);
            assert_eq!(find_illegal(&clean, false), None);
            for (bad, code) in [("\u{1}", 1), ("\u{FFFE}", 0xFFFE), ("\u{FFFF}", 0xFFFF)] {
                let text = format!("{clean}{bad}tail");
                assert_eq!(
                    find_illegal(&text, false),
                    Some(code),
                    "{bad:?} after {at} bytes"
                );
            }
            // Allowed controls and other characters led by the byte EF
            // (U+FFFD, U+F000) pass the slow path too.
            let fine = format!("{clean}\t\n\r\u{FFFD}\u{F000}\u{1F600}");
            assert_eq!(find_illegal(&fine, false), None);
            // Leniently, ASCII controls pass; the non-characters do not.
            let escape = format!("{clean}\u{1b}[31mred\u{0}");
            assert_eq!(find_illegal(&escape, true), None);
            assert_eq!(find_illegal(&escape, false), Some(0x1B));
            let nonchar = format!("{clean}\u{1b}\u{FFFF}");
            assert_eq!(find_illegal(&nonchar, true), Some(0xFFFF));
        }
    }

    #[test]
    fn joined_text_keeps_every_piece() {
        let doc = "<a>x &amp; <![CDATA[<y>]]> &#x1F600;<!-- c --> z &lt;</a>";
        let mut events = Events::new(doc, 0, false);
        assert!(matches!(events.markup(), Ok(Event::Start(_))));
        let (text, end) = events.text().unwrap();
        assert_eq!(text, "x & <y> \u{1F600} z <");
        assert!(matches!(end, Event::End(_)));
    }
}
