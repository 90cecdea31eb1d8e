//! Writing XML-RPC documents.
//!
//! The grammar is small and fixed, so documents are written straight into a
//! `String`; every piece of text goes through [`escape`], which makes the
//! output well-formed XML 1.0 or refuses it. Values are written without
//! recursion, so nesting depth costs no stack.

use super::scalar::{base64_encode_into, write_double};
use super::scan::{SPECIAL, first_special};
use crate::{Error, Fault, MethodCall, MethodResponse, Value};

/// How deep a value may nest to be written: as deep as our reader reads
/// by default (`ParseOptions::DEFAULT_MAX_DEPTH`), so that what we write,
/// our own peers read. Writing needs no stack, but peers' readers may.
pub(crate) const MAX_WRITE_DEPTH: usize = crate::ParseOptions::DEFAULT_MAX_DEPTH;

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

pub(crate) fn method_call(call: &MethodCall) -> Result<String, Error> {
    crate::message::check_method_name(&call.name, 0)?;
    let hint: usize = call.params.iter().map(|p| 15 + size_hint(p, 0)).sum();
    let mut out = String::with_capacity(DECL.len() + 64 + call.name.len() + hint);
    out.push_str(DECL);
    out.push_str("<methodCall><methodName>");
    out.push_str(&call.name);
    out.push_str("</methodName><params>");
    for param in &call.params {
        out.push_str("<param>");
        value(&mut out, param)?;
        out.push_str("</param>");
    }
    out.push_str("</params></methodCall>\n");
    Ok(out)
}

pub(crate) fn method_response(response: &MethodResponse) -> Result<String, Error> {
    let hint = match response {
        MethodResponse::Success(v) => size_hint(v, 0),
        MethodResponse::Fault(f) => 256 + f.string.len(),
    };
    let mut out = String::with_capacity(DECL.len() + 64 + hint);
    out.push_str(DECL);
    match response {
        MethodResponse::Success(v) => {
            out.push_str("<methodResponse><params><param>");
            value(&mut out, v)?;
            out.push_str("</param></params></methodResponse>\n");
        }
        MethodResponse::Fault(f) => fault(&mut out, f)?,
    }
    Ok(out)
}

fn fault(out: &mut String, f: &Fault) -> Result<(), Error> {
    out.push_str("<methodResponse><fault>");
    value(out, &f.to_value())?;
    out.push_str("</fault></methodResponse>\n");
    Ok(())
}

/// About how many bytes `<value>…</value>` takes for `v`, so that a
/// document is written into one buffer of the right size instead of one
/// that grows (and copies) as it fills. Strings get room for a few escapes;
/// below [`HINT_DEPTH`] levels containers are guessed rather than visited,
/// which keeps the walk's stack small. Too small a guess only costs a
/// regrowth.
fn size_hint(v: &Value, depth: usize) -> usize {
    const HINT_DEPTH: usize = 16;
    // `<value></value>` and a type's tags: `<double></double>` is the longest.
    let tags = 15 + 17;
    tags + match v {
        Value::String(s) => s.len() + s.len() / 8,
        Value::Base64(b) => b.len().div_ceil(3) * 4,
        Value::DateTime(_) => 30,
        Value::Double(_) => 24,
        Value::Array(items) if depth < HINT_DEPTH => {
            items.iter().map(|v| size_hint(v, depth + 1)).sum()
        }
        Value::Struct(members) if depth < HINT_DEPTH => members
            .iter()
            .map(|(name, v)| 28 + name.len() + size_hint(v, depth + 1))
            .sum(),
        Value::Array(_) | Value::Struct(_) => 256,
        Value::Int(_) | Value::I8(_) | Value::Bool(_) | Value::Nil => 20,
    }
}

/// A container being written.
enum Open<'v> {
    Array(std::slice::Iter<'v, Value>),
    Struct {
        members: crate::map::Iter<'v>,
        /// A `<member>` is open, waiting for its `</member>`.
        in_member: bool,
    },
}

/// Writes `<value>…</value>`.
pub(crate) fn value(out: &mut String, root: &Value) -> Result<(), Error> {
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut next = Some(root);
    loop {
        if let Some(v) = next.take() {
            match v {
                Value::Array(_) | Value::Struct(_) if stack.len() >= MAX_WRITE_DEPTH => {
                    return Err(Error::WriteTooDeep {
                        limit: MAX_WRITE_DEPTH,
                    });
                }
                Value::Array(items) => {
                    out.push_str("<value><array><data>");
                    stack.push(Open::Array(items.iter()));
                }
                Value::Struct(members) => {
                    out.push_str("<value><struct>");
                    stack.push(Open::Struct {
                        members: members.iter(),
                        in_member: false,
                    });
                }
                scalar => write_scalar(out, scalar)?,
            }
        }
        match stack.last_mut() {
            None => return Ok(()),
            Some(Open::Array(items)) => match items.next() {
                Some(v) => next = Some(v),
                None => {
                    out.push_str("</data></array></value>");
                    stack.pop();
                }
            },
            Some(Open::Struct { members, in_member }) => {
                if *in_member {
                    out.push_str("</member>");
                }
                match members.next() {
                    Some((name, v)) => {
                        out.push_str("<member><name>");
                        escape(out, name)?;
                        out.push_str("</name>");
                        *in_member = true;
                        next = Some(v);
                    }
                    None => {
                        out.push_str("</struct></value>");
                        stack.pop();
                    }
                }
            }
        }
    }
}

