//! Turning a document's bytes into UTF-8 text.
//!
//! UTF-8 documents (the overwhelming majority) are only validated and
//! borrowed. ISO-8859-1 and UTF-16 documents are transcoded first; any
//! other declared encoding is refused.
//!
//! Kept by hand on purpose, rather than through `encoding_rs`: the two
//! transcodings are std's (`char::decode_utf16`, and Latin-1's bytes are
//! the first 256 code points), and `encoding_rs` follows the WHATWG
//! Encoding Standard, which reads the label `iso-8859-1` as windows-1252.
//! That maps 0x80–0x9F to other characters than the XML and ISO
//! definitions do, so peers' control characters would change silently.
//! It would also add a dependency for every user for these two rare
//! encodings.

use std::borrow::Cow;

use crate::Error;

/// The document as UTF-8, and how many bytes of the original precede it
/// (a byte order mark), so that positions point into what the peer sent.
pub(crate) struct Text<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) offset: usize,
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Text<'_>, Error> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes, "UTF-16LE"),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes, "UTF-16BE"),
        // `<?` in UTF-16 without a byte order mark.
        [b'<', 0, b'?', 0, ..] => utf16(bytes, u16::from_le_bytes, "UTF-16LE"),
        [0, b'<', 0, b'?', ..] => utf16(bytes, u16::from_be_bytes, "UTF-16BE"),
        _ if common_declaration(bytes).is_some() => utf8(bytes, 0),
        _ => match declared_encoding(bytes) {
            None => utf8(bytes, 0),
            Some(name) if is_one_of(name, &["utf8", "usascii", "ascii"]) => utf8(bytes, 0),
            Some(name) if is_one_of(name, LATIN1) => Ok(Text {
                text: Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
                offset: 0,
            }),
            // UTF-16 declared, but the bytes are single-byte: a lie we
            // cannot read past.
            Some(name) => Err(Error::UnsupportedEncoding {
                encoding: crate::error::excerpt(&String::from_utf8_lossy(name)),
            }),
        },
    }
}

fn utf8(bytes: &[u8], offset: usize) -> Result<Text<'_>, Error> {
    // simdutf8 checks valid text several times faster than `std` (16 or
    // 32 bytes at a time, chosen at run time); `std` then says where
    // invalid text goes wrong.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => std::str::from_utf8(bytes)
            .map_err(|e| Error::syntax(offset + e.valid_up_to(), "invalid UTF-8 byte sequence"))?,
    };
    Ok(Text {
        text: Cow::Borrowed(text),
        offset,
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &str) -> Result<Text<'static>, Error> {
    let offset = 2;
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::syntax(
            offset + bytes.len(),
            format!("odd length {name} data"),
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (i, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok(ch) => text.push(ch),
            Err(_) => {
                return Err(Error::syntax(
                    offset + 2 * i,
                    format!("unpaired surrogate in {name}"),
                ));
            }
        }
    }
    Ok(Text {
        text: Cow::Owned(text),
        offset,
    })
}

/// The XML declarations that writers put first nearly always (ours,
/// Python's, and the plain one), all UTF-8.
const COMMON: [&[u8]; 4] = [
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    b"<?xml version='1.0'?>",
    b"<?xml version=\"1.0\"?>",
    b"<?xml version=\"1.0\" encoding=\"utf-8\"?>",
];

/// The length of one of the [`COMMON`] declarations at the start of
/// `bytes`: one comparison each, where the general search for `?>` and
/// `encoding` takes a loop over the declaration.
pub(crate) fn common_declaration(bytes: &[u8]) -> Option<usize> {
    COMMON
        .iter()
        .find(|declaration| bytes.starts_with(declaration))
        .map(|declaration| declaration.len())
}

/// The `encoding="…"` of an XML declaration at the very start, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = &rest[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let after = decl[at + 8..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let (&quote, value) = after.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = value.iter().position(|&b| b == quote)?;
    Some(&value[..close])
}

/// The labels of ISO-8859-1, as [`is_one_of`] compares them.
const LATIN1: &[&str] = &[
    "iso88591",
    "latin1",
    "l1",
    "isolatin1",
    "iso885911987",
    "cp819",
    "ibm819",
];

/// Whether an encoding label is one of `names` (lowercase, without `-`,
/// `_` and spaces), ignoring case, `-`, `_` and spaces in the label.
fn is_one_of(label: &[u8], names: &[&str]) -> bool {
    let normalized = || {
        label
            .iter()
            .filter(|b| !matches!(b, b'-' | b'_' | b' '))
            .map(u8::to_ascii_lowercase)
    };
    names.iter().any(|name| normalized().eq(name.bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_checked_as_utf8_and_the_first_bad_byte_is_named() {
        // Short and long texts (simdutf8 takes the long ones a vector at a
        // time), valid and broken at several places, with and without a
        // byte order mark.
        for len in [10, 63, 64, 65, 200, 4096] {
            let mut doc = "<a>".to_owned();
            while doc.len() < len {
                doc.push_str("é-x ");
            }
            doc.push_str("</a>");
            let text = decode(doc.as_bytes()).unwrap();
            assert_eq!(text.text, doc);
            for at in [3, len / 2, len - 1] {
                let mut bad = doc.clone().into_bytes();
                bad[at] = 0xFF;
                let expected = std::str::from_utf8(&bad).unwrap_err().valid_up_to();
                let err = decode(&bad).map(|_| ()).unwrap_err();
                assert_eq!(err.position(), Some(expected), "len {len}, at {at}");
                let mut with_bom = vec![0xEF, 0xBB, 0xBF];
                with_bom.extend_from_slice(&bad);
                let err = decode(&with_bom).map(|_| ()).unwrap_err();
                assert_eq!(err.position(), Some(expected + 3), "len {len}, at {at}");
            }
        }
    }

    #[test]
    fn finds_the_declared_encoding() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'ISO-8859-1'?><a/>"),
            Some(&b"ISO-8859-1"[..])
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }

    #[test]
    fn the_common_declarations_are_what_the_general_reading_finds() {
        for declaration in COMMON {
            let mut doc = declaration.to_vec();
            doc.extend_from_slice(b"\n<a/>");
            assert_eq!(common_declaration(&doc), Some(declaration.len()));
            let encoding = declared_encoding(&doc);
            assert!(encoding.is_none_or(|name| is_one_of(name, &["utf8"])));
        }
        assert_eq!(
            common_declaration(b"<?xml version=\"1.0\" encoding=\"latin1\"?>"),
            None
        );
        assert_eq!(common_declaration(b"<?xml version=\"1.1\"?>"), None);
    }

    #[test]
    fn compares_labels_without_case_and_separators() {
        assert!(is_one_of(b"UTF-8", &["utf8"]));
        assert!(is_one_of(b"iso_8859-1", LATIN1));
        assert!(is_one_of(b"Latin 1", LATIN1));
        assert!(!is_one_of(b"utf-88", &["utf8"]));
        assert!(!is_one_of(b"utf", &["utf8"]));
        assert!(!is_one_of(b"", &["utf8"]));
    }

    #[test]
    fn transcodes_latin1_and_utf16() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xe9</a>";
        assert!(decode(latin1).unwrap().text.ends_with("<a>\u{e9}</a>"));

        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>\u{1F600}</a>";
        let mut le = vec![0xFF, 0xFE];
        le.extend(doc.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap().text, doc);
        let be: Vec<u8> = doc.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).unwrap().text, doc);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let koi8 = b"<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a/>";
        assert!(matches!(
            decode(koi8),
            Err(Error::UnsupportedEncoding { .. })
        ));
        assert!(matches!(
            decode(b"<a>\xff</a>"),
            Err(Error::Syntax { position: 3, .. })
        ));
        assert!(matches!(
            decode(&[0xFF, 0xFE, b'<', 0, 0x00, 0xD8, b'>', 0]),
            Err(Error::Syntax { .. })
        ));
    }
}