/// Writes a scalar's `<value>…</value>`, each run of tags in one piece.
fn write_scalar(out: &mut String, v: &Value) -> Result<(), Error> {
    use std::fmt::Write as _;
    match *v {
        Value::Int(i) => {
            out.push_str("<value><int>");
            out.push_str(itoa::Buffer::new().format(i));
            out.push_str("</int></value>");
        }
        Value::I8(i) => {
            let (open, close) = if i32::try_from(i).is_ok() {
                ("<value><int>", "</int></value>")
            } else {
                ("<value><i8>", "</i8></value>")
            };
            out.push_str(open);
            out.push_str(itoa::Buffer::new().format(i));
            out.push_str(close);
        }
        Value::Bool(b) => out.push_str(if b {
            "<value><boolean>1</boolean></value>"
        } else {
            "<value><boolean>0</boolean></value>"
        }),
        Value::String(ref s) => {
            out.push_str("<value><string>");
            escape(out, s)?;
            out.push_str("</string></value>");
        }
        Value::Double(d) => {
            if !d.is_finite() {
                return Err(Error::NonFiniteDouble { value: d });
            }
            out.push_str("<value><double>");
            write_double(out, d);
            out.push_str("</double></value>");
        }
        Value::DateTime(ref dt) => {
            let _ = write!(
                out,
                "<value><dateTime.iso8601>{dt}</dateTime.iso8601></value>"
            );
        }
        Value::Base64(ref bytes) => {
            out.push_str("<value><base64>");
            base64_encode_into(bytes, out);
            out.push_str("</base64></value>");
        }
        Value::Nil => out.push_str("<value><nil/></value>"),
        Value::Array(_) | Value::Struct(_) => {}
    }
    Ok(())
}

/// Appends `text` as XML character data: `&`, `<` and `>` become entity
/// references and `\r` becomes `&#13;` (a raw carriage return would be
/// turned into a newline by the reader's line-end handling); characters XML
/// 1.0 cannot carry at all are refused.
pub(crate) fn escape(out: &mut String, text: &str) -> Result<(), Error> {
    let bytes = text.as_bytes();
    // Short texts (member names, numbers as strings) are checked byte by
    // byte against a table, which costs less than the word scan's setup.
    if bytes.len() < 16 && !bytes.iter().any(|&b| SPECIAL[usize::from(b)]) {
        out.push_str(text);
        return Ok(());
    }
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = first_special(&bytes[from..], [b'&', b'<', b'>', 0xEF]) {
        let i = from + found;
        from = i + 1;
        match bytes[i] {
            b'\t' | b'\n' => continue,
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF. The reader's
            // `events::find_illegal` applies the same rule; it is not shared
            // because a call here measured 3-7% slower encoding.
            0xEF => match bytes.get(i + 1..i + 3) {
                Some(&[0xBF, last @ (0xBE | 0xBF)]) => {
                    return Err(Error::InvalidChar {
                        code: 0xFFC0 | u32::from(last & 0x3F),
                    });
                }
                _ => continue,
            },
            b'&' | b'<' | b'>' | b'\r' => {}
            b => return Err(Error::InvalidChar { code: u32::from(b) }),
        }
        // The byte is ASCII, so `i` is a character boundary.
        out.push_str(&text[copied..i]);
        // Each replacement pushed as its own literal, so that its copy is
        // inlined rather than a call.
        match bytes[i] {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            _ => out.push_str("&#13;"),
        }
        copied = from;
    }
    out.push_str(&text[copied..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(text: &str) -> Result<String, Error> {
        let mut out = String::new();
        escape(&mut out, text).map(|()| out)
    }

    #[test]
    fn escapes_markup_and_carriage_returns() {
        assert_eq!(
            esc("a&b<c>d\re\tf\ng").unwrap(),
            "a&amp;b&lt;c&gt;d&#13;e\tf\ng"
        );
        assert_eq!(esc("é😀").unwrap(), "é😀");
    }

    #[test]
    fn short_and_long_texts_escape_alike() {
        // Around the length where the short way ends, with each byte that
        // matters at each end.
        for len in 13..19 {
            for special in [
                "&", "<", ">", "\r", "\t", "\u{1}", "\u{FFFE}", "\u{EFBF}", "é",
            ] {
                let plain = "x".repeat(len);
                for text in [
                    plain.clone(),
                    format!("{special}{plain}"),
                    format!("{plain}{special}"),
                ] {
                    let expected: Result<String, u32> = text
                        .chars()
                        .map(|c| match c {
                            '&' => Ok("&amp;".to_owned()),
                            '<' => Ok("&lt;".to_owned()),
                            '>' => Ok("&gt;".to_owned()),
                            '\r' => Ok("&#13;".to_owned()),
                            '\u{1}' | '\u{FFFE}' => Err(u32::from(c)),
                            c => Ok(c.to_string()),
                        })
                        .collect();
                    let got = esc(&text).map_err(|e| match e {
                        Error::InvalidChar { code } => code,
                        other => panic!("{other}"),
                    });
                    assert_eq!(got, expected, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn refuses_characters_xml_cannot_carry() {
        for (text, code) in [
            ("a\0", 0),
            ("\u{1b}", 0x1b),
            ("x\u{FFFE}", 0xFFFE),
            ("\u{FFFF}", 0xFFFF),
        ] {
            assert!(
                matches!(esc(text), Err(Error::InvalidChar { code: c }) if c == code),
                "{text:?}"
            );
        }
        assert_eq!(esc("\u{FFFD}\u{EFBF}").unwrap(), "\u{FFFD}\u{EFBF}");
    }
}
